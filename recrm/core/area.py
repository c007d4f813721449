"""Area reconciliation (面积补差): the surveyed area of a unit against the area its contract sold.

The default clause is the national rule, 商品房销售管理办法 第二十条 (as the model contract words
it): with diff% = (surveyed − contracted) / contracted,

- exactly 0: nothing to settle (band ``exact``);
- 0 < diff% ≤ +threshold: the buyer pays the difference at the contract's unit price
  (``within_plus``);
- −threshold ≤ diff% < 0: the developer refunds the difference at the unit price (``within_minus``);
- diff% > +threshold: the buyer pays for the part up to the threshold; the developer bears the
  rest (``over_plus``); the buyer may cancel the contract;
- diff% < −threshold: the developer refunds the part up to the threshold at the unit price and the
  part beyond it ``refund_multiplier`` times over (twice, by default) (``under_minus``); the buyer
  may cancel.

A difference of exactly the threshold is inside it. The contract's unit price is its final price
over its contracted area and is never rounded: the amount is (area × final price / contracted area)
computed exactly in ``Decimal`` and rounded once, to the fen, ROUND_HALF_UP. A contract's own clause
may set another threshold or multiplier (``Clause``).
"""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from recrm.core import RuleError
from recrm.core.pricing import to_decimal

FEN = Decimal("0.01")
ZERO = Decimal(0)
HUNDRED = Decimal(100)
# a survey finding more than twice the contracted area is a typing slip, not a difference
MAX_AREA_RATIO = Decimal(2)

EXACT = "exact"
WITHIN_PLUS = "within_plus"
WITHIN_MINUS = "within_minus"
OVER_PLUS = "over_plus"
UNDER_MINUS = "under_minus"
BANDS = (EXACT, WITHIN_PLUS, WITHIN_MINUS, OVER_PLUS, UNDER_MINUS)

DEFAULT_THRESHOLD = Decimal(3)
DEFAULT_MULTIPLIER = Decimal(2)


@dataclass(frozen=True)
class Clause:
	"""A contract's area clause: the threshold in percent and the multiplier of the refund beyond it."""

	threshold_percent: Decimal = DEFAULT_THRESHOLD
	refund_multiplier: Decimal = DEFAULT_MULTIPLIER


@dataclass(frozen=True)
class Settlement:
	contracted_area: Decimal
	surveyed_area: Decimal
	unit_price: Decimal  # per m², rounded to the fen for display only
	diff_area: Decimal
	diff_percent: Decimal  # rounded to 0.01 % for display; the band uses the exact ratio
	band: str
	charged_area: Decimal  # what the buyer pays for (m²)
	borne_area: Decimal  # what the developer bears beyond the threshold (m²)
	refunded_area: Decimal  # refunded once (m²)
	refunded_multiple_area: Decimal  # refunded ``refund_multiplier`` times (m²)
	amount: Decimal  # signed: > 0 the buyer pays, < 0 the developer refunds
	may_cancel: bool

	@property
	def charge(self) -> Decimal:
		return max(self.amount, ZERO)

	@property
	def refund(self) -> Decimal:
		return max(-self.amount, ZERO)


def fen(value: Decimal) -> Decimal:
	return value.quantize(FEN, rounding=ROUND_HALF_UP)


def clause(threshold_percent=None, refund_multiplier=None) -> Clause:
	"""A checked clause; empty values take the national rule's."""
	threshold = to_decimal(threshold_percent) if threshold_percent not in (None, "", 0) else DEFAULT_THRESHOLD
	multiplier = (
		to_decimal(refund_multiplier) if refund_multiplier not in (None, "", 0) else DEFAULT_MULTIPLIER
	)
	if not ZERO < threshold < HUNDRED:
		raise RuleError("bad_area_threshold", threshold=threshold_percent)
	if not Decimal(1) <= multiplier <= Decimal(10):
		raise RuleError("bad_refund_multiplier", multiplier=refund_multiplier)
	return Clause(threshold, multiplier)


def check_areas(contracted_area, surveyed_area) -> tuple[Decimal, Decimal]:
	contracted, surveyed = to_decimal(contracted_area), to_decimal(surveyed_area)
	if contracted <= 0:
		raise RuleError("contracted_area_not_positive", area=contracted_area)
	if surveyed <= 0:
		raise RuleError("surveyed_area_not_positive", area=surveyed_area)
	if surveyed > contracted * MAX_AREA_RATIO:
		raise RuleError("surveyed_area_too_large", area=surveyed_area, contracted=contracted_area)
	return contracted, surveyed


def band_of(diff: Decimal, threshold_area: Decimal) -> str:
	if diff == 0:
		return EXACT
	if diff > 0:
		return WITHIN_PLUS if diff <= threshold_area else OVER_PLUS
	return WITHIN_MINUS if -diff <= threshold_area else UNDER_MINUS


def settle(contracted_area, surveyed_area, final_price, terms: Clause | None = None) -> Settlement:
	"""The settlement of one contract's area difference under ``terms`` (default: the national rule)."""
	terms = terms or Clause()
	contracted, surveyed = check_areas(contracted_area, surveyed_area)
	price = to_decimal(final_price)
	if price <= 0:
		raise RuleError("price_not_positive", price=final_price)
	diff = surveyed - contracted
	threshold_area = contracted * terms.threshold_percent / HUNDRED
	band = band_of(diff, threshold_area)
	charged = borne = refunded = multiple = ZERO
	if diff > 0:
		charged = min(diff, threshold_area)
		borne = diff - charged
	elif diff < 0:
		refunded = min(-diff, threshold_area)
		multiple = -diff - refunded
	# one division, last: the unit price is never rounded before it multiplies
	amount = fen((charged - refunded - multiple * terms.refund_multiplier) * price / contracted)
	return Settlement(
		contracted_area=contracted,
		surveyed_area=surveyed,
		unit_price=fen(price / contracted),
		diff_area=diff,
		diff_percent=fen(diff * HUNDRED / contracted),
		band=band,
		charged_area=charged,
		borne_area=borne,
		refunded_area=refunded,
		refunded_multiple_area=multiple,
		amount=amount,
		may_cancel=band in (OVER_PLUS, UNDER_MINUS),
	)
