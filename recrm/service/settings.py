"""RE Service Settings as the core's objects: working calendar, SLA policies, escalation and approval
thresholds. The settings form validates through the same functions, so what is saved always builds."""

from datetime import timedelta
from decimal import Decimal

import frappe

from recrm.core import RuleError, sla
from recrm.core.compensation import (
	DEFAULT_CLAIM_THRESHOLDS,
	DEFAULT_STEP_DAYS,
	FULL_CHAIN,
	check_claim_thresholds,
)
from recrm.core.roles import VP_CUSTOMER_SERVICE

SETTINGS = "RE Service Settings"
WEEKDAY_FIELDS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
HOLIDAY = "Holiday"
MAKE_UP_DAY = "Make-up Working Day"
END_OF_MONTH = "End of Month"
HOURS = "Hours"
WORKING_TIME = "Working Time"
CALENDAR_TIME = "Calendar Time"
HOUR = timedelta(hours=1)


def service_settings():
	return frappe.get_cached_doc(SETTINGS)


def working_calendar(settings=None) -> sla.WorkingCalendar:
	"""The office's working calendar: weekdays, hours, holidays and make-up days (调休)."""
	settings = settings or service_settings()
	weekdays = [index for index, field in enumerate(WEEKDAY_FIELDS) if settings.get(field)]
	days = settings.get("calendar_days") or []
	return sla.working_calendar(
		weekdays,
		settings.working_hours or sla.DEFAULT_HOURS,
		holidays=[row.day for row in days if row.kind == HOLIDAY],
		extra_working_days=[row.day for row in days if row.kind == MAKE_UP_DAY],
	)


def sla_calendar(settings=None) -> sla.WorkingCalendar:
	"""The calendar SLA clocks run in: working time or round the clock, as configured."""
	settings = settings or service_settings()
	if settings.time_basis == WORKING_TIME:
		return working_calendar(settings)
	return sla.CALENDAR_TIME


def warn_at(settings=None) -> float:
	settings = settings or service_settings()
	percent = settings.warning_percent if settings.warning_percent is not None else 80
	return sla.check_warn_at(float(percent) / 100)


def _hours(value) -> timedelta:
	return timedelta(hours=float(value or 0))


def category_lineage(category: str | None) -> list[str]:
	"""The category and its ancestors, nearest first."""
	if not category:
		return []
	bounds = frappe.db.get_value("RE Complaint Category", category, ["lft", "rgt"], as_dict=True)
	if not bounds or not bounds.lft:
		return [category]
	return frappe.get_all(
		"RE Complaint Category",
		filters={"lft": ("<=", bounds.lft), "rgt": (">=", bounds.rgt)},
		order_by="lft desc",
		pluck="name",
	)


def category_group(category: str | None) -> str | None:
	"""The category's top-level group below the root (Quality, Sales Promises …): a root's own
	children are their own group."""
	lineage = category_lineage(category)  # nearest first, the root last
	return lineage[-2] if len(lineage) >= 2 else (lineage[0] if lineage else None)


def target_row(settings, priority: str | None, category: str | None):
	"""The most specific target row: category and priority, then category (nearest ancestor
	first), then priority alone. None: the general targets apply."""
	rows = settings.get("sla_targets") or []
	if not rows:
		return None
	lineage = category_lineage(category)
	rank = {name: i for i, name in enumerate(lineage)}
	best, best_key = None, None
	for row in rows:
		if row.category and row.category not in rank:
			continue
		if row.priority and row.priority != priority:
			continue
		if not row.category and not row.priority:
			continue
		# a category match beats a priority match; a nearer category beats a farther one
		key = (0 if row.category else 1, rank.get(row.category, 0), 0 if row.priority else 1, row.idx)
		if best_key is None or key < best_key:
			best, best_key = row, key
	return best


def policy(priority: str | None = None, category: str | None = None, settings=None) -> sla.SlaPolicy:
	"""The SLA of a complaint of this priority and category."""
	settings = settings or service_settings()
	row = target_row(settings, priority, category)
	response = _hours(settings.response_hours)
	if row and row.response_hours:
		response = _hours(row.response_hours)
	source = row or settings
	if source.resolution_target == HOURS:
		resolution = _hours(source.resolution_hours)
		if resolution <= timedelta(0):
			raise RuleError("bad_sla_target", target=resolution)
	else:
		resolution = None
	return sla.SlaPolicy(
		calendar=sla_calendar(settings),
		response_within=response if response > timedelta(0) else None,
		resolution_within=resolution,
		month_min_days=int(source.month_min_days or 0),
		warn_at=warn_at(settings),
	)


def escalation_thresholds(settings=None) -> tuple[timedelta, ...]:
	settings = settings or service_settings()
	return sla.check_escalation_thresholds(
		(
			_hours(settings.assignee_after_hours),
			_hours(settings.manager_after_hours),
			_hours(settings.project_gm_after_hours),
		)
	)


def claim_thresholds(settings=None) -> list[tuple[Decimal | None, tuple]]:
	"""The approval bands, checked; the core's defaults while the table is empty."""
	settings = settings or service_settings()
	rows = settings.get("claim_thresholds") or []
	if not rows:
		return check_claim_thresholds(DEFAULT_CLAIM_THRESHOLDS, FULL_CHAIN)
	pairs = [(Decimal(str(row.max_amount)), int(row.steps or 0)) for row in rows]
	return check_claim_thresholds(pairs, FULL_CHAIN)


def step_deadline_days(settings=None) -> int:
	settings = settings or service_settings()
	days = settings.step_deadline_days
	return int(days) if days else DEFAULT_STEP_DAYS


def step_escalation_thresholds(settings=None) -> tuple[timedelta, ...]:
	"""After a step's deadline: remind its approvers at once, escalate some working days later."""
	settings = settings or service_settings()
	calendar = working_calendar(settings)
	days = int(settings.step_escalate_after_days or 0)
	return sla.check_escalation_thresholds((timedelta(0), calendar.day_length * days))


def department_manager(department: str | None, settings=None) -> str | None:
	settings = settings or service_settings()
	for row in settings.get("department_managers") or []:
		if row.department == department:
			return row.manager
	return None


def check_settings(settings) -> None:
	"""Build everything once, so that a setting that cannot work is refused when saved."""
	working_calendar(settings)
	policy(None, None, settings)
	for row in settings.get("sla_targets") or []:
		policy(row.priority, row.category, settings)
	escalation_thresholds(settings)
	claim_thresholds(settings)
	days = settings.step_deadline_days
	if days is not None and (int(days) < 1):
		raise RuleError("bad_step_days", days=days)
	step_escalation_thresholds(settings)


def ensure_defaults() -> None:
	"""Fill an empty settings record with the defaults of the documents; changes nothing set."""
	settings = frappe.get_single(SETTINGS)
	changed = False
	if not settings.working_hours:
		settings.working_hours = sla.DEFAULT_HOURS
		for field in WEEKDAY_FIELDS[:5]:
			settings.set(field, 1)
		changed = True
	if not settings.response_hours and not settings.resolution_target:
		settings.response_hours = 24
		settings.resolution_target = END_OF_MONTH
		settings.time_basis = CALENDAR_TIME
		settings.warning_percent = 80
		settings.manager_after_hours = 24
		settings.project_gm_after_hours = 72
		settings.step_deadline_days = DEFAULT_STEP_DAYS
		settings.step_escalate_after_days = 1
		settings.claim_escalation_role = VP_CUSTOMER_SERVICE
		changed = True
	if not settings.claim_thresholds:
		for limit, steps in DEFAULT_CLAIM_THRESHOLDS:
			settings.append("claim_thresholds", {"max_amount": float(limit), "steps": steps})
		changed = True
	if changed:
		settings.flags.ignore_permissions = True
		settings.save()
