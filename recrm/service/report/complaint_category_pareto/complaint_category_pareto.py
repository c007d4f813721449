# Copyright (c) 2026, recrm developers and contributors
# For license information, please see license.txt

"""Which categories make up most complaints (the vital few, 80 % by default)."""

import frappe
from frappe import _

from recrm.core.measures import pareto
from recrm.service.measures import COMPLAINT, complaint_filters, translated


def execute(filters=None):
	filters = frappe._dict(filters or {})
	field = "category_group" if filters.level == "Category Group" else "category"
	counts = frappe.get_list(
		COMPLAINT,
		filters=complaint_filters(filters),
		fields=[field, "count(name) as complaints"],
		group_by=field,
		order_by=None,
		limit_page_length=0,
		as_list=True,
	)
	vital_share = (filters.vital_share or 80) / 100
	rows = pareto({category or "": count for category, count in counts}, vital_share=vital_share)
	data = [
		{
			"category": row.category,
			"category_label": translated(row.category),
			"complaints": row.count,
			"share": round(row.share * 100, 1),
			"cumulative_share": round(row.cumulative_share * 100, 1),
			"vital": 1 if row.vital else 0,
		}
		for row in rows
	]
	summary = [
		{"label": _("Complaints"), "value": sum(row["complaints"] for row in data), "datatype": "Int"},
		{"label": _("Vital Few Categories"), "value": sum(row["vital"] for row in data), "datatype": "Int"},
	]
	return columns(), data, None, chart(data), summary


def columns() -> list[dict]:
	return [
		{"fieldname": "category_label", "label": _("Category"), "fieldtype": "Data", "width": 200},
		{"fieldname": "complaints", "label": _("Complaints"), "fieldtype": "Int", "width": 110},
		{"fieldname": "share", "label": _("Share"), "fieldtype": "Percent", "width": 100},
		{
			"fieldname": "cumulative_share",
			"label": _("Cumulative Share"),
			"fieldtype": "Percent",
			"width": 150,
		},
		{"fieldname": "vital", "label": _("Vital Few"), "fieldtype": "Check", "width": 90},
	]


def chart(data: list[dict]) -> dict:
	return {
		"data": {
			"labels": [row["category_label"] for row in data],
			"datasets": [
				{"name": _("Complaints"), "values": [row["complaints"] for row in data], "chartType": "bar"},
				{
					"name": _("Cumulative Share"),
					"values": [row["cumulative_share"] for row in data],
					"chartType": "line",
				},
			],
		},
		"type": "axis-mixed",
	}
