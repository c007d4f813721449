import itertools
import time as clock
from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from recrm.core import RuleError
from recrm.core.complaints import (
	AWAITING_CUSTOMER,
	CLOSED,
	DEFAULT_CLAIM_THRESHOLDS,
	EMOTIONAL,
	FACTORS,
	FULL_CHAIN,
	IN_PROGRESS,
	OPEN,
	OVERALL,
	PAUSE,
	PRODUCT,
	REOPENED,
	RESOLVED,
	RESPOND,
	RESPONDED,
	RESTART,
	RESUME,
	STATUSES,
	STOP,
	TRANSITIONS,
	AgeBucket,
	Rate,
	approval_chain,
	backlog_by_age,
	can_act,
	check_can_act,
	check_claim_thresholds,
	check_respondent,
	check_transition,
	claim_amount,
	clock_effects,
	complaint_clocks,
	complaint_times,
	current_step,
	month_of,
	next_statuses,
	pareto,
	percentile,
	response_within_rate,
	same_month_resolution_rate,
	step_clock,
	step_due,
	step_durations,
	step_statistics,
	survey_rollup,
	validate_survey,
)
from recrm.core.roles import (
	ALL_ROLES,
	COST_AUDIT,
	CS_MANAGER,
	ENGINEERING,
	FINANCE,
	GENERAL_MANAGER,
	VP_CUSTOMER_SERVICE,
	VP_FINANCE,
)
from recrm.core.sla import (
	BREACHED,
	CALENDAR_TIME,
	MANAGER,
	MET,
	MET_LATE,
	OK,
	PROJECT_GM,
	WARNING,
	SlaPolicy,
	escalations_due,
	month_end,
	working_calendar,
)

H = timedelta(hours=1)
D = timedelta(days=1)
PLAIN = working_calendar()  # Monday to Friday, 09:00-12:00 and 13:30-18:00
NATIONAL_DAY = working_calendar(
	holidays=[date(2024, 10, d) for d in range(1, 8)], extra_working_days=["2024-09-29", "2024-10-12"]
)


def dt(text: str) -> datetime:
	return datetime.fromisoformat(text)


# ---- statuses ------------------------------------------------------------------------------------

ALLOWED = {
	(OPEN, RESPONDED),
	(OPEN, IN_PROGRESS),
	(OPEN, AWAITING_CUSTOMER),
	(OPEN, RESOLVED),
	(RESPONDED, IN_PROGRESS),
	(RESPONDED, AWAITING_CUSTOMER),
	(RESPONDED, RESOLVED),
	(IN_PROGRESS, AWAITING_CUSTOMER),
	(IN_PROGRESS, RESOLVED),
	(AWAITING_CUSTOMER, IN_PROGRESS),
	(AWAITING_CUSTOMER, RESOLVED),
	(RESOLVED, CLOSED),
	(RESOLVED, REOPENED),
	(CLOSED, REOPENED),
	(REOPENED, IN_PROGRESS),
	(REOPENED, AWAITING_CUSTOMER),
	(REOPENED, RESOLVED),
}


@pytest.mark.parametrize("move", sorted(itertools.product(STATUSES, STATUSES)))
def test_every_move_is_allowed_or_refused_as_the_table_says(move):
	from_status, to_status = move
	if move in ALLOWED:
		check_transition(from_status, to_status)
		return
	with pytest.raises(RuleError) as error:
		check_transition(from_status, to_status)
	if from_status == to_status:
		assert error.value.code == "complaint_status_unchanged"
		assert error.value.params == {"status": to_status}
	else:
		assert error.value.code == "complaint_transition_not_allowed"
		assert error.value.params == {"from_status": from_status, "to_status": to_status}


def test_the_table_covers_every_status():
	assert set(TRANSITIONS) == set(STATUSES)
	assert all(targets <= set(STATUSES) for targets in TRANSITIONS.values())


def test_unknown_statuses_are_refused():
	for move in [(OPEN, "Lost"), ("Lost", OPEN)]:
		with pytest.raises(RuleError) as error:
			check_transition(*move)
		assert error.value.code == "unknown_complaint_status"
		assert error.value.params == {"status": "Lost"}


def test_next_statuses_in_display_order():
	assert next_statuses(OPEN) == [RESPONDED, IN_PROGRESS, AWAITING_CUSTOMER, RESOLVED]
	assert next_statuses(RESOLVED) == [CLOSED, REOPENED]
	assert next_statuses(CLOSED) == [REOPENED]
	assert next_statuses("Lost") == []


def test_clock_effects():
	assert clock_effects(OPEN, RESPONDED) == {RESPOND}
	assert clock_effects(OPEN, AWAITING_CUSTOMER) == {RESPOND, PAUSE}  # asking the customer answers them
	assert clock_effects(OPEN, RESOLVED) == {RESPOND, STOP}  # fixed on the phone
	assert clock_effects(RESPONDED, IN_PROGRESS) == frozenset()
	assert clock_effects(AWAITING_CUSTOMER, IN_PROGRESS) == {RESUME}
	assert clock_effects(AWAITING_CUSTOMER, RESOLVED) == {RESUME, STOP}
	assert clock_effects(RESOLVED, REOPENED) == {RESTART}
	assert clock_effects(CLOSED, REOPENED) == {RESTART}
	assert clock_effects(RESOLVED, CLOSED) == frozenset()
	with pytest.raises(RuleError) as error:
		clock_effects(CLOSED, IN_PROGRESS)
	assert error.value.code == "complaint_transition_not_allowed"


HISTORY = [
	(OPEN, dt("2024-03-04 10:00")),
	(RESPONDED, dt("2024-03-04 15:00")),
	(IN_PROGRESS, dt("2024-03-05 09:00")),
	(AWAITING_CUSTOMER, dt("2024-03-06 10:00")),
	(IN_PROGRESS, dt("2024-03-08 10:00")),
	(RESOLVED, dt("2024-03-20 10:00")),
	(CLOSED, dt("2024-03-22 10:00")),
]


def test_the_status_log_gives_the_clock_times():
	times = complaint_times(HISTORY)
	assert times.received == dt("2024-03-04 10:00")
	assert times.responded_at == dt("2024-03-04 15:00")
	assert times.resolution_start == times.received
	assert times.pauses == ((dt("2024-03-06 10:00"), dt("2024-03-08 10:00")),)
	assert times.resolved_at == dt("2024-03-20 10:00")
	assert times.reopened == 0
	assert times.status == CLOSED


def test_a_reopened_complaint_starts_a_new_round():
	history = [
		*HISTORY,
		(REOPENED, dt("2024-04-02 10:00")),
		(AWAITING_CUSTOMER, dt("2024-04-03 10:00")),
	]
	times = complaint_times(history)
	assert times.responded_at == dt("2024-03-04 15:00")  # the response stands
	assert times.resolution_start == dt("2024-04-02 10:00")
	assert times.resolved_at is None
	assert times.pauses == ((dt("2024-04-03 10:00"), None),)  # still waiting for the customer
	assert times.reopened == 1
	assert times.status == AWAITING_CUSTOMER


def test_the_clocks_of_a_complaint():
	policy = SlaPolicy()
	response, resolution = complaint_clocks(HISTORY, policy)
	assert response.state(dt("2024-03-30 00:00")).status == MET
	assert resolution.due == month_end(dt("2024-03-04")) + 2 * D  # two days awaiting the customer
	assert resolution.state(dt("2024-03-30 00:00")).status == MET
	assert complaint_clocks(HISTORY, SlaPolicy(response_within=None))[0] is None


def test_a_reopened_complaint_restarts_its_resolution_clock():
	policy = SlaPolicy(resolution_within=72 * H)
	history = [
		(OPEN, dt("2024-03-04 10:00")),
		(RESOLVED, dt("2024-03-05 10:00")),
		(REOPENED, dt("2024-03-20 10:00")),
		(IN_PROGRESS, dt("2024-03-20 11:00")),
	]
	response, resolution = complaint_clocks(history, policy)
	assert response.stopped_at == dt("2024-03-05 10:00")
	assert resolution.start == dt("2024-03-20 10:00")
	assert resolution.due == dt("2024-03-23 10:00")
	assert resolution.state(dt("2024-03-22 10:00")).status == OK
	assert resolution.state(dt("2024-03-22 20:00")).status == WARNING  # 58 of 72 hours
	assert resolution.state(dt("2024-03-24 10:00")).status == BREACHED
	late = complaint_clocks([*history, (RESOLVED, dt("2024-03-25 10:00"))], policy)[1]
	assert late.state(dt("2024-03-26 10:00")).status == MET_LATE


@pytest.mark.parametrize(
	"history,code",
	[
		([], "complaint_history_empty"),
		([(RESPONDED, dt("2024-03-04 10:00"))], "complaint_must_start_open"),
		(
			[(OPEN, dt("2024-03-04 10:00")), (RESPONDED, dt("2024-03-04 09:00"))],
			"complaint_history_out_of_order",
		),
		(
			[(OPEN, dt("2024-03-04 10:00")), (CLOSED, dt("2024-03-04 11:00"))],
			"complaint_transition_not_allowed",
		),
		([(OPEN, "no time")], "bad_datetime"),
	],
)
def test_a_broken_status_log_is_refused(history, code):
	with pytest.raises(RuleError) as error:
		complaint_times(history)
	assert error.value.code == code


@st.composite
def status_logs(draw):
	at = datetime(2024, 3, 1, 9)
	log = [(OPEN, at)]
	for _ in range(draw(st.integers(0, 12))):
		status = log[-1][0]
		at += timedelta(minutes=draw(st.integers(0, 60 * 24 * 5)))
		log.append((draw(st.sampled_from(next_statuses(status))), at))
	return log


@given(status_logs())
def test_any_walk_through_the_table_gives_consistent_times(log):
	times = complaint_times(log)
	assert times.status == log[-1][0]
	assert times.reopened == sum(1 for status, _ in log if status == REOPENED)
	assert (times.responded_at is None) == (len(log) == 1)
	last_round = log[max((i for i, (s, _) in enumerate(log) if s == REOPENED), default=0) :]
	assert times.resolution_start == last_round[0][1]
	assert len(times.pauses) == sum(1 for status, _ in last_round if status == AWAITING_CUSTOMER)
	assert (times.resolved_at is not None) == (times.status in (RESOLVED, CLOSED))
	assert all(times.resolution_start <= start for start, _ in times.pauses)
	response, resolution = complaint_clocks(log, SlaPolicy())
	assert response.stopped_at == times.responded_at
	assert resolution.state(log[-1][1]).status in (OK, WARNING, BREACHED, MET, MET_LATE)


# ---- compensation claims -------------------------------------------------------------------------


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
		check_claim_thresholds([(5000, (CS_MANAGER, "RE Sales Manager"))])
	assert error.value.code == "unknown_claim_step"
	assert error.value.params == {"step": "RE Sales Manager"}
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
		check_can_act(CHAIN, [], ["RE Sales Advisor"])
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


@given(st.integers(0, len(FULL_CHAIN)), st.sets(st.sampled_from((*FULL_CHAIN, "RE Sales Advisor"))))
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


# ---- satisfaction --------------------------------------------------------------------------------


def test_a_complete_survey():
	answers = {OVERALL: 5, PRODUCT: 4, "process": 3, "technical": 2, "interaction": 1, EMOTIONAL: 5}
	assert validate_survey(answers) == answers


def test_factors_may_be_left_blank_but_not_the_overall_score():
	assert validate_survey({OVERALL: 4.0, PRODUCT: None, EMOTIONAL: ""}) == {
		OVERALL: 4,
		**{factor: None for factor in FACTORS},
	}
	with pytest.raises(RuleError) as error:
		validate_survey({PRODUCT: 4})
	assert error.value.code == "survey_overall_required"


@pytest.mark.parametrize("score", [0, 6, -1, 4.5, True, "4", float("nan"), Decimal("3.5")])
def test_scores_are_whole_numbers_from_one_to_five(score):
	with pytest.raises(RuleError) as error:
		validate_survey({OVERALL: 4, PRODUCT: score})
	assert error.value.code == "bad_survey_score"
	assert error.value.params == {"question": PRODUCT, "score": score, "min": 1, "max": 5}


def test_unknown_questions_are_refused():
	with pytest.raises(RuleError) as error:
		validate_survey({OVERALL: 4, "price": 2})
	assert error.value.code == "unknown_survey_question"
	assert error.value.params == {"question": "price"}


def test_a_survey_is_answered_once_by_its_customer():
	check_respondent("CUST-0001", "CUST-0001")
	with pytest.raises(RuleError) as error:
		check_respondent("CUST-0001", "CUST-0002")
	assert error.value.code == "survey_not_yours"
	with pytest.raises(RuleError) as error:
		check_respondent("CUST-0001", "")
	assert error.value.code == "survey_not_yours"
	with pytest.raises(RuleError) as error:
		check_respondent("CUST-0001", "CUST-0001", dt("2024-03-01 10:00"))
	assert error.value.code == "survey_already_answered"


SURVEYS = [
	{"project": "Manle", "agent": "li", "answered_on": date(2024, 1, 5), OVERALL: 5, PRODUCT: 4},
	{
		"project": "Manle",
		"agent": "li",
		"answered_on": date(2024, 1, 20),
		OVERALL: 3,
		PRODUCT: 2,
		EMOTIONAL: 4,
	},
	{"project": "Manle", "agent": "wang", "answered_on": date(2024, 2, 3), OVERALL: 4},
	{"project": "Vanke", "agent": "wang", "answered_on": date(2024, 2, 9), OVERALL: 2, PRODUCT: 1},
	{"project": "Vanke", "agent": "wang", "answered_on": date(2024, 2, 9), OVERALL: None},  # not answered
]


def test_survey_rollup_per_project():
	rollup = survey_rollup(SURVEYS, "project")
	manle = rollup["Manle"]
	assert manle.count == 3
	assert manle.overall == pytest.approx(4)
	assert manle.satisfaction_rate == pytest.approx(2 / 3)
	assert manle.factors[PRODUCT] == 3
	assert manle.factors[EMOTIONAL] == 4
	assert manle.factors["technical"] is None
	assert rollup["Vanke"].count == 1
	assert rollup["Vanke"].satisfaction_rate == 0


def test_survey_rollup_by_month_and_overall():
	trend = survey_rollup(SURVEYS, key=lambda s: month_of(s["answered_on"]))
	assert list(trend) == [date(2024, 1, 1), date(2024, 2, 1)]
	assert trend[date(2024, 2, 1)].satisfaction_rate == 0.5
	everything = survey_rollup(SURVEYS)
	assert everything[None].count == 4
	assert survey_rollup(SURVEYS, "agent", satisfied_from=3)["li"].satisfaction_rate == 1


@pytest.mark.parametrize("threshold", [0, 6, 3.5, True])
def test_a_satisfaction_threshold_on_the_scale(threshold):
	with pytest.raises(RuleError) as error:
		survey_rollup(SURVEYS, "project", satisfied_from=threshold)
	assert error.value.code == "bad_satisfaction_threshold"


@given(st.lists(st.integers(1, 5), min_size=1, max_size=50), st.integers(1, 5))
def test_satisfaction_rate_is_the_share_at_or_above_the_threshold(scores, threshold):
	rollup = survey_rollup([{OVERALL: s} for s in scores], satisfied_from=threshold)[None]
	assert rollup.satisfaction_rate == sum(s >= threshold for s in scores) / len(scores)
	assert 1 <= rollup.overall <= 5


# ---- measures ------------------------------------------------------------------------------------

ROWS = [
	(dt("2024-03-01 10:00"), dt("2024-03-01 12:00"), dt("2024-03-10 10:00")),  # in time, same month
	(dt("2024-03-20 10:00"), dt("2024-03-21 10:00"), dt("2024-04-02 10:00")),  # 24 h on the dot; April
	(dt("2024-03-30 10:00"), dt("2024-03-31 10:01"), None),  # answered late, still open
	(dt("2024-04-05 10:00"), None, None),  # April, nothing yet
]


def test_same_month_resolution_rate():
	assert same_month_resolution_rate(ROWS) == Rate(1, 4)
	# on 15 April the open April complaint is still within its month: not yet a miss
	assert same_month_resolution_rate(ROWS, as_of=dt("2024-04-15 00:00")) == Rate(1, 3)
	# on 25 March only the first is decided; the second is still open in its month
	assert same_month_resolution_rate(ROWS, as_of=dt("2024-03-25 00:00")) == Rate(1, 1)
	assert same_month_resolution_rate(ROWS, as_of=dt("2024-05-01 00:00")).rate == 0.25
	assert same_month_resolution_rate([]).rate is None


def test_response_within_24_hours_rate():
	assert response_within_rate(ROWS) == Rate(2, 4)
	# on 5 April 20:00 the last complaint still has time to be answered
	assert response_within_rate(ROWS, as_of=dt("2024-04-05 20:00")) == Rate(2, 3)
	assert response_within_rate(ROWS, as_of=dt("2024-04-06 10:01")) == Rate(2, 4)
	# counted in working hours, 9 of them answer the third in time (Saturday to Sunday is no time)
	assert response_within_rate(ROWS, within=9 * H, calendar=PLAIN) == Rate(3, 4)


def test_dates_out_of_order_are_refused():
	with pytest.raises(RuleError) as error:
		same_month_resolution_rate([(dt("2024-03-01 10:00"), dt("2024-02-28 10:00"), None)])
	assert error.value.code == "complaint_dates_out_of_order"


def test_backlog_by_age():
	as_of = dt("2024-04-10 10:00")
	rows = [
		(as_of - 2 * H, None, None),
		(as_of - D, None, None),  # exactly one day: the 1-3 bucket
		(as_of - 5 * D, dt("2024-04-09 10:00"), None),
		(as_of - 40 * D, None, as_of + D),  # resolved later: open on the day
		(as_of - 40 * D, None, as_of),  # resolved on the dot: not open
		(as_of + H, None, None),  # not received yet
	]
	assert backlog_by_age(rows, as_of) == [
		AgeBucket(0, 1, 1),
		AgeBucket(1, 3, 1),
		AgeBucket(3, 7, 1),
		AgeBucket(7, 15, 0),
		AgeBucket(15, 30, 0),
		AgeBucket(30, None, 1),
	]
	assert backlog_by_age(rows, as_of, (7,)) == [AgeBucket(0, 7, 3), AgeBucket(7, None, 1)]


@pytest.mark.parametrize("bounds", [(0, 3), (3, 3), (5, 2), (1.5,), (True,)])
def test_bad_age_buckets(bounds):
	with pytest.raises(RuleError) as error:
		backlog_by_age([], dt("2024-04-10 10:00"), bounds)
	assert error.value.code == "bad_age_buckets"


def test_pareto_of_categories():
	categories = ["Leaks"] * 5 + ["Cracks"] * 3 + ["Heating"] * 1 + ["Doors/Windows"] * 1
	rows = pareto(categories)
	assert [(r.category, r.count) for r in rows] == [
		("Leaks", 5),
		("Cracks", 3),
		("Doors/Windows", 1),  # ties by name
		("Heating", 1),
	]
	assert [r.cumulative_share for r in rows] == [0.5, 0.8, 0.9, 1.0]
	assert [r.vital for r in rows] == [True, True, False, False]  # 80 % reached by the second
	assert pareto({"Leaks": 5, "Cracks": 3, "Heating": 1, "Doors/Windows": 1, "Other": 0}) == rows
	assert pareto([]) == []


def test_pareto_share_and_counts_are_checked():
	for share in (0, 1.5, True):
		with pytest.raises(RuleError) as error:
			pareto(["Leaks"], share)
		assert error.value.code == "bad_pareto_share"
	with pytest.raises(RuleError) as error:
		pareto({"Leaks": -1})
	assert error.value.code == "bad_pareto_counts"


@given(st.lists(st.sampled_from(["Leaks", "Cracks", "Heating", "Sales promise", "Property"]), max_size=80))
def test_pareto_properties(categories):
	rows = pareto(categories)
	assert sum(r.count for r in rows) == len(categories)
	assert [r.count for r in rows] == sorted((r.count for r in rows), reverse=True)
	if rows:
		assert rows[-1].cumulative_share == pytest.approx(1)
		assert rows[0].vital
		vital = [r for r in rows if r.vital]
		assert rows[: len(vital)] == vital  # the vital few come first
		assert vital[-1].cumulative_share >= 0.8 - 1e-9
		if len(vital) > 1:
			assert vital[-2].cumulative_share < 0.8


received_moments = st.datetimes(min_value=datetime(2024, 1, 1), max_value=datetime(2024, 6, 30))
gaps = st.one_of(st.none(), st.integers(0, 60 * 24 * 40).map(lambda m: timedelta(minutes=m)))


@st.composite
def complaint_rows(draw):
	received = draw(received_moments)
	responded_after, resolved_after = draw(gaps), draw(gaps)
	return (
		received,
		received + responded_after if responded_after is not None else None,
		received + resolved_after if resolved_after is not None else None,
	)


@given(st.lists(complaint_rows(), max_size=40), received_moments)
def test_rates_and_backlog_stay_consistent(rows, as_of):
	for rate in (same_month_resolution_rate(rows, as_of), response_within_rate(rows, as_of=as_of)):
		assert 0 <= rate.hits <= rate.counted <= len(rows)
	open_now = sum(
		1 for received, _, resolved in rows if received <= as_of and (resolved is None or resolved > as_of)
	)
	assert sum(bucket.count for bucket in backlog_by_age(rows, as_of)) == open_now
	# counting everything, a complaint is a hit exactly when resolved in its month
	everything = same_month_resolution_rate(rows)
	assert everything.counted == len(rows)
	assert everything.hits == sum(
		1
		for received, _, resolved in rows
		if resolved and (resolved.year, resolved.month) == (received.year, received.month)
	)
