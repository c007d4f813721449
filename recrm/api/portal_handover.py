"""What a home buyer does about the handover inspection and warranty repairs on the portal:
confirm a fixed defect (fixed to their satisfaction, or not fixed, with a note), ask for a repair
of a home of theirs that has been handed over, and accept the quote of a chargeable repair.

Every method starts from ``current_buyer()`` (``recrm.portal.buyer``) and acts only on the buyer's
own defects, repairs and units: another buyer's name is refused exactly like one that does not
exist. The inspection's outcome (keys accepted, accepted with open defects, refused with the
reason) is recorded by staff at the inspection, with the buyer present; the portal shows it and
lets the buyer answer each fixed defect, so a buyer can never change an outcome on their own.
"""

import frappe
from frappe import _
from frappe.rate_limiter import rate_limit
from frappe.utils import now_datetime

from recrm.core import inspection as rules
from recrm.core.inspection import ROOMS
from recrm.errors import InspectionRuleError, PortalRuleError, rule_errors
from recrm.portal.buyer import current_buyer, refuse_not_theirs

DEFECT = "RE Handover Defect"
REPAIR = "RE Repair Request"
TEXT_LENGTH = 2000


def clean_text(value, label: str, required: bool = True) -> str:
	text = (value if isinstance(value, str) else "").strip()
	if required and not text:
		frappe.throw(_("Please fill in {0}.").format(label), exc=PortalRuleError, title=_("Handover"))
	if len(text) > TEXT_LENGTH:
		frappe.throw(
			_("{0} is too long: at most {1} characters.").format(label, TEXT_LENGTH),
			exc=PortalRuleError,
			title=_("Handover"),
		)
	return text


def as_flag(value) -> bool:
	return str(value).strip().lower() in ("1", "true", "yes")


@frappe.whitelist(methods=["POST"])
def confirm_defect(defect: str | None = None, fixed=None, note: str | None = None) -> dict:
	"""The buyer's word on a fixed defect of theirs: fixed to their satisfaction (``fixed`` 1), or
	not fixed (0, with ``note``), which sends it back to In Progress for its contractor."""
	buyer = current_buyer()
	doc = buyer.get_doc(DEFECT, defect, for_update=True)
	is_fixed = as_flag(fixed)
	note = clean_text(note, _("Note"), required=False)
	with rule_errors(doc.name, exc=InspectionRuleError, title=_("Defect")):
		doc.status = rules.buyer_confirmation_status(doc.status, is_fixed, note)
	doc.buyer_confirmation = rules.CONFIRMED if is_fixed else rules.NOT_FIXED
	doc.buyer_confirmed_on = now_datetime()
	doc.buyer_note = note or None
	# the buyer's own defect (checked above); the defect checks the move itself
	doc.save(ignore_permissions=True)
	buyer.forget(DEFECT)
	return {"defect": doc.name, "status": doc.status, "confirmation": doc.buyer_confirmation}


def portal_components() -> list[str]:
	"""The components a buyer chooses from: the enabled ones (reference data, not anyone's)."""
	return frappe.get_all("RE Warranty Component", filters={"enabled": 1}, pluck="name", order_by="name asc")


@frappe.whitelist(methods=["POST"])
@rate_limit(limit=20, seconds=60 * 60)
def submit_repair_request(
	unit: str | None = None,
	component: str | None = None,
	room: str | None = None,
	description: str | None = None,
) -> dict:
	"""A repair of one of the buyer's handed-over homes; in or out of warranty at once."""
	buyer = current_buyer()
	home = buyer.unit(unit)
	if not home:
		refuse_not_theirs(unit)
	if component not in portal_components():
		frappe.throw(_("Choose a component from the list."), exc=PortalRuleError, title=_("Repair Request"))
	if room not in ROOMS:
		frappe.throw(_("Choose a room from the list."), exc=PortalRuleError, title=_("Repair Request"))
	description = clean_text(description, _("Description"))
	doc = frappe.get_doc(
		{
			"doctype": REPAIR,
			"unit": home.unit,
			"customer": buyer.customer,
			"component": component,
			"room": room,
			"description": description,
			"channel": "Portal",
		}
	)
	# buyers hold no permission on repairs; the unit is theirs (above), the request checks the rest
	doc.insert(ignore_permissions=True)
	buyer.forget(REPAIR, "RE Repair Request Photo")
	return {
		"repair": doc.name,
		"in_warranty": doc.in_warranty,
		"charge": doc.charge,
		"warranty_ends_on": str(doc.warranty_ends_on or ""),
	}


@frappe.whitelist(methods=["POST"])
def accept_repair_quote(repair: str | None = None) -> dict:
	"""The owner accepts the quote of their chargeable repair: the work may start."""
	buyer = current_buyer()
	doc = buyer.get_doc(REPAIR, repair, for_update=True)
	if doc.charge != "Chargeable" or not doc.quote_amount or doc.quote_accepted:
		frappe.throw(
			_("Repair {0} has no quote waiting for your answer.").format(doc.name),
			exc=PortalRuleError,
			title=_("Quote"),
		)
	doc.quote_accepted = 1
	doc.save(ignore_permissions=True)
	buyer.forget(REPAIR)
	return {"repair": doc.name, "quote_accepted": 1}
