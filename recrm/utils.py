"""Glue between the framework-free core and Frappe: translated messages for rule errors."""

import frappe
from frappe import _

from recrm.core import RuleError


class UnitStatusError(frappe.ValidationError):
	pass


class InventoryRuleError(frappe.ValidationError):
	pass


class SalesRuleError(frappe.ValidationError):
	pass


class DuplicateCustomerError(frappe.ValidationError):
	pass


class ServiceRuleError(frappe.ValidationError):
	pass


class ClaimApprovalError(frappe.ValidationError):
	pass


class SurveyError(frappe.ValidationError):
	pass


def rule_messages() -> dict[str, str]:
	# literals inside _() so that the translation extractor sees every one of them
	return {
		"bad_floor_list": _("'{part}' is not a floor number or range. Write them like 4, 13, 14 or 13-14."),
		"bad_floor_count": _("A building needs between 1 and {max} floors above ground, not {floors}."),
		"bad_basement_count": _(
			"A building may have between 0 and 10 basement floors, not {basement_floors}."
		),
		"bad_pattern": _(
			"Numbering pattern '{pattern}' is not valid: use {{floor}}, {{unit}} and {{building}}, optionally padded like {{unit:02}}."
		),
		"pattern_needs_floor_and_unit": _(
			"Numbering pattern '{pattern}' must contain both {{floor}} and {{unit}} so that every unit number is unique."
		),
		"bad_units_per_floor": _("Units per floor must be between 1 and {max}, not {units_per_floor}."),
		"duplicate_unit_number": _(
			"Numbering pattern '{pattern}' gives two units the number {unit_number}. Pad the unit, e.g. {{floor}}{{unit:02}}."
		),
		"area_not_positive": _("The area must be greater than zero, not {area}."),
		"price_not_positive": _("The price must be greater than zero, not {price}."),
		"bad_percentage": _("A change of {percentage}% would leave no price at all."),
		"gross_area_not_positive": _("Gross area must be greater than zero, not {area} m²."),
		"net_area_not_positive": _("Net area must be greater than zero, not {area} m²."),
		"net_area_exceeds_gross": _("Net area {net} m² is larger than the gross area {gross} m²."),
		"floor_price_negative": _("Floor price cannot be negative ({price})."),
		"floor_price_above_list": _("Floor price {floor_price} is above the list price {price}."),
		"unknown_status": _("'{status}' is not a unit status."),
		"status_unchanged": _("The unit is already {status}."),
		"transition_not_allowed": _("A unit that is {from_status} cannot become {to_status}."),
		"unknown_action": _("'{action}' is not an action on units."),
		"action_not_allowed": _("This action is not possible on a unit that is {from_status}."),
		"bad_phone": _(
			"'{phone}' is not a phone number that can be dialled. Type it with its area code, like 138 0013 8000 or 0514-8796 1234."
		),
		"bad_country_code": _("'{country}' is not a country calling code."),
		"bad_protection_days": _("Protection days must be between 1 and {max}, not {days}."),
		"bad_date": _("'{value}' is not a date."),
		"unknown_stage": _("'{stage}' is not a lifecycle stage."),
		"unknown_stage_cause": _("'{cause}' is not a cause of a stage change."),
		"bad_customer_facts": _("{field} cannot be {value}."),
		# service desk: SLA clocks (recrm/core/sla.py)
		"bad_datetime": _("'{value}' is not a date and time."),
		"bad_weekday": _("'{weekday}' is not a day of the week (0 = Monday … 6 = Sunday)."),
		"bad_working_hours": _(
			"Working hours '{hours}' are not valid. Write them like 09:00-12:00, 13:30-18:00."
		),
		"overlapping_working_hours": _("The periods of the working hours '{hours}' overlap."),
		"no_working_time": _(
			"A working calendar needs at least one working day and one period of working hours."
		),
		"holiday_is_working_day": _("{day} is listed both as a holiday and as a make-up working day."),
		"calendar_time_has_no_holidays": _(
			"A round-the-clock (24×7) calendar has no holidays or make-up days."
		),
		"bad_duration": _("'{duration}' is not a duration."),
		"negative_duration": _("A duration cannot be negative ({duration})."),
		"bad_working_days": _("The number of working days must be a whole number of at least 0, not {days}."),
		"bad_pause": _("A pause must end after it starts, not run from {start} to {end}."),
		"bad_month_min_days": _(
			"The minimum number of days to resolve must be a whole number of at least 0, not {days}."
		),
		"bad_calendar": _("The SLA policy needs a working calendar."),
		"bad_sla_target": _("An SLA target must be a positive duration, not {target}."),
		"bad_warning_fraction": _(
			"The warning point must be a fraction above 0 and at most 1 (such as 0.8), not {fraction}."
		),
		"stopped_before_start": _("The clock cannot stop at {stopped_at}, before it started at {start}."),
		"reopen_unresolved": _("Only a resolved complaint can be reopened."),
		"reopened_before_resolved": _(
			"A complaint resolved at {resolved_at} cannot be reopened earlier, at {reopened_at}."
		),
		"bad_escalation_thresholds": _(
			"Escalation thresholds must be durations of at least 0 in increasing order, not {thresholds}."
		),
		"bad_escalation_level": _("The escalation level must be between 0 and {max}, not {level}."),
		# complaints, compensation, satisfaction and measures (recrm/core/complaints.py)
		"unknown_complaint_status": _("'{status}' is not a complaint status."),
		"complaint_status_unchanged": _("The complaint is already {status}."),
		"complaint_transition_not_allowed": _("A complaint that is {from_status} cannot become {to_status}."),
		"complaint_history_empty": _("The complaint has no status history."),
		"complaint_must_start_open": _(
			"A complaint's status history must begin when it was received, not with {status}."
		),
		"complaint_history_out_of_order": _(
			"The status change at {at} is earlier than the one before it at {previous}."
		),
		"claim_amount_not_positive": _("A compensation claim must be for more than zero, not {amount}."),
		"bad_claim_amount": _("'{amount}' is not an amount."),
		"bad_approval_chain": _(
			"An approval chain needs at least one step and each step only once, not {chain}."
		),
		"bad_claim_thresholds": _(
			"Approval thresholds must rise by amount, and a larger amount must need every approval a smaller one needs: {thresholds}."
		),
		"unknown_claim_step": _("'{step}' is not a step of the approval chain."),
		"bad_claim_trail": _("The approvals so far ({approved}) do not follow the approval chain ({chain})."),
		"claim_fully_approved": _(
			"This claim has passed every approval step: there is nothing left to approve."
		),
		"claim_step_out_of_order": _(
			"This claim is waiting for {current}: {step} cannot approve before that."
		),
		"claim_step_already_approved": _(
			"Your step of this claim is already approved; it is now waiting for {current}."
		),
		"not_your_claim_step": _("This claim is waiting for {current}; you cannot approve it."),
		"bad_step_days": _(
			"A step's deadline must be a whole number of working days, at least 1, not {days}."
		),
		"bad_step_trail": _("Step {step} cannot end at {left}, before it began at {entered}."),
		"no_values": _("There are no values to compute a percentile from."),
		"bad_survey_score": _(
			"The score for {question} must be a whole number from {min} to {max}, not {score}."
		),
		"unknown_survey_question": _("'{question}' is not a question of the satisfaction survey."),
		"survey_overall_required": _("Please give an overall score."),
		"survey_not_yours": _("This survey was sent to another customer."),
		"survey_already_answered": _("This survey was already answered on {answered_at}."),
		"bad_satisfaction_threshold": _(
			"The lowest score that counts as satisfied must be a whole number from {min} to {max}, not {threshold}."
		),
		"complaint_dates_out_of_order": _(
			"A complaint received at {received} cannot have been answered or resolved earlier, at {at}."
		),
		"bad_age_buckets": _(
			"Age buckets must be whole numbers of days above 0 in increasing order, not {bounds}."
		),
		"bad_pareto_share": _("The share must be a fraction above 0 and at most 1, not {share}."),
		"bad_pareto_counts": _("Category counts must be whole numbers of at least 0."),
	}


def survey_question_labels() -> dict[str, str]:
	"""The survey's questions (``recrm.core.complaints.QUESTIONS``) as the form labels them."""
	return {
		"overall": _("Overall"),
		"product": _("Product and Service Core"),
		"process": _("Process and Support"),
		"technical": _("Technical Performance"),
		"interaction": _("Interaction with the Company"),
		"emotional": _("Emotional Factors"),
	}


def format_param(key: str, value):
	"""A rule error's parameter as a message shows it: dates and times in the user's format,
	durations in hours, roles and survey questions by their translated names."""
	from datetime import date, datetime, timedelta

	from frappe.utils import format_date, format_datetime

	if isinstance(value, datetime):
		return format_datetime(value)
	if isinstance(value, date):
		return format_date(value)
	if isinstance(value, timedelta):
		return _("{0} h").format(f"{value.total_seconds() / 3600:g}")
	if isinstance(value, tuple | list) and value and all(isinstance(v, timedelta) for v in value):
		return ", ".join(format_param(key, v) for v in value)
	if key in ("step", "current") and isinstance(value, str):
		return _(value)
	if key == "question" and isinstance(value, str):
		return survey_question_labels().get(value, value)
	return value


def translate_statuses(params: dict) -> dict:
	return {
		k: _(v) if k in ("status", "from_status", "to_status") and isinstance(v, str) else v
		for k, v in params.items()
	}


def rule_message(error: RuleError, subject: str | None = None) -> str:
	template = rule_messages().get(error.code, error.code)
	params = {key: format_param(key, value) for key, value in translate_statuses(error.params).items()}
	message = template.format(**params)
	return _("{0}: {1}").format(subject, message) if subject else message


def throw_rule_error(error: RuleError, subject: str | None = None, exc=InventoryRuleError, title=None):
	frappe.throw(rule_message(error, subject), exc=exc, title=title or _("Not Allowed"))
