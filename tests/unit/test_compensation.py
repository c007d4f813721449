"""Compensation claims: the approval chain and its steps (recrm.core.compensation)."""

import time as clock
from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from recrm.core import RuleError
from recrm.core.compensation import (
	DEFAULT_CLAIM_THRESHOLDS,
	FULL_CHAIN,
	approval_chain,
	can_act,
	check_can_act,
	check_claim_thresholds,
	claim_amount,
	current_step,
	percentile,
	step_clock,
	step_due,
	step_durations,
	step_statistics,
)
from recrm.core.roles import (
	ALL_ROLES,
	COST_AUDIT,
	CS_MANAGER,
	ENGINEERING,
	FINANCE,
	GENERAL_MANAGER,
	SALES_ADVISOR,
	SALES_MANAGER,
	VP_CUSTOMER_SERVICE,
	VP_FINANCE,
)
from recrm.core.sla import (
	BREACHED,
	CALENDAR_TIME,
	MANAGER,
	OK,
	PROJECT_GM,
	WARNING,
	escalations_due,
	working_calendar,
)

H = timedelta(hours=1)
PLAIN = working_calendar()  # Monday to Friday, 09:00-12:00 and 13:30-18:00
NATIONAL_DAY = working_calendar(
	holidays=[date(2024, 10, d) for d in range(1, 8)], extra_working_days=["2024-09-29", "2024-10-12"]
)


def dt(text: str) -> datetime:
	return datetime.fromisoformat(text)


def test_the_chain_is_the_documents_seven_signatures_by_role():
	assert FULL_CHAIN == (
		CS_MANAGER,
		ENGINEERING,
		COST_AUDIT,
		FINANCE,
		VP_CUSTOMER_SERVICE,
		VP_FINANCE,
		GENERAL_MANAGER,
	)
	assert set(FULL_CHAIN) <= set(ALL_ROLES)


@pytest.mark.parametrize(
	"amount,steps",
	[
		(Decimal("0.01"), 4),
		(1, 4),
		("5000", 4),  # up to and including the threshold
		(5000.01, 5),
		(50_000, 5),
		(50_001, 6),
		(200_000, 6),
		(200_001, 7),
		(Decimal("1e9"), 7),
	],
)
def test_small_claims_take_a_shorter_chain(amount, steps):
	assert approval_chain(amount) == FULL_CHAIN[:steps]


@pytest.mark.parametrize("amount", [0, -1, "-500", Decimal("-0.01"), None, ""])
def test_a_claim_needs_a_positive_amount(amount):
	with pytest.raises(RuleError) as error:
		approval_chain(amount)
	assert error.value.code == "claim_amount_not_positive"
	assert error.value.params == {"amount": amount}


@pytest.mark.parametrize("amount", ["lots", float("nan"), float("inf"), Decimal("Infinity"), True, [1]])
def test_a_claim_amount_must_be_a_number(amount):
	with pytest.raises(RuleError) as error:
		claim_amount(amount)
	assert error.value.code == "bad_claim_amount"


def test_thresholds_are_configurable_by_count_or_by_name():
	thresholds = [(1000, (CS_MANAGER, FINANCE)), (10_000, 4), (None, 6)]
	assert approval_chain(800, thresholds) == (CS_MANAGER, FINANCE)
	assert approval_chain(1000.5, thresholds) == FULL_CHAIN[:4]
	assert approval_chain(10**8, thresholds) == FULL_CHAIN[:6]  # no upper band: never the GM
	# steps listed out of order are kept in the chain's order
	assert approval_chain(5, [(10, (FINANCE, CS_MANAGER))]) == (CS_MANAGER, FINANCE)
	assert approval_chain(5, []) == FULL_CHAIN
	short = ("A", "B")
	assert approval_chain(5, [(10, 1)], chain=short) == ("A",)
	assert approval_chain(50, [(10, 1)], chain=short) == short


@pytest.mark.parametrize(
	"thresholds",
	[
		[(5000, 0)],
		[(5000, 8)],
		[(5000, True)],
		[(5000, "4")],
		[(5000, ())],
		[(0, 2)],
		[(-5, 2)],
		[(5000, 4), (5000, 5)],  # amounts must ascend
		[(5000, 4), (1000, 5)],
		[(None, 4), (5000, 5)],  # no limit only last
		[(5000, 5), (50_000, 4)],  # a larger claim never needs fewer signatures
		[(5000, (FINANCE,)), (50_000, (CS_MANAGER,))],
		[(5000,)],
		5000,
	],
)
def test_bad_thresholds_are_refused(thresholds):
	with pytest.raises(RuleError) as error:
		check_claim_thresholds(thresholds)
	assert error.value.code == "bad_claim_thresholds"


def test_thresholds_may_only_name_steps_of_the_chain():
	with pytest.raises(RuleError) as error:
		check_claim_thresholds([(5000, (CS_MANAGER, SALES_MANAGER))])
	assert error.value.code == "unknown_claim_step"
	assert error.value.params == {"step": SALES_MANAGER}
	for chain in [(), ("A", "A")]:
		with pytest.raises(RuleError) as error:
			check_claim_thresholds([], chain)
		assert error.value.code == "bad_approval_chain"


def test_default_thresholds_are_valid():
	checked = check_claim_thresholds(DEFAULT_CLAIM_THRESHOLDS)
	assert [len(steps) for _, steps in checked] == [4, 5, 6]


CHAIN = FULL_CHAIN


def test_only_the_current_steps_role_may_act():
	assert current_step(CHAIN, []) == CS_MANAGER
	assert check_can_act(CHAIN, [], [CS_MANAGER]) == CS_MANAGER
	assert check_can_act(CHAIN, CHAIN[:3], ["Employee", FINANCE]) == FINANCE
	assert can_act(CHAIN, CHAIN[:6], [GENERAL_MANAGER])
	assert not can_act(CHAIN, CHAIN[:6], [VP_FINANCE])


def test_a_later_approver_cannot_skip_ahead():
	with pytest.raises(RuleError) as error:
		check_can_act(CHAIN, [CS_MANAGER], [FINANCE])
	assert error.value.code == "claim_step_out_of_order"
	assert error.value.params == {"step": FINANCE, "current": ENGINEERING}


def test_an_earlier_approver_cannot_approve_again():
	with pytest.raises(RuleError) as error:
		check_can_act(CHAIN, CHAIN[:2], [CS_MANAGER])
	assert error.value.code == "claim_step_already_approved"
	assert error.value.params == {"current": COST_AUDIT}


def test_someone_outside_the_chain_cannot_act():
	with pytest.raises(RuleError) as error:
		check_can_act(CHAIN, [], [SALES_ADVISOR])
	assert error.value.code == "not_your_claim_step"
	assert error.value.params == {"current": CS_MANAGER}
	# a small claim's chain ends at Finance: the VP has nothing to do with it
	small = approval_chain(1000)
	with pytest.raises(RuleError) as error:
		check_can_act(small, small[:2], [VP_CUSTOMER_SERVICE])
	assert error.value.code == "not_your_claim_step"


def test_a_user_holding_two_roles_acts_on_the_current_one():
	assert check_can_act(CHAIN, CHAIN[:4], [VP_FINANCE, VP_CUSTOMER_SERVICE]) == VP_CUSTOMER_SERVICE


def test_nothing_comes_after_the_last_step():
	assert current_step(CHAIN, CHAIN) is None
	with pytest.raises(RuleError) as error:
		check_can_act(CHAIN, CHAIN, [GENERAL_MANAGER])
	assert error.value.code == "claim_fully_approved"


def test_the_trail_must_follow_the_chain():
	with pytest.raises(RuleError) as error:
		current_step(CHAIN, [ENGINEERING])
	assert error.value.code == "bad_claim_trail"
	with pytest.raises(RuleError) as error:
		check_can_act(CHAIN[:2], CHAIN[:3], [COST_AUDIT])
	assert error.value.code == "bad_claim_trail"


@given(st.integers(0, len(FULL_CHAIN)), st.sets(st.sampled_from((*FULL_CHAIN, SALES_ADVISOR))))
def test_exactly_the_current_steps_role_can_act(approved, roles):
	assert can_act(FULL_CHAIN, FULL_CHAIN[:approved], roles) == (
		approved < len(FULL_CHAIN) and FULL_CHAIN[approved] in roles
	)


@given(
	st.decimals(min_value=Decimal("0.01"), max_value=Decimal("1e7"), places=2),
	st.decimals(min_value=Decimal("0.01"), max_value=Decimal("1e7"), places=2),
)
def test_a_larger_claim_never_needs_fewer_signatures(a, b):
	small, large = sorted((a, b))
	small_chain, large_chain = approval_chain(small), approval_chain(large)
	assert set(small_chain) <= set(large_chain)
	assert large_chain == FULL_CHAIN[: len(large_chain)]


def test_a_step_is_due_two_working_days_after_it_was_entered():
	assert step_due(dt("2024-09-20 15:00"), PLAIN) == dt("2024-09-24 15:00")  # Friday to Tuesday
	assert step_due(dt("2024-09-27 15:00"), NATIONAL_DAY, 3) == dt("2024-10-08 15:00")  # over the holiday
	assert step_due(dt("2024-09-20 15:00"), CALENDAR_TIME, 1) == dt("2024-09-21 15:00")
	for bad in (0, -1, 1.5, True):
		with pytest.raises(RuleError) as error:
			step_clock(dt("2024-09-20 15:00"), PLAIN, bad)
		assert error.value.code == "bad_step_days"


def test_a_late_step_reminds_then_escalates():
	entered = dt("2024-09-20 15:00")
	step = step_clock(entered, PLAIN)
	assert step.state(dt("2024-09-24 10:00")).status == OK  # 11.5 of 15 working hours
	assert step.state(dt("2024-09-24 11:00")).status == WARNING  # 12.5 of 15: remind the approver
	late = step.state(dt("2024-09-25 10:00"))
	assert late.status == BREACHED
	assert escalations_due(late.breached_at, dt("2024-09-26 16:00"), 1) == [MANAGER]
	assert escalations_due(late.breached_at, dt("2024-09-28 16:00"), 2) == [PROJECT_GM]


TRAIL = [
	(CS_MANAGER, dt("2024-03-04 10:00"), dt("2024-03-04 16:00")),
	(ENGINEERING, dt("2024-03-04 16:00"), dt("2024-03-06 16:00")),
	(COST_AUDIT, dt("2024-03-06 16:00"), dt("2024-03-07 10:00")),
	(ENGINEERING, dt("2024-03-07 10:00"), dt("2024-03-07 12:00")),  # sent back
	(COST_AUDIT, dt("2024-03-07 12:00"), None),
]


def test_time_spent_at_each_step_of_a_claim():
	spent = step_durations(TRAIL)
	assert spent == {CS_MANAGER: 6 * H, ENGINEERING: 50 * H, COST_AUDIT: 18 * H}
	spent = step_durations(TRAIL, as_of=dt("2024-03-08 12:00"))
	assert spent[COST_AUDIT] == 18 * H + 24 * H
	# in working hours: the approvers are not to blame for the nights
	assert step_durations(TRAIL[:1] + TRAIL[1:2], calendar=PLAIN)[ENGINEERING] == 2 * PLAIN.day_length
	assert step_durations(TRAIL, as_of=dt("2024-03-01 00:00"))[COST_AUDIT] == 18 * H  # open step not begun


def test_a_step_cannot_end_before_it_starts():
	with pytest.raises(RuleError) as error:
		step_durations([(FINANCE, dt("2024-03-04 10:00"), dt("2024-03-04 09:00"))])
	assert error.value.code == "bad_step_trail"
	assert error.value.params["step"] == FINANCE


def test_percentile_is_nearest_rank():
	values = list(range(1, 11))
	assert percentile(values, 0.9) == 9
	assert percentile(values, 0.5) == 5
	assert percentile(values, 1) == 10
	assert percentile(values, 0) == 1
	assert percentile([7.0], 0.9) == 7.0
	with pytest.raises(RuleError) as error:
		percentile([], 0.9)
	assert error.value.code == "no_values"


def test_step_statistics_show_the_bottleneck():
	start = dt("2024-03-01 09:00")
	trails = []
	for hours_at_vp in range(1, 11):  # VP Finance holds the claims 10, 20 … 100 hours
		entered_vp = start + 4 * H
		trails.append(
			[
				(CS_MANAGER, start, start + 2 * H),
				(FINANCE, start + 2 * H, entered_vp),
				(VP_FINANCE, entered_vp, entered_vp + hours_at_vp * 10 * H),
			]
		)
	trails.append([(CS_MANAGER, start, None), ("Legal", start, start + H)])
	stats = step_statistics(trails)
	assert [s.step for s in stats] == [CS_MANAGER, FINANCE, VP_FINANCE, "Legal"]
	vp = stats[2]
	assert (vp.count, vp.mean_hours, vp.median_hours, vp.p90_hours, vp.max_hours) == (10, 55, 55, 90, 100)
	assert stats[0].count == 10  # the open step is left out without as_of
	with_open = step_statistics(trails, as_of=start + 10 * H)
	assert with_open[0].count == 11
	assert with_open[0].max_hours == 10
	assert step_statistics([]) == []


def test_step_statistics_of_many_claims_in_a_few_seconds():
	start = dt("2024-01-01 09:00")
	trails = []
	for i in range(20_000):
		at = start + timedelta(minutes=i)
		trail = []
		for n, step in enumerate(FULL_CHAIN):
			left = at + timedelta(hours=(i * (n + 3)) % 97)
			trail.append((step, at, left))
			at = left
		trails.append(trail)
	started = clock.perf_counter()
	stats = step_statistics(trails)
	spent = clock.perf_counter() - started
	assert [s.count for s in stats] == [20_000] * 7
	assert spent < 5, f"{spent:.2f}s for 140,000 steps"
