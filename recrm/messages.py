"""The message catalogue: every core rule error's code as a translated sentence, and its
parameters as the user reads them (statuses, roles and core keys translated, money and dates
formatted)."""

from datetime import date
from decimal import Decimal

from frappe import _
from frappe.utils import fmt_money, formatdate

from recrm.core import RuleError
from recrm.core.keys import PARAM_FAMILIES


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
		"bad_referral_days": _("Referral days must be between 1 and {max}, not {days}."),
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
		# payment plans and schedules (recrm.core.payment_schedule)
		"bad_amount": _("'{amount}' is not an amount of money in yuan and fen."),
		"bad_percent": _("'{percent}' is not a percentage."),
		"unknown_payment_method": _("'{method}' is not a payment method."),
		"plan_empty": _("A payment plan needs at least one instalment."),
		"loan_purpose_in_plan": _(
			"Instalment {row} is for a loan ({purpose}): loans are entered on the contract with lender, amount and term, not in the payment plan."
		),
		"unknown_purpose": _("Instalment {row}: '{purpose}' is not a purpose of a payment."),
		"bad_share_percent": _(
			"Instalment {row}: a share must be more than 0% and at most 100%, not {percent}%."
		),
		"fixed_amount_not_positive": _(
			"Instalment {row}: a fixed amount must be greater than zero, not {amount}."
		),
		"unknown_share_type": _(
			"Instalment {row}: '{share}' is not a kind of share (percentage, fixed amount or remainder)."
		),
		"bad_due_days": _("The number of days must be a whole number between 0 and {max}, not {days}."),
		"due_date_required": _("Instalment {row} falls due on a date: enter the date."),
		"stage_required": _("Instalment {row} falls due at a construction stage: name the stage."),
		"stage_name_required": _("Name the construction stage that was reached."),
		"unknown_due_rule": _(
			"Instalment {row}: '{rule}' is not a due rule (on a date, days after signing, or at a construction stage)."
		),
		"several_remainders": _("Only one instalment may take the remainder of the price, not {count}."),
		"shares_over_100": _("The percentage shares add up to {total}%, more than 100%."),
		"percentages_leave_nothing": _(
			"The percentage shares add up to {total}%, leaving nothing for the fixed-amount or remainder instalments."
		),
		"loan_plan_needs_remainder": _(
			"A plan for payment by loan needs a remainder instalment (the down payment) to take what the loans leave."
		),
		"shares_under_100": _(
			"The instalments cover only {total}% of the price. Add a remainder instalment or raise the shares to 100%."
		),
		"unknown_loan_kind": _("'{kind}' is not a kind of loan."),
		"loan_not_in_method": _("Payment method {method} takes no loan of kind {kind}."),
		"duplicate_loan": _("A contract may have only one loan of kind {kind}."),
		"loan_amount_not_positive": _("The loan amount ({kind}) must be greater than zero, not {amount}."),
		"bad_loan_term": _("The term of the loan ({kind}) must be between 1 and {max} months, not {months}."),
		"lender_required": _("Enter the lender of the loan ({kind}): the bank or the housing-fund centre."),
		"loan_required": _("Payment method {method} needs a loan of kind {kind}."),
		"signing_date_required": _("Enter the signing date: the payment schedule counts from it."),
		"deposit_negative": _("The deposit cannot be negative ({deposit})."),
		"bad_down_payment_percent": _(
			"The minimum down payment must be between 0% and 100%, not {percent}%."
		),
		"due_date_before_signing": _(
			"Instalment {row} falls due on {due_date}, before the signing date {signed_on}."
		),
		"fixed_amounts_exceed_price": _("The fixed amounts add up to {amount}, more than the price {price}."),
		"shares_exceed_price": _("The instalments add up to {amount}, more than the price {price}."),
		"loans_exceed_price_less_down_payment": _(
			"Loans of {loans} leave nothing for the buyer's own down payment: they must stay below {limit}."
		),
		"nothing_left_for_remainder": _(
			"The other instalments take the whole price {price}, leaving nothing for the remainder."
		),
		"down_payment_below_minimum": _(
			"The down payment {amount} is below the minimum of {percent}% of the price ({minimum}). Reduce the loans."
		),
		"deposit_exceeds_own_payments": _(
			"The deposit {deposit} is more than the buyer's own payments ({limit})."
		),
		"stage_date_required": _("Enter the date the building reached stage {stage}."),
		"disbursal_date_required": _("Enter the date the loan ({kind}) was disbursed."),
		"unknown_construction_stage": _("'{stage}' is not a construction stage."),
		# contracts, receipts and reservations (recrm.core.contracts)
		"no_buyers": _("A contract needs at least one buyer."),
		"buyer_required": _("Every buyer row needs a customer."),
		"duplicate_buyer": _("{customer} is listed as a buyer more than once."),
		"bad_ownership_share": _(
			"The ownership share of {customer} must be above 0% and at most 100%, with at most two decimals, not {share}."
		),
		"ownership_not_100": _("The ownership shares add up to {total}%; they must add up to exactly 100%."),
		"discount_negative": _("A discount cannot be negative ({discount})."),
		"discount_over_100": _("A discount cannot be more than 100% ({discount}%)."),
		"unknown_discount_type": _("'{discount_type}' is not a kind of discount (percentage or amount)."),
		"below_floor_price": _(
			"The final price {price} is below the floor price {floor_price}: only an authorised approver may allow that."
		),
		"below_floor_price_hidden": _(
			"The final price {price} is below the unit's floor price: only the general manager may allow that."
		),
		"bad_authority_limit": _("The discount limit of {role} must be between 0% and 100%, not {limit}."),
		"receipt_not_positive": _("A receipt must be greater than zero, not {amount}."),
		"unknown_schedule_row": _("The payment schedule has no row {row}."),
		"receipt_exceeds_due": _(
			"The receipt {amount} is more than the {due} due. Hold the difference as credit or reduce the amount."
		),
		"bad_grace_days": _("Grace days must be a whole number of 0 or more, not {days}."),
		"paid_negative": _("The amount paid cannot be negative ({amount})."),
		"loan_paid_exceeds_paid": _(
			"The loan money paid ({loan_paid}) must be between zero and the total paid ({paid})."
		),
		"bad_penalty": _(
			"'{penalty}' is not a valid penalty: an amount of zero or more, or a percentage from 0 to 100."
		),
		"unknown_penalty_type": _("'{penalty_type}' is not a kind of penalty (percentage or amount)."),
		"schedule_empty": _("The new contract has no payment schedule."),
		"buyers_unchanged": _("The buyers and their shares are unchanged: there is nothing to change."),
		"original_buyer_required": _(
			"Keep at least one of the original buyers, or mark the change as a full transfer."
		),
		"deposit_not_positive": _("The deposit must be greater than zero, not {deposit}."),
		"deposit_exceeds_price": _("The deposit {deposit} is more than the agreed price {price}."),
		"reservation_dates_required": _("Enter both the reservation date and the valid-until date."),
		"valid_until_before_reserved_on": _(
			"Valid until {valid_until} is before the reservation date {reserved_on}."
		),
		"unknown_reservation_status": _("'{status}' is not a reservation status."),
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
		# complaints, compensation, satisfaction and measures (recrm/core/complaints.py, compensation.py,
		# surveys.py, measures.py)
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
		# every approval workflow, on every route (recrm/core/approvals.py)
		"approval_new_not_first": _("{record} starts as {first}, not {new}."),
		"approval_state_final": _("{record} is {state}: its approval is decided, it cannot go to {new}."),
		"approval_not_next_state": _("{record} is {state}: from there it goes to {options}, not to {new}."),
		"approval_not_your_step": _("{record} is {state}: only a user with role {roles} moves it to {new}."),
		"approval_own_request": _(
			"You raised {record}: another approver decides on it, not you. It stays {state}."
		),
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
		"unknown_survey_interval": _(
			"'{interval}' is not an interval for periodic surveys: Off, Quarterly, Half-Yearly or Yearly."
		),
		"bad_satisfaction_threshold": _(
			"The lowest score that counts as satisfied must be a whole number from {min} to {max}, not {threshold}."
		),
		"complaint_dates_out_of_order": _(
			"A complaint received at {received} cannot have been answered or resolved earlier, at {at}."
		),
		"bad_age_buckets": _(
			"Age buckets must be whole numbers of days above 0 in increasing order, not {bounds}."
		),
		"bad_pareto_counts": _("Category counts must be whole numbers of at least 0."),
		# handover: H1 (batches, readiness, keys)
		"construction_not_completed": _("the construction of the building is not Completed (it is {stage})"),
		"acceptance_filing_number_missing": _("the completion-acceptance filing number is not recorded"),
		"acceptance_filing_date_missing": _("the completion-acceptance filing date is not recorded"),
		"utilities_not_ready": _("the utilities (water, power, gas) are not ready"),
		"property_management_not_ready": _("property management is not ready"),
		"keys_not_received": _("the keys have not been received from the contractor"),
		"handover_window_missing": _("the handover window (from and to) is not set"),
		"handover_window_backwards": _("The handover window ends on {end}, before it starts on {start}."),
		"handover_before_acceptance": _(
			"The handover window starts on {start}, before the completion-acceptance filing of {filed}."
		),
		"bad_slot_length": _("A slot lasts between 5 minutes and a day, not {minutes} minutes."),
		"bad_appointments_per_slot": _("A slot needs room for at least one appointment, not {count}."),
		"bad_daily_hours": _("The daily hours end at {end}, not after they start at {start}."),
		"no_slots_in_window": _("No slot of {minutes} minutes fits into the daily hours of the window."),
		"too_many_slots": _(
			"The window and hours give more than {max} slots: make the slots longer or the window shorter."
		),
		"contract_not_paid_up": _(
			"the contract {contract} is not paid up ({outstanding} outstanding) and its loan is not disbursed"
		),
		"handover_documents_unsigned": _("handover documents not signed yet: {documents}"),
		"no_active_contract": _("the unit has no signed contract"),
		# handover: deed (recrm/core/deed.py)
		"deed_unknown_stage": _("{stage} is not a stage of a title deed."),
		"deed_same_stage": _("The title deed is already at {stage}."),
		"deed_date_missing": _("Give the date {stage} was reached."),
		"deed_stage_in_future": _("{stage} cannot be dated in the future ({date})."),
		"deed_stage_before_previous": _("{stage} cannot be dated before {current} ({date})."),
		"deed_stage_skipped": _(
			"Moving to {stage} skips {missing}: a title deed moves one stage at a time unless you give a reason."
		),
		"deed_stage_back": _("Moving the title deed back from {current} to {stage} needs a reason."),
		"deed_stage_after_current": _("{stage} cannot be dated: the title deed is only at {current}."),
		# handover: money (area reconciliation, late-delivery penalty; recrm/core/area.py, penalty.py)
		"contracted_area_not_positive": _("The contracted area must be greater than zero, not {area} m²."),
		"surveyed_area_not_positive": _("The surveyed area must be greater than zero, not {area} m²."),
		"surveyed_area_too_large": _(
			"The surveyed area {area} m² is more than twice the contracted area {contracted} m²: check the survey report."
		),
		"bad_area_threshold": _("The area threshold must be between 0 and 100%, not {threshold}%."),
		"bad_refund_multiplier": _("The refund multiplier must be between 1 and 10, not {multiplier}."),
		"bad_daily_rate": _("The daily penalty rate must be above 0 and at most {max}%, not {rate}%."),
		"bad_penalty_cap": _("The penalty cap must be between 0 and 100% of the price, not {cap}%."),
		"bad_cancel_after_days": _("The days after which the buyer may cancel cannot be negative ({days})."),
		"no_promised_handover_date": _("The contract has no promised handover date."),
		"no_handover_date": _("The building has no handover date to count the delay to."),
		"handed_over_on_time": _(
			"The handover on {handover} was on time (due by {due}): there is no late-delivery penalty."
		),
		# handover: inspection and warranty repairs (recrm/core/inspection.py, warranty.py)
		"unknown_trade": _("'{trade}' is not a trade of the inspection."),
		"defect_move_not_allowed": _("A defect cannot move from {from_status} to {to_status}."),
		"reinspect_not_fixed": _("Only a fixed defect is re-inspected; this one is {status}."),
		"bad_reinspection_result": _("A re-inspection is Passed or Failed, not '{result}'."),
		"confirm_not_fixed": _("Only a fixed defect can be confirmed; this one is {status}."),
		"not_fixed_needs_note": _("Please say what is still wrong with the defect."),
		"bad_outcome": _("'{outcome}' is not an outcome of the inspection."),
		"refusal_needs_reason": _("Enter the reason the buyer refused the keys."),
		"accepted_with_open_defects": _(
			"{count} defects are still open: record the outcome as Accepted with Open Defects."
		),
		"no_open_defects_to_accept": _(
			"No defect of this inspection is open: record the outcome as Accepted."
		),
		"unit_not_handed_over": _(
			"The keys of this unit have not been handed over yet: a warranty repair starts after handover."
		),
		"repair_before_handover": _("A repair asked for on {on} is before the handover on {handover}."),
		"warranty_period_not_positive": _("A warranty period must be at least 1, not {period}."),
		"bad_warranty_unit": _("A warranty period is in Years or Heating Seasons, not '{unit}'."),
		"quote_not_positive": _("The quote must be greater than zero, not {amount}."),
		# the club's points (recrm/core/club.py)
		"points_unknown_kind": _("'{kind}' is not a kind of points entry: Earn, Spend, Expire or Adjust."),
		"points_not_whole": _("Points must be a whole number other than 0, at most {max}, not {points}."),
		"points_insufficient": _("Only {balance} points are left: {points} points cannot be spent."),
		"points_bad_expiry_years": _("Points cannot stay valid for {years} years: give 0 or more."),
		# the club's events
		"event_not_open": _("This event is not open for registration ({status})."),
		"event_over": _("This event is over."),
		"registration_not_yet_open": _("Registration for this event opens on {opens}."),
		"registration_closed": _("Registration for this event closed on {closes}."),
		"event_members_only": _("Only active club members may come to the club's events."),
		"event_tier_too_low": _("This event is for members of a higher tier."),
		"event_owners_only": _("This event is for the owners of {project}."),
		"bad_member_code": _(
			"'{text}' is not a member code: scan the member's card or type a number like CM-000123."
		),
		# care after move-in (recrm/core/care.py)
		"revisit_no_handover": _("A revisit needs the handover date of the home."),
		"revisit_bad_years": _("A revisit cannot be {years} years after the handover: give 1 or more."),
		"reminder_bad_days": _("Reminders can be sent 0 to {max} days ahead, not {days}."),
		"reminder_unknown_kind": _("'{kind}' is not a kind of reminder: Birthday or Handover Anniversary."),
		"fund_unknown_kind": _("'{kind}' is not a kind of fund entry: Contribution or Works."),
		"fund_bad_amount": _("The {field} must be an amount of 0 or more, not {amount}."),
		"fund_zero_amount": _("A fund entry needs an amount above 0."),
		"fund_overdrawn": _("The fund holds only {balance}: {amount} cannot be paid from it."),
		"fund_more_than_cost": _("The fund cannot pay {amount} for works that cost {cost}."),
	}


# parameters holding an amount of money, shown with thousands separators and two decimals
MONEY_PARAMS = frozenset(
	{"amount", "price", "deposit", "due", "floor_price", "loans", "minimum", "loan_paid", "paid"}
)
# "limit" is money for these codes and a percentage for bad_authority_limit
MONEY_LIMIT_CODES = frozenset({"loans_exceed_price_less_down_payment", "deposit_exceeds_own_payments"})


def translate_params(params: dict, code: str | None = None) -> dict:
	"""The parameters of a rule error as the user reads them: statuses and role names translated,
	core keys (``down_payment``, ``on_stage`` …) replaced by their translated labels, money and
	dates formatted."""
	shown = {}
	for name, value in params.items():
		if isinstance(value, str) and name in (
			"status",
			"from_status",
			"to_status",
			"stage",
			"current",
			"missing",
			"role",
		):
			value = _(value)
		elif isinstance(value, str) and name in PARAM_FAMILIES:
			value = _(PARAM_FAMILIES[name].get(value, value))
		elif isinstance(value, Decimal) and (
			name in MONEY_PARAMS or (name == "limit" and code in MONEY_LIMIT_CODES)
		):
			value = fmt_money(value, precision=2)
		elif isinstance(value, date):
			value = formatdate(value)
		shown[name] = value
	return shown


def survey_question_labels() -> dict[str, str]:
	"""The survey's questions (``recrm.core.surveys.QUESTIONS``) as the form labels them."""
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
	if key in ("step", "current", "state", "new", "first") and isinstance(value, str):
		return _(value)
	if key in ("options", "roles") and isinstance(value, tuple | list):
		return ", ".join(_(v) for v in value)
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
	params = {key: format_param(key, value) for key, value in error.params.items()}
	message = template.format(**translate_params(params, error.code))
	return _("{0}: {1}").format(subject, message) if subject else message
