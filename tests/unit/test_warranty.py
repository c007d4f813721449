from datetime import date

import pytest

from recrm.core import RuleError
from recrm.core.warranty import (
	DEFAULT_COMPONENTS,
	HEATING_SEASONS,
	YEARS,
	check_quote,
	in_warranty,
	season_end,
	warranty_ends,
)


def test_years_from_handover():
	assert warranty_ends(date(2026, 12, 1), 2, YEARS) == date(2028, 11, 30)
	assert warranty_ends(date(2028, 2, 29), 5, YEARS) == date(2033, 2, 27)
	assert in_warranty(date(2026, 12, 1), 2, YEARS, date(2028, 11, 30))
	assert not in_warranty(date(2026, 12, 1), 2, YEARS, date(2028, 12, 1))


def test_heating_seasons_count_per_winter_after_handover():
	# handed over in summer: the first season is the coming winter
	assert season_end(date(2026, 6, 1), 1) == date(2027, 3, 15)
	assert season_end(date(2026, 6, 1), 2) == date(2028, 3, 15)
	# handed over during a season: that season is the first
	assert season_end(date(2026, 12, 10), 2) == date(2028, 3, 15)
	assert season_end(date(2027, 2, 1), 2) == date(2028, 3, 15)
	# just after a season ended: the next winter is the first
	assert season_end(date(2027, 3, 16), 2) == date(2029, 3, 15)
	assert in_warranty(date(2026, 6, 1), 2, HEATING_SEASONS, date(2028, 3, 15))
	assert not in_warranty(date(2026, 6, 1), 2, HEATING_SEASONS, date(2028, 3, 16))


def test_not_handed_over_or_before_handover_refused():
	with pytest.raises(RuleError) as error:
		in_warranty(None, 2, YEARS, date(2026, 1, 1))
	assert error.value.code == "unit_not_handed_over"
	with pytest.raises(RuleError) as error:
		in_warranty(date(2026, 6, 1), 2, YEARS, date(2026, 5, 31))
	assert error.value.code == "repair_before_handover"
	with pytest.raises(RuleError):
		warranty_ends(date(2026, 6, 1), 0, YEARS)
	with pytest.raises(RuleError):
		warranty_ends(date(2026, 6, 1), 2, "Decades")


def test_defaults_follow_article_40():
	periods = {name: (period, unit) for name, period, unit, _ref in DEFAULT_COMPONENTS}
	assert periods["Structure and Foundations"] == (50, YEARS)
	assert periods["Roof Waterproofing"] == (5, YEARS)
	assert periods["Wet-Room Waterproofing"] == (5, YEARS)
	assert periods["Heating and Cooling"] == (2, HEATING_SEASONS)
	for name in ("Electrical", "Plumbing and Drainage", "Equipment", "Fit-out"):
		assert periods[name] == (2, YEARS)


def test_quote():
	check_quote(100)
	for bad in (0, -1, None):
		with pytest.raises(RuleError):
			check_quote(bad)
