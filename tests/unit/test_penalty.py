from datetime import date
from decimal import Decimal as D

import pytest
from hypothesis import given
from hypothesis import strategies as st

from recrm.core import RuleError
from recrm.core import penalty as rules

DEFAULT = rules.terms("0.01", 0, 0, 90)


def test_days_late_counts_from_the_day_after_promised_plus_grace():
	assert rules.days_late(date(2026, 3, 1), date(2026, 3, 3)) == 2
	assert rules.days_late(date(2026, 3, 1), date(2026, 3, 3), grace_days=2) == 0
	assert rules.days_late(date(2026, 3, 1), date(2026, 3, 10), grace_days=2) == 7


def test_penalty_is_daily_rate_on_paid_amount_exact_to_the_fen():
	p = rules.penalty(date(2026, 3, 1), date(2026, 4, 10), D("1234567.89"), D("2000000"), DEFAULT)
	assert p.days_late == 40
	# 1,234,567.89 × 0.01 % × 40 = 4,938.27156 → 4,938.27
	assert p.amount == D("4938.27") and not p.capped and not p.may_cancel
	assert p.due_from == date(2026, 3, 2)


def test_cap_of_the_price():
	t = rules.terms("0.05", 0, 1, 0)
	p = rules.penalty(date(2026, 1, 1), date(2026, 12, 31), D("1000000"), D("1000000"), t)
	assert p.uncapped == D("182000.00") and p.amount == D("10000.00") and p.capped


def test_buyer_may_cancel_after_n_days():
	assert not rules.penalty(date(2026, 1, 1), date(2026, 4, 1), 100, 100, DEFAULT).may_cancel  # 90
	assert rules.penalty(date(2026, 1, 1), date(2026, 4, 2), 100, 100, DEFAULT).may_cancel  # 91


def test_on_time_refused_but_forecast_is_zero():
	with pytest.raises(RuleError) as e:
		rules.penalty(date(2026, 3, 1), date(2026, 3, 1), 100, 100, DEFAULT)
	assert e.value.code == "handed_over_on_time"
	with pytest.raises(RuleError):
		rules.penalty(date(2026, 3, 1), date(2026, 3, 5), 100, 100, rules.terms("0.01", 5))
	f = rules.penalty(date(2026, 3, 1), date(2026, 2, 1), 100, 100, DEFAULT, forecast=True)
	assert f.amount == 0 and f.days_late == 0


def test_half_fen_rounds_up():
	# 50.00 × 0.01 % × 1 = 0.005 → 0.01
	assert rules.penalty(date(2026, 1, 1), date(2026, 1, 2), D("50"), 100, DEFAULT).amount == D("0.01")


@pytest.mark.parametrize(
	"kw,code",
	[
		({"daily_rate_percent": 0}, "bad_daily_rate"),
		({"daily_rate_percent": 2}, "bad_daily_rate"),
		({"daily_rate_percent": 0.01, "grace_days": -1}, "bad_grace_days"),
		({"daily_rate_percent": 0.01, "cap_percent": 101}, "bad_penalty_cap"),
		({"daily_rate_percent": 0.01, "cancel_after_days": -3}, "bad_cancel_after_days"),
	],
)
def test_bad_terms_refused(kw, code):
	with pytest.raises(RuleError) as e:
		rules.terms(**kw)
	assert e.value.code == code


def test_bad_inputs_refused():
	for args, code in [
		((None, date(2026, 1, 2), 1, 1), "no_promised_handover_date"),
		((date(2026, 1, 1), None, 1, 1), "no_handover_date"),
		((date(2026, 1, 1), date(2026, 1, 9), -1, 1), "paid_negative"),
		((date(2026, 1, 1), date(2026, 1, 9), 1, 0), "price_not_positive"),
	]:
		with pytest.raises(RuleError) as e:
			rules.penalty(*args, DEFAULT)
		assert e.value.code == code


@given(
	st.integers(min_value=1, max_value=2000),
	st.decimals(min_value=D("0"), max_value=D("50000000"), places=2),
	st.decimals(min_value=D("0.001"), max_value=D("0.1"), places=3),
	st.integers(min_value=0, max_value=30),
)
def test_properties(days, paid, rate, cap):
	t = rules.terms(rate, 0, cap, 0)
	p = rules.penalty(
		date(2026, 1, 1), date.fromordinal(date(2026, 1, 1).toordinal() + days), paid, D("50000000"), t
	)
	assert p.days_late == days
	assert p.amount == p.amount.quantize(D("0.01")) and 0 <= p.amount <= p.uncapped
	if cap:
		assert p.amount <= D("50000000") * cap / 100
