# Copyright (c) 2026, recrm developers and contributors
# For license information, please see license.txt

"""Title deeds per building and stage, and how many are overdue (their next stage past its due
date): where "where is my 房产证?" calls will come from. Read through ``frappe.get_list``, so each
user counts only the deeds they may read."""

import frappe
from frappe import _
from frappe.utils import getdate, nowdate

from recrm.core.deed import DEED_STAGES, ISSUED

DEED = "RE Title Deed"


def execute(filters=None):
	filters = frappe._dict(filters or {})
	data = rows(filters)
	return columns(), data, None, chart(data), summary(data)


def stage_key(stage: str) -> str:
	return "stage_" + str(DEED_STAGES.index(stage) + 1)


def rows(filters) -> list[dict]:
	conditions = {}
	for field in ("project", "building"):
		if filters.get(field):
			conditions[field] = filters.get(field)
	today = getdate(nowdate())
	deeds = frappe.get_list(
		DEED, filters=conditions, fields=["building", "stage", "next_due_date"], limit_page_length=0
	)
	by_building: dict[str, dict] = {}
	for deed in deeds:
		building = deed.building or ""
		row = by_building.setdefault(
			building,
			{"building": building, **{stage_key(s): 0 for s in DEED_STAGES}, "total": 0, "overdue": 0},
		)
		if deed.stage in DEED_STAGES:
			row[stage_key(deed.stage)] += 1
		row["total"] += 1
		if deed.stage != ISSUED and deed.next_due_date and getdate(deed.next_due_date) < today:
			row["overdue"] += 1
	if filters.get("overdue_only"):
		return [row for _b, row in sorted(by_building.items()) if row["overdue"]]
	return [row for _b, row in sorted(by_building.items())]


def columns() -> list[dict]:
	return [
		{
			"fieldname": "building",
			"label": _("Building"),
			"fieldtype": "Link",
			"options": "RE Building",
			"width": 160,
		},
		*[
			{"fieldname": stage_key(stage), "label": _(stage), "fieldtype": "Int", "width": 110}
			for stage in DEED_STAGES
		],
		{"fieldname": "total", "label": _("Title Deeds"), "fieldtype": "Int", "width": 100},
		{"fieldname": "overdue", "label": _("Overdue"), "fieldtype": "Int", "width": 90},
	]


def chart(data: list[dict]) -> dict:
	return {
		"data": {
			"labels": [_(stage) for stage in DEED_STAGES],
			"datasets": [
				{
					"name": _("Title Deeds"),
					"values": [sum(r[stage_key(s)] for r in data) for s in DEED_STAGES],
				}
			],
		},
		"type": "bar",
		"colors": ["#5e64ff"],
	}


def summary(data: list[dict]) -> list[dict]:
	total = sum(r["total"] for r in data)
	overdue = sum(r["overdue"] for r in data)
	issued = sum(r[stage_key(ISSUED)] for r in data)
	return [
		{"label": _("Title Deeds"), "value": total, "datatype": "Int", "indicator": "Blue"},
		{"label": _("Issued to Owner"), "value": issued, "datatype": "Int", "indicator": "Green"},
		{
			"label": _("Overdue"),
			"value": overdue,
			"datatype": "Int",
			"indicator": "Red" if overdue else "Green",
		},
	]
