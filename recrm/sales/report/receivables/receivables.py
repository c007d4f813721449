# Copyright (c) 2026, recrm developers and contributors
# For license information, please see license.txt

"""Receivables per project: for each signed contract the user may see, what was paid, what is
outstanding, due and overdue on a given day, with a chart of where the money stands."""

from collections import defaultdict
from decimal import Decimal

import frappe
from frappe import _
from frappe.utils import getdate, nowdate

from recrm.core import contracts as rules
from recrm.core.payment_schedule import ZERO
from recrm.sales.lifecycle import CONTRACT_CANCELLED
from recrm.sales.receivables import GRACE_DAYS
from recrm.sales.schedule import SCHEDULE_FIELDS, schedule_row


def execute(filters=None):
	filters = frappe._dict(filters or {})
	as_of = getdate(filters.as_of or nowdate())
	data = rows(filters, as_of)
	return columns(), data, None, chart(data), summary(data)


def columns() -> list[dict]:
	money = {"fieldtype": "Currency", "width": 130}
	return [
		{
			"fieldname": "contract",
			"label": _("Contract"),
			"fieldtype": "Link",
			"options": "RE Contract",
			"width": 150,
		},
		{
			"fieldname": "project",
			"label": _("Project"),
			"fieldtype": "Link",
			"options": "RE Project",
			"width": 140,
		},
		{"fieldname": "unit", "label": _("Unit"), "fieldtype": "Link", "options": "RE Unit", "width": 160},
		{"fieldname": "buyers", "label": _("Buyers"), "fieldtype": "Data", "width": 160},
		{"fieldname": "advisor", "label": _("Advisor"), "fieldtype": "Link", "options": "User", "width": 140},
		{"fieldname": "total", "label": _("Final Price"), **money},
		{"fieldname": "paid", "label": _("Paid"), **money},
		{"fieldname": "outstanding", "label": _("Outstanding"), **money},
		{"fieldname": "due", "label": _("Due"), **money},
		{"fieldname": "overdue", "label": _("Overdue"), **money},
		{"fieldname": "days_overdue", "label": _("Days Overdue"), "fieldtype": "Int", "width": 100},
		{"fieldname": "next_due_date", "label": _("Next Due Date"), "fieldtype": "Date", "width": 110},
		{"fieldname": "undated", "label": _("Awaiting Stage or Loan"), **money},
	]


def contracts(filters) -> list[dict]:
	"""The signed contracts the user may see: get_list applies role, project and ownership rules."""
	conditions = {"docstatus": 1, "status": ("!=", CONTRACT_CANCELLED)}
	for key in ("project", "advisor"):
		if filters.get(key):
			conditions[key] = filters[key]
	return frappe.get_list(
		"RE Contract",
		filters=conditions,
		fields=["name", "project", "unit", "buyer_names", "advisor"],
		order_by="project asc, name asc",
		limit_page_length=0,
	)


def rows(filters, as_of) -> list[dict]:
	found = contracts(filters)
	if not found:
		return []
	schedules = defaultdict(list)
	for row in frappe.get_all(
		"RE Payment Schedule",
		filters={"parenttype": "RE Contract", "parent": ("in", [c.name for c in found])},
		fields=["parent", *SCHEDULE_FIELDS],
		order_by="parent asc, idx asc",
	):
		schedules[row.parent].append(schedule_row(row))
	data = []
	for contract in found:
		schedule = schedules[contract.name]
		state = rules.receivables(schedule, as_of, GRACE_DAYS)
		if filters.get("overdue_only") and state.overdue <= 0:
			continue
		open_dates = [r.due_date for r in schedule if r.due_date and r.outstanding > 0]
		data.append(
			{
				"contract": contract.name,
				"project": contract.project,
				"unit": contract.unit,
				"buyers": contract.buyer_names,
				"advisor": contract.advisor,
				"total": float(state.total),
				"paid": float(state.paid),
				"outstanding": float(state.outstanding),
				"due": float(state.due),
				"overdue": float(state.overdue),
				"days_overdue": max((r.days for r in state.overdue_rows), default=0),
				"next_due_date": min(open_dates, default=None),
				"undated": float(state.undated),
			}
		)
	return data


def totals(data) -> dict[str, Decimal]:
	keys = ("total", "paid", "outstanding", "due", "overdue", "undated")
	return {k: sum((Decimal(str(row[k])) for row in data), ZERO) for k in keys}


def chart(data) -> dict | None:
	if not data:
		return None
	t = totals(data)
	not_yet_due = t["outstanding"] - t["due"] - t["undated"]
	return {
		"data": {
			"labels": [_("Paid"), _("Not Yet Due"), _("Awaiting Stage or Loan"), _("Due"), _("Overdue")],
			"datasets": [
				{
					"name": _("Amount"),
					"values": [
						float(t["paid"]),
						float(not_yet_due),
						float(t["undated"]),
						float(t["due"] - t["overdue"]),
						float(t["overdue"]),
					],
				}
			],
		},
		"type": "bar",
		"fieldtype": "Currency",
		"colors": ["#29CD42"],
	}


def summary(data) -> list[dict]:
	t = totals(data)
	return [
		{"value": len(data), "label": _("Contracts"), "datatype": "Int"},
		{"value": float(t["paid"]), "label": _("Paid"), "datatype": "Currency", "indicator": "Green"},
		{
			"value": float(t["outstanding"]),
			"label": _("Outstanding"),
			"datatype": "Currency",
			"indicator": "Blue",
		},
		{"value": float(t["overdue"]), "label": _("Overdue"), "datatype": "Currency", "indicator": "Red"},
	]
