"""The period a day falls in for periodic satisfaction surveys (recrm.core.surveys.survey_period)."""

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from recrm.core import RuleError
from recrm.core.surveys import HALF_YEARLY, QUARTERLY, SURVEYS_OFF, YEARLY, survey_period


@pytest.mark.parametrize(
	("day", "interval", "period"),
	[
		(date(2026, 1, 1), QUARTERLY, "2026-Q1"),
		(date(2026, 3, 31), QUARTERLY, "2026-Q1"),
		(date(2026, 4, 1), QUARTERLY, "2026-Q2"),
		(date(2026, 12, 31), QUARTERLY, "2026-Q4"),
		(date(2026, 6, 30), HALF_YEARLY, "2026-H1"),
		(date(2026, 7, 1), HALF_YEARLY, "2026-H2"),
		(date(2027, 1, 1), YEARLY, "2027"),
		(date(2026, 5, 5), SURVEYS_OFF, None),
	],
)
def test_the_period_of_a_day(day, interval, period):
	assert survey_period(day, interval) == period


def test_an_unknown_interval_is_refused():
	with pytest.raises(RuleError) as error:
		survey_period(date(2026, 1, 1), "Monthly")
	assert error.value.code == "unknown_survey_interval"


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 12, 30)))
def test_a_period_changes_only_at_its_boundary(day):
	"""Consecutive days share a period unless the second one begins a quarter (half, year)."""
	after = day + timedelta(days=1)
	begins = {
		QUARTERLY: after.day == 1 and after.month in (1, 4, 7, 10),
		HALF_YEARLY: after.day == 1 and after.month in (1, 7),
		YEARLY: after.day == 1 and after.month == 1,
	}
	for interval, new_period in begins.items():
		assert (survey_period(day, interval) != survey_period(after, interval)) == new_period
