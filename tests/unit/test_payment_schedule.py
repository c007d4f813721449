from datetime import date, timedelta
from decimal import Decimal
from itertools import pairwise

import pytest
from hypothesis import given
from hypothesis import strategies as st

from recrm.core import RuleError
from recrm.core.payment_schedule import (
	AFTER_SIGNING,
	BALANCE,
	CENT,
	DEPOSIT,
	DOWN_PAYMENT,
	FIXED,
	FULL_PAYMENT,
	HOUSING_FUND,
	HOUSING_FUND_LOAN,
	INSTALMENT,
	INSTALMENTS,
	MIXED,
	MORTGAGE,
	MORTGAGE_LOAN,
	ON_DATE,
	ON_DISBURSAL,
	ON_STAGE,
	PERCENT,
	REMAINDER,
	Instalment,
	Loan,
	PaymentPlan,
	ScheduleRow,
	generate_schedule,
	largest_remainder,
	money,
	record_disbursal,
	record_stage,
	total,
	validate_plan,
)

SIGNED = date(2024, 3, 1)
D = Decimal


def amounts(rows):
	return [row.amount for row in rows]


def code_of(excinfo) -> str:
	return excinfo.value.code


def mortgage_plan(**changes):
	return PaymentPlan(
		MORTGAGE,
		[Instalment(DEPOSIT, FIXED, 20_000), Instalment(DOWN_PAYMENT, REMAINDER, days=7)],
		**changes,
	)


ICBC = Loan(MORTGAGE_LOAN, 800_000, "ICBC Yangzhou", 360)


# --- worked examples --------------------------------------------------------------------------------


def test_mortgage_schedule_credits_the_deposit_and_ends_with_the_loan():
	rows = generate_schedule(mortgage_plan(), "1234567.89", SIGNED, loans=[ICBC], deposit_paid=30_000)
	assert [(r.idx, r.purpose, r.amount, r.due_date, r.paid) for r in rows] == [
		(1, DEPOSIT, D("20000.00"), SIGNED, D("20000.00")),
		(2, DOWN_PAYMENT, D("414567.89"), SIGNED + timedelta(days=7), D("10000.00")),
		(3, MORTGAGE_LOAN, D("800000.00"), None, D("0.00")),
	]
	assert rows[2].due_rule == ON_DISBURSAL and rows[2].is_loan
	assert total(rows) == D("1234567.89")


def test_thirds_give_the_odd_fen_to_the_row_that_lost_most():
	plan = PaymentPlan(
		INSTALMENTS,
		[
			Instalment(DOWN_PAYMENT, PERCENT, "33.3333"),
			Instalment(INSTALMENT, PERCENT, "33.3333"),
			Instalment(BALANCE, REMAINDER),
		],
	)
	assert amounts(generate_schedule(plan, 100, SIGNED)) == [D("33.33"), D("33.33"), D("33.34")]


def test_percentages_that_add_up_to_100_need_no_remainder():
	plan = PaymentPlan(
		INSTALMENTS,
		[
			Instalment(DOWN_PAYMENT, PERCENT, 30),
			Instalment(INSTALMENT, PERCENT, 30),
			Instalment(BALANCE, PERCENT, 40),
		],
	)
	assert amounts(generate_schedule(plan, "1000000.01", SIGNED)) == [
		D("300000.00"),
		D("300000.00"),
		D("400000.01"),
	]


def test_a_tiny_price_still_adds_up_with_no_negative_row():
	plan = PaymentPlan(
		INSTALMENTS,
		[
			Instalment(DOWN_PAYMENT, PERCENT, "33.333"),
			Instalment(INSTALMENT, PERCENT, "33.333"),
			Instalment(BALANCE, REMAINDER),
		],
	)
	rows = generate_schedule(plan, "0.05", SIGNED)
	# fractions .0066665, .0066665, .006667: the remainder first, then the earlier of the tie
	assert amounts(rows) == [D("0.02"), D("0.01"), D("0.02")]


def test_largest_remainder_breaks_ties_by_row_order():
	assert largest_remainder([D("0.005"), D("0.005"), D("0.01")], D("0.02")) == [D("0.01"), D("0"), D("0.01")]


def test_fixed_amounts_only():
	plan = PaymentPlan(
		FULL_PAYMENT, [Instalment(DEPOSIT, FIXED, 50_000), Instalment(BALANCE, FIXED, 950_000)]
	)
	assert amounts(generate_schedule(plan, 1_000_000, SIGNED)) == [D("50000.00"), D("950000.00")]


def test_combination_loan_makes_one_row_per_loan():
	plan = PaymentPlan(MIXED, [Instalment(DOWN_PAYMENT, REMAINDER)])
	loans = [Loan(HOUSING_FUND_LOAN, 600_000, "Yangzhou HPF Centre", 360), ICBC]
	rows = generate_schedule(plan, 2_000_000, SIGNED, loans=loans, min_down_payment_percent=30)
	assert [(r.purpose, r.amount) for r in rows] == [
		(DOWN_PAYMENT, D("600000.00")),
		(HOUSING_FUND_LOAN, D("600000.00")),
		(MORTGAGE_LOAN, D("800000.00")),
	]


def test_due_rules():
	plan = PaymentPlan(
		INSTALMENTS,
		[
			Instalment(DOWN_PAYMENT, PERCENT, 20, AFTER_SIGNING, days=0),
			Instalment(INSTALMENT, PERCENT, 30, ON_DATE, due_date=date(2024, 9, 30)),
			Instalment(INSTALMENT, PERCENT, 30, ON_STAGE, days=15, stage=" Topping Out "),
			Instalment(BALANCE, REMAINDER, due_rule=ON_STAGE, stage="Completion"),
		],
	)
	rows = generate_schedule(plan, 1_000_000, "2024-03-01")
	assert [r.due_date for r in rows] == [SIGNED, date(2024, 9, 30), None, None]
	assert [r.stage for r in rows] == [None, None, "Topping Out", "Completion"]

	topped = record_stage(rows, "Topping Out", "2024-11-10")
	assert [r.due_date for r in topped] == [SIGNED, date(2024, 9, 30), date(2024, 11, 25), None]
	# recording the stage again, even with another date, changes nothing
	assert record_stage(topped, "Topping Out", date(2025, 1, 1)) == topped
	# a stage no row waits for changes nothing either
	assert record_stage(topped, "Foundations", date(2024, 5, 1)) == topped
	done = record_stage(topped, "Completion", date(2025, 6, 30))
	assert done[3].due_date == date(2025, 6, 30)
	assert rows[2].due_date is None  # the rows given are not changed


def test_loan_row_falls_due_on_disbursal():
	rows = generate_schedule(mortgage_plan(), 1_500_000, SIGNED, loans=[ICBC])
	disbursed = record_disbursal(rows, MORTGAGE_LOAN, "2024-05-20")
	assert disbursed[2].due_date == date(2024, 5, 20)
	assert disbursed[:2] == rows[:2]
	assert record_disbursal(disbursed, MORTGAGE_LOAN, date(2024, 6, 1)) == disbursed
	assert record_disbursal(rows, HOUSING_FUND_LOAN, date(2024, 6, 1)) == rows


def test_a_deposit_larger_than_the_first_rows_spills_over():
	plan = PaymentPlan(
		INSTALMENTS,
		[
			Instalment(DEPOSIT, FIXED, 10_000),
			Instalment(INSTALMENT, PERCENT, 1),
			Instalment(BALANCE, REMAINDER),
		],
	)
	rows = generate_schedule(plan, 1_000_000, SIGNED, deposit_paid=25_000)
	assert [r.paid for r in rows] == [D("10000.00"), D("10000.00"), D("5000.00")]
	assert [r.outstanding for r in rows] == [D("0.00"), D("0.00"), D("975000.00")]


def test_money_refuses_fractions_of_a_fen_and_nonsense():
	assert money(12.5) == D("12.50")
	assert money(None) == D("0.00")
	for bad in ("1.005", "abc", float("nan"), "1e13", True):
		with pytest.raises(RuleError) as e:
			money(bad)
		assert code_of(e) == "bad_amount"


# --- refusals ---------------------------------------------------------------------------------------

THIRTY_SEVENTY = [Instalment(DOWN_PAYMENT, PERCENT, 30), Instalment(BALANCE, PERCENT, 70)]


@pytest.mark.parametrize(
	"plan,code",
	[
		(PaymentPlan("barter", THIRTY_SEVENTY), "unknown_payment_method"),
		(PaymentPlan(INSTALMENTS, []), "plan_empty"),
		(PaymentPlan(INSTALMENTS, [Instalment("gift", REMAINDER)]), "unknown_purpose"),
		(PaymentPlan(INSTALMENTS, [Instalment(MORTGAGE_LOAN, REMAINDER)]), "loan_purpose_in_plan"),
		(PaymentPlan(INSTALMENTS, [Instalment(BALANCE, "half")]), "unknown_share_type"),
		(PaymentPlan(INSTALMENTS, [Instalment(BALANCE, PERCENT, 0)]), "bad_share_percent"),
		(PaymentPlan(INSTALMENTS, [Instalment(BALANCE, PERCENT, 101)]), "bad_share_percent"),
		(PaymentPlan(INSTALMENTS, [Instalment(BALANCE, PERCENT, "ten")]), "bad_percent"),
		(
			PaymentPlan(INSTALMENTS, [Instalment(DEPOSIT, FIXED, 0), Instalment(BALANCE, REMAINDER)]),
			"fixed_amount_not_positive",
		),
		(
			PaymentPlan(INSTALMENTS, [Instalment(DEPOSIT, FIXED, "0.001"), Instalment(BALANCE, REMAINDER)]),
			"bad_amount",
		),
		(PaymentPlan(INSTALMENTS, [Instalment(BALANCE, REMAINDER, days=-1)]), "bad_due_days"),
		(PaymentPlan(INSTALMENTS, [Instalment(BALANCE, REMAINDER, days=99_999)]), "bad_due_days"),
		(PaymentPlan(INSTALMENTS, [Instalment(BALANCE, REMAINDER, days=1.5)]), "bad_due_days"),
		(PaymentPlan(INSTALMENTS, [Instalment(BALANCE, REMAINDER, days=True)]), "bad_due_days"),
		(PaymentPlan(INSTALMENTS, [Instalment(BALANCE, REMAINDER, due_rule=ON_DATE)]), "due_date_required"),
		(
			PaymentPlan(INSTALMENTS, [Instalment(BALANCE, REMAINDER, due_rule=ON_STAGE, stage=" ")]),
			"stage_required",
		),
		(
			PaymentPlan(INSTALMENTS, [Instalment(BALANCE, REMAINDER, due_rule=ON_DISBURSAL)]),
			"unknown_due_rule",
		),
		(
			PaymentPlan(INSTALMENTS, [Instalment(BALANCE, REMAINDER), Instalment(BALANCE, REMAINDER)]),
			"several_remainders",
		),
		(
			PaymentPlan(
				INSTALMENTS, [Instalment(DOWN_PAYMENT, PERCENT, 60), Instalment(BALANCE, PERCENT, 41)]
			),
			"shares_over_100",
		),
		(
			PaymentPlan(
				INSTALMENTS, [Instalment(DOWN_PAYMENT, PERCENT, 30), Instalment(BALANCE, PERCENT, 69)]
			),
			"shares_under_100",
		),
		(
			PaymentPlan(INSTALMENTS, [*THIRTY_SEVENTY, Instalment(DEPOSIT, FIXED, 100)]),
			"percentages_leave_nothing",
		),
		(
			PaymentPlan(INSTALMENTS, [*THIRTY_SEVENTY, Instalment(DEPOSIT, REMAINDER)]),
			"percentages_leave_nothing",
		),
		(PaymentPlan(MORTGAGE, THIRTY_SEVENTY[:1]), "loan_plan_needs_remainder"),
	],
)
def test_bad_plans_are_refused(plan, code):
	with pytest.raises(RuleError) as e:
		validate_plan(plan)
	assert code_of(e) == code
	with pytest.raises(RuleError) as e:
		generate_schedule(plan, 1_000_000, SIGNED, loans=[ICBC] if plan.method == MORTGAGE else ())
	assert code_of(e) == code


def test_a_good_plan_passes():
	validate_plan(mortgage_plan())
	validate_plan(PaymentPlan(INSTALMENTS, THIRTY_SEVENTY))
	# fixed amounts alone can only be checked against a price
	validate_plan(PaymentPlan(FULL_PAYMENT, [Instalment(BALANCE, FIXED, 1)]))


FULL = PaymentPlan(FULL_PAYMENT, [Instalment(DEPOSIT, FIXED, 50_000), Instalment(BALANCE, REMAINDER)])


@pytest.mark.parametrize(
	"plan,price,kwargs,code",
	[
		(FULL, 0, {}, "price_not_positive"),
		(FULL, -5, {}, "price_not_positive"),
		(FULL, "12.345", {}, "bad_amount"),
		(FULL, 40_000, {}, "fixed_amounts_exceed_price"),
		(FULL, 50_000, {}, "nothing_left_for_remainder"),
		(PaymentPlan(FULL_PAYMENT, [Instalment(BALANCE, FIXED, 999)]), 1000, {}, "shares_under_100"),
		(
			PaymentPlan(FULL_PAYMENT, [Instalment(DEPOSIT, FIXED, 600), Instalment(BALANCE, PERCENT, 50)]),
			1000,
			{},
			"shares_exceed_price",
		),
		(FULL, 100_000, {"deposit_paid": -1}, "deposit_negative"),
		(FULL, 100_000, {"deposit_paid": 100_000.01}, "deposit_exceeds_own_payments"),
		(FULL, 100_000, {"loans": [ICBC]}, "loan_not_in_method"),
		(mortgage_plan(), 1_000_000, {}, "loan_required"),
		(mortgage_plan(), 1_000_000, {"loans": [Loan("gold", 1, "x", 1)]}, "unknown_loan_kind"),
		(mortgage_plan(), 1_000_000, {"loans": [ICBC, ICBC]}, "duplicate_loan"),
		(
			mortgage_plan(),
			1_000_000,
			{"loans": [Loan(MORTGAGE_LOAN, 0, "ICBC", 360)]},
			"loan_amount_not_positive",
		),
		(mortgage_plan(), 1_000_000, {"loans": [Loan(MORTGAGE_LOAN, 1, "ICBC", 0)]}, "bad_loan_term"),
		(mortgage_plan(), 1_000_000, {"loans": [Loan(MORTGAGE_LOAN, 1, "ICBC", 361)]}, "bad_loan_term"),
		(mortgage_plan(), 1_000_000, {"loans": [Loan(MORTGAGE_LOAN, 1, " ", 360)]}, "lender_required"),
		(mortgage_plan(), 800_000, {"loans": [ICBC]}, "loans_exceed_price_less_down_payment"),
		(mortgage_plan(), 819_999, {"loans": [ICBC]}, "loans_exceed_price_less_down_payment"),
		(
			mortgage_plan(),
			1_000_000,
			{"loans": [ICBC], "min_down_payment_percent": 30},
			"down_payment_below_minimum",
		),
		(
			mortgage_plan(),
			1_000_000,
			{"loans": [ICBC], "min_down_payment_percent": 101},
			"bad_down_payment_percent",
		),
		(
			PaymentPlan(
				INSTALMENTS, [Instalment(BALANCE, REMAINDER, due_rule=ON_DATE, due_date=date(2024, 2, 29))]
			),
			1000,
			{},
			"due_date_before_signing",
		),
		(
			PaymentPlan(HOUSING_FUND, [Instalment(BALANCE, REMAINDER)]),
			1_000_000,
			{"loans": [ICBC]},
			"loan_not_in_method",
		),
	],
)
def test_bad_schedules_are_refused(plan, price, kwargs, code):
	with pytest.raises(RuleError) as e:
		generate_schedule(plan, price, SIGNED, **kwargs)
	assert code_of(e) == code


def test_the_loan_limit_is_named():
	with pytest.raises(RuleError) as e:
		generate_schedule(mortgage_plan(), 819_999, SIGNED, loans=[ICBC])
	assert e.value.params == {"loans": D("800000.00"), "limit": D("799999.00")}


def test_the_shortfall_is_named_in_percent():
	plan = PaymentPlan(FULL_PAYMENT, [Instalment(BALANCE, FIXED, "999.99")])
	with pytest.raises(RuleError) as e:
		generate_schedule(plan, 1000, SIGNED)
	assert e.value.params == {"total": D("99.99")}  # rounded down: never shown as 100%


def test_minimum_down_payment_is_inclusive():
	rows = generate_schedule(
		mortgage_plan(),
		1_000_000,
		SIGNED,
		loans=[Loan(MORTGAGE_LOAN, 700_000, "ICBC", 240)],
		min_down_payment_percent=30,
	)
	assert amounts(rows) == [D("20000.00"), D("280000.00"), D("700000.00")]
	with pytest.raises(RuleError) as e:
		generate_schedule(
			mortgage_plan(),
			1_000_000,
			SIGNED,
			loans=[Loan(MORTGAGE_LOAN, "700000.01", "ICBC", 240)],
			min_down_payment_percent=30,
		)
	assert e.value.params["minimum"] == D("300000.00")


def test_signing_date_is_needed():
	with pytest.raises(RuleError) as e:
		generate_schedule(FULL, 100_000, None)
	assert code_of(e) == "signing_date_required"
	with pytest.raises(RuleError) as e:
		generate_schedule(FULL, 100_000, "tomorrow")
	assert code_of(e) == "bad_date"


def test_recording_needs_a_stage_and_a_date():
	rows = generate_schedule(FULL, 100_000, SIGNED)
	for args, code in [
		(("", SIGNED), "stage_name_required"),
		(("Topping Out", None), "stage_date_required"),
	]:
		with pytest.raises(RuleError) as e:
			record_stage(rows, *args)
		assert code_of(e) == code
	with pytest.raises(RuleError) as e:
		record_disbursal(rows, "gold", SIGNED)
	assert code_of(e) == "unknown_loan_kind"
	with pytest.raises(RuleError) as e:
		record_disbursal(rows, MORTGAGE_LOAN, None)
	assert code_of(e) == "disbursal_date_required"


# --- properties -------------------------------------------------------------------------------------

prices = st.integers(1, 10_000_000_000).map(lambda cents: Decimal(cents) / 100)
purposes = st.sampled_from([DEPOSIT, DOWN_PAYMENT, INSTALMENT, BALANCE])
due_rules = st.one_of(
	st.builds(lambda d: {"due_rule": AFTER_SIGNING, "days": d}, st.integers(0, 3660)),
	st.builds(lambda d: {"due_rule": ON_DATE, "due_date": SIGNED + timedelta(days=d)}, st.integers(0, 3660)),
	st.builds(
		lambda d, s: {"due_rule": ON_STAGE, "days": d, "stage": s},
		st.integers(0, 60),
		st.sampled_from(["Foundations", "Topping Out", "Completion"]),
	),
)


@st.composite
def plans_with_remainder(draw, price: Decimal):
	"""Percentages under 50% in all and fixed amounts up to half the price, plus one remainder,
	in any order: the remainder always has something left."""
	price_cents = int(price * 100)
	n_percent = draw(st.integers(0, 8))
	percents = [
		draw(st.decimals(min_value=D("0.0001"), max_value=D("49.99") / n_percent, places=4))
		for _ in range(n_percent)
	]
	fixed_cap = price_cents // 2
	n_fixed = draw(st.integers(0, 4)) if fixed_cap else 0
	fixed = []
	for _ in range(n_fixed):
		if fixed_cap < 1:
			break
		cents = draw(st.integers(1, fixed_cap))
		fixed_cap -= cents
		fixed.append(Decimal(cents) / 100)
	instalments = (
		[Instalment(draw(purposes), PERCENT, p, **draw(due_rules)) for p in percents]
		+ [Instalment(draw(purposes), FIXED, f, **draw(due_rules)) for f in fixed]
		+ [Instalment(draw(purposes), REMAINDER, **draw(due_rules))]
	)
	return draw(st.permutations(instalments))


@given(data=st.data(), price=prices)
def test_schedule_adds_up_to_the_price_with_a_remainder(data, price):
	instalments = data.draw(plans_with_remainder(price))
	rows = generate_schedule(PaymentPlan(INSTALMENTS, instalments), price, SIGNED)
	assert total(rows) == price
	assert len(rows) == len(instalments)
	assert all(r.amount >= 0 and r.amount == r.amount.quantize(CENT) for r in rows)
	# fixed amounts are kept to the fen, and no row is more than a fen off its exact share
	for inst, row in zip(instalments, rows, strict=True):
		if inst.share == FIXED:
			assert row.amount == inst.value
		elif inst.share == PERCENT:
			assert abs(row.amount - price * inst.value / 100) < CENT
	assert generate_schedule(PaymentPlan(INSTALMENTS, instalments), price, SIGNED) == rows


@given(
	price=prices,
	cuts=st.lists(st.integers(1, 9_999), max_size=11, unique=True),
)
def test_percentages_of_exactly_100_add_up_to_the_price(price, cuts):
	points = [0, *sorted(cuts), 10_000]
	percents = [Decimal(b - a) / 100 for a, b in pairwise(points)]
	plan = PaymentPlan(INSTALMENTS, [Instalment(INSTALMENT, PERCENT, p) for p in percents])
	rows = generate_schedule(plan, price, SIGNED)
	assert total(rows) == price
	assert all(r.amount >= 0 for r in rows)
	assert all(abs(r.amount - price * p / 100) < CENT for r, p in zip(rows, percents, strict=True))


@given(
	data=st.data(),
	price=st.integers(100_000, 10_000_000_000).map(lambda cents: Decimal(cents) / 100),
	loan_share=st.integers(1, 80),
	fund_share=st.integers(0, 10),
)
def test_loan_schedules_add_up_and_keep_the_loan_amounts(data, price, loan_share, fund_share):
	# fixed amounts and percentages up to half the price, loans up to 90%: the remainder keeps ≥ 0
	instalments = [
		i for i in data.draw(plans_with_remainder(price)) if i.share == REMAINDER or data.draw(st.booleans())
	]
	plan_percent = sum((i.value for i in instalments if i.share == PERCENT), D(0))
	plan_fixed = sum((i.value for i in instalments if i.share == FIXED), D(0))
	loans = [Loan(MORTGAGE_LOAN, (price * loan_share / 100).quantize(CENT), "Bank", 240)]
	if fund_share:
		loans.append(Loan(HOUSING_FUND_LOAN, (price * fund_share / 100).quantize(CENT), "HPF", 360))
	left = price - plan_fixed - price * plan_percent / 100 - sum(D(loan.amount) for loan in loans)
	method = MIXED if fund_share else MORTGAGE
	plan = PaymentPlan(method, instalments)
	if left <= 0:
		with pytest.raises(RuleError) as e:
			generate_schedule(plan, price, SIGNED, loans=loans)
		assert code_of(e) == "loans_exceed_price_less_down_payment"
		return
	rows = generate_schedule(plan, price, SIGNED, loans=loans)
	assert total(rows) == price
	assert all(r.amount >= 0 for r in rows)
	assert [(r.purpose, r.amount) for r in rows if r.is_loan] == [(loan.kind, loan.amount) for loan in loans]


@given(data=st.data(), price=prices)
def test_the_deposit_is_credited_in_full_and_never_beyond_a_row(data, price):
	instalments = data.draw(plans_with_remainder(price))
	deposit = data.draw(st.integers(0, int(price * 100))) / D(100)
	rows = generate_schedule(PaymentPlan(INSTALMENTS, instalments), price, SIGNED, deposit_paid=deposit)
	assert sum(r.paid for r in rows) == deposit
	assert all(0 <= r.paid <= r.amount for r in rows)
	# the first rows are paid up before a later one gets anything
	partly = [i for i, r in enumerate(rows) if r.paid < r.amount]
	assert all(r.paid == 0 for r in rows[partly[0] + 1 :]) if partly else True


@given(
	raw=st.lists(st.decimals(min_value=0, max_value=10**9, places=6), min_size=1, max_size=20),
	extra=st.integers(0, 99),
)
def test_largest_remainder_keeps_the_sum_and_stays_within_a_fen(raw, extra):
	# make the exact total a whole number of fen by topping up the last amount
	fen_total = sum(raw, D(0)).quantize(CENT, rounding="ROUND_CEILING")
	raw[-1] += fen_total - sum(raw, D(0)) + D(extra) / 100
	target = sum(raw, D(0))
	rounded = largest_remainder(raw, target)
	assert sum(rounded, D(0)) == target
	assert all(abs(r - x) < CENT and r >= 0 for r, x in zip(rounded, raw, strict=True))


def test_schedule_rows_report_what_is_outstanding():
	row = ScheduleRow(1, BALANCE, D("100.00"), AFTER_SIGNING, SIGNED, paid=D("40.00"))
	assert row.outstanding == D("60.00")
	assert not row.is_loan
