# Copyright (c) 2026, recrm developers and contributors
# For license information, please see license.txt

"""Customer Segments: how many customers fall in each life stage × affordability cell.

Counted with ``frappe.get_list``, so each user counts only the customers they may see (an advisor:
their own and the pool). A customer not graded yet counts as Unknown / Unknown.
"""

import frappe
from frappe import _

from recrm.core.grading import AFFORDABILITY_BANDS, LIFE_STAGES, UNKNOWN

STAGES = (*LIFE_STAGES, UNKNOWN)
BANDS = (*(name for name, _low in AFFORDABILITY_BANDS), UNKNOWN)
FILTER_FIELDS = ("value_grade", "lifecycle_stage", "first_channel")


def execute(filters: dict | None = None):
	counts = segment_counts(frappe._dict(filters or {}))
	data = rows(counts)
	return columns(), data, None, chart(data), summary(counts)


def band_field(band: str) -> str:
	return frappe.scrub(band)


def segment_counts(filters: frappe._dict) -> dict[tuple[str, str], int]:
	"""{(life stage, affordability): customers} for the customers the user may see."""
	counts: dict[tuple[str, str], int] = {}
	for row in frappe.get_list(
		"RE Customer",
		filters={field: filters[field] for field in FILTER_FIELDS if filters.get(field)},
		fields=["life_stage", "affordability", "count(*) as customers"],
		group_by="life_stage, affordability",
		order_by=None,
	):
		key = (row.life_stage or UNKNOWN, row.affordability or UNKNOWN)
		counts[key] = counts.get(key, 0) + row.customers
	return counts


def columns() -> list[dict]:
	return [
		{"fieldname": "life_stage", "label": _("Life Stage"), "fieldtype": "Data", "width": 200},
		*(
			{"fieldname": band_field(band), "label": _(band), "fieldtype": "Int", "width": 110}
			for band in BANDS
		),
		{"fieldname": "total", "label": _("Total"), "fieldtype": "Int", "width": 110},
	]


def rows(counts: dict) -> list[dict]:
	data = []
	for stage in STAGES:
		row = {"life_stage": _(stage), "life_stage_value": stage}
		for band in BANDS:
			row[band_field(band)] = counts.get((stage, band), 0)
		row["total"] = sum(row[band_field(band)] for band in BANDS)
		data.append(row)
	return data


def chart(data: list[dict]) -> dict:
	return {
		"data": {
			"labels": [row["life_stage"] for row in data],
			"datasets": [
				{"name": _(band), "values": [row[band_field(band)] for row in data]} for band in BANDS
			],
		},
		"type": "bar",
		"barOptions": {"stacked": 1},
	}


def summary(counts: dict) -> list[dict]:
	total = sum(counts.values())
	known = {key: n for key, n in counts.items() if UNKNOWN not in key}
	largest = max(known, key=known.get) if known else None
	return [
		{"label": _("Customers"), "value": total, "datatype": "Int", "indicator": "Blue"},
		{
			"label": _("Largest Segment"),
			"value": f"{_(largest[0])} / {_(largest[1])}" if largest else "-",
			"datatype": "Data",
			"indicator": "Green",
		},
		{
			"label": _("Segment Unknown"),
			"value": total - sum(known.values()),
			"datatype": "Int",
			"indicator": "Orange",
		},
	]
