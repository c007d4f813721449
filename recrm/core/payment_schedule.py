"""Payment schedules (付款计划) generated from payment-plan templates, exact to the fen.

A plan is a payment method and a list of instalments. Each instalment has

- a share of the final price: a percentage, a fixed amount, or the remainder (at most one);
- a purpose (deposit, down payment, instalment, balance);
- a due rule: a fixed date, N days after signing, or N days after the building reaches a named
  construction stage, whose due date stays empty until the stage is recorded.

Loans (按揭 mortgage, 公积金 housing-fund loan) are not instalments of the plan: the contract names
lender, amount and term, and each loan becomes one row, due when the lender disburses it. The plan
covers what the buyer pays from their own pocket, so a loan plan needs a remainder instalment: the
down payment the loan leaves.

Amounts are rounded by the largest-remainder method: every row is cut down to the fen, and the fen
left over go one each to the rows that lost most (the earlier row on a tie). The rows therefore add
up exactly to the final price, whatever the price and however many instalments.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal, InvalidOperation, localcontext

from recrm.core import RuleError
from recrm.core.pricing import to_decimal
from recrm.core.protection import as_date

CENT = Decimal("0.01")
ZERO = Decimal("0.00")
HUNDRED = Decimal(100)
# beyond a trillion yuan an amount is a typing slip; the bound also keeps every sum exact
MAX_AMOUNT = Decimal(10) ** 12
MAX_DUE_DAYS = 3660  # ten years, as for protection periods
MAX_LOAN_TERM_MONTHS = 360  # thirty years, the longest a Chinese mortgage runs

# how an instalment's share of the price is given
PERCENT = "percent"
FIXED = "fixed"
REMAINDER = "remainder"
SHARE_TYPES = (PERCENT, FIXED, REMAINDER)

# what a row is for
DEPOSIT = "deposit"
DOWN_PAYMENT = "down_payment"
INSTALMENT = "instalment"
BALANCE = "balance"
MORTGAGE_LOAN = "mortgage_loan"
HOUSING_FUND_LOAN = "housing_fund_loan"
PLAN_PURPOSES = (DEPOSIT, DOWN_PAYMENT, INSTALMENT, BALANCE)
LOAN_PURPOSES = (MORTGAGE_LOAN, HOUSING_FUND_LOAN)
PURPOSES = PLAN_PURPOSES + LOAN_PURPOSES

# when a row falls due
ON_DATE = "on_date"
AFTER_SIGNING = "after_signing"
ON_STAGE = "on_stage"
ON_DISBURSAL = "on_disbursal"  # loan rows only, made by the schedule itself
PLAN_DUE_RULES = (ON_DATE, AFTER_SIGNING, ON_STAGE)
DUE_RULES = (*PLAN_DUE_RULES, ON_DISBURSAL)

# payment methods and the loans each one takes
FULL_PAYMENT = "full_payment"
INSTALMENTS = "instalments"
MORTGAGE = "mortgage"
HOUSING_FUND = "housing_fund"
MIXED = "mixed"  # 组合贷款: a mortgage and a housing-fund loan together
METHOD_LOANS: dict[str, frozenset[str]] = {
	FULL_PAYMENT: frozenset(),
	INSTALMENTS: frozenset(),
	MORTGAGE: frozenset({MORTGAGE_LOAN}),
	HOUSING_FUND: frozenset({HOUSING_FUND_LOAN}),
	MIXED: frozenset({MORTGAGE_LOAN, HOUSING_FUND_LOAN}),
}
METHODS = tuple(METHOD_LOANS)


@dataclass(frozen=True)
class Instalment:
	"""One instalment of a payment-plan template."""

	purpose: str
	share: str  # PERCENT, FIXED or REMAINDER
	value: Decimal | int | float | str = 0  # the percentage or the amount; ignored for the remainder
	due_rule: str = AFTER_SIGNING
	days: int = 0  # days after signing, or after the stage is reached
	due_date: date | None = None  # ON_DATE only
	stage: str | None = None  # ON_STAGE only


@dataclass(frozen=True)
class PaymentPlan:
	method: str
	instalments: Sequence[Instalment]


@dataclass(frozen=True)
class Loan:
	kind: str  # MORTGAGE_LOAN or HOUSING_FUND_LOAN
	amount: Decimal | int | float | str
	lender: str = ""  # the bank, or the housing-fund centre
	term_months: int = 0


@dataclass(frozen=True)
class ScheduleRow:
	"""A row of a contract's payment schedule; ``idx`` counts from 1 in schedule order."""

	idx: int
	purpose: str
	amount: Decimal
	due_rule: str
	due_date: date | None = None  # None until the stage is reached or the loan disbursed
	stage: str | None = None
	days: int = 0  # for stage rows: days after the stage is reached
	paid: Decimal = ZERO

	@property
	def outstanding(self) -> Decimal:
		return self.amount - self.paid

	@property
	def is_loan(self) -> bool:
		return self.purpose in LOAN_PURPOSES


# --- amounts ----------------------------------------------------------------------------------------


def money(value) -> Decimal:
	"""An amount in yuan with at most two decimals. A fraction of a fen is refused, not rounded:
	rounding it would make the money disappear without trace."""
	try:
		amount = to_decimal(value)
	except (InvalidOperation, TypeError, ValueError):
		raise RuleError("bad_amount", amount=value)
	if not amount.is_finite() or abs(amount) >= MAX_AMOUNT or amount != amount.quantize(CENT):
		raise RuleError("bad_amount", amount=value)
	return amount.quantize(CENT)


def percentage(value) -> Decimal:
	try:
		pct = to_decimal(value)
	except (InvalidOperation, TypeError, ValueError):
		raise RuleError("bad_percent", percent=value)
	# at most 30 digits keeps a price times a percentage exact in 60 digits
	if not pct.is_finite() or abs(pct) > 1000 or len(pct.as_tuple().digits) > 30:
		raise RuleError("bad_percent", percent=value)
	return pct


def total(rows: Iterable[ScheduleRow]) -> Decimal:
	return sum((row.amount for row in rows), ZERO)


def largest_remainder(raw: Sequence[Decimal], target: Decimal) -> list[Decimal]:
	"""Round non-negative exact amounts that add up to ``target`` (a whole number of fen) to the fen,
	keeping the sum: floor each, then one fen each to the largest fractions, earlier rows first."""
	floors = [amount.quantize(CENT, rounding=ROUND_FLOOR) for amount in raw]
	missing = int((target - sum(floors, ZERO)) / CENT)
	order = sorted(range(len(raw)), key=lambda i: (floors[i] - raw[i], i))
	for i in order[:missing]:
		floors[i] += CENT
	return floors


# --- plans ------------------------------------------------------------------------------------------


def _days(value) -> int:
	# an Int field left blank in a Frappe form reads 0
	if value is None or value == "":
		return 0
	if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_DUE_DAYS:
		raise RuleError("bad_due_days", days=value, max=MAX_DUE_DAYS)
	return value


def _check_instalment(n: int, inst: Instalment) -> Instalment:
	"""The instalment with its value, days, date and stage normalised; ``n`` counts from 1."""
	if inst.purpose in LOAN_PURPOSES:
		raise RuleError("loan_purpose_in_plan", row=n, purpose=inst.purpose)
	if inst.purpose not in PLAN_PURPOSES:
		raise RuleError("unknown_purpose", row=n, purpose=inst.purpose)
	if inst.share == PERCENT:
		value = percentage(inst.value)
		if not 0 < value <= HUNDRED:
			raise RuleError("bad_share_percent", row=n, percent=inst.value)
	elif inst.share == FIXED:
		value = money(inst.value)
		if value <= 0:
			raise RuleError("fixed_amount_not_positive", row=n, amount=value)
	elif inst.share == REMAINDER:
		value = ZERO
	else:
		raise RuleError("unknown_share_type", row=n, share=inst.share)
	days = _days(inst.days)
	due_date, stage = None, None
	if inst.due_rule == ON_DATE:
		due_date = as_date(inst.due_date)
		if due_date is None:
			raise RuleError("due_date_required", row=n)
	elif inst.due_rule == ON_STAGE:
		stage = (inst.stage or "").strip()
		if not stage:
			raise RuleError("stage_required", row=n)
	elif inst.due_rule != AFTER_SIGNING:
		raise RuleError("unknown_due_rule", row=n, rule=inst.due_rule)
	return replace(inst, value=value, days=days, due_date=due_date, stage=stage)


def _check_plan(plan: PaymentPlan) -> list[Instalment]:
	if plan.method not in METHOD_LOANS:
		raise RuleError("unknown_payment_method", method=plan.method)
	if not plan.instalments:
		raise RuleError("plan_empty")
	instalments = [_check_instalment(n, inst) for n, inst in enumerate(plan.instalments, 1)]
	remainders = [inst for inst in instalments if inst.share == REMAINDER]
	if len(remainders) > 1:
		raise RuleError("several_remainders", count=len(remainders))
	percent_total = sum((inst.value for inst in instalments if inst.share == PERCENT), Decimal(0))
	if percent_total > HUNDRED:
		raise RuleError("shares_over_100", total=percent_total)
	if percent_total == HUNDRED and len(instalments) > sum(i.share == PERCENT for i in instalments):
		# 100% in percentages leaves nothing for a fixed amount or the remainder
		raise RuleError("percentages_leave_nothing", total=percent_total)
	if METHOD_LOANS[plan.method] and not remainders:
		# loans are amounts agreed with the lender; only a remainder can take up what they leave
		raise RuleError("loan_plan_needs_remainder", method=plan.method)
	if not remainders and percent_total < HUNDRED and all(i.share == PERCENT for i in instalments):
		raise RuleError("shares_under_100", total=percent_total)
	return instalments


def validate_plan(plan: PaymentPlan) -> None:
	"""Refuse a template that could not make a schedule for any price (checked again with the price
	when a schedule is generated)."""
	_check_plan(plan)


def _check_loans(method: str, loans: Sequence[Loan]) -> list[Loan]:
	checked: list[Loan] = []
	for loan in loans:
		if loan.kind not in LOAN_PURPOSES:
			raise RuleError("unknown_loan_kind", kind=loan.kind)
		if loan.kind not in METHOD_LOANS[method]:
			raise RuleError("loan_not_in_method", kind=loan.kind, method=method)
		if any(other.kind == loan.kind for other in checked):
			raise RuleError("duplicate_loan", kind=loan.kind)
		amount = money(loan.amount)
		if amount <= 0:
			raise RuleError("loan_amount_not_positive", kind=loan.kind, amount=amount)
		term = loan.term_months
		if isinstance(term, bool) or not isinstance(term, int) or not 1 <= term <= MAX_LOAN_TERM_MONTHS:
			raise RuleError("bad_loan_term", kind=loan.kind, months=term, max=MAX_LOAN_TERM_MONTHS)
		lender = (loan.lender or "").strip()
		if not lender:
			raise RuleError("lender_required", kind=loan.kind)
		checked.append(replace(loan, amount=amount, lender=lender))
	for kind in sorted(METHOD_LOANS[method] - {loan.kind for loan in checked}):
		raise RuleError("loan_required", kind=kind, method=method)
	return checked


def _due_date(inst: Instalment, signed_on: date) -> date | None:
	if inst.due_rule == ON_DATE:
		return inst.due_date
	if inst.due_rule == AFTER_SIGNING:
		return signed_on + timedelta(days=inst.days)
	return None  # set by record_stage


def generate_schedule(
	plan: PaymentPlan,
	final_price,
	signed_on,
	*,
	loans: Sequence[Loan] = (),
	deposit_paid=0,
	min_down_payment_percent=0,
) -> list[ScheduleRow]:
	"""The payment schedule of a contract: the plan's instalments in order, then one row per loan.

	The rows add up exactly to ``final_price``. ``deposit_paid`` (the 定金 taken at reservation) is
	credited to the buyer's own rows in schedule order. With loans, the down payment (price less
	loans) must be at least ``min_down_payment_percent`` of the price."""
	price = money(final_price)
	if price <= 0:
		raise RuleError("price_not_positive", price=price)
	instalments = _check_plan(plan)
	signed = as_date(signed_on)
	if signed is None:
		raise RuleError("signing_date_required")
	checked_loans = _check_loans(plan.method, loans)
	deposit = money(deposit_paid)
	if deposit < 0:
		raise RuleError("deposit_negative", deposit=deposit)
	min_down = percentage(min_down_payment_percent)
	if not 0 <= min_down <= HUNDRED:
		raise RuleError("bad_down_payment_percent", percent=min_down_payment_percent)
	for n, inst in enumerate(instalments, 1):
		if inst.due_rule == ON_DATE and inst.due_date < signed:
			raise RuleError("due_date_before_signing", row=n, due_date=inst.due_date, signed_on=signed)

	# exact arithmetic: a price below 10^12 times a percentage of at most 30 digits fits in 60
	with localcontext() as ctx:
		ctx.prec = 60
		loan_total = sum((loan.amount for loan in checked_loans), ZERO)
		fixed_total = sum((inst.value for inst in instalments if inst.share == FIXED), ZERO)
		if fixed_total > price:
			raise RuleError("fixed_amounts_exceed_price", amount=fixed_total, price=price)
		raw = [price * inst.value / HUNDRED if inst.share == PERCENT else inst.value for inst in instalments]
		planned = sum(raw, ZERO)  # what the plan asks of the buyer besides the remainder
		if planned > price:
			raise RuleError("shares_exceed_price", amount=planned.quantize(CENT), price=price)
		left = price - loan_total - planned
		has_remainder = any(inst.share == REMAINDER for inst in instalments)
		if has_remainder and left <= 0:
			if loan_total:
				limit = (price - planned).quantize(CENT, rounding=ROUND_FLOOR)
				raise RuleError("loans_exceed_price_less_down_payment", loans=loan_total, limit=limit)
			raise RuleError("nothing_left_for_remainder", price=price)
		if not has_remainder and left > 0:
			raise RuleError(
				"shares_under_100", total=(planned * HUNDRED / price).quantize(CENT, rounding=ROUND_FLOOR)
			)
		if not has_remainder and left < 0:
			raise RuleError("shares_exceed_price", amount=(planned + loan_total).quantize(CENT), price=price)
		raw = [
			left if inst.share == REMAINDER else amount for inst, amount in zip(instalments, raw, strict=True)
		]
		down_payment = price - loan_total
		if loan_total and down_payment * HUNDRED < min_down * price:
			minimum = (min_down * price / HUNDRED).quantize(CENT, rounding=ROUND_CEILING)
			raise RuleError(
				"down_payment_below_minimum", amount=down_payment, minimum=minimum, percent=min_down
			)
		amounts = largest_remainder([*raw, *(loan.amount for loan in checked_loans)], price)

	if deposit > down_payment:
		raise RuleError("deposit_exceeds_own_payments", deposit=deposit, limit=down_payment)
	rows: list[ScheduleRow] = []
	for n, (inst, amount) in enumerate(zip(instalments, amounts[: len(instalments)], strict=True), 1):
		paid = min(deposit, amount)
		deposit -= paid
		rows.append(
			ScheduleRow(
				idx=n,
				purpose=inst.purpose,
				amount=amount,
				due_rule=inst.due_rule,
				due_date=_due_date(inst, signed),
				stage=inst.stage,
				days=inst.days if inst.due_rule == ON_STAGE else 0,
				paid=paid,
			)
		)
	for loan, amount in zip(checked_loans, amounts[len(instalments) :], strict=True):
		rows.append(ScheduleRow(len(rows) + 1, loan.kind, amount, ON_DISBURSAL))
	return rows


# --- events that fix due dates ----------------------------------------------------------------------


def record_stage(rows: Sequence[ScheduleRow], stage: str, reached_on) -> list[ScheduleRow]:
	"""The schedule once the building reached ``stage`` on ``reached_on``: rows waiting for it fall
	due ``days`` after. Rows already dated keep their date, so recording a stage twice (a progress
	report published again) changes nothing."""
	stage = (stage or "").strip()
	if not stage:
		raise RuleError("stage_name_required")
	reached = as_date(reached_on)
	if reached is None:
		raise RuleError("stage_date_required", stage=stage)
	return [
		replace(row, due_date=reached + timedelta(days=row.days))
		if row.due_rule == ON_STAGE and row.stage == stage and row.due_date is None
		else row
		for row in rows
	]


def record_disbursal(rows: Sequence[ScheduleRow], kind: str, disbursed_on) -> list[ScheduleRow]:
	"""The schedule once the lender disbursed the loan of ``kind``: its row falls due that day."""
	if kind not in LOAN_PURPOSES:
		raise RuleError("unknown_loan_kind", kind=kind)
	disbursed = as_date(disbursed_on)
	if disbursed is None:
		raise RuleError("disbursal_date_required", kind=kind)
	return [
		replace(row, due_date=disbursed)
		if row.due_rule == ON_DISBURSAL and row.purpose == kind and row.due_date is None
		else row
		for row in rows
	]
