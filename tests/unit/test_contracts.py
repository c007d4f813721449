from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from recrm.core import RuleError
from recrm.core.contracts import (
	AMOUNT,
	PERCENT,
	RESERVATION_ACTIVE,
	RESERVATION_CANCELLED,
	RESERVATION_CONVERTED,
	RESERVATION_EXPIRED,
	Allocation,
	Buyer,
	allocate_receipt,
	approval_chain,
	can_approve,
	cancellation_refund,
	change_buyers,
	change_unit,
	check_buyers,
	check_reservation,
	equal_shares,
	final_price,
	needs_expiry,
	paid_split,
	receivables,
	reservation_lapsed,
)
from recrm.core.payment_schedule import (
	AFTER_SIGNING,
	BALANCE,
	DEPOSIT,
	DOWN_PAYMENT,
	FIXED,
	INSTALMENT,
	INSTALMENTS,
	MORTGAGE,
	MORTGAGE_LOAN,
	ON_DATE,
	ON_DISBURSAL,
	ON_STAGE,
	REMAINDER,
	Instalment,
	Loan,
	PaymentPlan,
	ScheduleRow,
	generate_schedule,
	total,
)
from recrm.core.roles import FINANCE, GENERAL_MANAGER, PROJECT_GM, SALES_ADVISOR, SALES_MANAGER

D = Decimal
SIGNED = date(2024, 3, 1)


def code_of(excinfo) -> str:
	return excinfo.value.code


def refused(code: str, fn, *args, **kwargs):
	with pytest.raises(RuleError) as e:
		fn(*args, **kwargs)
	assert code_of(e) == code, e.value.params
	return e.value.params


def row(idx, amount, due=None, paid=0, purpose=INSTALMENT, rule=ON_DATE):
	return ScheduleRow(idx, purpose, D(amount), rule, due, paid=D(paid))


# a schedule of 1,000,000: deposit due at signing, two instalments, the mortgage at disbursal
SCHEDULE = (
	row(1, "50000.00", date(2024, 3, 1), purpose=DEPOSIT),
	row(2, "150000.00", date(2024, 4, 1), purpose=DOWN_PAYMENT),
	row(3, "100000.00", None, purpose=INSTALMENT, rule=ON_STAGE),
	row(4, "700000.00", None, purpose=MORTGAGE_LOAN, rule=ON_DISBURSAL),
)


# --- buyers -----------------------------------------------------------------------------------------


def test_shares_that_add_up_to_100_are_normalised():
	buyers = check_buyers([Buyer(" Zhang Wei ", 60), Buyer("Li Na", "40.0")])
	assert buyers == [Buyer("Zhang Wei", D("60.00")), Buyer("Li Na", D("40.00"))]


@pytest.mark.parametrize(
	"buyers,code",
	[
		([], "no_buyers"),
		([Buyer("", 100)], "buyer_required"),
		([Buyer("A", 50), Buyer("A", 50)], "duplicate_buyer"),
		([Buyer("A", 0), Buyer("B", 100)], "bad_ownership_share"),
		([Buyer("A", -10), Buyer("B", 110)], "bad_ownership_share"),
		([Buyer("A", "33.333"), Buyer("B", "66.667")], "bad_ownership_share"),
		([Buyer("A", "half"), Buyer("B", 50)], "bad_ownership_share"),
		([Buyer("A", float("nan"))], "bad_ownership_share"),
		([Buyer("A", "33.33"), Buyer("B", "33.33"), Buyer("C", "33.33")], "ownership_not_100"),
		([Buyer("A", 60), Buyer("B", 41)], "ownership_not_100"),
	],
)
def test_bad_buyer_sets_are_refused(buyers, code):
	refused(code, check_buyers, buyers)


@given(
	st.lists(st.text(min_size=1, max_size=8).filter(str.strip), min_size=1, max_size=30, unique_by=str.strip)
)
def test_equal_shares_always_add_up_to_100(customers):
	buyers = equal_shares(customers)
	assert sum(b.share for b in buyers) == 100
	assert max(b.share for b in buyers) - min(b.share for b in buyers) <= D("0.01")


def test_equal_shares_of_three():
	assert [b.share for b in equal_shares(["A", "B", "C"])] == [D("33.34"), D("33.33"), D("33.33")]
	refused("no_buyers", equal_shares, [])


# --- price and discount -----------------------------------------------------------------------------


def test_percentage_discount_rounds_half_up_to_the_fen():
	price = final_price("1000000.05", "2.5")
	assert price.final_price == D("975000.05")  # 975000.04875
	assert price.discount_amount == D("25000.00")
	assert price.discount_percent == D("2.5")
	assert not price.below_floor


def test_amount_discount_reports_its_percentage_rounded_up():
	price = final_price(1_000_000, "100001", AMOUNT)
	assert price.final_price == D("899999.00")
	assert price.discount_percent == D("10.0001")
	price = final_price(3, 1, AMOUNT)
	assert price.discount_percent == D("33.3334")  # never understated before an authority check


def test_floor_price_needs_an_allowed_approver():
	params = refused("below_floor_price", final_price, 1_000_000, 10, floor_price=950_000)
	assert params == {"price": D("900000.00"), "floor_price": D("950000.00")}
	refused("below_floor_price", final_price, 1_000_000, 10, floor_price=950_000, approved_by=SALES_MANAGER)
	price = final_price(1_000_000, 10, floor_price=950_000, approved_by=GENERAL_MANAGER)
	assert price.below_floor and price.final_price == D("900000.00")
	price = final_price(
		1_000_000,
		10,
		floor_price=950_000,
		approved_by=SALES_MANAGER,
		floor_roles=[SALES_MANAGER, GENERAL_MANAGER],
	)
	assert price.below_floor
	# at the floor exactly is not below it
	assert not final_price(1_000_000, 5, floor_price=950_000).below_floor


@pytest.mark.parametrize(
	"args,code",
	[
		((0, 0), "price_not_positive"),
		((1000, -1), "discount_negative"),
		((1000, "100.01"), "discount_over_100"),
		((1000, 100), "price_not_positive"),
		((1000, -1, AMOUNT), "discount_negative"),
		((1000, 1000, AMOUNT), "price_not_positive"),
		((1000, "0.001", AMOUNT), "bad_amount"),
		((1000, 1, "voucher"), "unknown_discount_type"),
		((1000, "lots"), "bad_percent"),
	],
)
def test_bad_discounts_are_refused(args, code):
	refused(code, final_price, *args)


LIMITS = {SALES_MANAGER: 5, SALES_ADVISOR: 2, GENERAL_MANAGER: 0}


@pytest.mark.parametrize(
	"pct,chain",
	[
		(0, []),
		("0.5", [SALES_ADVISOR]),
		(2, [SALES_ADVISOR]),
		("2.01", [SALES_ADVISOR, SALES_MANAGER]),
		(5, [SALES_ADVISOR, SALES_MANAGER]),
		("5.0001", [SALES_ADVISOR, SALES_MANAGER, GENERAL_MANAGER]),
		(100, [SALES_ADVISOR, SALES_MANAGER, GENERAL_MANAGER]),
	],
)
def test_approval_chain_goes_up_to_the_first_role_that_covers_the_discount(pct, chain):
	assert approval_chain(pct, LIMITS) == chain


def test_can_approve_within_the_limit_only():
	assert can_approve(SALES_ADVISOR, 2, LIMITS)
	assert not can_approve(SALES_ADVISOR, "2.01", LIMITS)
	assert can_approve(SALES_MANAGER, 5, LIMITS)
	assert not can_approve(SALES_MANAGER, 6, LIMITS)
	# the general manager's authority has no limit, whatever the setting says
	assert can_approve(GENERAL_MANAGER, 100, LIMITS)
	assert not can_approve(FINANCE, 0, LIMITS)
	assert approval_chain(1, {}) == [GENERAL_MANAGER]


def test_bad_limits_and_discounts_are_refused():
	refused("bad_authority_limit", approval_chain, 1, {SALES_ADVISOR: -1})
	refused("bad_authority_limit", approval_chain, 1, {SALES_ADVISOR: "much"})
	refused("bad_authority_limit", can_approve, SALES_ADVISOR, 1, {SALES_ADVISOR: 101})
	refused("discount_negative", approval_chain, -1, LIMITS)
	refused("discount_over_100", can_approve, GENERAL_MANAGER, 101, LIMITS)


@given(
	pct=st.decimals(min_value=0, max_value=100, places=4),
	limits=st.dictionaries(
		st.sampled_from([SALES_ADVISOR, SALES_MANAGER, PROJECT_GM]),
		st.decimals(min_value=0, max_value=100, places=2),
	),
)
def test_the_last_role_of_a_chain_can_approve_and_no_earlier_one_can(pct, limits):
	chain = approval_chain(pct, limits)
	if pct == 0:
		assert chain == []
		return
	assert can_approve(chain[-1], pct, limits)
	assert not any(can_approve(role, pct, limits) for role in chain[:-1])


# --- receipts ---------------------------------------------------------------------------------------


def test_receipt_pays_the_oldest_due_first_and_skips_loan_rows():
	receipt = allocate_receipt(SCHEDULE, "120000")
	assert receipt.allocations == (Allocation(1, D("50000.00")), Allocation(2, D("70000.00")))
	assert [r.paid for r in receipt.rows] == [D("50000.00"), D("70000.00"), D(0), D(0)]
	assert receipt.credit == 0
	assert SCHEDULE[0].paid == 0  # the schedule given is left alone


def test_undated_rows_come_after_dated_ones():
	rows = (
		row(1, "10.00", None, rule=ON_STAGE),
		row(2, "10.00", date(2030, 1, 1)),
		row(3, "10.00", date(2025, 1, 1)),
	)
	receipt = allocate_receipt(rows, 25)
	assert receipt.allocations == (
		Allocation(3, D("10.00")),
		Allocation(2, D("10.00")),
		Allocation(1, D("5.00")),
	)


def test_a_named_row_takes_the_receipt():
	receipt = allocate_receipt(SCHEDULE, 700_000, row_idx=4)
	assert receipt.allocations == (Allocation(4, D("700000.00")),)
	refused("receipt_exceeds_due", allocate_receipt, SCHEDULE, "700000.01", row_idx=4)
	refused("unknown_schedule_row", allocate_receipt, SCHEDULE, 1, row_idx=9)


def test_overpayment_is_refused_or_held_as_credit():
	# the buyer's own rows hold 300,000; the mortgage is not theirs to pay
	params = refused("receipt_exceeds_due", allocate_receipt, SCHEDULE, "300000.01")
	assert params == {"amount": D("300000.01"), "due": D("300000.00")}
	receipt = allocate_receipt(SCHEDULE, "300000.01", hold_credit=True)
	assert receipt.credit == D("0.01")
	assert [r.outstanding for r in receipt.rows] == [D(0), D(0), D(0), D("700000.00")]
	receipt = allocate_receipt(SCHEDULE, 10, row_idx=1, hold_credit=True)
	assert receipt.credit == 0


@pytest.mark.parametrize(
	"amount,code", [(0, "receipt_not_positive"), (-5, "receipt_not_positive"), ("1.001", "bad_amount")]
)
def test_bad_receipts_are_refused(amount, code):
	refused(code, allocate_receipt, SCHEDULE, amount)


def test_receivables_as_of_a_day():
	paid = allocate_receipt(SCHEDULE, 60_000).rows
	# on the due day of row 2 it is due but not yet overdue
	state = receivables(paid, "2024-04-01")
	assert (state.total, state.paid, state.outstanding) == (D("1000000.00"), D("60000.00"), D("940000.00"))
	assert (state.due, state.overdue, state.undated) == (D("140000.00"), D(0), D("800000.00"))
	state = receivables(paid, date(2024, 4, 11))
	assert state.overdue == D("140000.00")
	assert [(r.idx, r.outstanding, r.days) for r in state.overdue_rows] == [(2, D("140000.00"), 10)]
	assert receivables(paid, date(2024, 4, 11), grace_days=10).overdue == 0
	refused("bad_grace_days", receivables, paid, SIGNED, grace_days=-1)
	refused("bad_date", receivables, paid, None)


@st.composite
def schedules(draw):
	n = draw(st.integers(1, 8))
	rows = []
	for idx in range(1, n + 1):
		amount = D(draw(st.integers(0, 10_000_000))) / 100
		paid = D(draw(st.integers(0, int(amount * 100)))) / 100
		due = draw(st.one_of(st.none(), st.dates(date(2024, 1, 1), date(2026, 12, 31))))
		purpose = draw(st.sampled_from([DEPOSIT, DOWN_PAYMENT, INSTALMENT, BALANCE, MORTGAGE_LOAN]))
		rows.append(ScheduleRow(idx, purpose, amount, ON_DATE, due, paid=paid))
	return rows


@given(rows=schedules(), cents=st.integers(1, 10_000_000), data=st.data())
def test_allocation_conserves_money(rows, cents, data):
	amount = D(cents) / 100
	named = data.draw(st.one_of(st.none(), st.sampled_from([r.idx for r in rows])))
	receipt = allocate_receipt(rows, amount, row_idx=named, hold_credit=True)
	allocated = sum(a.amount for a in receipt.allocations)
	assert allocated + receipt.credit == amount
	assert receipt.credit >= 0 and all(a.amount > 0 for a in receipt.allocations)
	assert sum(r.paid for r in receipt.rows) == sum(r.paid for r in rows) + allocated
	assert all(0 <= r.paid <= r.amount for r in receipt.rows)
	assert [r.amount for r in receipt.rows] == [r.amount for r in rows]
	if named is None:
		assert all(rows[a.idx - 1].purpose != MORTGAGE_LOAN for a in receipt.allocations)
	# without credit, a receipt is either taken whole or refused
	try:
		strict = allocate_receipt(rows, amount, row_idx=named)
	except RuleError as e:
		assert e.code == "receipt_exceeds_due" and receipt.credit > 0
	else:
		assert strict.credit == 0 and strict.rows == receipt.rows


@given(rows=schedules(), as_of=st.dates(date(2023, 6, 1), date(2027, 6, 1)))
def test_receivables_add_up(rows, as_of):
	state = receivables(rows, as_of)
	assert state.total == state.paid + state.outstanding
	assert 0 <= state.overdue <= state.due <= state.outstanding
	assert state.due + state.undated <= state.outstanding
	assert all(r.due_date < as_of for r in state.overdue_rows)


# --- cancellation -----------------------------------------------------------------------------------


def test_refund_withholds_deposit_and_penalty():
	refund = cancellation_refund(300_000, 1_000_000, forfeit_deposit=50_000, penalty=1, penalty_type=PERCENT)
	assert (refund.deposit_forfeited, refund.penalty, refund.to_buyer, refund.to_lender) == (
		D("50000.00"),
		D("10000.00"),
		D("240000.00"),
		D("0.00"),
	)
	assert refund.withheld == D("60000.00") and refund.refund == D("240000.00") and not refund.capped


def test_loan_money_goes_back_to_the_lender_and_penalties_come_from_the_buyer_only():
	refund = cancellation_refund(
		1_000_000, 1_000_000, loan_paid=700_000, forfeit_deposit=50_000, penalty=300_000
	)
	assert refund.to_lender == D("700000.00")
	assert (refund.deposit_forfeited, refund.penalty, refund.to_buyer) == (
		D("50000.00"),
		D("250000.00"),
		D(0),
	)
	assert refund.capped


def test_penalty_is_capped_by_what_was_paid():
	refund = cancellation_refund(20_000, 1_000_000, forfeit_deposit=50_000, penalty=5, penalty_type=PERCENT)
	assert (refund.deposit_forfeited, refund.penalty, refund.refund) == (D("20000.00"), D(0), D(0))
	assert refund.capped


def test_a_reservation_deposit_is_refunded_or_forfeited():
	assert cancellation_refund(20_000, 1_000_000).to_buyer == D("20000.00")
	assert cancellation_refund(20_000, 1_000_000, forfeit_deposit=20_000).to_buyer == 0


@pytest.mark.parametrize(
	"args,kwargs,code",
	[
		((-1, 1000), {}, "paid_negative"),
		((10, 0), {}, "price_not_positive"),
		((10, 1000), {"loan_paid": 11}, "loan_paid_exceeds_paid"),
		((10, 1000), {"loan_paid": -1}, "loan_paid_exceeds_paid"),
		((10, 1000), {"forfeit_deposit": -1}, "deposit_negative"),
		((10, 1000), {"penalty": -1}, "bad_penalty"),
		((10, 1000), {"penalty": 101, "penalty_type": PERCENT}, "bad_penalty"),
		((10, 1000), {"penalty": 1, "penalty_type": "fine"}, "unknown_penalty_type"),
	],
)
def test_bad_refund_inputs_are_refused(args, kwargs, code):
	refused(code, cancellation_refund, *args, **kwargs)


@given(
	paid=st.integers(0, 10_000_000_000),
	loan_share=st.integers(0, 100),
	price=st.integers(1, 10_000_000_000),
	deposit=st.integers(0, 10_000_000_000),
	penalty=st.one_of(
		st.tuples(st.decimals(min_value=0, max_value=100, places=2), st.just(PERCENT)),
		st.tuples(st.integers(0, 10_000_000_000).map(lambda c: D(c) / 100), st.just(AMOUNT)),
	),
)
def test_refund_never_exceeds_what_was_paid(paid, loan_share, price, deposit, penalty):
	paid_d = D(paid) / 100
	loan_paid = (paid_d * loan_share / 100).quantize(D("0.01"), rounding="ROUND_FLOOR")
	refund = cancellation_refund(
		paid_d,
		D(price) / 100,
		loan_paid=loan_paid,
		forfeit_deposit=D(deposit) / 100,
		penalty=penalty[0],
		penalty_type=penalty[1],
	)
	assert 0 <= refund.refund <= paid_d
	assert refund.refund + refund.withheld == paid_d
	assert refund.to_lender == loan_paid
	assert min(refund.to_buyer, refund.deposit_forfeited, refund.penalty) >= 0


# --- unit change ------------------------------------------------------------------------------------


def _plan_schedule(price, deposit=0):
	plan = PaymentPlan(
		INSTALMENTS,
		[
			Instalment(DOWN_PAYMENT, PERCENT, 30),
			Instalment(BALANCE, REMAINDER, due_rule=AFTER_SIGNING, days=90),
		],
	)
	return generate_schedule(plan, price, SIGNED, deposit_paid=deposit)


def test_unit_change_to_a_dearer_unit_leaves_a_difference_to_pay():
	old = allocate_receipt(_plan_schedule(1_000_000), 300_000).rows
	new = _plan_schedule(1_200_000)
	change = change_unit(old, new)
	assert change.moved == D("300000.00") and change.to_buyer == 0 and change.to_lender == 0
	assert [r.paid for r in change.rows] == [D("300000.00"), D(0)]
	assert change.to_pay == D("900000.00")
	assert change.price_difference == D("200000.00")


def test_unit_change_to_a_cheaper_unit_refunds_what_does_not_fit():
	old = allocate_receipt(_plan_schedule(1_000_000), 1_000_000).rows
	change = change_unit(old, _plan_schedule(800_000))
	assert (change.moved, change.to_buyer, change.to_pay) == (D("800000.00"), D("200000.00"), D(0))
	assert change.price_difference == D("-200000.00")


def test_unit_change_returns_loan_money_to_the_lender():
	plan = PaymentPlan(MORTGAGE, [Instalment(DEPOSIT, FIXED, 20_000), Instalment(DOWN_PAYMENT, REMAINDER)])
	old = generate_schedule(
		plan, 1_000_000, SIGNED, loans=[Loan(MORTGAGE_LOAN, 700_000, "ICBC", 360)], deposit_paid=20_000
	)
	old = allocate_receipt(old, 700_000, row_idx=3).rows
	change = change_unit(old, _plan_schedule(1_000_000))
	assert (change.moved, change.to_lender, change.to_pay) == (D("20000.00"), D("700000.00"), D("980000.00"))
	refused("schedule_empty", change_unit, old, [])


def test_unit_change_with_nothing_paid_moves_nothing():
	change = change_unit(_plan_schedule(1_000_000), _plan_schedule(900_000))
	assert change.moved == 0 and change.to_pay == D("900000.00")


@given(old=schedules(), new=schedules())
def test_unit_change_conserves_money(old, new):
	change = change_unit(old, new)
	paid, _ = paid_split(old)
	assert change.moved + change.to_buyer + change.to_lender == paid
	assert min(change.moved, change.to_buyer, change.to_lender, change.to_pay) >= 0
	assert sum(r.paid for r in change.rows) == sum(r.paid for r in new) + change.moved
	assert change.to_pay == sum(r.amount - r.paid for r in change.rows)


# --- change of buyer --------------------------------------------------------------------------------

COUPLE = [Buyer("Zhang Wei", 50), Buyer("Li Na", 50)]


def test_adding_a_co_buyer():
	change = change_buyers(COUPLE, [Buyer("Zhang Wei", 40), Buyer("Li Na", 40), Buyer("Zhang Min", 20)])
	assert change.added == ("Zhang Min",) and change.removed == () and change.kept == ("Zhang Wei", "Li Na")


def test_removing_a_co_buyer():
	change = change_buyers(COUPLE, [Buyer("Zhang Wei", 100)])
	assert change.removed == ("Li Na",) and change.kept == ("Zhang Wei",)
	assert change.buyers == (Buyer("Zhang Wei", D("100.00")),)


def test_a_full_transfer_needs_its_flag():
	refused("original_buyer_required", change_buyers, COUPLE, [Buyer("Wang Fang", 100)])
	change = change_buyers(COUPLE, [Buyer("Wang Fang", 100)], full_transfer=True)
	assert change.added == ("Wang Fang",) and change.removed == ("Zhang Wei", "Li Na")


def test_buyer_change_must_change_something_and_add_up():
	refused("buyers_unchanged", change_buyers, COUPLE, [Buyer("Li Na", "50.00"), Buyer("Zhang Wei", 50)])
	refused("ownership_not_100", change_buyers, COUPLE, [Buyer("Zhang Wei", 50), Buyer("Li Na", 40)])
	# a change of shares alone is a change
	assert change_buyers(COUPLE, [Buyer("Zhang Wei", 60), Buyer("Li Na", 40)]).kept == ("Zhang Wei", "Li Na")


# --- reservations -----------------------------------------------------------------------------------


def test_a_date_is_valid_through_its_whole_day():
	assert not reservation_lapsed(date(2024, 3, 10), datetime(2024, 3, 10, 23, 59, 59))
	assert reservation_lapsed(date(2024, 3, 10), datetime(2024, 3, 11, 0, 0))
	assert not reservation_lapsed("2024-03-10", "2024-03-10 18:00:00")
	assert reservation_lapsed("2024-03-10", "2024-03-11")


def test_a_datetime_is_valid_up_to_its_instant():
	until = datetime(2024, 3, 10, 18, 0)
	assert not reservation_lapsed(until, until)
	assert reservation_lapsed(until, until + timedelta(seconds=1))
	assert reservation_lapsed("2024-03-10 18:00:00", "2024-03-10 18:00:01")


def test_expiry_is_needed_once():
	now = datetime(2024, 3, 11, 2, 0)
	assert needs_expiry(RESERVATION_ACTIVE, date(2024, 3, 10), now)
	assert not needs_expiry(RESERVATION_ACTIVE, date(2024, 3, 11), now)
	# once expired (or settled another way) the job has nothing to do, however often it runs
	for status in (RESERVATION_EXPIRED, RESERVATION_CANCELLED, RESERVATION_CONVERTED):
		assert not needs_expiry(status, date(2024, 3, 10), now)
	refused("unknown_reservation_status", needs_expiry, "Lost", date(2024, 3, 10), now)
	refused("bad_date", needs_expiry, RESERVATION_ACTIVE, "soon", now)


@given(
	until=st.dates(date(2024, 1, 1), date(2025, 1, 1)),
	now=st.datetimes(datetime(2024, 1, 1), datetime(2025, 1, 1)),
)
def test_running_expiry_twice_changes_nothing(until, now):
	status = RESERVATION_ACTIVE
	for _ in range(2):
		if needs_expiry(status, until, now):
			status = RESERVATION_EXPIRED
	assert status == (RESERVATION_EXPIRED if now.date() > until else RESERVATION_ACTIVE)
	assert not needs_expiry(status, until, now) or status == RESERVATION_ACTIVE


@pytest.mark.parametrize(
	"args,code",
	[
		((0, 10, SIGNED, SIGNED), "price_not_positive"),
		((1000, 0, SIGNED, SIGNED), "deposit_not_positive"),
		((1000, "1000.01", SIGNED, SIGNED), "deposit_exceeds_price"),
		((1000, 10, SIGNED, None), "reservation_dates_required"),
		((1000, 10, SIGNED, SIGNED - timedelta(days=1)), "valid_until_before_reserved_on"),
	],
)
def test_bad_reservations_are_refused(args, code):
	refused(code, check_reservation, *args)


def test_a_good_reservation_passes():
	check_reservation(1_000_000, 20_000, "2024-03-01", "2024-03-08")
	check_reservation(1_000_000, 20_000, SIGNED, SIGNED)


# --- the whole path ---------------------------------------------------------------------------------


def test_reserve_sign_pay_and_cancel():
	check_reservation(1_250_000, 20_000, SIGNED, SIGNED + timedelta(days=7))
	price = final_price(1_250_000, 4, floor_price=1_180_000)
	assert approval_chain(price.discount_percent, LIMITS) == [SALES_ADVISOR, SALES_MANAGER]
	plan = PaymentPlan(
		MORTGAGE,
		[Instalment(DEPOSIT, FIXED, 20_000), Instalment(DOWN_PAYMENT, REMAINDER, days=30)],
	)
	rows = generate_schedule(
		plan,
		price.final_price,
		SIGNED,
		loans=[Loan(MORTGAGE_LOAN, 800_000, "CCB", 300)],
		deposit_paid=20_000,
		min_down_payment_percent=30,
	)
	assert total(rows) == D("1200000.00")
	rows = allocate_receipt(rows, 380_000).rows
	assert receivables(rows, SIGNED + timedelta(days=31)).overdue == 0
	paid, lent = paid_split(rows)
	refund = cancellation_refund(paid, price.final_price, loan_paid=lent, forfeit_deposit=20_000)
	assert (refund.paid, refund.to_buyer, refund.to_lender) == (D("400000.00"), D("380000.00"), D(0))
