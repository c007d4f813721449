# Copyright (c) 2026, recrm developers and contributors
# For license information, please see license.txt

"""Open handover defects by trade and age (days since reported), with the overdue ones counted:
which trades keep buyers waiting. Read through ``frappe.get_list``, so each user counts only the
defects they may read."""

import frappe
from frappe import _
from frappe.utils import getdate, nowdate

from recrm.core.inspection import AGE_BUCKETS, OPEN_STATUSES, TRADES, age_bucket, is_overdue

DEFECT = "RE Handover Defect"


def bucket_field(label: str) -> str:
	return "age_" + "".join(ch if ch.isalnum() else "_" for ch in label.lower())


def execute(filters=None):
	filters = frappe._dict(filters or {})
	today = getdate(nowdate())
	conditions = {"status": ("in", OPEN_STATUSES)}
	for field in ("project", "building", "contractor"):
		if filters.get(field):
			conditions[field] = filters.get(field)
	rows = frappe.get_list(
		DEFECT, filters=conditions, fields=["trade", "status", "reported_on", "due_date"], limit_page_length=0
	)
	table = {trade: {"trade": trade, "trade_label": _(trade), "open": 0, "overdue": 0} for trade in TRADES}
	for _limit, label in AGE_BUCKETS:
		for row in table.values():
			row[bucket_field(label)] = 0
	for row in rows:
		trade = row.trade or "Other"
		line = table.setdefault(trade, {"trade": trade, "trade_label": _(trade), "open": 0, "overdue": 0})
		line["open"] += 1
		line[bucket_field(age_bucket(getdate(row.reported_on), today))] = (
			line.get(bucket_field(age_bucket(getdate(row.reported_on), today)), 0) + 1
		)
		if is_overdue(row.status, getdate(row.due_date) if row.due_date else None, today):
			line["overdue"] += 1
	data = [line for line in table.values() if line["open"]]
	return columns(), data, None, chart(data)


def columns() -> list[dict]:
	return [
		{"fieldname": "trade_label", "label": _("Trade"), "fieldtype": "Data", "width": 200},
		{"fieldname": "open", "label": _("Open Defects"), "fieldtype": "Int", "width": 120},
		*(
			{"fieldname": bucket_field(label), "label": _(label), "fieldtype": "Int", "width": 110}
			for _limit, label in AGE_BUCKETS
		),
		{"fieldname": "overdue", "label": _("Overdue"), "fieldtype": "Int", "width": 100},
	]


def chart(data: list[dict]) -> dict | None:
	if not data:
		return None
	return {
		"data": {
			"labels": [row["trade_label"] for row in data],
			"datasets": [
				{"name": _(label), "values": [row[bucket_field(label)] for row in data]}
				for _limit, label in AGE_BUCKETS
			],
		},
		"type": "bar",
		"barOptions": {"stacked": 1},
	}
