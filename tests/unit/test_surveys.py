"""Satisfaction surveys (recrm.core.surveys)."""

from datetime import date, datetime
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from recrm.core import RuleError
from recrm.core.measures import (
	month_of,
)
from recrm.core.surveys import (
	EMOTIONAL,
	FACTORS,
	OVERALL,
	PRODUCT,
	check_respondent,
	survey_rollup,
	validate_survey,
)


def dt(text: str) -> datetime:
	return datetime.fromisoformat(text)


def test_a_complete_survey():
	answers = {OVERALL: 5, PRODUCT: 4, "process": 3, "technical": 2, "interaction": 1, EMOTIONAL: 5}
	assert validate_survey(answers) == answers


def test_factors_may_be_left_blank_but_not_the_overall_score():
	assert validate_survey({OVERALL: 4.0, PRODUCT: None, EMOTIONAL: ""}) == {
		OVERALL: 4,
		**{factor: None for factor in FACTORS},
	}
	with pytest.raises(RuleError) as error:
		validate_survey({PRODUCT: 4})
	assert error.value.code == "survey_overall_required"


@pytest.mark.parametrize("score", [0, 6, -1, 4.5, True, "4", float("nan"), Decimal("3.5")])
def test_scores_are_whole_numbers_from_one_to_five(score):
	with pytest.raises(RuleError) as error:
		validate_survey({OVERALL: 4, PRODUCT: score})
	assert error.value.code == "bad_survey_score"
	assert error.value.params == {"question": PRODUCT, "score": score, "min": 1, "max": 5}


def test_unknown_questions_are_refused():
	with pytest.raises(RuleError) as error:
		validate_survey({OVERALL: 4, "price": 2})
	assert error.value.code == "unknown_survey_question"
	assert error.value.params == {"question": "price"}


def test_a_survey_is_answered_once_by_its_customer():
	check_respondent("CUST-0001", "CUST-0001")
	with pytest.raises(RuleError) as error:
		check_respondent("CUST-0001", "CUST-0002")
	assert error.value.code == "survey_not_yours"
	with pytest.raises(RuleError) as error:
		check_respondent("CUST-0001", "")
	assert error.value.code == "survey_not_yours"
	with pytest.raises(RuleError) as error:
		check_respondent("CUST-0001", "CUST-0001", dt("2024-03-01 10:00"))
	assert error.value.code == "survey_already_answered"


SURVEYS = [
	{"project": "Manle", "agent": "li", "answered_on": date(2024, 1, 5), OVERALL: 5, PRODUCT: 4},
	{
		"project": "Manle",
		"agent": "li",
		"answered_on": date(2024, 1, 20),
		OVERALL: 3,
		PRODUCT: 2,
		EMOTIONAL: 4,
	},
	{"project": "Manle", "agent": "wang", "answered_on": date(2024, 2, 3), OVERALL: 4},
	{"project": "Vanke", "agent": "wang", "answered_on": date(2024, 2, 9), OVERALL: 2, PRODUCT: 1},
	{"project": "Vanke", "agent": "wang", "answered_on": date(2024, 2, 9), OVERALL: None},  # not answered
]


def test_survey_rollup_per_project():
	rollup = survey_rollup(SURVEYS, "project")
	manle = rollup["Manle"]
	assert manle.count == 3
	assert manle.overall == pytest.approx(4)
	assert manle.satisfaction_rate == pytest.approx(2 / 3)
	assert manle.factors[PRODUCT] == 3
	assert manle.factors[EMOTIONAL] == 4
	assert manle.factors["technical"] is None
	assert rollup["Vanke"].count == 1
	assert rollup["Vanke"].satisfaction_rate == 0


def test_survey_rollup_by_month_and_overall():
	trend = survey_rollup(SURVEYS, key=lambda s: month_of(s["answered_on"]))
	assert list(trend) == [date(2024, 1, 1), date(2024, 2, 1)]
	assert trend[date(2024, 2, 1)].satisfaction_rate == 0.5
	everything = survey_rollup(SURVEYS)
	assert everything[None].count == 4
	assert survey_rollup(SURVEYS, "agent", satisfied_from=3)["li"].satisfaction_rate == 1


@pytest.mark.parametrize("threshold", [0, 6, 3.5, True])
def test_a_satisfaction_threshold_on_the_scale(threshold):
	with pytest.raises(RuleError) as error:
		survey_rollup(SURVEYS, "project", satisfied_from=threshold)
	assert error.value.code == "bad_satisfaction_threshold"


@given(st.lists(st.integers(1, 5), min_size=1, max_size=50), st.integers(1, 5))
def test_satisfaction_rate_is_the_share_at_or_above_the_threshold(scores, threshold):
	rollup = survey_rollup([{OVERALL: s} for s in scores], satisfied_from=threshold)[None]
	assert rollup.satisfaction_rate == sum(s >= threshold for s in scores) / len(scores)
	assert 1 <= rollup.overall <= 5
