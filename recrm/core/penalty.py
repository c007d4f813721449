"""Late-delivery penalty (逾期交房违约金), as the model sales contract words it.

The developer owes the buyer, for every day the handover is late, a daily rate on the amount the
buyer has paid. Rules kept here:

- the handover is late from the day after the promised handover date plus the grace days; the days
  late are counted to the actual handover date (or, for a forecast, the planned date), that day
  not included: promised 1 March, no grace, handed over 3 March → 2 days late;
- the base is **the amount the buyer has paid on the contract** when the penalty is computed (the
  buyer's money the developer held through the delay; the model contract says 已付房价款), not the
  price;
- penalty = base × daily rate (percent) × days late, rounded once, to the fen, ROUND_HALF_UP, and
  capped at ``cap_percent`` of the final price (0 = no cap);
- more than ``cancel_after_days`` late, the buyer may cancel the contract (0 = never flagged).

A penalty for a handover that was on time is refused (``handed_over_on_time``); a forecast of a
building whose planned date is on time is simply no exposure (zero).
"""

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from recrm.core import RuleError
from recrm.core.pricing import to_decimal
from recrm.core.protection import as_date

FEN = Decimal("0.01")
ZERO = Decimal(0)
HUNDRED = Decimal(100)
MAX_DAILY_RATE = Decimal(1)  # percent a day; beyond is a typing slip
MAX_GRACE_DAYS = 3660


@dataclass(frozen=True)
class Terms:
	daily_rate_percent: Decimal = Decimal("0.01")
	grace_days: int = 0
	cap_percent: Decimal = ZERO  # of the final price; 0 = no cap
	cancel_after_days: int = 0  # 0 = the buyer is never offered cancellation


@dataclass(frozen=True)
class Penalty:
	due_from: date  # the first day that counts as late
	days_late: int
	base: Decimal
	uncapped: Decimal
	amount: Decimal
	capped: bool
	may_cancel: bool


def terms(daily_rate_percent=None, grace_days=None, cap_percent=None, cancel_after_days=None) -> Terms:
	rate = to_decimal(daily_rate_percent)
	cap = to_decimal(cap_percent)
	grace = int(grace_days or 0)
	cancel = int(cancel_after_days or 0)
	if not ZERO < rate <= MAX_DAILY_RATE:
		raise RuleError("bad_daily_rate", rate=daily_rate_percent, max=MAX_DAILY_RATE)
	if not 0 <= grace <= MAX_GRACE_DAYS:
		raise RuleError("bad_grace_days", days=grace_days)
	if not ZERO <= cap <= HUNDRED:
		raise RuleError("bad_penalty_cap", cap=cap_percent)
	if cancel < 0:
		raise RuleError("bad_cancel_after_days", days=cancel_after_days)
	return Terms(rate, grace, cap, cancel)


def days_late(promised, handover, grace_days: int = 0) -> int:
	promised, handover = as_date(promised), as_date(handover)
	return max((handover - (promised + timedelta(days=grace_days))).days, 0)


def penalty(promised, handover, paid, final_price, contract_terms: Terms, forecast: bool = False) -> Penalty:
	"""The penalty of one contract whose promised date is ``promised`` and whose handover is (or, for
	a ``forecast``, is planned) on ``handover``."""
	promised_on, handover_on = as_date(promised), as_date(handover)
	if promised_on is None:
		raise RuleError("no_promised_handover_date")
	if handover_on is None:
		raise RuleError("no_handover_date")
	base, price = to_decimal(paid), to_decimal(final_price)
	if base < 0:
		raise RuleError("paid_negative", amount=paid)
	if price <= 0:
		raise RuleError("price_not_positive", price=final_price)
	late = days_late(promised_on, handover_on, contract_terms.grace_days)
	due_from = promised_on + timedelta(days=contract_terms.grace_days + 1)
	if late == 0 and not forecast:
		raise RuleError("handed_over_on_time", handover=handover_on, due=due_from - timedelta(days=1))
	uncapped = (base * contract_terms.daily_rate_percent * late / HUNDRED).quantize(FEN, ROUND_HALF_UP)
	amount = uncapped
	capped = False
	if contract_terms.cap_percent > 0:
		cap = (price * contract_terms.cap_percent / HUNDRED).quantize(FEN, ROUND_HALF_UP)
		if uncapped > cap:
			amount, capped = cap, True
	return Penalty(
		due_from=due_from,
		days_late=late,
		base=base,
		uncapped=uncapped,
		amount=amount,
		capped=capped,
		may_cancel=bool(contract_terms.cancel_after_days) and late > contract_terms.cancel_after_days,
	)
