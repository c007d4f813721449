"""Warranty periods of a home after handover (房屋保修), by component, and whether a repair is in
warranty on a given day.

The defaults follow 建设工程质量管理条例 第四十条: the structure (foundations and main structure)
for its design life; roof, wet-room and exterior-wall waterproofing 5 years; heating and cooling
systems 2 heating or cooling seasons; electrical, plumbing and drainage, equipment and fit-out 2
years — all from the handover date (the day the keys were handed over).

A period is a number of years or of heating seasons:

- Years: in warranty up to the same calendar day ``n`` years after handover, that day excluded
  (29 February counts as 28 February in a year without it).
- Heating seasons: a heating season runs from 15 November to 15 March of the next year (the
  usual northern heating period; both days given in the arguments). A season counts once per
  winter after handover: the season in progress on the handover day counts as the first (the buyer
  lives through it), else the first season that begins after the handover. In warranty up to the
  end of the ``n``-th such season, its last day included. A cooling season between two heating
  seasons therefore lies inside the period of two seasons as well.
"""

from datetime import date, timedelta

from recrm.core import RuleError

YEARS = "Years"
HEATING_SEASONS = "Heating Seasons"
PERIOD_UNITS = (YEARS, HEATING_SEASONS)
FROM_HANDOVER = "From Handover Date"
LEGAL_REFERENCE = "建设工程质量管理条例 第四十条"
SEASON_START = (11, 15)
SEASON_END = (3, 15)
DESIGN_LIFE_YEARS = 50

# (component, period, unit, the clause): the defaults made at install and migrate
DEFAULT_COMPONENTS = (
	(
		"Structure and Foundations",
		DESIGN_LIFE_YEARS,
		YEARS,
		LEGAL_REFERENCE + " (一) 设计文件规定的合理使用年限",
	),
	("Roof Waterproofing", 5, YEARS, LEGAL_REFERENCE + " (二)"),
	("Wet-Room Waterproofing", 5, YEARS, LEGAL_REFERENCE + " (二)"),
	("Exterior Wall Waterproofing", 5, YEARS, LEGAL_REFERENCE + " (二)"),
	("Heating and Cooling", 2, HEATING_SEASONS, LEGAL_REFERENCE + " (三)"),
	("Electrical", 2, YEARS, LEGAL_REFERENCE + " (四)"),
	("Plumbing and Drainage", 2, YEARS, LEGAL_REFERENCE + " (四)"),
	("Equipment", 2, YEARS, LEGAL_REFERENCE + " (四)"),
	("Fit-out", 2, YEARS, LEGAL_REFERENCE + " (四)"),
)


def add_years(day: date, years: int) -> date:
	try:
		return day.replace(year=day.year + years)
	except ValueError:  # 29 February
		return day.replace(year=day.year + years, day=28)


def _season(start_year: int, start=SEASON_START, end=SEASON_END) -> tuple[date, date]:
	return date(start_year, *start), date(start_year + 1, *end)


def season_end(handover: date, seasons: int, start=SEASON_START, end=SEASON_END) -> date:
	"""The last day of the ``seasons``-th heating season counted from ``handover`` (module doc)."""
	# the season that began in the winter before the handover may still be running
	_first_start, first_end = _season(handover.year - 1, start, end)
	if handover <= first_end:
		first_year = handover.year - 1
	else:
		first_year = handover.year
	return _season(first_year + seasons - 1, start, end)[1]


def warranty_ends(handover: date, period: int, unit: str, start=SEASON_START, end=SEASON_END) -> date:
	"""The last day in warranty."""
	if period is None or period <= 0:
		raise RuleError("warranty_period_not_positive", period=period)
	if unit == YEARS:
		return add_years(handover, period) - timedelta(days=1)
	if unit == HEATING_SEASONS:
		return season_end(handover, period, start, end)
	raise RuleError("bad_warranty_unit", unit=unit)


def in_warranty(
	handover: date | None, period: int, unit: str, on: date, start=SEASON_START, end=SEASON_END
) -> bool:
	"""Whether a repair asked for ``on`` is in warranty; refused before the keys were handed over."""
	if handover is None:
		raise RuleError("unit_not_handed_over")
	if on < handover:
		raise RuleError("repair_before_handover", handover=handover, on=on)
	return on <= warranty_ends(handover, period, unit, start, end)


def check_quote(amount) -> None:
	if amount is None or amount <= 0:
		raise RuleError("quote_not_positive", amount=amount)


def check_period(period, unit: str) -> None:
	if period is None or period <= 0:
		raise RuleError("warranty_period_not_positive", period=period)
	if unit not in PERIOD_UNITS:
		raise RuleError("bad_warranty_unit", unit=unit)
