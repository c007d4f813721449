"""Amounts in Chinese capital numerals (大写金额)."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from recrm.core import RuleError
from recrm.core.amount_words import DIGITS, integer_capital, rmb_capital


@pytest.mark.parametrize(
	"amount, words",
	[
		(0, "零元整"),
		(1, "壹元整"),
		(10, "壹拾元整"),
		(15, "壹拾伍元整"),
		(105, "壹佰零伍元整"),
		(1005, "壹仟零伍元整"),
		(1050, "壹仟零伍拾元整"),
		(10_000, "壹万元整"),
		(10_010, "壹万零壹拾元整"),
		(100_010, "壹拾万零壹拾元整"),
		(1_001_000, "壹佰万壹仟元整"),
		(1_000_100, "壹佰万零壹佰元整"),
		(10_005_000, "壹仟万伍仟元整"),
		(100_001_000, "壹亿零壹仟元整"),
		(100_000_001, "壹亿零壹元整"),
		(100_010_000, "壹亿零壹万元整"),
		("1234567.89", "壹佰贰拾叁万肆仟伍佰陆拾柒元捌角玖分"),
		("980000.00", "玖拾捌万元整"),
		("0.5", "伍角整"),
		("0.05", "伍分"),
		("1.05", "壹元零伍分"),
		("1.50", "壹元伍角整"),
		("10.55", "壹拾元伍角伍分"),
		(Decimal("-3"), "负叁元整"),
		(50_000.0, "伍万元整"),
	],
)
def test_capitals(amount, words):
	assert rmb_capital(amount) == words


def test_prefix():
	assert rmb_capital(50_000, prefix="人民币") == "人民币伍万元整"


def test_fractions_of_a_fen_and_huge_amounts_are_refused():
	with pytest.raises(RuleError):
		rmb_capital("1.005")
	with pytest.raises(RuleError):
		rmb_capital(10**16)
	assert integer_capital(10**12) == "壹万亿"


def parse(words: str) -> int:
	"""Read capitals back (a check of the writer, not a general parser)."""
	places = {"拾": 10, "佰": 100, "仟": 1000}
	total, section, digit = 0, 0, 0
	for char in words:
		if char in DIGITS:
			digit = DIGITS.index(char)
		elif char in places:
			section += digit * places[char]
			digit = 0
		elif char == "万":
			if total and total % 10**8 == 0 and section + digit == 0:
				total *= 10_000  # 万亿
			else:
				total += (section + digit) * 10_000
			section = digit = 0
		elif char == "亿":
			total = (total + section + digit) * 10**8
			section = digit = 0
	return total + section + digit


@given(st.integers(min_value=0, max_value=10**12 - 1))
def test_whole_numbers_read_back(number):
	words = integer_capital(number)
	assert parse(words) == number
	assert "零零" not in words
	assert not words.endswith("零") or number == 0


def test_figures_and_dates():
	from datetime import date

	from recrm.core.amount_words import cn_date, rmb_figures

	assert rmb_figures("1234567.89") == "¥1,234,567.89"
	assert rmb_figures(0) == "¥0.00"
	assert rmb_figures(None) == "¥0.00"
	assert rmb_figures(-5) == "-¥5.00"
	assert cn_date(date(2026, 1, 5)) == "2026年1月5日"
	assert cn_date("2026-11-23") == "2026年11月23日"
	assert cn_date(None) == ""
