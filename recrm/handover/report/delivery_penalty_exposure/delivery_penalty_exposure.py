"""Late-delivery penalty exposure per building: the forecast to the planned handover date (or the
actual one where known) of every contract, unsaved, beside the penalties drafted and approved;
days late and amounts, with a chart. Buildings and penalties are those the user may read
(``frappe.get_list``)."""

import frappe
from frappe import _
from frappe.utils import flt

from recrm.handover.booking import APPROVED
from recrm.handover.penalty import forecast


def execute(filters=None):
	filters = frappe._dict(filters or {})
	data = rows(filters)
	return columns(), data, None, chart(data)


def columns() -> list[dict]:
	money = {"fieldtype": "Currency", "width": 130}
	return [
		{
			"fieldname": "building",
			"label": _("Building"),
			"fieldtype": "Link",
			"options": "RE Building",
			"width": 150,
		},
		{
			"fieldname": "project",
			"label": _("Project"),
			"fieldtype": "Link",
			"options": "RE Project",
			"width": 140,
		},
		{
			"fieldname": "planned_handover_date",
			"label": _("Planned Handover Date"),
			"fieldtype": "Date",
			"width": 110,
		},
		{
			"fieldname": "actual_handover_date",
			"label": _("Actual Handover Date"),
			"fieldtype": "Date",
			"width": 110,
		},
		{"fieldname": "contracts", "label": _("Contracts"), "fieldtype": "Int", "width": 90},
		{"fieldname": "late_contracts", "label": _("Late Contracts"), "fieldtype": "Int", "width": 100},
		{"fieldname": "days_late", "label": _("Days Late (Most)"), "fieldtype": "Int", "width": 100},
		{"fieldname": "may_cancel", "label": _("Buyers Who May Cancel"), "fieldtype": "Int", "width": 120},
		{"fieldname": "exposure", "label": _("Exposure"), **money},
		{"fieldname": "drafted", "label": _("Penalties Computed"), **money},
		{"fieldname": "approved", "label": _("Penalties Approved"), **money},
	]


def rows(filters) -> list[dict]:
	conditions = {}
	if filters.get("project"):
		conditions["project"] = filters.project
	if filters.get("building"):
		conditions["name"] = filters.building
	buildings = frappe.get_list(
		"RE Building",
		filters=conditions,
		fields=["name", "project", "planned_handover_date", "actual_handover_date"],
		order_by="name asc",
		limit_page_length=0,
	)
	if not buildings:
		return []
	data = {
		b.name: {
			"building": b.name,
			"project": b.project,
			"planned_handover_date": b.planned_handover_date,
			"actual_handover_date": b.actual_handover_date,
			"contracts": 0,
			"late_contracts": 0,
			"days_late": 0,
			"may_cancel": 0,
			"exposure": 0.0,
			"drafted": 0.0,
			"approved": 0.0,
		}
		for b in buildings
	}
	for r in forecast(list(data)):
		row = data[r["building"]]
		row["contracts"] += 1
		row["late_contracts"] += int(r["days_late"] > 0)
		row["days_late"] = max(row["days_late"], r["days_late"])
		row["may_cancel"] += r["may_cancel"]
		row["exposure"] += r["amount"]
	if frappe.has_permission("RE Delivery Penalty", "read"):
		for p in frappe.get_list(
			"RE Delivery Penalty",
			filters={"building": ("in", list(data)), "workflow_state": ("!=", "Rejected")},
			fields=["building", "amount", "workflow_state"],
			limit_page_length=0,
		):
			data[p.building]["drafted"] += flt(p.amount)
			if p.workflow_state == APPROVED:
				data[p.building]["approved"] += flt(p.amount)
	out = [r for r in data.values() if r["contracts"]]
	for r in out:
		for key in ("exposure", "drafted", "approved"):
			r[key] = flt(r[key], 2)
	return out


def chart(data) -> dict | None:
	if not data:
		return None
	return {
		"data": {
			"labels": [r["building"] for r in data],
			"datasets": [
				{"name": _("Exposure"), "values": [r["exposure"] for r in data]},
				{"name": _("Penalties Computed"), "values": [r["drafted"] for r in data]},
			],
		},
		"type": "bar",
		"fieldtype": "Currency",
	}
