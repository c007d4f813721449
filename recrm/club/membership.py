"""Joining and leaving the club, and the consents members give (RE Club Member).

- ``join(customer, channel, consents, method)``: one member per customer (a unique index on
  ``customer``; the customer's row is locked and re-checked first). A customer who left joins
  again on the same record. The member number comes from the series ``CM-.######``. The
  customer's lifecycle moves through ``recrm.sales.lifecycle`` with the cause ``club_joined``
  (an owner becomes a Member 会员; a buyer before handover keeps their stage, the club being a
  fact of its own), and their grade is computed again (the grading's club fact, ``value_facts``).
- ``leave(member, reason)``: status Left, the date and the reason; the lifecycle moves back with
  ``club_left`` (Member → Owner).
- ``record_consent(member, purpose, given, method)``: a row in the member's consent history;
  ``consent_data`` / ``consent_marketing`` hold the latest answer of each. ``may_message`` is what
  every club message asks first: a member who withdrew (or never gave) consent to marketing
  messages gets none (``send_club_message``).
"""

import frappe
from frappe import _
from frappe.model.naming import make_autoname
from frappe.utils import now_datetime, nowdate

from recrm.core import lifecycle as stages
from recrm.errors import ClubRuleError
from recrm.notifications import alert
from recrm.sales.grading import queue_grading
from recrm.sales.lifecycle import update_stages

MEMBER = "RE Club Member"
ACTIVE, LEFT = "Active", "Left"
DATA_USE, MARKETING = "Club Use of Data", "Marketing Messages"
PURPOSES = (DATA_USE, MARKETING)
METHODS = ("Signed Form", "Portal Tick", "Phone", "Desk")
CHANNELS = ("Desk", "Reception", "Portal")
CONSENT_FIELDS = {DATA_USE: "consent_data", MARKETING: "consent_marketing"}
NUMBER_SERIES = "CM-.######"


def member_of(customer: str) -> str | None:
	return frappe.db.get_value(MEMBER, {"customer": customer})


def join(
	customer: str,
	channel: str = "Desk",
	consents: dict | None = None,
	method: str = "Desk",
	birthday=None,
) -> str:
	"""Make the customer a member (see the module's docstring); returns the member's name.
	``consents``: {purpose: True/False}; the club's use of their data is required."""
	consents = consents or {}
	if channel not in CHANNELS or method not in METHODS:
		frappe.throw(_("Choose how the customer joins from the list."), exc=ClubRuleError, title=_("Club"))
	if not consents.get(DATA_USE):
		frappe.throw(
			_("A member must consent to the club's use of their data before joining."),
			exc=ClubRuleError,
			title=_("Club"),
		)
	if not frappe.db.sql("select name from `tabRE Customer` where name = %s for update", customer):
		frappe.throw(_("Customer {0} does not exist.").format(customer), exc=ClubRuleError, title=_("Club"))
	existing = member_of(customer)
	if existing and frappe.db.get_value(MEMBER, existing, "status") == ACTIVE:
		frappe.throw(
			_("{0} is already a club member ({1}).").format(customer, existing),
			exc=ClubRuleError,
			title=_("Club"),
		)
	if existing:
		doc = frappe.get_doc(MEMBER, existing, for_update=True)
		doc.status, doc.left_on, doc.leave_reason = ACTIVE, None, None
	else:
		doc = frappe.get_doc({"doctype": MEMBER, "customer": customer})
	doc.channel = channel
	doc.joined_on = nowdate()
	if birthday:
		doc.birthday = birthday
	for purpose in PURPOSES:
		if purpose in consents:
			add_consent(doc, purpose, bool(consents[purpose]), method)
	doc.flags.club_change = True
	doc.save(ignore_permissions=True) if existing else doc.insert(ignore_permissions=True)
	moved(doc, stages.CLUB_JOINED)
	return doc.name


def leave(member: str, reason: str | None = None) -> None:
	doc = frappe.get_doc(MEMBER, member, for_update=True)
	if doc.status != ACTIVE:
		frappe.throw(_("{0} has already left the club.").format(member), exc=ClubRuleError, title=_("Club"))
	doc.status, doc.left_on, doc.leave_reason = LEFT, nowdate(), (reason or "").strip() or None
	doc.flags.club_change = True
	doc.save(ignore_permissions=True)
	moved(doc, stages.CLUB_LEFT)


def moved(doc, cause: str) -> None:
	update_stages([doc.customer], cause)
	queue_grading([doc.customer])
	if doc.status == ACTIVE:
		from recrm.club.tiers import update_tiers

		update_tiers([doc.name], "joined")


def add_consent(doc, purpose: str, given: bool, method: str) -> None:
	if purpose not in PURPOSES:
		frappe.throw(_("Choose a consent from the list."), exc=ClubRuleError, title=_("Club"))
	doc.append(
		"consents",
		{
			"purpose": purpose,
			"action": "Given" if given else "Withdrawn",
			"recorded_at": now_datetime(),
			"method": method,
			"recorded_by": frappe.session.user,
		},
	)


def record_consent(member: str, purpose: str, given: bool, method: str = "Desk") -> None:
	doc = frappe.get_doc(MEMBER, member, for_update=True)
	add_consent(doc, purpose, given, method)
	doc.flags.club_change = True
	doc.save(ignore_permissions=True)


def may_message(member: str) -> bool:
	"""Whether the club may send this member messages: active, with consent to marketing messages."""
	row = frappe.db.get_value(MEMBER, member, ["status", "consent_marketing"], as_dict=True)
	return bool(row and row.status == ACTIVE and row.consent_marketing)


def send_club_message(member: str, subject: str, content: str) -> bool:
	"""A club message to the member's portal login (the bell); False, nothing sent, without consent."""
	if not may_message(member):
		return False
	customer = frappe.db.get_value(MEMBER, member, "customer")
	user = frappe.db.get_value("RE Customer", customer, "portal_user")
	if not user:
		return False
	alert(user, subject, content, MEMBER, member)
	return True


def value_facts(customers: list[str]) -> dict[str, dict]:
	"""The grading's club fact (``recrm_value_facts`` hook): active members among ``customers``."""
	if not customers:
		return {}
	return {
		name: {"is_club_member": True}
		for name in frappe.get_all(
			MEMBER, filters={"customer": ("in", customers), "status": ACTIVE}, pluck="customer"
		)
	}


def new_member_number() -> str:
	return make_autoname(NUMBER_SERIES)


# --- the desk ---------------------------------------------------------------------------------------


@frappe.whitelist(methods=["POST"])
def join_from_desk(
	customer: str,
	channel: str = "Desk",
	method: str = "Signed Form",
	marketing: int | str = 0,
	birthday: str | None = None,
) -> str:
	"""The customer form's Join the Club button: the consent to data use was recorded on a form."""
	frappe.has_permission(MEMBER, "create", throw=True)
	frappe.get_doc("RE Customer", customer).check_permission("read")
	consents = {DATA_USE: True, MARKETING: bool(frappe.utils.cint(marketing))}
	return join(customer, channel, consents, method, birthday=birthday or None)


@frappe.whitelist(methods=["POST"])
def leave_from_desk(member: str, reason: str | None = None) -> None:
	frappe.get_doc(MEMBER, member).check_permission("write")
	leave(member, reason)


@frappe.whitelist(methods=["POST"])
def consent_from_desk(member: str, purpose: str, given: int | str, method: str = "Desk") -> None:
	frappe.get_doc(MEMBER, member).check_permission("write")
	if method not in METHODS:
		frappe.throw(_("Choose how the consent was given from the list."), exc=ClubRuleError, title=_("Club"))
	record_consent(member, purpose, bool(frappe.utils.cint(given)), method)
