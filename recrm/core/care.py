"""Care after move-in, as pure rules: the four-year revisit (四年之约), birthday and handover-
anniversary reminders, the customer manager's round robin and the loyalty maintenance fund
(忠诚度维修基金).

**Revisit.** Every owner is visited four years after the keys: ``revisit_due`` adds the years to
the handover date; a home handed over on 29 February is due on 28 February of a common year.
The visit task is assigned ``task_days`` before the due date (``task_due``).

**Reminders.** A birthday or anniversary on day D of year Y is reminded ``days_ahead`` days
before it; ``next_occasion`` gives the next such day on or after a given day (29 February is
celebrated on 28 February in common years), ``reminder_due`` whether today is inside the window
[D - days_ahead, D]. One reminder per customer, kind and year: the year of the occasion.

**Fund.** A fund's balance is the sum of its entries (contributions in, works out); an out entry
larger than the balance is refused (``check_withdrawal``), the owners' share of a work is at most
its cost (``owners_share``).
"""

from collections.abc import Sequence
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation

from recrm.core import RuleError

REVISIT_YEARS = 4
DEFAULT_TASK_DAYS = 30
DEFAULT_REMINDER_DAYS = 3
MAX_DAYS_AHEAD = 60

BIRTHDAY = "Birthday"
ANNIVERSARY = "Handover Anniversary"
REMINDER_KINDS = (BIRTHDAY, ANNIVERSARY)

SCHEDULED = "Scheduled"
VISITED = "Visited"
MISSED = "Missed"
REVISIT_STATUSES = (SCHEDULED, VISITED, MISSED)

FUND_IN = "Contribution"
FUND_OUT = "Works"
FUND_KINDS = (FUND_IN, FUND_OUT)


def same_day_in(year: int, day: date) -> date:
	"""``day``'s month and day in ``year``; 29 February becomes 28 February in a common year."""
	try:
		return day.replace(year=year)
	except ValueError:  # 29 February in a common year
		return date(year, 2, 28)


def revisit_due(handover: date, years: int = REVISIT_YEARS) -> date:
	"""The day of the revisit: ``years`` after the handover (4 by default)."""
	if not handover:
		raise RuleError("revisit_no_handover")
	if years < 1:
		raise RuleError("revisit_bad_years", years=years)
	return same_day_in(handover.year + years, handover)


def task_due(due: date, today: date, task_days: int = DEFAULT_TASK_DAYS) -> bool:
	"""Whether the visit task is to be assigned today: from ``task_days`` before the due date on."""
	return today >= due - timedelta(days=max(task_days, 0))


def revisit_status_after(status: str, due: date, today: date, grace_days: int = 90) -> str:
	"""A scheduled revisit not done ``grace_days`` after its due date is Missed; others stay."""
	if status == SCHEDULED and today > due + timedelta(days=grace_days):
		return MISSED
	return status


def check_days_ahead(days: int) -> int:
	if days is None or isinstance(days, bool) or not isinstance(days, int) or not 0 <= days <= MAX_DAYS_AHEAD:
		raise RuleError("reminder_bad_days", days=days, max=MAX_DAYS_AHEAD)
	return days


def next_occasion(origin: date, today: date) -> date:
	"""The next birthday or anniversary of ``origin`` on or after ``today``."""
	this_year = same_day_in(today.year, origin)
	if this_year >= today:
		return this_year
	return same_day_in(today.year + 1, origin)


def reminder_due(origin: date | None, today: date, days_ahead: int, kind: str = BIRTHDAY) -> date | None:
	"""The occasion to remind of today, or None: the next occasion when it is at most
	``days_ahead`` days away. An anniversary is reminded from the first one on (not the handover
	day itself); a birthday or anniversary in the future of ``origin`` only."""
	check_days_ahead(days_ahead)
	if kind not in REMINDER_KINDS:
		raise RuleError("reminder_unknown_kind", kind=kind)
	if not origin or origin > today:
		return None
	occasion = next_occasion(origin, today)
	if kind == ANNIVERSARY and occasion.year <= origin.year:
		return None
	if (occasion - today).days <= days_ahead:
		return occasion
	return None


def reminder_key(kind: str, customer: str, occasion: date) -> str:
	"""The one key of a reminder: the database refuses a second one for the customer, kind, year."""
	return f"{kind}:{customer}:{occasion.year}"


def round_robin(users: Sequence[str], counts: dict[str, int]) -> str | None:
	"""The user to give the next owner: the one with the fewest owners, then by name."""
	if not users:
		return None
	return min(sorted(set(users)), key=lambda u: (counts.get(u, 0), u))


def money(amount, field: str = "amount") -> Decimal:
	try:
		value = Decimal(str(amount if amount not in (None, "") else 0))
	except (InvalidOperation, ValueError):
		raise RuleError("fund_bad_amount", field=field, amount=amount) from None
	if not value.is_finite() or value < 0:
		raise RuleError("fund_bad_amount", field=field, amount=amount)
	return value.quantize(Decimal("0.01"))


def fund_delta(kind: str, amount) -> Decimal:
	"""The entry's effect on the balance: a contribution adds, works take away. Refuses zero."""
	if kind not in FUND_KINDS:
		raise RuleError("fund_unknown_kind", kind=kind)
	value = money(amount)
	if value == 0:
		raise RuleError("fund_zero_amount")
	return value if kind == FUND_IN else -value


def check_withdrawal(balance, amount) -> Decimal:
	"""The balance after paying ``amount`` out; refuses more than the balance."""
	balance, amount = money(balance, "balance"), money(amount)
	if amount > balance:
		raise RuleError("fund_overdrawn", amount=amount, balance=balance)
	return balance - amount


def owners_share(cost, fund_paid) -> Decimal:
	"""The owners' share of a work: its cost less what the fund paid; the fund pays at most the cost."""
	cost, fund_paid = money(cost, "cost"), money(fund_paid)
	if fund_paid > cost:
		raise RuleError("fund_more_than_cost", amount=fund_paid, cost=cost)
	return cost - fund_paid
