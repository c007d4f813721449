"""Complaint statuses and their clocks (recrm.core.complaints)."""

import itertools
from datetime import datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from recrm.core import RuleError
from recrm.core.complaints import (
	AWAITING_CUSTOMER,
	CLOSED,
	IN_PROGRESS,
	OPEN,
	PAUSE,
	REOPENED,
	RESOLVED,
	RESPOND,
	RESPONDED,
	RESTART,
	RESUME,
	STATUSES,
	STOP,
	TRANSITIONS,
	check_transition,
	clock_effects,
	complaint_clocks,
	complaint_times,
	next_statuses,
)
from recrm.core.sla import (
	BREACHED,
	MET,
	MET_LATE,
	OK,
	WARNING,
	SlaPolicy,
	month_end,
)

H = timedelta(hours=1)
D = timedelta(days=1)


def dt(text: str) -> datetime:
	return datetime.fromisoformat(text)


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
