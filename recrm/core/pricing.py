"""Unit prices (表价) and price adjustments, in exact decimal arithmetic.

List prices are rounded to whole yuan as price lists print them; prices per m² to the fen.
"""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from recrm.core import RuleError

YUAN = Decimal("1")
FEN = Decimal("0.01")


def to_decimal(value) -> Decimal:
	if isinstance(value, Decimal):
		return value
	return Decimal(str(value or 0))


def round_money(value, quantum: Decimal = YUAN) -> Decimal:
	return to_decimal(value).quantize(quantum, rounding=ROUND_HALF_UP)


def price_per_sqm(list_price, gross_area) -> Decimal:
	area = to_decimal(gross_area)
	if area <= 0:
		raise RuleError("area_not_positive", area=gross_area)
	return round_money(to_decimal(list_price) / area, FEN)


def premium_list_price(
	gross_area,
	base_price_per_sqm,
	floor: int,
	reference_floor: int = 1,
	floor_premium_per_sqm=0,
	orientation_premium_percent=0,
) -> Decimal:
	"""List price from a base price per m², a premium per floor above the reference floor and an
	orientation premium in percent (south-facing units sell dearer)."""
	area = to_decimal(gross_area)
	if area <= 0:
		raise RuleError("area_not_positive", area=gross_area)
	base = to_decimal(base_price_per_sqm)
	if base <= 0:
		raise RuleError("price_not_positive", price=base_price_per_sqm)
	# basements and floors below the reference floor earn no negative premium
	floors_above = max(floor - (reference_floor or 1), 0)
	per_sqm = base + to_decimal(floor_premium_per_sqm) * floors_above
	per_sqm *= 1 + to_decimal(orientation_premium_percent) / 100
	price = round_money(per_sqm * area)
	if price <= 0:
		raise RuleError("price_not_positive", price=price)
	return price


def adjust_by_percentage(list_price, percentage) -> Decimal:
	pct = to_decimal(percentage)
	if pct <= -100:
		raise RuleError("bad_percentage", percentage=percentage)
	price = round_money(to_decimal(list_price) * (1 + pct / 100))
	if price <= 0:
		raise RuleError("price_not_positive", price=price)
	return price


@dataclass(frozen=True)
class UnitFacts:
	gross_area: float
	net_area: float | None
	list_price: float
	floor_price: float | None = None


def unit_problems(facts: UnitFacts) -> list[tuple[str, dict]]:
	"""Every rule a unit's areas and prices break, as (code, params) pairs."""
	problems: list[tuple[str, dict]] = []
	gross = to_decimal(facts.gross_area)
	if gross <= 0:
		problems.append(("gross_area_not_positive", {"area": facts.gross_area}))
	if facts.net_area is not None:
		net = to_decimal(facts.net_area)
		if net <= 0:
			problems.append(("net_area_not_positive", {"area": facts.net_area}))
		elif gross > 0 and net > gross:
			problems.append(("net_area_exceeds_gross", {"net": facts.net_area, "gross": facts.gross_area}))
	price = to_decimal(facts.list_price)
	if price <= 0:
		problems.append(("price_not_positive", {"price": facts.list_price}))
	if facts.floor_price is not None:
		floor_price = to_decimal(facts.floor_price)
		if floor_price < 0:
			problems.append(("floor_price_negative", {"price": facts.floor_price}))
		elif price > 0 and floor_price > price:
			problems.append(
				("floor_price_above_list", {"floor_price": facts.floor_price, "price": facts.list_price})
			)
	return problems
