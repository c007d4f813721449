import itertools
import time
from datetime import date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from recrm.core import RuleError
from recrm.core.protection import (
	DEFAULT_PROTECTION_DAYS,
	MAX_PROTECTION_DAYS,
	as_date,
	can_claim,
	is_protected,
	kept_on_merge,
	lapsed_owners,
	owner_changes,
	protection_days,
	protection_expires_on,
	protection_start,
)

MAR_1 = date(2024, 3, 1)


def test_protection_runs_from_the_last_interaction():
	assert protection_expires_on(date(2024, 3, 10), MAR_1, 30) == date(2024, 4, 9)


def test_without_an_interaction_it_runs_from_registration():
	assert protection_expires_on(None, MAR_1, 30) == date(2024, 3, 31)
	assert protection_expires_on("", MAR_1, 30) == date(2024, 3, 31)


def test_an_interaction_logged_before_registration_does_not_shorten_it():
	# an interaction imported with an older date than the registration
	assert protection_expires_on(date(2024, 2, 1), MAR_1, 30) == date(2024, 3, 31)


def test_days_default_and_bounds():
	assert protection_expires_on(None, MAR_1) == MAR_1 + timedelta(days=DEFAULT_PROTECTION_DAYS)
	assert protection_days(None) == DEFAULT_PROTECTION_DAYS
	assert protection_days("") == DEFAULT_PROTECTION_DAYS
	assert protection_days(0) == DEFAULT_PROTECTION_DAYS  # a blank Int field
	assert protection_days(1) == 1
	assert protection_days(MAX_PROTECTION_DAYS) == MAX_PROTECTION_DAYS


@pytest.mark.parametrize("days", [-5, MAX_PROTECTION_DAYS + 1, 7.5, "30", True])
def test_bad_protection_days_are_refused(days):
	with pytest.raises(RuleError) as error:
		protection_expires_on(None, MAR_1, days)
	assert error.value.code == "bad_protection_days"
	assert error.value.params["days"] == days


def test_a_prospect_needs_a_start_date():
	with pytest.raises(RuleError) as error:
		protection_start(None, None)
	assert error.value.code == "no_protection_start"


def test_dates_come_in_every_form_a_row_carries():
	assert as_date("2024-03-01") == MAR_1
	assert as_date("2024-03-01 17:45:00.123456") == MAR_1
	assert as_date(datetime(2024, 3, 1, 23, 59)) == MAR_1
	assert as_date(MAR_1) is MAR_1
	assert as_date(None) is None
	assert as_date("") is None
	assert protection_expires_on("2024-03-10 09:00:00", "2024-03-01", 30) == date(2024, 4, 9)
	for bad in ("yesterday", "2024-13-01", 20240301):
		with pytest.raises(RuleError) as error:
			as_date(bad)
		assert error.value.code == "bad_date"


def test_protected_until_the_expiry_date():
	last = date(2024, 3, 10)
	assert is_protected(date(2024, 3, 10), last, MAR_1, 30)
	assert is_protected(date(2024, 4, 8), last, MAR_1, 30)
	assert not is_protected(date(2024, 4, 9), last, MAR_1, 30)
	assert not is_protected("2024-05-01", last, MAR_1, 30)


def test_another_advisor_cannot_claim_a_protected_prospect():
	expires = date(2024, 4, 9)
	with pytest.raises(RuleError) as error:
		can_claim("li.na", "wang.wei", date(2024, 4, 8), expires)
	assert error.value.code == "prospect_protected"
	assert error.value.params == {"owner": "wang.wei", "until": expires}


def test_a_claim_succeeds_once_protection_has_lapsed():
	can_claim("li.na", "wang.wei", date(2024, 4, 9), date(2024, 4, 9))
	can_claim("li.na", "wang.wei", "2024-06-01", "2024-04-09")


def test_pool_and_own_prospects_can_always_be_claimed():
	can_claim("li.na", None, MAR_1, date(2024, 4, 9))
	can_claim("li.na", "", MAR_1, date(2024, 4, 9))
	can_claim("li.na", "li.na", MAR_1, date(2024, 4, 9))
	can_claim("li.na", "wang.wei", MAR_1, None)


def test_a_claim_needs_a_claimant():
	with pytest.raises(RuleError) as error:
		can_claim("", None, MAR_1, None)
	assert error.value.code == "claimant_required"


def row(name, owner="wang.wei", last=None, registered=MAR_1, days=None):
	return {
		"name": name,
		"owner": owner,
		"last_interaction_on": last,
		"registered_on": registered,
		"protection_days": days,
	}


def test_lapsed_owners_picks_those_returning_to_the_pool():
	today = date(2024, 4, 9)
	rows = [
		row("active", last=date(2024, 4, 1)),
		row("lapsed", last=date(2024, 3, 10)),  # expires today
		row("never_called", last=None, registered=date(2024, 3, 9)),
		row("new", last=None, registered=date(2024, 4, 5)),
		row("pool", owner=None, last=date(2023, 1, 1)),
		row("short_project", last=date(2024, 4, 1), days=7),  # expires 8 April
		row("long_project", last=date(2024, 1, 1), days=180),
		row("strings", last="2024-03-01 10:00:00", registered="2024-02-01"),
		row("no_dates", last=None, registered=None),
		row("empty_days", last=date(2024, 3, 10), days=""),
		row("zero_days", last=date(2024, 3, 20), days=0),  # blank setting: the 30 given here
	]
	names = [r["name"] for r in lapsed_owners(rows, today, 30)]
	assert names == ["lapsed", "never_called", "short_project", "strings", "no_dates", "empty_days"]


def test_lapsed_owners_uses_the_default_days_when_none_are_given():
	today = MAR_1 + timedelta(days=DEFAULT_PROTECTION_DAYS)
	assert [r["name"] for r in lapsed_owners([row("a")], today)] == ["a"]
	assert list(lapsed_owners([row("a")], today - timedelta(days=1))) == []


def test_lapsed_owners_refuses_a_bad_project_setting():
	with pytest.raises(RuleError) as error:
		list(lapsed_owners([row("a", days=-1)], MAR_1, 30))
	assert error.value.code == "bad_protection_days"


def test_lapsed_owners_is_lazy():
	endless = (row(str(i), registered=date(2020, 1, 1)) for i in itertools.count())
	first = list(itertools.islice(lapsed_owners(endless, MAR_1, 30), 3))
	assert [r["name"] for r in first] == ["0", "1", "2"]


def test_a_million_rows_in_a_few_seconds():
	today = date(2024, 6, 30)
	# 1,095 distinct rows repeated: the list holds references, the timing measures the filter
	distinct = [
		{
			"owner": "advisor",
			"last_interaction_on": today - timedelta(days=d),
			"registered_on": date(2023, 1, 1),
			"protection_days": days,
		}
		for d in range(365)
		for days in (15, 30, None)
	]
	rows = [distinct[i % len(distinct)] for i in range(1_000_000)]
	started = time.perf_counter()
	count = sum(1 for _ in lapsed_owners(rows, today, 30))
	elapsed = time.perf_counter() - started
	assert 0 < count < len(rows)
	assert elapsed < 5, f"{elapsed:.2f}s for 1,000,000 rows"


def test_owner_changes_names_every_project_whose_owner_differs():
	before = {"p1": "wang.wei", "p2": "li.na", "p3": None, "p4": "zhao.lei"}
	after = {"p1": "wang.wei", "p2": "zhao.lei", "p3": "li.na", "p4": "", "p5": "wang.wei", "p6": None}
	assert owner_changes(before, after) == [
		("p2", "li.na", "zhao.lei"),
		("p3", None, "li.na"),
		("p4", "zhao.lei", None),
		("p5", None, "wang.wei"),
	]
	assert owner_changes({"p1": "li.na"}, {}) == [("p1", "li.na", None)]
	assert owner_changes(after, after) == []


def test_on_merge_the_longer_protection_is_kept():
	assert kept_on_merge("li.na", MAR_1, "wang.wei", date(2024, 3, 2)) == "source"
	assert kept_on_merge("li.na", date(2024, 3, 2), "wang.wei", MAR_1) == "target"
	assert kept_on_merge("li.na", MAR_1, "wang.wei", "2024-03-01") == "target"  # a tie keeps the target's
	assert kept_on_merge("li.na", None, "wang.wei", MAR_1) == "source"
	assert kept_on_merge("li.na", None, "wang.wei", None) == "target"


def test_on_merge_an_owner_beats_the_pool():
	assert kept_on_merge(None, None, "wang.wei", MAR_1) == "source"
	assert kept_on_merge("li.na", None, None, date(2030, 1, 1)) == "target"
	assert kept_on_merge(None, None, None, None) == "target"


# ---- properties -------------------------------------------------------------------------------

dates = st.dates(min_value=date(2000, 1, 1), max_value=date(2040, 12, 31))
optional_dates = st.one_of(st.none(), dates)
days_strategy = st.integers(1, MAX_PROTECTION_DAYS)


@given(dates, optional_dates, days_strategy)
def test_expiry_is_never_earlier_than_the_last_interaction(last, registered, days):
	expires = protection_expires_on(last, registered, days)
	assert expires > last
	if registered:
		assert expires > registered


@given(optional_dates, dates, days_strategy, dates)
def test_lapsed_owners_agrees_with_is_protected(last, registered, days, today):
	r = row("x", last=last, registered=registered, days=days)
	lapsed = list(lapsed_owners([r], today))
	assert bool(lapsed) == (not is_protected(today, last, registered, days))


@given(optional_dates, dates, days_strategy, dates)
def test_a_claim_is_refused_exactly_while_protected(last, registered, days, today):
	expires = protection_expires_on(last, registered, days)
	protected = is_protected(today, last, registered, days)
	try:
		can_claim("li.na", "wang.wei", today, expires)
	except RuleError as error:
		assert protected
		assert error.params["until"] == expires
	else:
		assert not protected


@given(dates, dates, days_strategy, st.integers(1, 400))
def test_a_later_interaction_never_ends_protection_sooner(registered, last, days, later_by):
	later = last + timedelta(days=later_by)
	assert protection_expires_on(later, registered, days) >= protection_expires_on(last, registered, days)
