import time as clock
from datetime import date, datetime, time, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from recrm.core import RuleError
from recrm.core.sla import (
	ASSIGNEE,
	BREACHED,
	CALENDAR_TIME,
	DAY,
	DEFAULT_ESCALATION_AFTER,
	MANAGER,
	MET,
	MET_LATE,
	NO_ESCALATION,
	OK,
	PROJECT_GM,
	WARNING,
	ZERO,
	Clock,
	SlaPolicy,
	WorkingCalendar,
	as_datetime,
	calendar_time,
	deadline,
	elapsed,
	escalation_level,
	escalations_due,
	evaluate,
	merge_pauses,
	month_end,
	month_target,
	parse_hours,
	reopened_clock,
	resolution_clock,
	response_clock,
	working_calendar,
)

H = timedelta(hours=1)
M = timedelta(minutes=1)

# National Day 2024: 1-7 October off, Sunday 29 September and Saturday 12 October worked (调休);
# Mid-Autumn: 15-17 September off, Saturday 14 September worked
HOLIDAYS = [date(2024, 10, d) for d in range(1, 8)] + [date(2024, 9, d) for d in (15, 16, 17)]
MAKE_UP_DAYS = [date(2024, 9, 29), date(2024, 10, 12), date(2024, 9, 14)]
CAL = working_calendar(
	weekdays=(0, 1, 2, 3, 4),
	hours="09:00-12:00, 13:30-18:00",
	holidays=HOLIDAYS,
	extra_working_days=MAKE_UP_DAYS,
)
PLAIN = working_calendar()  # Monday to Friday, same hours, no holidays


def dt(text: str) -> datetime:
	return datetime.fromisoformat(text)


# ---- calendars -----------------------------------------------------------------------------------


def test_hours_are_parsed_from_text_or_pairs():
	nine, noon = timedelta(hours=9), timedelta(hours=12)
	assert parse_hours("09:00-12:00") == ((nine, noon),)
	assert parse_hours("13:30-18:00; 09:00-12:00") == ((nine, noon), (timedelta(hours=13.5), 18 * H))
	assert parse_hours([("09:00", "12:00")]) == ((nine, noon),)
	assert parse_hours([(time(9), time(12))]) == ((nine, noon),)
	assert parse_hours("22:00-24:00,00:00-06:00") == ((ZERO, 6 * H), (22 * H, DAY))
	# periods may touch
	assert len(parse_hours("09:00-12:00,12:00-13:00")) == 2


@pytest.mark.parametrize(
	"hours",
	["9-12", "09:00", "12:00-09:00", "09:00-09:00", "09:00-25:00", "09:60-10:00", "a-b", [(9, 12)], 42],
)
def test_bad_hours_are_refused(hours):
	with pytest.raises(RuleError) as error:
		parse_hours(hours)
	assert error.value.code == "bad_working_hours"


def test_overlapping_hours_are_refused():
	with pytest.raises(RuleError) as error:
		parse_hours("09:00-12:30,12:00-18:00")
	assert error.value.code == "overlapping_working_hours"


@pytest.mark.parametrize(
	"kwargs,code",
	[
		({"weekdays": (0, 7)}, "bad_weekday"),
		({"weekdays": (True,)}, "bad_weekday"),
		({"weekdays": (1.0,)}, "bad_weekday"),
		({"weekdays": 5}, "bad_weekday"),
		({"weekdays": ()}, "no_working_time"),
		({"hours": ""}, "no_working_time"),
		({"holidays": ["2024-10-01"], "extra_working_days": ["2024-10-01"]}, "holiday_is_working_day"),
		({"holidays": ["not a date"]}, "bad_date"),
	],
)
def test_bad_calendars_are_refused(kwargs, code):
	with pytest.raises(RuleError) as error:
		working_calendar(**kwargs)
	assert error.value.code == code


def test_calendar_time_has_no_holidays():
	with pytest.raises(RuleError) as error:
		WorkingCalendar(
			frozenset(range(7)), ((ZERO, DAY),), holidays=frozenset({date(2024, 1, 1)}), always_open=True
		)
	assert error.value.code == "calendar_time_has_no_holidays"
	assert calendar_time() == CALENDAR_TIME
	assert CALENDAR_TIME.day_length == DAY


def test_working_days():
	assert CAL.day_length == timedelta(hours=7.5)
	assert CAL.is_working_day(date(2024, 9, 27))  # Friday
	assert not CAL.is_working_day(date(2024, 9, 28))  # Saturday
	assert CAL.is_working_day(date(2024, 9, 29))  # Sunday, make-up day
	assert not CAL.is_working_day(date(2024, 10, 1))  # National Day
	assert not CAL.is_working_day(date(2024, 10, 5))  # Saturday within the holiday
	assert CAL.is_working_day(date(2024, 10, 12))  # Saturday, make-up day
	assert CALENDAR_TIME.is_working_day(date(2024, 10, 1))


def test_working_days_between_counts_holidays_and_make_up_days():
	# 23 Sep - 13 Oct 2024: 15 weekdays, less 5 National Day weekdays, plus two make-up days
	assert CAL.working_days_between(date(2024, 9, 23), date(2024, 10, 13)) == 12
	assert PLAIN.working_days_between(date(2024, 9, 23), date(2024, 10, 13)) == 15
	assert CAL.working_days_between(date(2024, 9, 30), date(2024, 9, 30)) == 1
	assert CAL.working_days_between(date(2024, 10, 2), date(2024, 10, 1)) == 0
	assert CALENDAR_TIME.working_days_between(date(2024, 1, 1), date(2024, 12, 31)) == 366


def test_working_time_instants():
	assert CAL.is_working_time(dt("2024-09-30 09:00"))
	assert not CAL.is_working_time(dt("2024-09-30 12:00"))  # lunch starts at noon sharp
	assert CAL.is_working_time(dt("2024-09-30 13:30"))
	assert not CAL.is_working_time(dt("2024-09-30 18:00"))
	assert not CAL.is_working_time(dt("2024-10-01 10:00"))
	assert CAL.is_working_time("2024-09-29 10:00")


# ---- adding working time -------------------------------------------------------------------------


@pytest.mark.parametrize(
	"start,hours,due",
	[
		("2024-09-30 09:00", 1, "2024-09-30 10:00"),
		# a deadline that uses up the morning lands at noon, not after lunch
		("2024-09-30 09:00", 3, "2024-09-30 12:00"),
		("2024-09-30 11:00", 2, "2024-09-30 14:30"),
		# ... and one that uses up the day lands at 18:00, not the next morning
		("2024-09-30 09:00", 7.5, "2024-09-30 18:00"),
		("2024-09-30 12:00", 1, "2024-09-30 14:30"),  # started during lunch
		("2024-09-30 12:45", 4.5, "2024-09-30 18:00"),
		("2024-09-30 07:00", 1, "2024-09-30 10:00"),  # before opening
		("2024-09-30 18:00", 1, "2024-10-08 10:00"),  # Monday night, then the National Day holiday
		("2024-09-27 17:00", 2, "2024-09-29 10:00"),  # Friday, then the make-up Sunday
		("2024-09-28 10:00", 1, "2024-09-29 10:00"),  # Saturday waits for the make-up Sunday
		("2024-10-11 17:00", 2, "2024-10-12 10:00"),  # Friday, then the make-up Saturday
		("2024-09-13 17:30", 1, "2024-09-14 09:30"),  # Mid-Autumn make-up Saturday
		("2024-09-14 17:00", 2, "2024-09-18 10:00"),  # ... then three days off
		("2024-09-30 17:00", 24, "2024-10-11 09:30"),
	],
)
def test_add_working_time(start, hours, due):
	assert CAL.add(dt(start), timedelta(hours=hours)) == dt(due)


def test_add_on_a_plain_week():
	# Friday 17:00 + 2 h: one hour on Friday, one on Monday
	assert PLAIN.add(dt("2024-09-27 17:00"), 2 * H) == dt("2024-09-30 10:00")
	assert PLAIN.add(dt("2024-09-27 18:00"), 7.5 * H) == dt("2024-09-30 18:00")


def test_add_nothing_is_the_start_even_at_night():
	assert CAL.add(dt("2024-10-01 23:00"), ZERO) == dt("2024-10-01 23:00")


def test_add_refuses_negative_or_odd_durations():
	with pytest.raises(RuleError) as error:
		CAL.add(dt("2024-09-30 09:00"), -H)
	assert error.value.code == "negative_duration"
	with pytest.raises(RuleError) as error:
		CAL.add(dt("2024-09-30 09:00"), 3)
	assert error.value.code == "bad_duration"


def test_add_long_durations_jumps_whole_weeks():
	start = dt("2024-09-02 09:00")
	due = CAL.add(start, 200 * CAL.day_length)
	assert CAL.between(start, due) == 200 * CAL.day_length
	assert due.time() == time(18)  # the end of a working day


def test_calendar_time_is_plain_arithmetic():
	start = dt("2024-10-01 23:30")
	assert CALENDAR_TIME.add(start, 24 * H) == dt("2024-10-02 23:30")
	assert CALENDAR_TIME.between(start, dt("2024-10-03 00:30")) == 25 * H


def test_add_working_days():
	# entered Friday 15:00, two working days: Tuesday 15:00
	assert PLAIN.add_working_days(dt("2024-09-20 15:00"), 2) == dt("2024-09-24 15:00")
	# the same across National Day: Monday 30 September, Tuesday 8 October
	assert CAL.add_working_days(dt("2024-09-27 15:00"), 2) == dt("2024-09-30 15:00")
	assert CAL.add_working_days(dt("2024-09-30 15:00"), 1) == dt("2024-10-08 15:00")
	# entered on a Saturday: the end of the second working day
	assert PLAIN.add_working_days(dt("2024-09-21 10:00"), 2) == dt("2024-09-24 18:00")
	assert CALENDAR_TIME.add_working_days(dt("2024-09-21 10:00"), 2) == dt("2024-09-23 10:00")
	for bad in (-1, 1.5, True):
		with pytest.raises(RuleError) as error:
			PLAIN.add_working_days(dt("2024-09-21 10:00"), bad)
		assert error.value.code == "bad_working_days"


def test_a_night_shift_across_midnight():
	night = working_calendar(weekdays=range(7), hours="00:00-06:00,22:00-24:00")
	assert night.day_length == 8 * H
	assert night.add(dt("2024-03-01 23:00"), 2 * H) == dt("2024-03-02 01:00")
	assert night.add(dt("2024-03-01 12:00"), 2 * H) == dt("2024-03-02 00:00")
	assert night.between(dt("2024-03-01 21:00"), dt("2024-03-02 07:00")) == 8 * H


# ---- working time between ------------------------------------------------------------------------


@pytest.mark.parametrize(
	"start,end,hours",
	[
		("2024-09-30 09:00", "2024-09-30 18:00", 7.5),
		("2024-09-30 11:00", "2024-09-30 14:00", 1.5),
		("2024-09-30 12:10", "2024-09-30 13:20", 0),  # all lunch
		("2024-09-30 17:00", "2024-10-08 10:00", 2),  # over National Day
		("2024-09-27 17:00", "2024-09-30 10:00", 1 + 7.5 + 1),  # Friday, make-up Sunday, Monday
		("2024-10-05 08:00", "2024-10-06 20:00", 0),  # a holiday weekend
		("2024-09-23 09:00", "2024-10-13 23:00", 12 * 7.5),
	],
)
def test_between(start, end, hours):
	assert CAL.between(dt(start), dt(end)) == timedelta(hours=hours)
	assert CAL.between(dt(end), dt(start)) == -timedelta(hours=hours)


def test_between_accepts_strings_and_dates():
	assert CAL.between("2024-09-30 09:00:00", date(2024, 10, 1)) == 7.5 * H


@pytest.mark.parametrize(
	"value",
	["yesterday", 20240930, None, datetime(2024, 9, 30, tzinfo=None).astimezone(), "2024-09-30T10:00+08:00"],
)
def test_bad_datetimes_are_refused(value):
	with pytest.raises(RuleError) as error:
		as_datetime(value)
	assert error.value.code == "bad_datetime"


# ---- pauses --------------------------------------------------------------------------------------


def test_pauses_are_sorted_and_merged():
	a, b, c, d = (
		dt("2024-03-01 10:00"),
		dt("2024-03-01 11:00"),
		dt("2024-03-01 12:00"),
		dt("2024-03-01 13:00"),
	)
	assert merge_pauses([(c, d), (a, b)]) == [(a, b), (c, d)]
	assert merge_pauses([(a, c), (b, d)]) == [(a, d)]
	assert merge_pauses([(a, b), (b, c)]) == [(a, c)]  # touching
	assert merge_pauses([(a, a), (b, c)]) == [(b, c)]  # empty pauses vanish
	assert merge_pauses([(a, b), (b, None), (c, d)]) == [(a, None)]  # an open pause swallows the rest
	assert merge_pauses([(a, None)], until=c) == [(a, c)]
	assert merge_pauses([(a, d), (d, None)], until=c) == [(a, c)]
	assert merge_pauses([(c, d)], until=b) == []


def test_a_pause_ending_before_it_starts_is_refused():
	with pytest.raises(RuleError) as error:
		merge_pauses([(dt("2024-03-01 10:00"), dt("2024-03-01 09:00"))])
	assert error.value.code == "bad_pause"
	with pytest.raises(RuleError) as error:
		merge_pauses([dt("2024-03-01 10:00")])
	assert error.value.code == "bad_pause"


def test_a_pause_over_the_night_shifts_the_deadline_by_the_working_time_it_covers():
	start = dt("2024-09-23 10:00")  # Monday
	assert deadline(PLAIN, start, 8 * H) == dt("2024-09-24 10:30")
	# awaiting the customer from Monday 17:00 to Tuesday 11:00: 1 h + 2 h of working time
	pause = (dt("2024-09-23 17:00"), dt("2024-09-24 11:00"))
	assert deadline(PLAIN, start, 8 * H, [pause]) == dt("2024-09-24 15:00")
	assert elapsed(PLAIN, start, dt("2024-09-24 15:00"), [pause]) == 8 * H


def test_a_pause_at_night_only_costs_nothing():
	start = dt("2024-09-23 10:00")
	pause = (dt("2024-09-23 19:00"), dt("2024-09-24 08:00"))
	assert deadline(PLAIN, start, 8 * H, [pause]) == deadline(PLAIN, start, 8 * H)


def test_a_deadline_landing_on_the_start_of_a_pause_stays_there():
	start = dt("2024-09-23 09:00")
	pause = (dt("2024-09-23 12:00"), dt("2024-09-23 16:00"))
	assert deadline(PLAIN, start, 3 * H, [pause]) == dt("2024-09-23 12:00")
	assert deadline(PLAIN, start, 3 * H + M, [pause]) == dt("2024-09-23 16:01")


def test_pauses_before_the_start_or_covering_it():
	start = dt("2024-09-23 10:00")
	before = (dt("2024-09-20 10:00"), dt("2024-09-20 12:00"))
	assert deadline(PLAIN, start, H, [before]) == dt("2024-09-23 11:00")
	covering = (dt("2024-09-23 09:00"), dt("2024-09-23 14:30"))
	assert deadline(PLAIN, start, H, [covering]) == dt("2024-09-23 15:30")
	assert deadline(PLAIN, start, ZERO, [covering]) == dt("2024-09-23 14:30")
	assert elapsed(PLAIN, start, dt("2024-09-23 15:30"), [covering]) == H


def test_an_open_pause_stops_the_clock_for_good():
	start = dt("2024-09-23 10:00")
	assert deadline(PLAIN, start, 8 * H, [(dt("2024-09-23 11:00"), None)]) is None
	# ... unless the deadline falls before it
	assert deadline(PLAIN, start, H, [(dt("2024-09-23 11:00"), None)]) == dt("2024-09-23 11:00")
	assert elapsed(PLAIN, start, dt("2024-09-24 10:00"), [(dt("2024-09-23 11:00"), None)]) == H


def test_elapsed_is_zero_before_the_start():
	assert elapsed(PLAIN, dt("2024-09-23 10:00"), dt("2024-09-23 09:00")) == ZERO


# ---- month targets -------------------------------------------------------------------------------


def test_month_end():
	assert month_end(dt("2024-02-10 10:00")) == datetime(2024, 2, 29, 23, 59, 59, 999999)
	assert month_end(dt("2024-12-31 23:59")) == datetime(2024, 12, 31, 23, 59, 59, 999999)
	assert month_end("2023-02-01") == datetime(2023, 2, 28, 23, 59, 59, 999999)


def test_a_complaint_received_on_the_last_evening_is_still_due_that_month():
	assert month_target(dt("2024-03-31 20:00")) == month_end(dt("2024-03-31"))


def test_a_minimum_of_days_moves_a_late_complaint_into_the_next_month():
	# three calendar days from 30 March 20:00
	assert month_target(dt("2024-03-30 20:00"), 3) == dt("2024-04-02 20:00")
	# three working days from Friday 29 March 17:00 on the plain calendar: Wednesday 3 April 17:00
	assert month_target(dt("2024-03-29 17:00"), 3, PLAIN) == dt("2024-04-03 17:00")
	# early in the month the minimum changes nothing
	assert month_target(dt("2024-03-05 10:00"), 3, PLAIN) == month_end(dt("2024-03-05"))
	for bad in (-1, 1.5, True):
		with pytest.raises(RuleError) as error:
			month_target(dt("2024-03-05 10:00"), bad)
		assert error.value.code == "bad_month_min_days"


# ---- policy and clocks ---------------------------------------------------------------------------


@pytest.mark.parametrize(
	"kwargs,code",
	[
		({"calendar": "24x7"}, "bad_calendar"),
		({"response_within": ZERO}, "bad_sla_target"),
		({"resolution_within": 24}, "bad_sla_target"),
		({"month_min_days": -2}, "bad_month_min_days"),
		({"month_min_days": "3"}, "bad_month_min_days"),
		({"warn_at": 0}, "bad_warning_fraction"),
		({"warn_at": 1.2}, "bad_warning_fraction"),
		({"warn_at": True}, "bad_warning_fraction"),
	],
)
def test_bad_policies_are_refused(kwargs, code):
	with pytest.raises(RuleError) as error:
		SlaPolicy(**kwargs)
	assert error.value.code == code


def test_the_default_policy_responds_in_24_hours_and_resolves_within_the_month():
	policy = SlaPolicy()
	received = dt("2024-03-10 15:00")
	assert response_clock(policy, received).due == dt("2024-03-11 15:00")
	assert resolution_clock(policy, received).due == month_end(received)
	assert response_clock(SlaPolicy(response_within=None), received) is None


def test_a_month_target_runs_in_calendar_time_even_with_working_hours():
	policy = SlaPolicy(calendar=PLAIN)
	received = dt("2024-08-20 10:00")
	clock = resolution_clock(policy, received, resolved_at=dt("2024-08-31 11:00"))  # a Saturday
	assert clock.due == month_end(received)
	assert clock.state(dt("2024-09-02 09:00")).status == MET
	# a week awaiting the customer moves the month's end by a week
	paused = resolution_clock(policy, received, [(dt("2024-08-22 10:00"), dt("2024-08-29 10:00"))])
	assert paused.due == month_end(received) + timedelta(days=7)


def test_a_duration_target_runs_in_working_time():
	policy = SlaPolicy(calendar=PLAIN, response_within=4 * H, resolution_within=3 * PLAIN.day_length)
	received = dt("2024-09-20 16:00")  # Friday
	assert response_clock(policy, received).due == dt("2024-09-23 11:00")
	assert resolution_clock(policy, received).due == dt("2024-09-25 16:00")


def test_a_clock_may_not_stop_before_it_starts():
	with pytest.raises(RuleError) as error:
		response_clock(SlaPolicy(), dt("2024-03-10 15:00"), dt("2024-03-10 14:00"))
	assert error.value.code == "stopped_before_start"


def test_a_reopened_complaint_gets_a_fresh_resolution_clock():
	policy = SlaPolicy(calendar=PLAIN)
	first_pause = (dt("2024-03-05 10:00"), dt("2024-03-06 10:00"))
	first = resolution_clock(policy, dt("2024-03-04 10:00"), [first_pause], dt("2024-03-28 10:00"))
	assert first.state(dt("2024-04-02 10:00")).status == MET
	reopened_at = dt("2024-04-02 10:00")
	later_pause = (dt("2024-04-03 10:00"), dt("2024-04-04 10:00"))
	again = reopened_clock(policy, first, reopened_at, [first_pause, later_pause])
	assert again.start == reopened_at
	assert again.stopped_at is None
	assert again.pauses == (later_pause,)  # the first round's pause no longer counts
	assert again.due == month_end(reopened_at) + DAY
	assert again.state(dt("2024-04-10 10:00")).status == OK


def test_reopening_needs_a_resolved_clock_and_a_later_time():
	policy = SlaPolicy()
	running = resolution_clock(policy, dt("2024-03-04 10:00"))
	with pytest.raises(RuleError) as error:
		reopened_clock(policy, running, dt("2024-03-10 10:00"))
	assert error.value.code == "reopen_unresolved"
	resolved = resolution_clock(policy, dt("2024-03-04 10:00"), resolved_at=dt("2024-03-10 10:00"))
	with pytest.raises(RuleError) as error:
		reopened_clock(policy, resolved, dt("2024-03-09 10:00"))
	assert error.value.code == "reopened_before_resolved"
	assert error.value.params["resolved_at"] == dt("2024-03-10 10:00")


def test_a_reopened_clock_with_a_minimum_of_days():
	policy = SlaPolicy(month_min_days=5)
	resolved = resolution_clock(policy, dt("2024-03-04 10:00"), resolved_at=dt("2024-03-29 10:00"))
	again = reopened_clock(policy, resolved, dt("2024-03-30 09:00"))
	assert again.due == dt("2024-04-04 09:00")


# ---- state ---------------------------------------------------------------------------------------

START = dt("2024-03-04 09:00")  # a Monday


def state(as_of, allowed=10 * H, pauses=(), stopped_at=None, warn_at=0.8, calendar=CALENDAR_TIME):
	return evaluate(calendar, START, allowed, dt(as_of), pauses, stopped_at, warn_at)


def test_ok_then_warning_then_breached():
	assert state("2024-03-04 09:00").status == OK
	assert state("2024-03-04 16:59").status == OK
	assert state("2024-03-04 17:00").status == WARNING  # 80 % used
	assert state("2024-03-04 19:00").status == WARNING  # exactly the deadline: not yet late
	late = state("2024-03-04 19:01")
	assert late.status == BREACHED
	assert late.breached_at == dt("2024-03-04 19:00")
	assert late.remaining == -M
	assert late.fraction_used > 1


def test_the_numbers_of_a_running_clock():
	s = state("2024-03-04 13:00")
	assert (s.due, s.allowed, s.elapsed, s.remaining) == (dt("2024-03-04 19:00"), 10 * H, 4 * H, 6 * H)
	assert s.fraction_used == pytest.approx(0.4)
	assert s.breached_at is None
	assert not s.paused


def test_a_configurable_warning_point():
	assert state("2024-03-04 14:00", warn_at=0.5).status == WARNING
	assert state("2024-03-04 14:00", warn_at=1).status == OK
	with pytest.raises(RuleError) as error:
		state("2024-03-04 14:00", warn_at=0)
	assert error.value.code == "bad_warning_fraction"


def test_met_and_met_late():
	assert state("2024-03-05 09:00", stopped_at=dt("2024-03-04 12:00")).status == MET
	assert state("2024-03-05 09:00", stopped_at=dt("2024-03-04 19:00")).status == MET  # on the dot
	late = state("2024-03-05 09:00", stopped_at=dt("2024-03-04 19:30"))
	assert late.status == MET_LATE
	assert late.breached_at == dt("2024-03-04 19:00")
	assert late.elapsed == 10.5 * H  # frozen at the stop


def test_a_stop_after_the_instant_asked_about_has_not_happened_yet():
	s = state("2024-03-04 12:00", stopped_at=dt("2024-03-04 18:00"))
	assert s.status == OK
	assert s.elapsed == 3 * H


def test_before_the_start_nothing_is_used():
	s = state("2024-03-03 12:00")
	assert (s.status, s.elapsed, s.remaining) == (OK, ZERO, 10 * H)


def test_a_running_pause_holds_the_clock_and_pushes_the_deadline():
	pauses = [(dt("2024-03-04 11:00"), None)]
	early = state("2024-03-04 15:00", pauses=pauses)
	assert early.paused
	assert early.elapsed == 2 * H
	assert early.due == dt("2024-03-04 23:00")  # 19:00 and the four hours paused so far
	later = state("2024-03-05 15:00", pauses=pauses)
	assert later.status == OK  # paused the whole time: no breach
	assert later.elapsed == 2 * H
	assert later.due == dt("2024-03-05 23:00")


def test_after_the_pause_the_clock_runs_again():
	pauses = [(dt("2024-03-04 11:00"), dt("2024-03-04 15:00"))]
	s = state("2024-03-04 16:00", pauses=pauses)
	assert not s.paused
	assert s.elapsed == 3 * H
	assert s.due == dt("2024-03-04 23:00")
	assert state("2024-03-04 14:00", pauses=pauses).paused


def test_a_working_time_clock_breaches_at_the_deadline_even_at_night():
	s = state("2024-03-05 08:00", allowed=7.5 * H, calendar=PLAIN)
	assert s.due == dt("2024-03-04 18:00")
	assert s.status == BREACHED
	assert s.remaining == ZERO  # no working time lost overnight


def test_a_zero_allowance_is_due_at_once():
	assert state("2024-03-04 09:00", allowed=ZERO).status == WARNING
	assert state("2024-03-04 09:01", allowed=ZERO).status == BREACHED


def test_bad_state_arguments():
	with pytest.raises(RuleError) as error:
		state("2024-03-04 12:00", allowed=-H)
	assert error.value.code == "bad_sla_target"
	with pytest.raises(RuleError) as error:
		state("2024-03-04 12:00", stopped_at=dt("2024-03-01 12:00"))
	assert error.value.code == "stopped_before_start"


def test_clock_state_is_evaluate():
	clock = Clock(START, 10 * H, CALENDAR_TIME, ((dt("2024-03-04 11:00"), dt("2024-03-04 12:00")),))
	assert clock.state(dt("2024-03-04 16:00")) == state(
		"2024-03-04 16:00", pauses=[(dt("2024-03-04 11:00"), dt("2024-03-04 12:00"))]
	)
	assert clock.due == dt("2024-03-04 20:00")


def test_twenty_thousand_clocks_in_a_few_seconds():
	# the escalation job evaluates every open complaint: 200,000 must fit in its minute
	policy = SlaPolicy(calendar=CAL)
	started = clock.perf_counter()
	for i in range(20_000):
		received = dt("2024-03-01 08:00") + timedelta(minutes=37 * i)
		resolution = resolution_clock(policy, received, [(received + 5 * H, received + 30 * H)])
		s = resolution.state(received + timedelta(days=9))
		response_clock(policy, received).state(received + DAY)
		escalations_due(s.breached_at, received + timedelta(days=9), ASSIGNEE)
	spent = clock.perf_counter() - started
	assert spent < 6, f"{spent:.2f}s for 20,000 complaints"


# ---- escalation ----------------------------------------------------------------------------------

BREACH = dt("2024-03-04 19:00")


def test_escalation_levels_follow_the_time_since_the_breach():
	assert DEFAULT_ESCALATION_AFTER == (ZERO, 24 * H, 72 * H)
	assert escalation_level(None, BREACH) == NO_ESCALATION
	assert escalation_level(BREACH, BREACH - M) == NO_ESCALATION
	assert escalation_level(BREACH, BREACH) == NO_ESCALATION  # the deadline itself is on time
	assert escalation_level(BREACH, BREACH + M) == ASSIGNEE
	assert escalation_level(BREACH, BREACH + 24 * H - M) == ASSIGNEE
	assert escalation_level(BREACH, BREACH + 24 * H) == MANAGER
	assert escalation_level(BREACH, BREACH + 72 * H) == PROJECT_GM
	assert escalation_level(BREACH, BREACH + 720 * H) == PROJECT_GM


def test_escalation_thresholds_are_configurable():
	fast = (H, 2 * H, 3 * H)
	assert escalation_level(BREACH, BREACH + 30 * M, fast) == NO_ESCALATION
	assert escalation_level(BREACH, BREACH + 2 * H, fast) == MANAGER
	# measured in working time: a breach at Monday 18:00 reaches the manager 8 working hours later
	monday_close = dt("2024-03-04 18:00")
	assert escalation_level(monday_close, dt("2024-03-05 17:00"), (ZERO, 8 * H), PLAIN) == ASSIGNEE
	assert escalation_level(monday_close, dt("2024-03-06 10:00"), (ZERO, 8 * H), PLAIN) == MANAGER


@pytest.mark.parametrize(
	"thresholds",
	[(), (H, ZERO), (-H,), (1, 2, 3), (ZERO, None)],
)
def test_bad_escalation_thresholds(thresholds):
	with pytest.raises(RuleError) as error:
		escalation_level(BREACH, BREACH + H, thresholds)
	assert error.value.code == "bad_escalation_thresholds"


def test_escalations_due_notifies_each_level_once():
	assert escalations_due(BREACH, BREACH + H) == [ASSIGNEE]
	assert escalations_due(BREACH, BREACH + 2 * H, ASSIGNEE) == []
	assert escalations_due(BREACH, BREACH + 25 * H, ASSIGNEE) == [MANAGER]
	assert escalations_due(BREACH, BREACH + 25 * H, MANAGER) == []
	# the job did not run for days: the manager and the GM both hear of it
	assert escalations_due(BREACH, BREACH + 100 * H, ASSIGNEE) == [MANAGER, PROJECT_GM]
	assert escalations_due(BREACH, BREACH + 100 * H, PROJECT_GM) == []
	assert escalations_due(None, BREACH + 100 * H) == []
	# a deadline moved later (a pause) after a notification: nothing more, nothing taken back
	assert escalations_due(BREACH + 48 * H, BREACH + 50 * H, MANAGER) == []


@pytest.mark.parametrize("last", [-1, 4, 1.0, True, None])
def test_bad_last_notified_level(last):
	with pytest.raises(RuleError) as error:
		escalations_due(BREACH, BREACH + H, last)
	assert error.value.code == "bad_escalation_level"
	assert error.value.params["max"] == 3


# ---- properties ----------------------------------------------------------------------------------

moments = st.datetimes(min_value=datetime(2024, 8, 1), max_value=datetime(2024, 11, 30)).map(
	lambda d: d.replace(second=0, microsecond=0)
)
durations = st.integers(0, 60 * 24 * 60).map(lambda minutes: timedelta(minutes=minutes))
calendars = st.sampled_from(
	[CAL, PLAIN, CALENDAR_TIME, working_calendar(weekdays=(5, 6), hours="10:00-16:00")]
)


@st.composite
def pause_lists(draw):
	pauses = []
	for _ in range(draw(st.integers(0, 4))):
		start = draw(moments)
		pauses.append((start, start + draw(st.integers(0, 60 * 72).map(lambda m: timedelta(minutes=m)))))
	return pauses


@given(calendars, moments, durations)
def test_adding_then_measuring_gives_back_the_duration(calendar, start, duration):
	assert calendar.between(start, calendar.add(start, duration)) == duration


@given(calendars, moments, durations, durations)
def test_deadlines_are_monotonic_in_the_duration(calendar, start, d1, d2):
	shorter, longer = sorted((d1, d2))
	assert start <= calendar.add(start, shorter) <= calendar.add(start, longer)


@given(calendars, moments, moments)
def test_the_deadline_of_the_time_worked_is_no_later_than_the_end(calendar, start, end):
	if end < start:
		start, end = end, start
	due = calendar.add(start, calendar.between(start, end))
	assert due <= end
	assert calendar.between(due, end) == ZERO


@given(calendars, moments, moments, moments)
def test_working_time_adds_up(calendar, a, b, c):
	assert calendar.between(a, b) + calendar.between(b, c) == calendar.between(a, c)


@given(calendars, st.dates(date(2024, 8, 1), date(2024, 11, 30)), st.integers(0, 120))
def test_counting_working_days_agrees_with_looking_at_each(calendar, first, length):
	last = first + timedelta(days=length)
	one_by_one = sum(1 for i in range(length + 1) if calendar.is_working_day(first + timedelta(days=i)))
	assert calendar.working_days_between(first, last) == one_by_one


@given(calendars, moments, durations, pause_lists())
@settings(max_examples=200)
def test_a_paused_clock_counts_exactly_the_allowed_time_by_its_deadline(calendar, start, allowed, pauses):
	due = deadline(calendar, start, allowed, pauses)
	assert elapsed(calendar, start, due, pauses) == allowed
	assert due >= deadline(calendar, start, allowed)  # a pause never brings a deadline forward


@given(calendars, moments, durations, durations, pause_lists())
def test_a_paused_deadline_is_monotonic_in_the_duration(calendar, start, d1, d2, pauses):
	shorter, longer = sorted((d1, d2))
	assert deadline(calendar, start, shorter, pauses) <= deadline(calendar, start, longer, pauses)


@given(calendars, moments, durations, pause_lists(), moments)
def test_a_clock_is_breached_exactly_after_its_deadline(calendar, start, allowed, pauses, as_of):
	s = evaluate(calendar, start, allowed, as_of, pauses)
	assert (s.status == BREACHED) == (as_of > s.due)
	assert s.remaining == allowed - s.elapsed
	if s.status in (OK, WARNING):
		assert s.remaining >= ZERO


@given(moments, st.lists(st.integers(0, 60 * 24 * 10), min_size=1, max_size=8))
def test_escalations_over_many_runs_notify_each_level_once_in_order(breach, offsets):
	notified, last = [], NO_ESCALATION
	for minutes in sorted(offsets):
		levels = escalations_due(breach, breach + timedelta(minutes=minutes), last)
		notified += levels
		last = levels[-1] if levels else last
	final = escalation_level(breach, breach + timedelta(minutes=max(offsets)))
	assert notified == list(range(1, final + 1))
