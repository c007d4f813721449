# Copyright (c) 2026, recrm developers and contributors
# For license information, please see license.txt

"""Time spent at each step of the compensation chain, across claims: where the two months go.

Rows come straight from the step trail (one query, read in order and grouped per claim as they
stream), the statistics from ``recrm.core.compensation.step_statistics``. A claim still waiting counts
at its step up to now, unless "Finished Steps Only" is ticked."""

from itertools import groupby

import frappe
from frappe import _
from frappe.utils import add_days, getdate, now_datetime

from recrm.core.compensation import FULL_CHAIN, step_statistics
from recrm.core.sla import CALENDAR_TIME
from recrm.service.measures import from_seconds, seconds_since_epoch
from recrm.service.settings import working_calendar

CLAIM = "RE Compensation Claim"
STEP = "RE Compensation Step"


def execute(filters=None):
	filters = frappe._dict(filters or {})
	trails, waiting = read_trails(filters)
	calendar = working_calendar() if filters.time_basis == "Working Time" else CALENDAR_TIME
	as_of = None if filters.finished_only else now_datetime()
	stats = step_statistics(trails, as_of=as_of, calendar=calendar, order=FULL_CHAIN)
	data = [
		{
			"step": s.step,
			"step_label": _(s.step),
			"claims": s.count,
			"waiting_now": waiting.get(s.step, 0),
			"mean_hours": round(s.mean_hours, 1),
			"median_hours": round(s.median_hours, 1),
			"p90_hours": round(s.p90_hours, 1),
			"max_hours": round(s.max_hours, 1),
		}
		for s in stats
	]
	return columns(), data, None, chart(data), summary(data)


def columns() -> list[dict]:
	return [
		{"fieldname": "step_label", "label": _("Step"), "fieldtype": "Data", "width": 220},
		{"fieldname": "claims", "label": _("Claims"), "fieldtype": "Int", "width": 90},
		{"fieldname": "waiting_now", "label": _("Waiting Now"), "fieldtype": "Int", "width": 110},
		{
			"fieldname": "mean_hours",
			"precision": 1,
			"label": _("Mean (Hours)"),
			"fieldtype": "Float",
			"width": 120,
		},
		{
			"fieldname": "median_hours",
			"precision": 1,
			"label": _("Median (Hours)"),
			"fieldtype": "Float",
			"width": 130,
		},
		{
			"fieldname": "p90_hours",
			"precision": 1,
			"label": _("90th Percentile (Hours)"),
			"fieldtype": "Float",
			"width": 170,
		},
		{
			"fieldname": "max_hours",
			"precision": 1,
			"label": _("Longest (Hours)"),
			"fieldtype": "Float",
			"width": 130,
		},
	]


def chart(data: list[dict]) -> dict:
	return {
		"data": {
			"labels": [row["step_label"] for row in data],
			"datasets": [
				{"name": _("Median (Hours)"), "values": [row["median_hours"] for row in data]},
				{"name": _("90th Percentile (Hours)"), "values": [row["p90_hours"] for row in data]},
			],
		},
		"type": "bar",
		"barOptions": {"spaceRatio": 0.4},
	}


def summary(data: list[dict]) -> list[dict]:
	if not data:
		return []
	slowest = max(data, key=lambda row: row["median_hours"])
	return [
		{
			"label": _("Slowest Step (Median)"),
			"value": slowest["step_label"],
			"datatype": "Data",
			"indicator": "Red",
		},
		{
			"label": _("Claims Waiting Now"),
			"value": sum(row["waiting_now"] for row in data),
			"datatype": "Int",
			"indicator": "Orange",
		},
	]


def readable_claims(filters) -> list[str] | None:
	"""None when the user reads every claim; else the claims they may read (user permissions)."""
	frappe.has_permission(CLAIM, "read", throw=True)
	if not frappe.permissions.get_user_permissions(frappe.session.user):
		return None
	return frappe.get_list(CLAIM, filters=claim_filters(filters), pluck="name", limit_page_length=0)


def claim_filters(filters) -> dict:
	conditions = {"docstatus": ("<", 2)}
	if filters.project:
		conditions["project"] = filters.project
	if filters.from_date:
		conditions["creation"] = (">=", getdate(filters.from_date))
	return conditions


def read_trails(filters):
	"""The trail of every claim as ``(step, entered, left)`` rows, grouped per claim, streamed; and
	how many claims wait at each step now."""
	claim, step = frappe.qb.DocType(CLAIM), frappe.qb.DocType(STEP)
	query = (
		frappe.qb.from_(step)
		.join(claim)
		.on(claim.name == step.parent)
		.select(
			step.parent, step.step, seconds_since_epoch(step.entered_at), seconds_since_epoch(step.left_at)
		)
		.where(step.parenttype == CLAIM)
		.where(claim.docstatus < 2)
		.orderby(step.parent)
		.orderby(step.idx)
	)
	if filters.project:
		query = query.where(claim.project == filters.project)
	if filters.from_date:
		query = query.where(claim.creation >= getdate(filters.from_date))
	if filters.to_date:
		query = query.where(claim.creation < add_days(getdate(filters.to_date), 1))
	allowed = readable_claims(filters)
	if allowed is not None:
		if not allowed:
			return [], {}
		query = query.where(claim.name.isin(allowed))
	rows = query.run(as_list=True)
	waiting: dict[str, int] = {}
	for _parent, name, _entered, left in rows:
		if left is None:
			waiting[name] = waiting.get(name, 0) + 1
	trails = (
		[(name, from_seconds(entered), from_seconds(left)) for _parent, name, entered, left in group]
		for _claim, group in groupby(rows, key=lambda row: row[0])
	)
	return trails, waiting
