# Copyright (c) 2026, recrm developers and contributors
# For license information, please see license.txt

"""Warranty repairs by component: how many in and out of warranty, by status, and the quotes of
the chargeable ones. Read through ``frappe.get_list``: each user counts only what they may read."""

import frappe
from frappe import _

REPAIR = "RE Repair Request"
STATUSES = ("Open", "Quoted", "In Progress", "Completed", "Cancelled")


def status_field(status: str) -> str:
	return "status_" + status.lower().replace(" ", "_")


def execute(filters=None):
	filters = frappe._dict(filters or {})
	conditions = []
	for field in ("project", "building"):
		if filters.get(field):
			conditions.append([field, "=", filters.get(field)])
	if filters.from_date:
		conditions.append(["requested_on", ">=", filters.from_date])
	if filters.to_date:
		conditions.append(["requested_on", "<=", filters.to_date])
	rows = frappe.get_list(
		REPAIR,
		filters=conditions,
		fields=["component", "in_warranty", "status", "quote_amount"],
		limit_page_length=0,
	)
	table: dict[str, dict] = {}
	for row in rows:
		line = table.setdefault(
			row.component,
			{
				"component": row.component,
				"component_label": _(row.component),
				"total": 0,
				"in_warranty": 0,
				"out_of_warranty": 0,
				"quoted_amount": 0,
				**{status_field(status): 0 for status in STATUSES},
			},
		)
		line["total"] += 1
		line["in_warranty" if row.in_warranty else "out_of_warranty"] += 1
		line[status_field(row.status)] += 1
		line["quoted_amount"] += row.quote_amount or 0
	data = sorted(table.values(), key=lambda line: -line["total"])
	return columns(), data, None, chart(data)


def columns() -> list[dict]:
	return [
		{"fieldname": "component_label", "label": _("Component"), "fieldtype": "Data", "width": 200},
		{"fieldname": "total", "label": _("Repairs"), "fieldtype": "Int", "width": 90},
		{"fieldname": "in_warranty", "label": _("In Warranty"), "fieldtype": "Int", "width": 110},
		{"fieldname": "out_of_warranty", "label": _("Out of Warranty"), "fieldtype": "Int", "width": 130},
		*(
			{"fieldname": status_field(status), "label": _(status), "fieldtype": "Int", "width": 100}
			for status in STATUSES
		),
		{"fieldname": "quoted_amount", "label": _("Quoted"), "fieldtype": "Currency", "width": 120},
	]


def chart(data: list[dict]) -> dict | None:
	if not data:
		return None
	return {
		"data": {
			"labels": [row["component_label"] for row in data],
			"datasets": [
				{"name": _("In Warranty"), "values": [row["in_warranty"] for row in data]},
				{"name": _("Out of Warranty"), "values": [row["out_of_warranty"] for row in data]},
			],
		},
		"type": "bar",
		"barOptions": {"stacked": 1},
	}
