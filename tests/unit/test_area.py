from decimal import Decimal as D

import pytest
from hypothesis import given
from hypothesis import strategies as st

from recrm.core import RuleError
from recrm.core import area as rules

PRICE = D("1000000.00")  # 100 m² at 10,000.00 / m²


def settle(surveyed, contracted="100", price=PRICE, **kw):
	return rules.settle(D(contracted), D(surveyed), price, rules.clause(**kw) if kw else None)


def test_exact_area_settles_nothing():
	s = settle("100")
	assert (s.band, s.amount, s.may_cancel) == (rules.EXACT, D("0.00"), False)


def test_within_plus_buyer_pays_at_unit_price():
	s = settle("102.50")
	assert s.band == rules.WITHIN_PLUS
	assert s.amount == D("25000.00") and s.charge == D("25000.00") and s.refund == 0
	assert not s.may_cancel


def test_within_minus_developer_refunds_at_unit_price():
	s = settle("98.75")
	assert s.band == rules.WITHIN_MINUS and s.amount == D("-12500.00") and s.refund == D("12500.00")


def test_exactly_three_percent_is_inside_the_band():
	assert settle("103").band == rules.WITHIN_PLUS
	assert settle("97").band == rules.WITHIN_MINUS
	assert not settle("103").may_cancel


def test_over_plus_buyer_pays_three_percent_developer_bears_rest():
	s = settle("105")
	assert s.band == rules.OVER_PLUS
	assert s.charged_area == D("3") and s.borne_area == D("2")
	assert s.amount == D("30000.00") and s.may_cancel


def test_under_minus_refunds_three_percent_once_and_beyond_twice():
	s = settle("95")
	assert s.band == rules.UNDER_MINUS
	assert s.refunded_area == D("3") and s.refunded_multiple_area == D("2")
	# 3 m² × 10,000 + 2 m² × 10,000 × 2
	assert s.amount == D("-70000.00") and s.may_cancel


def test_unit_price_not_rounded_before_multiplying():
	# 1,234,567.89 / 89.37 m² = 13,814.1209… a m²; diff 1.23 m² → 16,991.3688… → 16,991.37
	s = rules.settle(D("89.37"), D("90.60"), D("1234567.89"))
	exact = D("1.23") * D("1234567.89") / D("89.37")
	assert s.amount == exact.quantize(D("0.01"), rounding="ROUND_HALF_UP")
	assert s.amount == D("16991.37")


def test_half_fen_rounds_up():
	# 0.01 m² of 1 m² priced 0.50 → 0.005 → 0.01
	assert rules.settle(D("1"), D("1.01"), D("0.50")).amount == D("0.01")
	assert rules.settle(D("1"), D("0.99"), D("0.50")).amount == D("-0.01")


def test_contract_clause_threshold_and_multiplier():
	s = settle("95", threshold_percent=1, refund_multiplier=3)
	# 1 m² once, 4 m² three times: (1 + 12) × 10,000
	assert s.band == rules.UNDER_MINUS and s.amount == D("-130000.00")
	assert settle("102", threshold_percent=5).band == rules.WITHIN_PLUS


@pytest.mark.parametrize(
	"surveyed,code",
	[
		("0", "surveyed_area_not_positive"),
		("-1", "surveyed_area_not_positive"),
		("200.01", "surveyed_area_too_large"),
	],
)
def test_bad_surveyed_area_refused(surveyed, code):
	with pytest.raises(RuleError) as e:
		settle(surveyed)
	assert e.value.code == code


def test_twice_the_area_is_still_accepted():
	assert settle("200").band == rules.OVER_PLUS


def test_bad_contracted_area_price_and_clause_refused():
	for call, code in [
		(lambda: settle("10", contracted="0"), "contracted_area_not_positive"),
		(lambda: settle("100", price=D(0)), "price_not_positive"),
		(lambda: rules.clause(threshold_percent=100), "bad_area_threshold"),
		(lambda: rules.clause(threshold_percent=-1), "bad_area_threshold"),
		(lambda: rules.clause(refund_multiplier=D("0.5")), "bad_refund_multiplier"),
	]:
		with pytest.raises(RuleError) as e:
			call()
		assert e.value.code == code


areas = st.decimals(min_value=D("10.00"), max_value=D("500.00"), places=2)
prices = st.decimals(min_value=D("10000.00"), max_value=D("90000000.00"), places=2)


@given(areas, st.integers(min_value=1, max_value=199), prices)
def test_properties(contracted, percent_of, price):
	surveyed = (contracted * percent_of / 100).quantize(D("0.01"))
	if surveyed <= 0:
		return
	s = rules.settle(contracted, surveyed, price)
	assert s.band in rules.BANDS
	assert s.amount == s.amount.quantize(D("0.01"))
	# the buyer never pays more than 3 % of the price; the sign follows the difference
	assert s.amount <= (price * D(3) / 100).quantize(D("0.01")) + D("0.01")
	assert (s.amount > 0) <= (s.diff_area > 0) and (s.amount < 0) <= (s.diff_area < 0)
	assert s.may_cancel == (s.band in (rules.OVER_PLUS, rules.UNDER_MINUS))
	assert s.charged_area + s.borne_area - s.refunded_area - s.refunded_multiple_area == s.diff_area


@given(areas, prices, st.decimals(min_value=D("0.01"), max_value=D("9.99"), places=2))
def test_refund_never_smaller_than_charge_for_the_same_difference(contracted, price, delta):
	if delta >= contracted:
		return
	up = rules.settle(contracted, contracted + delta, price)
	down = rules.settle(contracted, contracted - delta, price)
	assert down.refund >= up.charge
