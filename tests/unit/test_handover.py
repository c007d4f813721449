from datetime import date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from recrm.core import RuleError
from recrm.core.handover import (
	CHANGE_UNTIL_HOURS,
	check_bookable,
	check_may_change,
	check_party,
	check_places,
	may_change,
	places_left,
	steps_reached,
)

TODAY = date(2026, 11, 25)
NOW = datetime(2026, 11, 25, 10, 0)
STEPS = ("Documents Collected", "Submitted to Registry", "Issued", "Handed to Owner")


def steps(*dates):
	return list(zip(STEPS, list(dates) + [None] * (len(STEPS) - len(dates)), strict=True))


def code(call) -> str:
	with pytest.raises(RuleError) as error:
		call()
	return error.value.code


def test_the_last_place_goes_to_one_buyer_only():
	check_places(capacity=10, taken=9, wanted=1)
	assert code(lambda: check_places(capacity=10, taken=10, wanted=1)) == "no_places_left"


def test_a_party_larger_than_the_places_left_is_refused_with_what_is_left():
	with pytest.raises(RuleError) as error:
		check_places(capacity=10, taken=8, wanted=3)
	assert error.value.code == "no_places_left"
	assert error.value.params == {"left": 2, "wanted": 3}


def test_nothing_or_less_than_nothing_is_not_a_booking():
	assert code(lambda: check_places(10, 0, 0)) == "bad_places_wanted"
	assert code(lambda: check_places(10, 0, -1)) == "bad_places_wanted"


def test_a_capacity_lowered_below_the_bookings_leaves_no_places_not_negative_ones():
	assert places_left(5, 7) == 0


@given(capacity=st.integers(0, 200), taken=st.integers(0, 200), wanted=st.integers(1, 10))
def test_a_booking_is_accepted_exactly_when_it_fits(capacity, taken, wanted):
	fits = taken + wanted <= capacity
	try:
		check_places(capacity, taken, wanted)
		accepted = True
	except RuleError:
		accepted = False
	assert accepted == fits


def test_parties_of_one_to_four():
	check_party(1)
	check_party(4)
	assert code(lambda: check_party(0)) == "bad_party_size"
	assert code(lambda: check_party(5)) == "bad_party_size"


def test_only_open_slots_that_have_not_begun_can_be_booked():
	check_bookable(NOW + timedelta(minutes=1), NOW)
	assert code(lambda: check_bookable(NOW, NOW)) == "already_begun"
	assert code(lambda: check_bookable(NOW + timedelta(days=3), NOW, is_open=False)) == "not_open_for_booking"


def test_a_booking_can_be_changed_until_a_day_before():
	starts = NOW + timedelta(hours=CHANGE_UNTIL_HOURS)
	assert may_change(starts, NOW)
	assert not may_change(starts - timedelta(seconds=1), NOW)
	assert code(lambda: check_may_change(NOW + timedelta(hours=2), NOW)) == "too_late_to_change"


def test_no_dates_no_steps():
	assert steps_reached(steps(), TODAY) == 0


def test_the_steps_done_are_the_dated_ones():
	assert steps_reached(steps(date(2026, 1, 5), date(2026, 2, 1), date(2026, 5, 20)), TODAY) == 3


def test_a_step_cannot_be_dated_before_the_steps_before_it():
	with pytest.raises(RuleError) as error:
		steps_reached(steps(None, date(2026, 2, 1)), TODAY)
	assert error.value.code == "step_skipped"
	assert error.value.params == {"step": "Submitted to Registry", "missing": "Documents Collected"}


def test_dates_never_go_backwards():
	with pytest.raises(RuleError) as error:
		steps_reached(steps(date(2026, 3, 1), date(2026, 2, 1)), TODAY)
	assert error.value.code == "steps_out_of_order"
	assert error.value.params["earlier"] == "Documents Collected"


def test_no_step_is_dated_in_the_future():
	assert code(lambda: steps_reached(steps(TODAY + timedelta(days=1)), TODAY)) == "step_in_future"
	assert steps_reached(steps(TODAY, TODAY), TODAY) == 2
