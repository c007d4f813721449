# Copyright (c) 2026, recrm developers and contributors
# For license information, please see license.txt

"""The complaints not resolved yet, by how long ago they came in."""

import frappe
from frappe import _
from frappe.utils import now_datetime

from recrm.core.measures import backlog_by_age
from recrm.service.measures import FINISHED, complaint_rows


def execute(filters=None):
	filters = frappe._dict(filters or {})
	rows = complaint_rows(filters, extra=[["RE Complaint", "status", "not in", FINISHED]])
	# still open today: whatever the row says about an earlier resolution, it counts as open now
	buckets = backlog_by_age(
		[(received, None, None) for received, _responded, _resolved in rows], now_datetime()
	)
	data = [
		{"age": age_label(b.from_days, b.to_days), "from_days": b.from_days, "complaints": b.count}
		for b in buckets
	]
	summary = [
		{"label": _("Open Complaints"), "value": len(rows), "datatype": "Int"},
		{
			"label": _("Open for 30 Days or More"),
			"value": buckets[-1].count if buckets else 0,
			"datatype": "Int",
			"indicator": "Red" if buckets and buckets[-1].count else "Green",
		},
	]
	return columns(), data, None, chart(data), summary


def age_label(from_days: int, to_days: int | None) -> str:
	if to_days is None:
		return _("{0} days or more").format(from_days)
	return _("{0} to {1} days").format(from_days, to_days)


def columns() -> list[dict]:
	return [
		{"fieldname": "age", "label": _("Age"), "fieldtype": "Data", "width": 180},
		{"fieldname": "complaints", "label": _("Complaints"), "fieldtype": "Int", "width": 120},
	]


def chart(data: list[dict]) -> dict:
	return {
		"data": {
			"labels": [row["age"] for row in data],
			"datasets": [{"name": _("Complaints"), "values": [row["complaints"] for row in data]}],
		},
		"type": "bar",
		"colors": ["#E24C4C"],
	}
