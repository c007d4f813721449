"""Compensation claims (赔偿审批): the approval chain, its steps and how long they take.

A claim's approval chain is the full chain (CS Centre Manager → Engineering →
Cost Audit → Finance → VP Customer Service → VP Finance → General Manager) or, for small amounts,
its first steps: thresholds are ``(max_amount, steps)`` pairs, an amount up to and including
``max_amount`` needs ``steps`` (a number of leading steps, or the steps by name). Steps are named
by the role that acts on them (``recrm/core/roles.py``). Each step is due a number of working
days after it was entered; only the current step's role may act, nobody may skip a step, and
nothing follows the last.
"""

import math
import statistics
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal, InvalidOperation

from recrm.core import RuleError
from recrm.core.pricing import to_decimal
from recrm.core.roles import (
	COST_AUDIT,
	CS_MANAGER,
	ENGINEERING,
	FINANCE,
	GENERAL_MANAGER,
	VP_CUSTOMER_SERVICE,
	VP_FINANCE,
)
from recrm.core.sla import (
	CALENDAR_TIME,
	Clock,
	WorkingCalendar,
	as_datetime,
)

FULL_CHAIN = (
	CS_MANAGER,
	ENGINEERING,
	COST_AUDIT,
	FINANCE,
	VP_CUSTOMER_SERVICE,
	VP_FINANCE,
	GENERAL_MANAGER,
)
# up to 5,000 yuan the four departments settle it; each band above adds the next signature, and
# above 200,000 the General Manager signs too
DEFAULT_CLAIM_THRESHOLDS: tuple[tuple[Decimal | None, int | tuple[str, ...]], ...] = (
	(Decimal("5000"), 4),
	(Decimal("50000"), 5),
	(Decimal("200000"), 6),
)
DEFAULT_STEP_DAYS = 2


def claim_amount(amount) -> Decimal:
	"""The amount of a claim, exact and positive. Non-money claims (a repair, rent-free months)
	carry their estimated value."""
	try:
		value = to_decimal(amount) if not isinstance(amount, bool) else None
	except (InvalidOperation, ValueError, TypeError):
		value = None
	if value is None or not value.is_finite():
		raise RuleError("bad_claim_amount", amount=amount)
	if value <= 0:
		raise RuleError("claim_amount_not_positive", amount=amount)
	return value


def check_claim_thresholds(
	thresholds, chain: Sequence[str] = FULL_CHAIN
) -> list[tuple[Decimal | None, tuple]]:
	"""Thresholds as ``(max_amount, steps)`` with steps as a tuple of chain steps. Amounts ascend
	(None, no upper limit, only last); a larger claim needs every signature a smaller one needs."""
	chain = tuple(chain)
	if not chain or len(set(chain)) != len(chain):
		raise RuleError("bad_approval_chain", chain=chain)
	checked: list[tuple[Decimal | None, tuple]] = []
	try:
		pairs = [(limit, steps) for limit, steps in thresholds]
	except (TypeError, ValueError):
		raise RuleError("bad_claim_thresholds", thresholds=thresholds)
	for index, (limit, steps) in enumerate(pairs):
		if limit is None:
			if index != len(pairs) - 1:
				raise RuleError("bad_claim_thresholds", thresholds=thresholds)
		else:
			try:
				limit = claim_amount(limit)
			except RuleError:
				raise RuleError("bad_claim_thresholds", thresholds=thresholds)
		if isinstance(steps, int) and not isinstance(steps, bool):
			if not 1 <= steps <= len(chain):
				raise RuleError("bad_claim_thresholds", thresholds=thresholds)
			steps = chain[:steps]
		elif isinstance(steps, Sequence) and not isinstance(steps, str) and steps:
			unknown = [s for s in steps if s not in chain]
			if unknown:
				raise RuleError("unknown_claim_step", step=unknown[0])
			# kept in the chain's order whatever order they were listed in
			steps = tuple(s for s in chain if s in steps)
		else:
			raise RuleError("bad_claim_thresholds", thresholds=thresholds)
		if checked:
			previous_limit, previous_steps = checked[-1]
			if limit is not None and limit <= previous_limit:
				raise RuleError("bad_claim_thresholds", thresholds=thresholds)
			if not set(previous_steps) <= set(steps):
				raise RuleError("bad_claim_thresholds", thresholds=thresholds)
		checked.append((limit, steps))
	return checked


def approval_chain(
	amount, thresholds=DEFAULT_CLAIM_THRESHOLDS, chain: Sequence[str] = FULL_CHAIN
) -> tuple[str, ...]:
	"""The steps a claim of ``amount`` goes through: the first band whose ``max_amount`` it does not
	exceed, or the whole chain above them all."""
	value = claim_amount(amount)
	for limit, steps in check_claim_thresholds(thresholds, chain):
		if limit is None or value <= limit:
			return steps
	return tuple(chain)


def _check_trail(chain: Sequence[str], approved: Sequence[str]) -> None:
	if tuple(approved) != tuple(chain[: len(approved)]):
		raise RuleError("bad_claim_trail", approved=", ".join(approved), chain=", ".join(chain))


def current_step(chain: Sequence[str], approved: Sequence[str]) -> str | None:
	"""The step a claim waits for, None once every step approved. ``approved`` is the steps already
	approved, in order: always the chain's first ones."""
	_check_trail(chain, approved)
	return chain[len(approved)] if len(approved) < len(chain) else None


def check_can_act(chain: Sequence[str], approved: Sequence[str], roles: Iterable[str]) -> str:
	"""The step a user with ``roles`` may approve or reject now; refused unless it is the current
	one. Holding a later step's role is no licence to skip ahead."""
	step = current_step(chain, approved)
	if step is None:
		raise RuleError("claim_fully_approved")
	roles = set(roles)
	if step in roles:
		return step
	later = [s for s in chain[len(approved) + 1 :] if s in roles]
	if later:
		raise RuleError("claim_step_out_of_order", step=later[0], current=step)
	if any(s in roles for s in approved):
		raise RuleError("claim_step_already_approved", current=step)
	raise RuleError("not_your_claim_step", current=step)


def can_act(chain: Sequence[str], approved: Sequence[str], roles: Iterable[str]) -> bool:
	try:
		check_can_act(chain, approved, roles)
	except RuleError:
		return False
	return True


def step_clock(entered_at: datetime, calendar: WorkingCalendar, days: int = DEFAULT_STEP_DAYS) -> Clock:
	"""The clock of a step entered at ``entered_at``: due ``days`` working days later (``Clock.due``),
	with ``Clock.state`` for reminders and ``sla.escalations_due`` for escalation."""
	if isinstance(days, bool) or not isinstance(days, int) or days < 1:
		raise RuleError("bad_step_days", days=days)
	entered_at = as_datetime(entered_at)
	return Clock(entered_at, calendar.day_length * days, calendar)


def step_due(entered_at: datetime, calendar: WorkingCalendar, days: int = DEFAULT_STEP_DAYS) -> datetime:
	return step_clock(entered_at, calendar, days).due


def step_durations(
	trail: Iterable[tuple[str, datetime, datetime | None]],
	as_of: datetime | None = None,
	calendar: WorkingCalendar = CALENDAR_TIME,
) -> dict[str, timedelta]:
	"""Time spent at each step of one claim, from ``(step, entered, left)`` rows; a step visited
	twice (sent back) adds up. The step still open counts up to ``as_of``, or not at all without it.
	Measured in ``calendar``: calendar time by default, working time to judge the approvers."""
	as_of = as_datetime(as_of) if as_of is not None else None
	spent: dict[str, timedelta] = {}
	for step, entered, left in trail:
		entered = as_datetime(entered)
		if left is None:
			if as_of is None or as_of < entered:
				continue
			left = as_of
		left = as_datetime(left)
		if left < entered:
			raise RuleError("bad_step_trail", step=step, entered=entered, left=left)
		spent[step] = spent.get(step, timedelta(0)) + calendar.between(entered, left)
	return spent


@dataclass(frozen=True)
class StepStats:
	"""Hours at one step across claims, for the bottleneck report."""

	step: str
	count: int
	mean_hours: float
	median_hours: float
	p90_hours: float
	max_hours: float


def percentile(sorted_values: Sequence[float], fraction: float) -> float:
	"""Nearest-rank percentile: the smallest value with at least ``fraction`` of values at or below
	it (p90 of ten values is the ninth), always a value that occurred."""
	if not sorted_values:
		raise RuleError("no_values")
	rank = max(math.ceil(fraction * len(sorted_values)), 1)
	return sorted_values[rank - 1]


def step_statistics(
	trails: Iterable[Iterable[tuple[str, datetime, datetime | None]]],
	as_of: datetime | None = None,
	calendar: WorkingCalendar = CALENDAR_TIME,
	order: Sequence[str] = FULL_CHAIN,
) -> list[StepStats]:
	"""Per-step statistics over many claims' trails, in chain order (unknown steps after, by name).
	Give ``as_of`` to count the claims now waiting at a step: the one stuck for two months is the
	bottleneck the report is for."""
	hours: dict[str, list[float]] = defaultdict(list)
	hour = timedelta(hours=1)
	for trail in trails:
		for step, spent in step_durations(trail, as_of, calendar).items():
			hours[step].append(spent / hour)
	rank = {step: i for i, step in enumerate(order)}
	result = []
	for step in sorted(hours, key=lambda s: (rank.get(s, len(rank)), s)):
		values = sorted(hours[step])
		result.append(
			StepStats(
				step=step,
				count=len(values),
				mean_hours=statistics.fmean(values),
				median_hours=statistics.median(values),
				p90_hours=percentile(values, 0.9),
				max_hours=values[-1],
			)
		)
	return result
