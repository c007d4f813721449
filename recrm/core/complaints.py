"""Complaints (投诉/报修): their statuses and the clocks those statuses run.

Open → Responded → In Progress → Resolved → Closed, with Awaiting Customer (the
clock stands still) and Reopened (the resolution clock starts again). Any first move out of Open
is the response: asking the customer for details or fixing it on the phone answers them too.
A resolved or closed complaint changes again only by being reopened. ``complaint_clocks`` turns
the status log into the SLA clocks of ``recrm.core.sla``.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from recrm.core import RuleError
from recrm.core.sla import (
	Clock,
	Pause,
	SlaPolicy,
	as_datetime,
	resolution_clock,
	response_clock,
)

OPEN = "Open"
RESPONDED = "Responded"
IN_PROGRESS = "In Progress"
AWAITING_CUSTOMER = "Awaiting Customer"
RESOLVED = "Resolved"
CLOSED = "Closed"
REOPENED = "Reopened"

STATUSES = (OPEN, RESPONDED, IN_PROGRESS, AWAITING_CUSTOMER, RESOLVED, CLOSED, REOPENED)
FINISHED_STATUSES = (RESOLVED, CLOSED)

TRANSITIONS: dict[str, frozenset[str]] = {
	OPEN: frozenset({RESPONDED, IN_PROGRESS, AWAITING_CUSTOMER, RESOLVED}),
	RESPONDED: frozenset({IN_PROGRESS, AWAITING_CUSTOMER, RESOLVED}),
	IN_PROGRESS: frozenset({AWAITING_CUSTOMER, RESOLVED}),
	AWAITING_CUSTOMER: frozenset({IN_PROGRESS, RESOLVED}),
	# the customer confirms (Closed) or disagrees (Reopened); closed cases reopen, never silently
	RESOLVED: frozenset({CLOSED, REOPENED}),
	CLOSED: frozenset({REOPENED}),
	REOPENED: frozenset({IN_PROGRESS, AWAITING_CUSTOMER, RESOLVED}),
}

# what a move does to the SLA clocks
RESPOND = "respond"  # stops the response clock
PAUSE = "pause"  # the resolution clock stands still
RESUME = "resume"  # ... and runs again
STOP = "stop"  # the resolution clock stops: resolved
RESTART = "restart"  # a new resolution clock from now


def check_transition(from_status: str, to_status: str) -> None:
	if to_status not in STATUSES:
		raise RuleError("unknown_complaint_status", status=to_status)
	if from_status not in STATUSES:
		raise RuleError("unknown_complaint_status", status=from_status)
	if from_status == to_status:
		raise RuleError("complaint_status_unchanged", status=to_status)
	if to_status not in TRANSITIONS[from_status]:
		raise RuleError("complaint_transition_not_allowed", from_status=from_status, to_status=to_status)


def next_statuses(status: str) -> list[str]:
	"""The statuses a complaint may move to, in the order of ``STATUSES`` (for buttons)."""
	allowed = TRANSITIONS.get(status, frozenset())
	return [s for s in STATUSES if s in allowed]


def clock_effects(from_status: str, to_status: str) -> frozenset[str]:
	"""What the move does to the clocks; refuses a move that is not allowed."""
	check_transition(from_status, to_status)
	effects = set()
	if from_status == OPEN:
		effects.add(RESPOND)
	if from_status == AWAITING_CUSTOMER:
		effects.add(RESUME)
	if to_status == AWAITING_CUSTOMER:
		effects.add(PAUSE)
	if to_status == RESOLVED:
		effects.add(STOP)
	if to_status == REOPENED:
		effects.add(RESTART)
	return frozenset(effects)


@dataclass(frozen=True)
class ComplaintTimes:
	"""The instants the SLA clocks need, read from a status log. The resolution clock of the
	current round starts at ``resolution_start`` (receipt, or the last reopening); ``pauses`` and
	``resolved_at`` belong to that round."""

	received: datetime
	responded_at: datetime | None
	resolution_start: datetime
	pauses: tuple[Pause, ...]
	resolved_at: datetime | None
	reopened: int
	status: str


def complaint_times(history: Iterable[tuple[str, datetime]]) -> ComplaintTimes:
	"""Read a status log: ``(status, at)`` pairs in order, the first one Open at receipt. Every move
	is checked, and times may not run backwards."""
	entries = [(status, as_datetime(at)) for status, at in history]
	if not entries:
		raise RuleError("complaint_history_empty")
	status, received = entries[0]
	if status != OPEN:
		raise RuleError("complaint_must_start_open", status=status)
	responded_at = resolved_at = paused_since = None
	resolution_start = received
	pauses: list[Pause] = []
	reopened = 0
	previous_at = received
	for to_status, at in entries[1:]:
		if at < previous_at:
			raise RuleError("complaint_history_out_of_order", at=at, previous=previous_at)
		effects = clock_effects(status, to_status)
		if RESPOND in effects:
			responded_at = at
		if RESUME in effects:
			pauses.append((paused_since, at))
			paused_since = None
		if PAUSE in effects:
			paused_since = at
		if STOP in effects:
			resolved_at = at
		if RESTART in effects:
			resolution_start, resolved_at, pauses = at, None, []
			reopened += 1
		status, previous_at = to_status, at
	if paused_since is not None:
		pauses.append((paused_since, None))
	return ComplaintTimes(
		received, responded_at, resolution_start, tuple(pauses), resolved_at, reopened, status
	)


def complaint_clocks(
	history: Iterable[tuple[str, datetime]], policy: SlaPolicy
) -> tuple[Clock | None, Clock]:
	"""The response clock (None without a response target) and the current resolution clock."""
	times = complaint_times(history)
	response = response_clock(policy, times.received, times.responded_at)
	resolution = resolution_clock(policy, times.resolution_start, times.pauses, times.resolved_at)
	return response, resolution
