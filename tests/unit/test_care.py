"""Care after move-in, pure rules: the four-year revisit, reminders, round robin, the fund."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from recrm.core import RuleError
from recrm.core.care import (
	ANNIVERSARY,
	BIRTHDAY,
	FUND_IN,
	FUND_OUT,
	MISSED,
	SCHEDULED,
	VISITED,
	check_days_ahead,
	check_withdrawal,
	fund_delta,
	next_occasion,
	owners_share,
	reminder_due,
	reminder_key,
	revisit_due,
	revisit_status_after,
	round_robin,
	task_due,
)


def test_revisit_four_years_after_the_keys():
	assert revisit_due(date(2022, 6, 15)) == date(2026, 6, 15)


def test_revisit_of_29_february():
	assert revisit_due(date(2024, 2, 29)) == date(2028, 2, 29)  # a leap year again
	assert revisit_due(date(2024, 2, 29), years=3) == date(2027, 2, 28)


def test_revisit_needs_a_date_and_years():
	with pytest.raises(RuleError) as e:
		revisit_due(None)
	assert e.value.code == "revisit_no_handover"
	with pytest.raises(RuleError):
		revisit_due(date(2024, 1, 1), years=0)


@given(st.dates(min_value=date(1990, 1, 1), max_value=date(2090, 12, 31)))
def test_revisit_is_about_four_years_later(day):
	due = revisit_due(day)
	assert due.year == day.year + 4
	assert 0 <= (day.replace(year=2000) - due.replace(year=2000)).days <= 1


def test_task_window():
	due = date(2026, 6, 15)
	assert not task_due(due, date(2026, 5, 15))
	assert task_due(due, date(2026, 5, 16))
	assert task_due(due, date(2026, 7, 1))
	assert task_due(due, due, task_days=0)


def test_missed_after_grace():
	due = date(2026, 6, 15)
	assert revisit_status_after(SCHEDULED, due, due + timedelta(days=90)) == SCHEDULED
	assert revisit_status_after(SCHEDULED, due, due + timedelta(days=91)) == MISSED
	assert revisit_status_after(VISITED, due, due + timedelta(days=400)) == VISITED


def test_birthday_window():
	born = date(1980, 12, 10)
	assert reminder_due(born, date(2026, 12, 6), 3) is None
	assert reminder_due(born, date(2026, 12, 7), 3) == date(2026, 12, 10)
	assert reminder_due(born, date(2026, 12, 10), 3) == date(2026, 12, 10)
	assert reminder_due(born, date(2026, 12, 11), 3) is None
	# across the new year
	assert reminder_due(date(1980, 1, 1), date(2026, 12, 30), 3) == date(2027, 1, 1)


def test_birthday_on_29_february():
	assert next_occasion(date(1992, 2, 29), date(2026, 2, 1)) == date(2026, 2, 28)
	assert next_occasion(date(1992, 2, 29), date(2028, 2, 1)) == date(2028, 2, 29)


def test_anniversary_not_on_the_handover_day():
	keys = date(2026, 12, 8)
	assert reminder_due(keys, date(2026, 12, 8), 3, ANNIVERSARY) is None
	assert reminder_due(keys, date(2027, 12, 6), 3, ANNIVERSARY) == date(2027, 12, 8)


def test_reminder_bad_input():
	with pytest.raises(RuleError):
		check_days_ahead(-1)
	with pytest.raises(RuleError):
		check_days_ahead(61)
	with pytest.raises(RuleError):
		reminder_due(date(1980, 1, 1), date(2026, 1, 1), 3, "Wedding")
	assert reminder_due(None, date(2026, 1, 1), 3) is None


def test_reminder_key_is_one_a_year():
	assert reminder_key(BIRTHDAY, "C-1", date(2026, 12, 10)) == "Birthday:C-1:2026"
	assert reminder_key(BIRTHDAY, "C-1", date(2026, 1, 1)) == reminder_key(
		BIRTHDAY, "C-1", date(2026, 12, 31)
	)


def test_round_robin_gives_the_least_busy():
	assert round_robin([], {}) is None
	assert round_robin(["b", "a"], {}) == "a"
	assert round_robin(["a", "b"], {"a": 2, "b": 1}) == "b"


def test_fund_entries_and_balance():
	assert fund_delta(FUND_IN, 1000) == Decimal("1000.00")
	assert fund_delta(FUND_OUT, "250.5") == Decimal("-250.50")
	with pytest.raises(RuleError):
		fund_delta(FUND_IN, 0)
	with pytest.raises(RuleError):
		fund_delta(FUND_IN, -5)
	with pytest.raises(RuleError):
		fund_delta("Gift", 5)
	with pytest.raises(RuleError):
		fund_delta(FUND_IN, "abc")


def test_fund_never_negative():
	assert check_withdrawal(1000, 1000) == 0
	with pytest.raises(RuleError) as e:
		check_withdrawal(1000, "1000.01")
	assert e.value.code == "fund_overdrawn"


def test_owners_share():
	assert owners_share(10000, 6000) == Decimal("4000.00")
	with pytest.raises(RuleError):
		owners_share(100, 101)
