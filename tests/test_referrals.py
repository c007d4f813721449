"""Referrals (老带新) on plain values: who may be referred, the window and the clawback."""

from datetime import date

import pytest

from recrm.core import RuleError
from recrm.core import referrals as r

TODAY = date(2026, 6, 1)
ME = "+8613800138000"


def refusal(**kwargs):
	args = {
		"friend_number": "+8613900139000",
		"referrer_numbers": [ME],
		"referrer_customer": "C-1",
		"today": TODAY,
	}
	args.update(kwargs)
	return r.refusal(**args)


def test_a_new_friend_is_attributed():
	assert refusal() is None


def test_ones_own_number_is_refused():
	assert refusal(friend_number=ME)[0] == r.SELF_PHONE


def test_ones_own_record_is_refused():
	assert refusal(friend_customer="C-1")[0] == r.SELF_CUSTOMER


def test_a_co_buyer_is_one_household():
	assert refusal(friend_customer="C-2", household=["C-2"])[0] == r.HOUSEHOLD


def test_a_friend_protected_by_another_advisor_is_not_attributed():
	rows = [{"project": "P1", "advisor": "other@x", "protected_until": date(2026, 6, 10)}]
	code, details = refusal(friend_customer="C-2", owner_rows=rows, advisor="me@x")
	assert code == r.PROTECTED
	assert details["project"] == "P1" and details["owner"] == "other@x"


def test_a_customer_of_a_project_is_not_attributed_even_when_the_protection_lapsed():
	rows = [{"project": "P1", "advisor": "other@x", "protected_until": date(2026, 5, 1)}]
	assert refusal(friend_customer="C-2", owner_rows=rows, advisor="me@x") == (
		r.EXISTING,
		{"projects": ["P1"]},
	)
	pool = [{"project": "P2", "advisor": None, "protected_until": None}]
	assert refusal(friend_customer="C-2", owner_rows=pool)[0] == r.EXISTING


def test_a_customer_with_a_contract_is_not_attributed():
	assert refusal(friend_customer="C-2", has_contract=True)[0] == r.EXISTING


def test_a_friend_already_referred_is_not_referred_again():
	assert refusal(friend_customer="C-2", already_referred=True)[0] == r.ALREADY_REFERRED


def test_a_known_customer_of_no_project_may_be_referred():
	assert refusal(friend_customer="C-2") is None


def test_self_comes_before_protection():
	rows = [{"project": "P1", "advisor": "other@x", "protected_until": date(2026, 6, 10)}]
	assert refusal(friend_customer="C-2", household=["C-2"], owner_rows=rows)[0] == r.HOUSEHOLD


def test_the_window():
	assert r.within_window("2026-01-01", "2026-01-01", 30)
	assert r.within_window("2026-01-01", "2026-01-31", 30)
	assert not r.within_window("2026-01-01", "2026-02-01", 30)
	assert not r.within_window("2026-01-10", "2026-01-09", 30)
	assert r.window_end("2026-01-01") == date(2026, 6, 30)  # 180 days by default


def test_the_clawback_window():
	assert r.within_clawback("2026-01-01", "2026-03-31", 89)
	assert not r.within_clawback("2026-01-01", "2026-04-01", 89)
	assert r.within_clawback(date(2026, 1, 1), date(2026, 4, 1))  # 90 by default


def test_a_clawback_never_makes_a_balance_negative():
	assert r.clawback_points(500, 800) == 500
	assert r.clawback_points(500, 200) == 200
	assert r.clawback_points(500, 0) == 0


@pytest.mark.parametrize("days", [-1, 5000, 1.5, True, "x"])
def test_bad_days_are_refused(days):
	with pytest.raises(RuleError) as error:
		r.days_setting(days, 30)
	assert error.value.code == "bad_referral_days"


def test_empty_days_take_the_default():
	assert r.days_setting(None, 30) == 30
	assert r.days_setting(0, 30) == 30
	assert r.days_setting(7, 30) == 7
