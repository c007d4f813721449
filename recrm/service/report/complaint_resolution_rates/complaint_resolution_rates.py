# Copyright (c) 2026, recrm developers and contributors
# For license information, please see license.txt

"""Month by month: the share of complaints resolved within the month they came in (target 90 %)
and the share answered within 24 hours (target 100 %). A complaint still open within its month,
or not yet 24 hours old, is not counted yet."""

from collections import defaultdict

import frappe
from frappe import _
from frappe.utils import now_datetime

from recrm.core.measures import month_of, response_within_rate, same_month_resolution_rate
from recrm.service.measures import RESPONSE_WITHIN, complaint_rows, month_label


def execute(filters=None):
	filters = frappe._dict(filters or {})
	now = now_datetime()
	by_month = defaultdict(list)
	rows = complaint_rows(filters)
	for row in rows:
		by_month[month_of(row[0])].append(row)
	data = []
	for month in sorted(by_month):
		month_rows = by_month[month]
		resolved = same_month_resolution_rate(month_rows, as_of=now)
		answered = response_within_rate(month_rows, RESPONSE_WITHIN, as_of=now)
		data.append(
			{
				"month": month_label(month),
				"received": len(month_rows),
				"resolution_counted": resolved.counted,
				"resolved_same_month": resolved.hits,
				"same_month_rate": percent(resolved.rate),
				"response_counted": answered.counted,
				"answered_in_24h": answered.hits,
				"response_rate": percent(answered.rate),
			}
		)
	total_resolved = same_month_resolution_rate(rows, as_of=now)
	total_answered = response_within_rate(rows, RESPONSE_WITHIN, as_of=now)
	summary = [
		{"label": _("Complaints"), "value": len(rows), "datatype": "Int"},
		{
			"label": _("Same-Month Resolution Rate"),
			"value": percent(total_resolved.rate),
			"datatype": "Percent",
			"indicator": "Green" if (total_resolved.rate or 0) >= 0.9 else "Red",
		},
		{
			"label": _("Answered Within 24 Hours"),
			"value": percent(total_answered.rate),
			"datatype": "Percent",
			"indicator": "Green" if (total_answered.rate or 0) >= 0.99 else "Orange",
		},
	]
	return columns(), data, None, chart(data), summary


def percent(rate: float | None) -> float | None:
	return round(rate * 100, 1) if rate is not None else None


def columns() -> list[dict]:
	return [
		{"fieldname": "month", "label": _("Month"), "fieldtype": "Data", "width": 100},
		{"fieldname": "received", "label": _("Received"), "fieldtype": "Int", "width": 100},
		{"fieldname": "resolution_counted", "label": _("Counted"), "fieldtype": "Int", "width": 90},
		{
			"fieldname": "resolved_same_month",
			"label": _("Resolved in the Month"),
			"fieldtype": "Int",
			"width": 170,
		},
		{
			"fieldname": "same_month_rate",
			"label": _("Same-Month Resolution Rate"),
			"fieldtype": "Percent",
			"width": 200,
		},
		{
			"fieldname": "response_counted",
			"label": _("Counted for Response"),
			"fieldtype": "Int",
			"width": 170,
		},
		{
			"fieldname": "answered_in_24h",
			"label": _("Answered Within 24 Hours"),
			"fieldtype": "Int",
			"width": 190,
		},
		{"fieldname": "response_rate", "label": _("Response Rate"), "fieldtype": "Percent", "width": 130},
	]


def chart(data: list[dict]) -> dict:
	return {
		"data": {
			"labels": [row["month"] for row in data],
			"datasets": [
				{
					"name": _("Same-Month Resolution Rate"),
					"values": [row["same_month_rate"] or 0 for row in data],
				},
				{
					"name": _("Answered Within 24 Hours"),
					"values": [row["response_rate"] or 0 for row in data],
				},
			],
		},
		"type": "line",
		"fieldtype": "Percent",
		"lineOptions": {"regionFill": 0},
		"axisOptions": {"xIsSeries": 1},
	}
