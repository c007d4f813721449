"""Area reconciliation per building: units surveyed, charges, refunds, the net, how many buyers
may cancel and how many settlements are approved — over the settlements the user may read
(``frappe.get_list`` applies role and project rules), with a chart of charges against refunds."""

import frappe
from frappe import _
from frappe.utils import flt

from recrm.handover.booking import APPROVED

SETTLEMENT = "RE Area Settlement"


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
		{"fieldname": "units_surveyed", "label": _("Units Surveyed"), "fieldtype": "Int", "width": 110},
		{"fieldname": "charges", "label": _("Charges"), **money},
		{"fieldname": "refunds", "label": _("Refunds"), **money},
		{"fieldname": "net", "label": _("Net (+ Buyers Pay)"), **money},
		{"fieldname": "may_cancel", "label": _("Buyers Who May Cancel"), "fieldtype": "Int", "width": 120},
		{"fieldname": "approved", "label": _("Approved"), "fieldtype": "Int", "width": 100},
	]


def rows(filters) -> list[dict]:
	conditions = {"workflow_state": ("!=", "Rejected")}
	for key in ("project", "building"):
		if filters.get(key):
			conditions[key] = filters[key]
	found = frappe.get_list(
		SETTLEMENT,
		filters=conditions,
		fields=["building", "project", "charge_amount", "refund_amount", "may_cancel", "workflow_state"],
		order_by="building asc",
		limit_page_length=0,
	)
	by_building: dict[str, dict] = {}
	for r in found:
		row = by_building.setdefault(
			r.building,
			{
				"building": r.building,
				"project": r.project,
				"units_surveyed": 0,
				"charges": 0.0,
				"refunds": 0.0,
				"may_cancel": 0,
				"approved": 0,
			},
		)
		row["units_surveyed"] += 1
		row["charges"] += flt(r.charge_amount)
		row["refunds"] += flt(r.refund_amount)
		row["may_cancel"] += int(bool(r.may_cancel))
		row["approved"] += int(r.workflow_state == APPROVED)
	for row in by_building.values():
		row["charges"], row["refunds"] = flt(row["charges"], 2), flt(row["refunds"], 2)
		row["net"] = flt(row["charges"] - row["refunds"], 2)
	return list(by_building.values())


def chart(data) -> dict | None:
	if not data:
		return None
	return {
		"data": {
			"labels": [r["building"] for r in data],
			"datasets": [
				{"name": _("Charges"), "values": [r["charges"] for r in data]},
				{"name": _("Refunds"), "values": [r["refunds"] for r in data]},
			],
		},
		"type": "bar",
		"fieldtype": "Currency",
	}
