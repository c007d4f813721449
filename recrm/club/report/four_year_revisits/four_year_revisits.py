# Copyright (c) 2026, recrm developers and contributors
# For license information, please see license.txt

"""The four-year revisits (四年之约) per project: scheduled, due (by today), visited, overdue
(due and not visited), missed, and the share of the due ones visited — one grouped query over the
revisits the user may read."""

import frappe
from frappe import _
from frappe.utils import flt, nowdate


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
	today = nowdate()
	rows = frappe.get_list(
		"RE Owner Revisit",
		filters=conditions,
		fields=[
			"project",
			"count(name) as revisits",
			f"sum(case when due_date <= '{today}' or status = 'Visited' then 1 else 0 end) as due",
			"sum(case when status = 'Visited' then 1 else 0 end) as visited",
			f"sum(case when status = 'Scheduled' and due_date < '{today}' then 1 else 0 end) as overdue",
			"sum(case when status = 'Missed' then 1 else 0 end) as missed",
		],
		group_by="project",
		order_by="project asc",
		limit_page_length=0,
	)
	for row in rows:
		row.visited_percent = flt(100.0 * flt(row.visited) / flt(row.due), 1) if flt(row.due) else 0
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
