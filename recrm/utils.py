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


class PortalRuleError(frappe.ValidationError):
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
		# the buyer portal: places, bookings, title deed steps, photos (recrm/core/handover.py, photos.py)
		"bad_places_wanted": _("Book at least one place, not {wanted}."),
		"no_places_left": _("{left} places are left; {wanted} were asked for."),
		"bad_party_size": _("Sign up between 1 and {max} persons, not {persons}."),
		"not_open_for_booking": _("This is not open for booking."),
		"already_begun": _("This began at {starts} and can no longer be booked."),
		"too_late_to_change": _(
			"Bookings can be changed or cancelled until {hours} hours before they start. For a later change, call customer service."
		),
		"step_skipped": _("{step} needs {missing} to be dated first."),
		"step_in_future": _("{step} cannot be dated in the future ({date})."),
		"steps_out_of_order": _("{step} cannot be dated before {earlier}."),
		"not_a_photo": _("{name} is not a photo: upload a {accepted} image."),
		"photo_too_large": _("{name} is {size} MB; a photo may be at most {max} MB."),
		"photo_content_mismatch": _("{name} is not the image its name says. Upload a {accepted} photo."),
		"bad_phone": _(
			"'{phone}' is not a phone number that can be dialled. Type it with its area code, like 138 0013 8000 or 0514-8796 1234."
		),
		"bad_country_code": _("'{country}' is not a country calling code."),
		"bad_protection_days": _("Protection days must be between 1 and {max}, not {days}."),
		"prospect_protected": _(
			"{owner} protects this customer in this project: you can claim them from {until} on, or ask your sales manager."
		),
		"bad_date": _("'{value}' is not a date."),
		"unknown_stage": _("'{stage}' is not a lifecycle stage."),
		"unknown_stage_cause": _("'{cause}' is not a cause of a stage change."),
		"bad_customer_facts": _("{field} cannot be {value}."),
		"negative_grading_weight": _("{weight} cannot be {value}: a weight is zero or more."),
		"grading_weights_all_zero": _("At least one of the three weights must be more than zero."),
		"bad_grading_full_value": _("{field} must be an amount greater than zero, not {value}."),
		"negative_grading_points": _("{field} cannot be {value}: points are zero or more."),
		"bad_grading_thresholds": _(
			"The lowest scores of grades A, B and C must be three numbers from 0 to 100, not {thresholds}."
		),
		"grading_thresholds_not_descending": _(
			"The lowest score of grade A must be above that of B, and B above C; {thresholds} are not."
		),
		"bad_value_facts": _("The value fact {field} cannot be {value}."),
		"bad_household_facts": _("The household fact {field} cannot be {value}."),
		"bad_affordability_bands": _("The affordability bands must start at 0 and rise, not {bands}."),
		"bad_affordability_amount": _("{field} cannot be {value}."),
		"unknown_life_stage": _("'{life_stage}' is not a life stage."),
		"unknown_affordability": _("'{affordability}' is not an affordability band."),
		"bad_pareto_share": _("The top share must be more than 0 and at most 1, not {share}."),
		"bad_value": _("A customer's value cannot be {value}."),
	}


def translate_statuses(params: dict) -> dict:
	return {
		k: _(v) if k in ("status", "from_status", "to_status") and isinstance(v, str) else v
		for k, v in params.items()
	}


def rule_message(error: RuleError, subject: str | None = None) -> str:
	template = rule_messages().get(error.code, error.code)
	message = template.format(**translate_statuses(error.params))
	return _("{0}: {1}").format(subject, message) if subject else message


def throw_rule_error(error: RuleError, subject: str | None = None, exc=InventoryRuleError, title=None):
	frappe.throw(rule_message(error, subject), exc=exc, title=title or _("Not Allowed"))
