"""The club's pure rules: tiers, signed points, spends and FIFO expiry (recrm.core.club)."""

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from recrm.core import RuleError
from recrm.core.club import (
	ADJUST,
	EARN,
	EXPIRE,
	SPEND,
	Entry,
	MemberFacts,
	Tier,
	balance_of,
	check_spend,
	contract_points,
	expiring,
	expiry_date,
	full_years,
	signed_points,
	tier_for,
)

TIERS = [
	Tier("Silver", 1),
	Tier("Gold", 2, min_points=1000, min_units=1),
	Tier("Platinum", 3, min_points=5000, min_units=2, min_years=3),
]


def test_the_highest_tier_whose_minimums_are_all_met():
	assert tier_for(TIERS, MemberFacts()) == "Silver"
	assert tier_for(TIERS, MemberFacts(points=1000, units=1)) == "Gold"
	assert tier_for(TIERS, MemberFacts(points=9000, units=1, years=9)) == "Gold"
	assert tier_for(TIERS, MemberFacts(points=5000, units=2, years=3)) == "Platinum"
	assert tier_for(TIERS[1:], MemberFacts(points=10)) is None
	assert tier_for([], MemberFacts()) is None


def test_full_years_count_anniversaries():
	assert full_years(date(2020, 3, 1), date(2023, 2, 28)) == 2
	assert full_years(date(2020, 3, 1), date(2023, 3, 1)) == 3
	assert full_years(None, date(2023, 3, 1)) == 0
	assert full_years(date(2024, 1, 1), date(2023, 1, 1)) == 0


def test_signed_points_follow_the_kind():
	assert signed_points(EARN, 10) == 10
	assert signed_points(SPEND, 10) == -10
	assert signed_points(EXPIRE, 10) == -10
	assert signed_points(ADJUST, -7) == -7
	for bad in (0, 1.5, True, "3", 10**9):
		with pytest.raises(RuleError) as error:
			signed_points(EARN, bad)
		assert error.value.code == "points_not_whole"
	with pytest.raises(RuleError):
		signed_points("Gift", 1)


def test_a_spend_beyond_the_balance_is_refused():
	check_spend(100, 100)
	with pytest.raises(RuleError) as error:
		check_spend(100, 101)
	assert error.value.code == "points_insufficient"
	assert error.value.params == {"points": 101, "balance": 100}


def test_contract_points_per_ten_thousand_rounded_down():
	assert contract_points(2_000_000, 1) == 200
	assert contract_points(1_999_999, 1) == 199
	assert contract_points(1_234_567, 2.5) == 308
	assert contract_points(None, 1) == 0


def test_points_expire_at_the_end_of_the_second_calendar_year():
	assert expiry_date(date(2026, 1, 1)) == date(2028, 12, 31)
	assert expiry_date(date(2026, 12, 31)) == date(2028, 12, 31)
	assert expiry_date(date(2026, 6, 1), 0) == date(2026, 12, 31)
	with pytest.raises(RuleError):
		expiry_date(date(2026, 6, 1), -1)


def test_spends_consume_the_oldest_earns_first():
	old, new = date(2026, 12, 31), date(2027, 12, 31)
	entries = [Entry(100, old), Entry(50, new), Entry(-120)]
	# the spend took all 100 old points and 20 new ones: nothing of the old lot is left to expire
	assert expiring(entries, date(2027, 1, 1)) == {}
	assert expiring(entries, date(2028, 1, 1)) == {new: 30}
	assert expiring([Entry(100, old), Entry(-30)], date(2027, 1, 1)) == {old: 70}
	# an adjust without expiry never expires
	assert expiring([Entry(5)], date(2099, 1, 1)) == {}


START = date(2024, 1, 1)
operation = st.tuples(st.sampled_from(["earn", "spend", "adjust"]), st.integers(1, 500), st.integers(0, 1500))


@given(st.lists(operation, max_size=40), st.integers(0, 2000))
def test_the_ledger_never_goes_negative_and_expiry_is_posted_once(ops, today_offset):
	entries: list[Entry] = []
	for kind, points, day in sorted(ops, key=lambda op: op[2]):
		on = START + timedelta(days=day)
		balance = balance_of(entries)
		if kind == "earn":
			entries.append(Entry(signed_points(EARN, points), expiry_date(on)))
		elif kind == "adjust":
			entries.append(Entry(signed_points(ADJUST, points)))
		else:
			try:
				check_spend(balance, points)
			except RuleError:
				assert points > balance
				continue
			entries.append(Entry(signed_points(SPEND, points)))
		assert balance_of(entries) >= 0
	today = START + timedelta(days=today_offset)
	due = expiring(entries, today)
	assert sum(due.values()) <= balance_of(entries)
	for _on, points in sorted(due.items()):
		entries.append(Entry(signed_points(EXPIRE, points)))
	assert balance_of(entries) >= 0
	assert expiring(entries, today) == {}
