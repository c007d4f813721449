"""The service desk's measures (评估指标), shared by the reports and the number cards: same-month
resolution rate, response-within-24-hours rate, backlog by age, category Pareto, satisfaction.

Rows are read with ``frappe.get_list`` so that every figure counts only the complaints and surveys
the user may see (a project GM sees their projects); the arithmetic is ``recrm.core.complaints``.
"""

from datetime import datetime, timedelta

import frappe
from frappe import _
from frappe.utils import add_days, add_months, getdate, now_datetime
from pypika.terms import CustomFunction, LiteralValue

from recrm.core.complaints import CLOSED, RESOLVED
from recrm.core.measures import response_within_rate, same_month_resolution_rate
from recrm.core.surveys import survey_rollup

COMPLAINT = "RE Complaint"
SURVEY = "RE Satisfaction Survey"
RESPONSE_WITHIN = timedelta(hours=24)
FINISHED = (RESOLVED, CLOSED)

# Datetimes are read as whole seconds since an epoch: the database driver turns a DATETIME(6) into a
# Python datetime slowly (200,000 complaints × 3 times: 4.7 s), an integer fast (0.9 s in all)
EPOCH = datetime(2000, 1, 1)
_TimestampDiff = CustomFunction("TIMESTAMPDIFF", ["unit", "start", "end"])


def seconds_since_epoch(column):
	"""A query-builder term: ``column`` as whole seconds since ``EPOCH`` (NULL stays NULL)."""
	return _TimestampDiff(LiteralValue("SECOND"), EPOCH.strftime("%Y-%m-%d %H:%M:%S"), column)


def seconds_field(field: str) -> str:
	"""The same as a ``frappe.get_list`` field (of the list's own DocType), which keeps the user's
	permissions."""
	return f"timestampdiff(second, '{EPOCH:%Y-%m-%d %H:%M:%S}', {field}) as {field}"


def from_seconds(value) -> datetime | None:
	return None if value is None else EPOCH + timedelta(seconds=int(value))


def complaint_filters(filters) -> list:
	filters = frappe._dict(filters or {})
	conditions = []
	if filters.from_date:
		conditions.append([COMPLAINT, "received_at", ">=", getdate(filters.from_date)])
	if filters.to_date:
		conditions.append([COMPLAINT, "received_at", "<", add_days(getdate(filters.to_date), 1)])
	for field in ("project", "category", "category_group", "responsible_person", "priority", "channel"):
		if filters.get(field):
			conditions.append([COMPLAINT, field, "=", filters.get(field)])
	return conditions


def complaint_rows(filters, extra: list | None = None) -> list[tuple]:
	"""(received, responded, resolved) of the complaints the user may see, as the core wants them."""
	rows = frappe.get_list(
		COMPLAINT,
		filters=complaint_filters(filters) + (extra or []),
		fields=[seconds_field(f) for f in ("received_at", "responded_at", "resolved_at")],
		order_by=f"`tab{COMPLAINT}`.`received_at` asc",
		limit_page_length=0,
		as_list=True,
	)
	return [(from_seconds(a), from_seconds(b), from_seconds(c)) for a, b, c in rows]


def default_from_date():
	return add_months(getdate(), -12)


# ---- number cards (Custom number cards call these with their filters) ----------------------------


def _percent(rate) -> dict:
	return {"value": round(rate.rate * 100, 1) if rate.rate is not None else 0, "fieldtype": "Percent"}


@frappe.whitelist()
def same_month_resolution_card(filters=None) -> dict:
	"""Same-month resolution rate of the complaints received in the last twelve months."""
	frappe.has_permission(COMPLAINT, "read", throw=True)
	rows = complaint_rows({"from_date": default_from_date()})
	return _percent(same_month_resolution_rate(rows, as_of=now_datetime()))


@frappe.whitelist()
def response_within_card(filters=None) -> dict:
	"""Share of the last twelve months' complaints answered within 24 hours."""
	frappe.has_permission(COMPLAINT, "read", throw=True)
	rows = complaint_rows({"from_date": default_from_date()})
	return _percent(response_within_rate(rows, RESPONSE_WITHIN, as_of=now_datetime()))


@frappe.whitelist()
def satisfaction_card(filters=None) -> dict:
	"""Share of satisfied customers (overall 4 or 5) among the last twelve months' answers."""
	frappe.has_permission(SURVEY, "read", throw=True)
	surveys = frappe.get_list(
		SURVEY,
		filters={"answered_on": (">=", default_from_date())},
		fields=["overall_score as overall"],
		limit_page_length=0,
	)
	rollup = survey_rollup(surveys).get(None)
	return {
		"value": round(rollup.satisfaction_rate * 100, 1) if rollup else 0,
		"fieldtype": "Percent",
	}


def month_label(month) -> str:
	return getdate(month).strftime("%Y-%m")


def translated(value: str | None) -> str:
	return _(value) if value else _("Not Set")
