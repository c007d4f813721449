"""Contracts (签约) and the sales changes after them, as pure rules on exact amounts.

- buyers and their ownership shares;
- the final price after a discount, the floor price, and who must approve a discount;
- receipts against the payment schedule, and what is outstanding and overdue;
- cancellation (退房): what is refunded, to the buyer and to the lender;
- unit change (换房): the money paid moved onto the new contract's schedule;
- change of buyer (更名);
- reservations (认购): their dates and deposit, and whether one has lapsed.

Schedules are lists of ``payment_schedule.ScheduleRow``; functions return new rows, never change
the ones given.
"""

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from decimal import ROUND_CEILING, ROUND_HALF_UP, Decimal, InvalidOperation

from recrm.core import RuleError
from recrm.core.payment_schedule import CENT, HUNDRED, PERCENT, ZERO, ScheduleRow, money, percentage
from recrm.core.pricing import to_decimal
from recrm.core.protection import as_date
from recrm.core.roles import GENERAL_MANAGER

# how a discount or a penalty is given: a percentage (PERCENT, as for plan shares) or an amount
AMOUNT = "amount"
VALUE_TYPES = (PERCENT, AMOUNT)


# --- buyers -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Buyer:
	customer: str
	share: Decimal | int | float | str  # ownership share in percent, at most two decimals


def check_buyers(buyers: Sequence[Buyer]) -> list[Buyer]:
	"""The buyers with their shares as Decimals; refused unless the shares, each above zero and in
	hundredths of a percent, add up to exactly 100 and no customer appears twice."""
	if not buyers:
		raise RuleError("no_buyers")
	checked: list[Buyer] = []
	seen: set[str] = set()
	for buyer in buyers:
		customer = (buyer.customer or "").strip()
		if not customer:
			raise RuleError("buyer_required")
		if customer in seen:
			raise RuleError("duplicate_buyer", customer=customer)
		seen.add(customer)
		try:
			share = to_decimal(buyer.share)
			valid = share.is_finite() and 0 < share <= HUNDRED and share == share.quantize(CENT)
		except (InvalidOperation, TypeError, ValueError):
			valid = False
		if not valid:
			raise RuleError("bad_ownership_share", customer=customer, share=buyer.share)
		checked.append(Buyer(customer, share.quantize(CENT)))
	share_total = sum((buyer.share for buyer in checked), ZERO)
	if share_total != HUNDRED:
		raise RuleError("ownership_not_100", total=share_total)
	return checked


def equal_shares(customers: Sequence[str]) -> list[Buyer]:
	"""Buyers sharing equally, the odd hundredths going to the first: 3 buyers get 33.34, 33.33,
	33.33."""
	if not customers:
		raise RuleError("no_buyers")
	each, extra = divmod(10_000, len(customers))
	buyers = [Buyer(c, Decimal(each + (i < extra)) / 100) for i, c in enumerate(customers)]
	return check_buyers(buyers)


# --- price, discount and authority ------------------------------------------------------------------


@dataclass(frozen=True)
class Price:
	list_price: Decimal
	discount_amount: Decimal
	# as given; for an amount, its share of the list price rounded up to 4 decimals (never understated)
	discount_percent: Decimal
	final_price: Decimal
	below_floor: bool


def _discount_percent(value) -> Decimal:
	pct = percentage(value)
	if pct < 0:
		raise RuleError("discount_negative", discount=value)
	if pct > HUNDRED:
		raise RuleError("discount_over_100", discount=value)
	return pct


def final_price(
	list_price,
	discount=0,
	discount_type: str = PERCENT,
	*,
	floor_price=None,
	approved_by: str | None = None,
	floor_roles: Iterable[str] = (GENERAL_MANAGER,),
) -> Price:
	"""The price after a discount, rounded half up to the fen. Below the floor price (底价) only
	when ``approved_by`` is one of ``floor_roles``."""
	listed = money(list_price)
	if listed <= 0:
		raise RuleError("price_not_positive", price=listed)
	if discount_type == PERCENT:
		pct = _discount_percent(discount)
		final = (listed * (HUNDRED - pct) / HUNDRED).quantize(CENT, rounding=ROUND_HALF_UP)
	elif discount_type == AMOUNT:
		amount = money(discount)
		if amount < 0:
			raise RuleError("discount_negative", discount=discount)
		final = listed - amount
		pct = (amount * HUNDRED / listed).quantize(Decimal("0.0001"), rounding=ROUND_CEILING)
	else:
		raise RuleError("unknown_discount_type", discount_type=discount_type)
	if final <= 0:
		raise RuleError("price_not_positive", price=final)
	floor = None if floor_price in (None, "") else money(floor_price)
	below = floor is not None and final < floor
	if below and approved_by not in set(floor_roles):
		raise RuleError("below_floor_price", price=final, floor_price=floor)
	return Price(listed, listed - final, pct, final, below)


def _limits(limits: Mapping[str, object]) -> list[tuple[str, Decimal]]:
	"""The roles with a limit, lowest first (the order given on a tie); the general manager, whose
	authority has no limit, is left out."""
	checked = []
	for role, limit in limits.items():
		if role == GENERAL_MANAGER:
			continue
		try:
			pct = percentage(limit)
		except RuleError:
			raise RuleError("bad_authority_limit", role=role, limit=limit)
		if not 0 <= pct <= HUNDRED:
			raise RuleError("bad_authority_limit", role=role, limit=limit)
		checked.append((role, pct))
	return sorted(checked, key=lambda item: item[1])


def approval_chain(discount_percent, limits: Mapping[str, object]) -> list[str]:
	"""The roles a discount passes through, lowest authority first, ending with the first whose
	limit covers it (the general manager when none does). No discount needs no approval.

	The caller drops the roles below the requester's own: an advisor's discount within the
	advisor's limit gives ``[advisor]``, which the advisor grants by asking."""
	pct = _discount_percent(discount_percent)
	if pct == 0:
		return []
	chain = []
	for role, limit in _limits(limits):
		chain.append(role)
		if pct <= limit:
			return chain
	return [*chain, GENERAL_MANAGER]


def can_approve(role: str, discount_percent, limits: Mapping[str, object]) -> bool:
	pct = _discount_percent(discount_percent)
	if role == GENERAL_MANAGER:
		return True
	return any(r == role and pct <= limit for r, limit in _limits(limits))


# --- receipts ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Allocation:
	idx: int
	amount: Decimal


@dataclass(frozen=True)
class Receipt:
	rows: tuple[ScheduleRow, ...]  # the schedule after the receipt
	allocations: tuple[Allocation, ...]
	credit: Decimal  # held on the contract, to be applied later or refunded


def _due_order(row: ScheduleRow):
	# oldest due first; rows without a date yet (stage not reached) after all dated ones
	return (row.due_date is None, row.due_date or date.max, row.idx)


def allocate_receipt(
	rows: Sequence[ScheduleRow], amount, *, row_idx: int | None = None, hold_credit: bool = False
) -> Receipt:
	"""Apply a receipt to the named row, or to the buyer's rows oldest due first. Loan rows take
	only money named to them: a buyer's payment never silently settles what the bank owes. What
	nothing is due for is refused, or held as credit when ``hold_credit``."""
	received = money(amount)
	if received <= 0:
		raise RuleError("receipt_not_positive", amount=received)
	if row_idx is not None:
		targets = [row for row in rows if row.idx == row_idx]
		if not targets:
			raise RuleError("unknown_schedule_row", row=row_idx)
	else:
		targets = sorted((row for row in rows if not row.is_loan), key=_due_order)
	due = sum((max(row.outstanding, ZERO) for row in targets), ZERO)
	if received > due and not hold_credit:
		raise RuleError("receipt_exceeds_due", amount=received, due=due)
	left = received
	paid: dict[int, Decimal] = {}
	allocations = []
	for row in targets:
		if left <= 0:
			break
		part = min(left, row.outstanding)
		if part > 0:
			paid[row.idx] = part
			allocations.append(Allocation(row.idx, part))
			left -= part
	updated = tuple(replace(row, paid=row.paid + paid[row.idx]) if row.idx in paid else row for row in rows)
	return Receipt(updated, tuple(allocations), left)


@dataclass(frozen=True)
class OverdueRow:
	idx: int
	purpose: str
	due_date: date
	outstanding: Decimal
	days: int  # days past the due date


@dataclass(frozen=True)
class Receivables:
	total: Decimal
	paid: Decimal
	outstanding: Decimal
	due: Decimal  # outstanding on rows due on or before the day
	overdue: Decimal  # outstanding on rows whose due date (plus grace) has passed
	undated: Decimal  # outstanding on rows waiting for a stage or a loan disbursal
	overdue_rows: tuple[OverdueRow, ...]


def receivables(rows: Iterable[ScheduleRow], as_of, grace_days: int = 0) -> Receivables:
	"""Where a schedule stands on ``as_of``. A row due today is due, not overdue; it is overdue
	once more than ``grace_days`` days have passed since its due date."""
	day = as_date(as_of)
	if day is None:
		raise RuleError("bad_date", value=as_of)
	if isinstance(grace_days, bool) or not isinstance(grace_days, int) or grace_days < 0:
		raise RuleError("bad_grace_days", days=grace_days)
	rows = list(rows)
	outstanding = [(row, max(row.outstanding, ZERO)) for row in rows]
	overdue_rows = tuple(
		OverdueRow(row.idx, row.purpose, row.due_date, left, (day - row.due_date).days)
		for row, left in sorted(outstanding, key=lambda item: _due_order(item[0]))
		if left > 0 and row.due_date is not None and (day - row.due_date).days > grace_days
	)
	return Receivables(
		total=sum((row.amount for row in rows), ZERO),
		paid=sum((row.paid for row in rows), ZERO),
		outstanding=sum((left for _, left in outstanding), ZERO),
		due=sum((left for row, left in outstanding if row.due_date and row.due_date <= day), ZERO),
		overdue=sum((r.outstanding for r in overdue_rows), ZERO),
		undated=sum((left for row, left in outstanding if row.due_date is None), ZERO),
		overdue_rows=overdue_rows,
	)


def paid_split(rows: Iterable[ScheduleRow]) -> tuple[Decimal, Decimal]:
	"""What was paid on a schedule: (all of it, the part lenders paid)."""
	rows = list(rows)
	return sum((r.paid for r in rows), ZERO), sum((r.paid for r in rows if r.is_loan), ZERO)


# --- cancellation (退房) -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Refund:
	paid: Decimal
	loan_paid: Decimal
	deposit_forfeited: Decimal
	penalty: Decimal
	to_lender: Decimal  # loan money goes back to the bank or the housing-fund centre
	to_buyer: Decimal
	capped: bool  # the forfeit and penalty asked were more than the buyer's own money

	@property
	def withheld(self) -> Decimal:
		return self.deposit_forfeited + self.penalty

	@property
	def refund(self) -> Decimal:
		return self.to_lender + self.to_buyer


def cancellation_refund(
	paid,
	price,
	*,
	loan_paid=0,
	forfeit_deposit=0,
	penalty=0,
	penalty_type: str = AMOUNT,
) -> Refund:
	"""What a cancellation gives back of ``paid``. The forfeited deposit and the penalty (a
	percentage of ``price`` or an amount) are withheld from the buyer's own money only, never
	beyond it; money a lender disbursed (``loan_paid``, part of ``paid``) returns to the lender."""
	total_paid = money(paid)
	if total_paid < 0:
		raise RuleError("paid_negative", amount=total_paid)
	contract_price = money(price)
	if contract_price <= 0:
		raise RuleError("price_not_positive", price=contract_price)
	lent = money(loan_paid)
	if not 0 <= lent <= total_paid:
		raise RuleError("loan_paid_exceeds_paid", loan_paid=lent, paid=total_paid)
	deposit = money(forfeit_deposit)
	if deposit < 0:
		raise RuleError("deposit_negative", deposit=deposit)
	if penalty_type == PERCENT:
		pct = percentage(penalty)
		if not 0 <= pct <= HUNDRED:
			raise RuleError("bad_penalty", penalty=penalty)
		asked_penalty = (contract_price * pct / HUNDRED).quantize(CENT, rounding=ROUND_HALF_UP)
	elif penalty_type == AMOUNT:
		asked_penalty = money(penalty)
		if asked_penalty < 0:
			raise RuleError("bad_penalty", penalty=penalty)
	else:
		raise RuleError("unknown_penalty_type", penalty_type=penalty_type)
	own = total_paid - lent
	forfeited = min(deposit, own)
	charged = min(asked_penalty, own - forfeited)
	return Refund(
		paid=total_paid,
		loan_paid=lent,
		deposit_forfeited=forfeited,
		penalty=charged,
		to_lender=lent,
		to_buyer=own - forfeited - charged,
		capped=forfeited + charged < deposit + asked_penalty,
	)


# --- unit change (换房) ------------------------------------------------------------------------------


@dataclass(frozen=True)
class UnitChange:
	rows: tuple[ScheduleRow, ...]  # the new contract's schedule with the moved money on it
	moved: Decimal  # the buyer's own money now on the new schedule
	to_buyer: Decimal  # own money the new schedule has no room for: refunded
	to_lender: Decimal  # loan money of the old contract: back to the lender, the new loan is new
	to_pay: Decimal  # what is still outstanding on the new schedule
	price_difference: Decimal  # new price less old price


def change_unit(old_rows: Sequence[ScheduleRow], new_rows: Sequence[ScheduleRow]) -> UnitChange:
	"""Move what the buyer paid on the old contract onto the new contract's schedule, oldest due
	first as a receipt would be, loan rows excepted."""
	if not new_rows:
		raise RuleError("schedule_empty")
	paid, lent = paid_split(old_rows)
	own = paid - lent
	rows, left = tuple(new_rows), ZERO
	if own > 0:
		receipt = allocate_receipt(new_rows, own, hold_credit=True)
		rows, left = receipt.rows, receipt.credit
	return UnitChange(
		rows=rows,
		moved=own - left,
		to_buyer=left,
		to_lender=lent,
		to_pay=sum((max(row.outstanding, ZERO) for row in rows), ZERO),
		price_difference=sum((r.amount for r in new_rows), ZERO) - sum((r.amount for r in old_rows), ZERO),
	)


# --- change of buyer (更名) --------------------------------------------------------------------------


@dataclass(frozen=True)
class BuyerChange:
	buyers: tuple[Buyer, ...]  # the new buyers, checked
	added: tuple[str, ...]
	removed: tuple[str, ...]
	kept: tuple[str, ...]


def change_buyers(old: Sequence[Buyer], new: Sequence[Buyer], *, full_transfer: bool = False) -> BuyerChange:
	"""Check a change of buyers: the new shares add up to 100%, and at least one original buyer
	stays unless the contract is transferred in full."""
	buyers = check_buyers(new)
	before = {b.customer.strip(): to_decimal(b.share) for b in old}
	after = {b.customer: b.share for b in buyers}
	if before == after:
		raise RuleError("buyers_unchanged")
	kept = tuple(c for c in after if c in before)
	if not kept and not full_transfer:
		raise RuleError("original_buyer_required")
	return BuyerChange(
		buyers=tuple(buyers),
		added=tuple(c for c in after if c not in before),
		removed=tuple(c for c in before if c not in after),
		kept=kept,
	)


# --- reservations (认购) -----------------------------------------------------------------------------

RESERVATION_ACTIVE = "Active"
RESERVATION_EXPIRED = "Expired"
RESERVATION_CANCELLED = "Cancelled"
RESERVATION_CONVERTED = "Converted"  # a contract was signed on it
RESERVATION_STATUSES = (RESERVATION_ACTIVE, RESERVATION_EXPIRED, RESERVATION_CANCELLED, RESERVATION_CONVERTED)


def check_reservation(price, deposit, reserved_on, valid_until) -> None:
	agreed = money(price)
	if agreed <= 0:
		raise RuleError("price_not_positive", price=agreed)
	amount = money(deposit)
	if amount <= 0:
		raise RuleError("deposit_not_positive", deposit=amount)
	if amount > agreed:
		raise RuleError("deposit_exceeds_price", deposit=amount, price=agreed)
	start, end = as_date(reserved_on), as_date(valid_until)
	if start is None or end is None:
		raise RuleError("reservation_dates_required")
	if end < start:
		raise RuleError("valid_until_before_reserved_on", valid_until=end, reserved_on=start)


def _as_datetime(value) -> datetime:
	if isinstance(value, datetime):
		return value
	if isinstance(value, date):
		return datetime(value.year, value.month, value.day)
	if isinstance(value, str):
		try:
			return datetime.fromisoformat(value.strip())
		except ValueError:
			pass
	raise RuleError("bad_date", value=value)


def reservation_lapsed(valid_until, now) -> bool:
	"""A date is valid through its whole day; a datetime up to and including that instant."""
	moment = _as_datetime(now)
	if isinstance(valid_until, date) and not isinstance(valid_until, datetime):
		return moment.date() > valid_until
	if isinstance(valid_until, str) and len(valid_until.strip()) == 10:
		return moment.date() > as_date(valid_until)
	return moment > _as_datetime(valid_until)


def needs_expiry(status: str, valid_until, now) -> bool:
	"""Whether the expiry job must expire this reservation now: only an active one past its validity.
	An expired, cancelled or converted one needs nothing, so running the job twice changes nothing."""
	if status not in RESERVATION_STATUSES:
		raise RuleError("unknown_reservation_status", status=status)
	return status == RESERVATION_ACTIVE and reservation_lapsed(valid_until, now)
