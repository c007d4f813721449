# Copyright (c) 2026, recrm developers and contributors
# For license information, please see license.txt

"""The four-year revisits (四年之约) per project: scheduled, due (by today), visited, overdue
(due and not visited), missed, and the share of the due ones visited — counted over the revisits
the user may read."""

import frappe
from frappe import _
from frappe.utils import flt, getdate, nowdate


def execute(filters=None):
	data = per_project(frappe._dict(filters or {}))
	return columns(), data, None, chart(data)


def columns() -> list[dict]:
	return [
		{
			"fieldname": "project",
			"label": _("Project"),
			"fieldtype": "Link",
			"options": "RE Project",
			"width": 180,
		},
		{"fieldname": "revisits", "label": _("Revisits"), "fieldtype": "Int", "width": 90},
		{"fieldname": "due", "label": _("Due"), "fieldtype": "Int", "width": 80},
		{"fieldname": "visited", "label": _("Visited"), "fieldtype": "Int", "width": 80},
		{"fieldname": "overdue", "label": _("Overdue"), "fieldtype": "Int", "width": 80},
		{"fieldname": "missed", "label": _("Missed"), "fieldtype": "Int", "width": 80},
		{"fieldname": "visited_percent", "label": _("Visited %"), "fieldtype": "Percent", "width": 100},
	]


def per_project(filters) -> list[dict]:
	conditions = {}
	if filters.get("project"):
		conditions["project"] = filters.project
	if filters.get("due_from") and filters.get("due_to"):
		conditions["due_date"] = ("between", [filters.due_from, filters.due_to])
	elif filters.get("due_from"):
		conditions["due_date"] = (">=", filters.due_from)
	elif filters.get("due_to"):
		conditions["due_date"] = ("<=", filters.due_to)
	today = getdate(nowdate())
	# plain rows counted here: newer Frappe refuses SQL expressions (CASE) in get_list's fields, and
	# get_list is what applies the user's permissions
	per: dict[str, frappe._dict] = {}
	for revisit in frappe.get_list(
		"RE Owner Revisit",
		filters=conditions,
		fields=["project", "status", "due_date"],
		order_by="project asc",
		limit_page_length=0,
	):
		row = per.setdefault(
			revisit.project or "",
			frappe._dict(project=revisit.project, revisits=0, due=0, visited=0, overdue=0, missed=0),
		)
		due_date = getdate(revisit.due_date) if revisit.due_date else None
		row.revisits += 1
		if revisit.status == "Visited" or (due_date and due_date <= today):
			row.due += 1
		if revisit.status == "Visited":
			row.visited += 1
		elif revisit.status == "Missed":
			row.missed += 1
		elif revisit.status == "Scheduled" and due_date and due_date < today:
			row.overdue += 1
	rows = [per[key] for key in sorted(per)]
	for row in rows:
		row.visited_percent = flt(100.0 * row.visited / row.due, 1) if row.due else 0
	return rows


def chart(data: list[dict]) -> dict | None:
	if not data:
		return None
	return {
		"data": {
			"labels": [row.project or _("No Project") for row in data],
			"datasets": [
				{"name": _("Visited"), "values": [row.visited or 0 for row in data]},
				{"name": _("Overdue"), "values": [row.overdue or 0 for row in data]},
				{"name": _("Missed"), "values": [row.missed or 0 for row in data]},
			],
		},
		"type": "bar",
		"barOptions": {"stacked": 1},
	}
