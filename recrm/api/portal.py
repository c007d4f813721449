"""What a home buyer does on the portal: sign up for a site-visit day, book or cancel a handover
appointment, open their floor plan.

Every method starts from ``current_buyer()`` (``recrm.portal.buyer``) — never from a customer
named in the request — and acts only on records that are the buyer's (``Buyer.check``). A record
that is not theirs is refused exactly like one that does not exist, naming nothing but what was
asked. Buyers hold no DocType permission; these methods write their bookings with
``ignore_permissions`` once they have checked what the buyer may do, and the DocTypes' controllers
check the rest (places under a row lock, unique indexes) for every route alike.
"""

import random
import time

import frappe
from frappe import _
from frappe.utils import get_datetime, now_datetime

from recrm.core.handover import check_may_change
from recrm.errors import PortalRuleError, rule_errors
from recrm.portal.buyer import current_buyer, refuse_not_theirs
from recrm.portal.files import download

DAY = "RE Site Visit Day"
SIGN_UP = "RE Site Visit Sign-up"
SLOT = "RE Handover Slot"
APPOINTMENT = "RE Handover Appointment"


def retried_on_deadlock(action, attempts: int = 3):
	"""``action()``, again when MariaDB ends it in a deadlock (it rolls the whole transaction back).

	Buyers racing for places lock the day or slot first, but the first record of a naming series
	and the gaps of the unique indexes can still deadlock two inserts; the loser simply tries again
	and is then told there is no place left, if there is none. The portal's methods write nothing
	before their action, so nothing of the request is lost by starting over."""
	for attempt in range(attempts):
		try:
			return action()
		except frappe.QueryDeadlockError:
			if attempt == attempts - 1:
				raise
			frappe.db.rollback()
			frappe.clear_messages()
			time.sleep(random.uniform(0.05, 0.2) * (attempt + 1))


def check_may_still_change(starts) -> None:
	with rule_errors(exc=PortalRuleError, title=_("Too Late")):
		check_may_change(get_datetime(starts), now_datetime())


# --- site-visit days ----------------------------------------------------------------------------


@frappe.whitelist(methods=["POST"])
def sign_up_for_site_visit(day: str | None = None, persons: int = 1) -> dict:
	"""Places for the buyer (and those who come with them) on a site-visit day of their building."""
	return retried_on_deadlock(lambda: _sign_up_for_site_visit(day, persons))


def _sign_up_for_site_visit(day, persons: int = 1) -> dict:
	buyer = current_buyer()
	buyer.check(DAY, day)
	customer = buyer.customer
	if frappe.db.exists(SIGN_UP, {"site_visit_day": day, "customer": customer}):
		frappe.throw(
			_("You have already signed up for this day. Cancel the sign-up to change it."),
			exc=PortalRuleError,
			title=_("Site Visit"),
		)
	doc = frappe.get_doc(
		{
			"doctype": SIGN_UP,
			"site_visit_day": day,
			"customer": customer,
			"persons": frappe.utils.cint(persons),
		}
	)
	try:
		# the buyer has read permission only: checked above, the controller checks the places
		doc.insert(ignore_permissions=True)
	except frappe.UniqueValidationError:
		frappe.clear_last_message()
		frappe.throw(
			_("You have already signed up for this day. Cancel the sign-up to change it."),
			exc=PortalRuleError,
			title=_("Site Visit"),
		)
	buyer.forget(SIGN_UP)
	return {"sign_up": doc.name, "persons": doc.persons}


@frappe.whitelist(methods=["POST"])
def cancel_site_visit_sign_up(day: str | None = None) -> dict:
	return retried_on_deadlock(lambda: _cancel_site_visit_sign_up(day))


def _cancel_site_visit_sign_up(day) -> dict:
	buyer = current_buyer()
	buyer.check(DAY, day)
	name = frappe.db.get_value(SIGN_UP, {"site_visit_day": day, "customer": buyer.customer}, "name")
	if not name:
		refuse_not_theirs(day)
	visit = frappe.db.get_value(DAY, day, ["visit_date", "start_time"], as_dict=True)
	check_may_still_change(f"{visit.visit_date} {visit.start_time}")
	# the buyer's own sign-up (found by their customer above)
	frappe.delete_doc(SIGN_UP, name, ignore_permissions=True)
	buyer.forget(SIGN_UP)
	return {"cancelled": name}


# --- handover appointments ----------------------------------------------------------------------


@frappe.whitelist(methods=["POST"])
def book_handover(slot: str | None = None, unit: str | None = None) -> dict:
	"""Book the handover inspection of one of the buyer's units in a slot offered for its building;
	an appointment already booked for the unit moves to the new slot (until a day before it)."""
	return retried_on_deadlock(lambda: _book_handover(slot, unit))


def _book_handover(slot, unit) -> dict:
	buyer = current_buyer()
	buyer.check(SLOT, slot)
	customer = buyer.customer
	if not buyer.unit(unit):
		refuse_not_theirs(unit)
	current = frappe.db.get_value(
		APPOINTMENT,
		{"unit": unit, "customer": customer, "status": "Booked"},
		["name", "slot", "slot_start"],
		as_dict=True,
	)
	if current and current.slot == slot:
		return {"appointment": current.name, "moved": False}
	if current:
		check_may_still_change(current.slot_start)
		doc = frappe.get_doc(APPOINTMENT, current.name)
		doc.slot = slot
		# the buyer's own appointment (found by their customer above); the controller checks the slot
		doc.save(ignore_permissions=True)
		buyer.forget(APPOINTMENT)
		return {"appointment": doc.name, "moved": True}
	doc = frappe.get_doc(
		{"doctype": APPOINTMENT, "customer": customer, "unit": unit, "slot": slot, "status": "Booked"}
	)
	try:
		doc.insert(ignore_permissions=True)
	except frappe.UniqueValidationError:
		frappe.clear_last_message()
		frappe.throw(
			_("This unit already has a handover appointment. Refresh the page to see it."),
			exc=PortalRuleError,
			title=_("Handover"),
		)
	buyer.forget(APPOINTMENT)
	return {"appointment": doc.name, "moved": False}


@frappe.whitelist(methods=["POST"])
def cancel_handover(appointment: str | None = None) -> dict:
	return retried_on_deadlock(lambda: _cancel_handover(appointment))


def _cancel_handover(appointment) -> dict:
	doc = current_buyer().get_doc(APPOINTMENT, appointment)
	if doc.status != "Booked":
		frappe.throw(_("This appointment is {0}.").format(_(doc.status)), exc=PortalRuleError)
	check_may_still_change(doc.slot_start)
	doc.status = "Cancelled"
	# the buyer's own appointment (checked above)
	doc.save(ignore_permissions=True)
	return {"cancelled": doc.name}


# --- floor plans --------------------------------------------------------------------------------


@frappe.whitelist(methods=["GET"])
def floor_plan(unit: str | None = None):
	"""The floor plan of one of the buyer's units, private files included (buyers cannot read unit
	types; ``recrm.portal.files`` serves the plan of their own unit and nothing else)."""
	row = current_buyer().unit(unit)
	if not row or not row.floor_plan:
		refuse_not_theirs(unit)
	return download(row.floor_plan)
