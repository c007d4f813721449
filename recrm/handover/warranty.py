"""Warranty repairs (房修) behind the desk: the components and their periods (defaults of
建设工程质量管理条例 第四十条, made at install and migrate), the handover date the warranty clock
starts from, and the service-desk case each repair runs on.

A repair request is a kind of service case: on insert it opens an RE Complaint of the category
"Warranty Repairs" (responsible: the component's contractor's user, department Engineering), so
the repair runs on the service desk's SLA clocks and its escalation job
(``recrm.service.escalation``) with no clock of its own; the repair's status moves the case."""

import frappe
from frappe import _

from recrm.core.complaints import IN_PROGRESS, RESOLVED, TRANSITIONS
from recrm.core.warranty import DEFAULT_COMPONENTS, FROM_HANDOVER

COMPONENT = "RE Warranty Component"
REPAIR = "RE Repair Request"
COMPLAINT = "RE Complaint"
REPAIR_CATEGORY = "Warranty Repairs"


def handover_date_of(unit: str):
	"""The day the keys of ``unit`` were handed over, or None: RE Unit.handed_over_on, which a
	submitted RE Key Handover sets; for homes handed over before key handovers were recorded, the
	latest handover appointment's ``keys_handed_over_on``."""
	if not unit:
		return None
	handed_over_on = frappe.db.get_value("RE Unit", unit, "handed_over_on")
	if handed_over_on:
		return handed_over_on
	return frappe.db.get_value(
		"RE Handover Appointment",
		{"unit": unit, "keys_handed_over_on": ("is", "set"), "status": ("!=", "Cancelled")},
		"keys_handed_over_on",
		order_by="keys_handed_over_on desc",
	)


def component_labels() -> list[str]:
	"""The default components as literals, for the translation extractor."""
	return [
		_("Structure and Foundations"),
		_("Roof Waterproofing"),
		_("Wet-Room Waterproofing"),
		_("Exterior Wall Waterproofing"),
		_("Heating and Cooling"),
		_("Electrical"),
		_("Plumbing and Drainage"),
		_("Equipment"),
		_("Fit-out"),
		_("Warranty Repairs"),
	]


def ensure_components() -> None:
	"""The default components where missing (one deleted or edited on purpose stays as it is)."""
	for component, period, unit, reference in DEFAULT_COMPONENTS:
		if frappe.db.exists(COMPONENT, component):
			continue
		frappe.get_doc(
			{
				"doctype": COMPONENT,
				"component": component,
				"period": period,
				"period_unit": unit,
				"basis": FROM_HANDOVER,
				"legal_reference": reference,
			}
		).insert(ignore_permissions=True)


def ensure_repair_category() -> None:
	if frappe.db.exists("RE Complaint Category", REPAIR_CATEGORY):
		return
	parent = "Quality" if frappe.db.exists("RE Complaint Category", "Quality") else None
	if not parent and frappe.db.exists("RE Complaint Category", "All Categories"):
		parent = "All Categories"
	frappe.get_doc(
		{
			"doctype": "RE Complaint Category",
			"category_name": REPAIR_CATEGORY,
			"parent_re_complaint_category": parent,
			"is_group": 0,
		}
	).insert(ignore_permissions=True)


def ensure_defaults() -> None:
	ensure_components()
	ensure_repair_category()


def open_case(repair) -> str:
	"""The service-desk case of ``repair``: its SLA clocks start now."""
	ensure_repair_category()
	user = None
	if repair.contractor:
		user = frappe.db.get_value("RE Contractor", repair.contractor, "user")
	charge = _("in warranty, free") if repair.in_warranty else _("out of warranty, chargeable")
	case = frappe.get_doc(
		{
			"doctype": COMPLAINT,
			"subject": _("Repair {0}: {1} ({2})").format(repair.name, _(repair.component), _(repair.room))[
				:140
			],
			"customer": repair.customer,
			"project": repair.project,
			"building": repair.building,
			"unit": repair.unit,
			"channel": "Portal" if repair.channel == "Portal" else "Phone",
			"category": REPAIR_CATEGORY,
			"priority": "Medium",
			"description": f"{repair.description}\n\n{charge}",
			"responsible_department": "Engineering",
			"responsible_person": user,
		}
	)
	case.flags.status_note = _("Opened for warranty repair {0}.").format(repair.name)
	# the repair request was checked (owner, handed over); the case is staff's, made for it
	case.insert(ignore_permissions=True)
	return case.name


def move_case(repair) -> None:
	"""The repair's status moves its case: In Progress, and Resolved when done or cancelled."""
	if not repair.complaint:
		return
	target = {"In Progress": IN_PROGRESS, "Completed": RESOLVED, "Cancelled": RESOLVED}.get(repair.status)
	if not target:
		return
	case = frappe.get_doc(COMPLAINT, repair.complaint)
	if case.status == target or target not in TRANSITIONS.get(case.status, ()):
		return
	case.status = target
	if target == RESOLVED:
		case.resolution = repair.resolution or (
			_("Repair completed.") if repair.status == "Completed" else _("Repair cancelled.")
		)
	case.flags.status_note = _("Repair {0} is {1}.").format(repair.name, _(repair.status))
	case.save(ignore_permissions=True)
