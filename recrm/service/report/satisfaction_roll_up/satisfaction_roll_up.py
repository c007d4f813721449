# Copyright (c) 2026, recrm developers and contributors
# For license information, please see license.txt

"""Satisfaction rolled up by month (the trend towards 85 %), project, category or agent: the mean
overall score, the mean of each of the five factors, and the share of satisfied customers."""

import frappe
from frappe import _
from frappe.utils import add_days, getdate

from recrm.core.measures import month_of
from recrm.core.surveys import FACTORS, QUESTIONS, survey_rollup
from recrm.messages import survey_question_labels
from recrm.service.measures import SURVEY, default_from_date, month_label, translated

GROUPS = {"Month": None, "Project": "project", "Category": "category", "Agent": "agent"}


def execute(filters=None):
	filters = frappe._dict(filters or {})
	group_by = filters.group_by if filters.group_by in GROUPS else "Month"
	conditions = [[SURVEY, "answered_on", "is", "set"]]
	conditions.append([SURVEY, "answered_on", ">=", getdate(filters.from_date or default_from_date())])
	if filters.to_date:
		conditions.append([SURVEY, "answered_on", "<", add_days(getdate(filters.to_date), 1)])
	for field in ("project", "survey_type", "category"):
		if filters.get(field):
			conditions.append([SURVEY, field, "=", filters.get(field)])
	fields = ["answered_on", "project", "category", "agent", "overall_score as overall"]
	fields += [f"{factor}_score as {factor}" for factor in FACTORS]
	surveys = frappe.get_list(SURVEY, filters=conditions, fields=fields, limit_page_length=0)
	for survey in surveys:
		# an Int column holds 0 for a question left unanswered
		for question in QUESTIONS:
			survey[question] = survey[question] or None
	key = (lambda s: month_of(s["answered_on"])) if group_by == "Month" else GROUPS[group_by]
	rollups = survey_rollup(surveys, key=key)
	data = []
	for group in sorted(rollups, key=lambda g: (g is None, str(g))):
		rollup = rollups[group]
		row = {
			"group": month_label(group) if group_by == "Month" else group_label(group_by, group),
			"surveys": rollup.count,
			"overall": round(rollup.overall, 2),
			"satisfaction_rate": round(rollup.satisfaction_rate * 100, 1),
		}
		for factor, mean in rollup.factors.items():
			row[factor] = round(mean, 2) if mean is not None else None
		data.append(row)
	if group_by != "Month":
		data.sort(key=lambda row: -row["satisfaction_rate"])
	return columns(group_by), data, None, chart(data, group_by)


def group_label(group_by: str, value) -> str:
	if group_by == "Category":
		return translated(value)
	if group_by == "Agent" and value:
		return frappe.utils.get_fullname(value)
	return value or _("Not Set")


def columns(group_by: str) -> list[dict]:
	labels = survey_question_labels()
	result = [
		{"fieldname": "group", "label": _(group_by), "fieldtype": "Data", "width": 180},
		{"fieldname": "surveys", "label": _("Answers"), "fieldtype": "Int", "width": 90},
		{"fieldname": "satisfaction_rate", "label": _("Satisfied"), "fieldtype": "Percent", "width": 110},
		{
			"fieldname": "overall",
			"label": labels["overall"],
			"fieldtype": "Float",
			"precision": 2,
			"width": 110,
		},
	]
	result += [
		{"fieldname": factor, "label": labels[factor], "fieldtype": "Float", "width": 150}
		for factor in FACTORS
	]
	return result


def chart(data: list[dict], group_by: str) -> dict:
	return {
		"data": {
			"labels": [row["group"] for row in data],
			"datasets": [{"name": _("Satisfied"), "values": [row["satisfaction_rate"] for row in data]}],
		},
		"type": "line" if group_by == "Month" else "bar",
		"fieldtype": "Percent",
		"axisOptions": {"xIsSeries": 1},
	}
