"""The handover inspection (验房) behind the desk: routing each defect to whoever fixes it (a
contractor's user or a department's manager) as a Frappe assignment with the defect's deadline,
re-inspection, the escalation of overdue defects (a daily job) and the readiness check the keys
wait for (hooks.py ``recrm_handover_readiness``)."""

import frappe
from frappe import _
from frappe.desk.form import assign_to
from frappe.utils import escape_html, get_url_to_form, getdate, now_datetime, nowdate

from recrm.core import inspection as rules
from recrm.core.roles import CS_MANAGER
from recrm.errors import InspectionRuleError, rule_errors
from recrm.notifications import notify, users_with_role

DEFECT = "RE Handover Defect"
INSPECTION = "RE Handover Inspection"


def responsible_for(contractor: str | None, department: str | None) -> str | None:
	"""The user a defect of this contractor or department is routed to."""
	if contractor:
		user = frappe.db.get_value("RE Contractor", contractor, "user")
		if user:
			return user
	if department:
		from recrm.service.settings import department_manager

		return department_manager(department)
	return None


def assign(doc, previous: str | None = None) -> None:
	"""The defect's responsible user gets it as a ToDo with its deadline; the previous one's closes."""
	if previous and previous != doc.responsible:
		assign_to.remove(doc.doctype, doc.name, previous, ignore_permissions=True)
	if not doc.responsible:
		return
	if frappe.db.exists(
		"ToDo",
		{
			"reference_type": doc.doctype,
			"reference_name": doc.name,
			"allocated_to": doc.responsible,
			"status": "Open",
		},
	):
		frappe.db.set_value(
			"ToDo",
			{"reference_type": doc.doctype, "reference_name": doc.name, "allocated_to": doc.responsible},
			"date",
			doc.due_date,
		)
		return
	assign_to.add(
		{
			"assign_to": [doc.responsible],
			"doctype": doc.doctype,
			"name": doc.name,
			"date": doc.due_date,
			"description": _("Defect {0} ({1}): {2}").format(doc.name, _(doc.trade or ""), doc.description),
			"notify": 0,
		},
		ignore_permissions=True,
	)


def close_assignment(doc) -> None:
	"""A defect verified or rejected needs nothing more of anyone."""
	for todo in frappe.get_all(
		"ToDo",
		filters={"reference_type": doc.doctype, "reference_name": doc.name, "status": "Open"},
		pluck="name",
	):
		frappe.db.set_value("ToDo", todo, "status", "Closed")


@frappe.whitelist(methods=["POST"])
def reinspect(defect: str, result: str, note: str | None = None) -> dict:
	"""The re-inspection of a fixed defect: Passed (Verified) or Failed (back to In Progress)."""
	doc = frappe.get_doc(DEFECT, defect, for_update=True)
	doc.check_permission("write")
	with rule_errors(exc=InspectionRuleError, title=_("Re-inspection")):
		doc.status = rules.reinspection_status(doc.status, result)
	doc.reinspected_on = nowdate()
	doc.reinspected_by = frappe.session.user
	doc.reinspection_result = result
	if note:
		doc.resolution = note
	doc.save()
	return {"defect": doc.name, "status": doc.status}


def open_defects(inspection: str) -> list[dict]:
	return frappe.get_all(
		DEFECT,
		filters={"inspection": inspection, "status": ("in", rules.OPEN_STATUSES)},
		fields=["name", "room", "trade", "description", "due_date"],
		order_by="name asc",
	)


def defect_line(row) -> str:
	return "{}: {} · {} · {}".format(
		row.name, _(row.room or "Other"), _(row.trade or "Other"), (row.description or "")[:80]
	)


def latest_inspection(unit: str):
	return frappe.db.get_value(
		INSPECTION,
		{"unit": unit},
		["name", "outcome", "refusal_reason", "open_defects"],
		as_dict=True,
		order_by="inspected_on desc, creation desc",
	)


def readiness_check(contract: str, unit: str) -> list[str]:
	"""What the inspection still lacks before the keys of ``unit``: an inspection whose outcome is
	Accepted or Accepted with Open Defects (a refusal keeps the keys back)."""
	found = latest_inspection(unit)
	if not found:
		return [_("The handover inspection of unit {0} has not been recorded.").format(unit)]
	if not found.outcome:
		return [_("Inspection {0} has no outcome yet.").format(found.name)]
	if found.outcome == rules.REFUSED:
		return [
			_("The buyer refused the keys at inspection {0}: {1}").format(
				found.name, found.refusal_reason or ""
			)
		]
	return []


def escalate_overdue_defects(today=None) -> dict:
	"""The daily job: open defects past their deadline, not yet escalated, go to the manager of
	their department (or the CS managers) and their responsible user, once."""
	today = getdate(today or nowdate())
	rows = frappe.get_all(
		DEFECT,
		filters={
			"status": ("in", (rules.REPORTED, rules.IN_PROGRESS)),
			"due_date": ("<", today),
			"escalated_on": ("is", "not set"),
		},
		fields=["name", "unit", "trade", "description", "due_date", "responsible", "department"],
		order_by="name asc",
	)
	if not rows:
		return {"escalated": 0, "notifications": 0}
	from recrm.service.settings import department_manager

	managers = users_with_role(CS_MANAGER)
	digests: dict[str, list] = {}
	for row in rows:
		manager = department_manager(row.department) if row.department else None
		for user in {row.responsible, *([manager] if manager else managers)} - {None, ""}:
			digests.setdefault(user, []).append(row)
	made = 0
	for user, listed in digests.items():
		lines = "".join(
			'<li><a href="{}">{}</a> {} · {}: {}</li>'.format(
				get_url_to_form(DEFECT, row.name),
				escape_html(row.name),
				escape_html(row.unit),
				escape_html(_(row.trade or "Other")),
				escape_html(_("due {0}").format(frappe.utils.formatdate(row.due_date))),
			)
			for row in listed[:50]
		)
		made += notify(
			[user],
			_("{0} handover defects are overdue").format(len(listed)),
			f"<ul>{lines}</ul>",
			DEFECT,
			listed[0].name,
		)
	frappe.db.set_value(DEFECT, {"name": ("in", [row.name for row in rows])}, "escalated_on", now_datetime())
	return {"escalated": len(rows), "notifications": made}
