from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from recrm.core import RuleError
from recrm.core.pricing import (
	UnitFacts,
	adjust_by_percentage,
	premium_list_price,
	price_per_sqm,
	unit_problems,
)


def test_price_per_sqm_is_rounded_to_the_fen():
	assert price_per_sqm(1_000_000, 89.5) == Decimal("11173.18")


def test_price_per_sqm_needs_an_area():
	with pytest.raises(RuleError):
		price_per_sqm(1_000_000, 0)


def test_floor_and_orientation_premiums():
	# 100 m² at 10,000/m², 10 floors above the reference at 50/m² each, 2% for facing south
	assert premium_list_price(100, 10_000, 11, 1, 50, 2) == Decimal("1071000")
	# below the reference floor nothing is taken off
	assert premium_list_price(100, 10_000, -1, 1, 50, 0) == Decimal("1000000")


def test_premium_price_refuses_zero_base_or_area():
	with pytest.raises(RuleError):
		premium_list_price(0, 10_000, 3)
	with pytest.raises(RuleError):
		premium_list_price(100, 0, 3)


def test_percentage_adjustment_rounds_half_up_to_the_yuan():
	assert adjust_by_percentage(1_000_001, 3) == Decimal("1030001")
	assert adjust_by_percentage(999_999, -2.5) == Decimal("974999")


@pytest.mark.parametrize("pct", [-100, -150])
def test_percentage_cannot_wipe_out_the_price(pct):
	with pytest.raises(RuleError):
		adjust_by_percentage(1_000_000, pct)


def test_unit_problems_name_every_broken_rule():
	assert unit_problems(UnitFacts(90, 75, 1_000_000, 950_000)) == []
	codes = [code for code, _ in unit_problems(UnitFacts(90, 95, 0, -1))]
	assert codes == ["net_area_exceeds_gross", "price_not_positive", "floor_price_negative"]
	codes = [code for code, _ in unit_problems(UnitFacts(-1, 0, 100, 200))]
	assert codes == ["gross_area_not_positive", "net_area_not_positive", "floor_price_above_list"]


@given(
	price=st.integers(100_000, 50_000_000),
	pct=st.decimals(min_value=-50, max_value=50, places=2),
)
def test_adjustment_stays_within_a_yuan_of_the_exact_figure(price, pct):
	new = adjust_by_percentage(price, pct)
	exact = Decimal(price) * (1 + pct / 100)
	assert abs(new - exact) <= Decimal("0.5")
	assert new == new.to_integral_value()
