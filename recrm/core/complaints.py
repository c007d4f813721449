"""Complaints (投诉/报修): statuses, compensation approval (赔偿审批), satisfaction and measures.

**Statuses.** Open → Responded → In Progress → Resolved → Closed, with Awaiting Customer (the
clock stands still) and Reopened (the resolution clock starts again). Any first move out of Open
is the response: asking the customer for details or fixing it on the phone answers them too.
A resolved or closed complaint changes again only by being reopened. ``complaint_clocks`` turns
the status log into the SLA clocks of ``recrm.core.sla``.

**Compensation.** A claim's approval chain is the full chain (CS Centre Manager → Engineering →
Cost Audit → Finance → VP Customer Service → VP Finance → General Manager) or, for small amounts,
its first steps: thresholds are ``(max_amount, steps)`` pairs, an amount up to and including
``max_amount`` needs ``steps`` (a number of leading steps, or the steps by name). Steps are named
by the role that acts on them (``recrm/core/roles.py``). Each step is due a number of working
days after it was entered; only the current step's role may act, nobody may skip a step, and
nothing follows the last.

**Satisfaction.** Scores are whole numbers from 1 to 5 (very dissatisfied … very satisfied), the
five-point scale of the documents' surveys; "satisfied" means 4 or 5, so the satisfaction rate is
the share of overall scores of at least 4. The overall score is required, the five factors may be
left unanswered.

**Measures.** Complaints come as ``(received, responded, resolved)`` tuples, the last two None
while pending. A rate counts only the complaints whose outcome is known ``as_of``: one received
this month and still open is not yet a miss of the same-month rate.
"""

import math
import statistics
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation
from itertools import pairwise

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
	DEFAULT_RESPONSE_WITHIN,
	Clock,
	Pause,
	SlaPolicy,
	WorkingCalendar,
	as_datetime,
	month_end,
	resolution_clock,
	response_clock,
)

# ---- statuses ------------------------------------------------------------------------------------

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


# ---- compensation claims -------------------------------------------------------------------------

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


# ---- satisfaction --------------------------------------------------------------------------------

MIN_SCORE = 1
MAX_SCORE = 5
SATISFIED_FROM = 4  # 4 satisfied, 5 very satisfied
OVERALL = "overall"
PRODUCT = "product"  # product/service core
PROCESS = "process"  # process and support
TECHNICAL = "technical"  # technical performance
INTERACTION = "interaction"  # interaction with the company
EMOTIONAL = "emotional"  # emotional factors
FACTORS = (PRODUCT, PROCESS, TECHNICAL, INTERACTION, EMOTIONAL)
QUESTIONS = (OVERALL, *FACTORS)


def survey_score(question: str, score) -> int | None:
	"""A score as a whole number on the scale; None for an unanswered question. 4.0 is 4."""
	if score is None or score == "":
		return None
	if isinstance(score, float) and score.is_integer():
		score = int(score)
	elif isinstance(score, Decimal) and score.is_finite() and score == score.to_integral_value():
		score = int(score)
	if isinstance(score, bool) or not isinstance(score, int) or not MIN_SCORE <= score <= MAX_SCORE:
		raise RuleError("bad_survey_score", question=question, score=score, min=MIN_SCORE, max=MAX_SCORE)
	return score


def validate_survey(answers: Mapping[str, object]) -> dict[str, int | None]:
	"""The answers of one survey, checked: the overall score is required, factors may be blank."""
	unknown = sorted(str(k) for k in answers if k not in QUESTIONS)
	if unknown:
		raise RuleError("unknown_survey_question", question=unknown[0])
	scores = {q: survey_score(q, answers.get(q)) for q in QUESTIONS}
	if scores[OVERALL] is None:
		raise RuleError("survey_overall_required")
	return scores


# periodic surveys: how often a project's owners are asked, and the period a day falls in
SURVEYS_OFF = "Off"
QUARTERLY = "Quarterly"
HALF_YEARLY = "Half-Yearly"
YEARLY = "Yearly"
SURVEY_INTERVALS = (SURVEYS_OFF, QUARTERLY, HALF_YEARLY, YEARLY)


def survey_period(day: date, interval: str) -> str | None:
	"""The period ``day`` falls in for periodic surveys every ``interval``: "2026-Q4", "2026-H2" or
	"2026"; None when the surveys are off. A project's owners get one survey a period."""
	if interval not in SURVEY_INTERVALS:
		raise RuleError("unknown_survey_interval", interval=interval)
	if interval == QUARTERLY:
		return f"{day.year}-Q{(day.month - 1) // 3 + 1}"
	if interval == HALF_YEARLY:
		return f"{day.year}-H{(day.month - 1) // 6 + 1}"
	if interval == YEARLY:
		return str(day.year)
	return None


def check_respondent(customer: str, respondent: str, answered_at=None) -> None:
	"""A survey is answered once, by the customer it was sent to."""
	if not respondent or respondent != customer:
		raise RuleError("survey_not_yours")
	if answered_at:
		raise RuleError("survey_already_answered", answered_at=answered_at)


def check_satisfied_from(threshold) -> int:
	if isinstance(threshold, bool) or not isinstance(threshold, int):
		raise RuleError("bad_satisfaction_threshold", threshold=threshold, min=MIN_SCORE, max=MAX_SCORE)
	if not MIN_SCORE <= threshold <= MAX_SCORE:
		raise RuleError("bad_satisfaction_threshold", threshold=threshold, min=MIN_SCORE, max=MAX_SCORE)
	return threshold


@dataclass(frozen=True)
class SurveyRollup:
	count: int  # surveys with an overall score
	overall: float  # mean overall score
	factors: dict[str, float | None]  # mean per factor over the surveys that answered it
	satisfaction_rate: float  # share of overall scores >= the threshold, 0 … 1


def survey_rollup(
	surveys: Iterable[Mapping],
	key: str | Callable[[Mapping], object] | None = None,
	satisfied_from: int = SATISFIED_FROM,
) -> dict[object, SurveyRollup]:
	"""Scores rolled up per group: ``key`` names a field (project, category, agent) or is a function
	of a survey (a month, for the trend); None rolls everything into one group keyed None. Surveys
	without an overall score (not answered yet) are left out."""
	satisfied_from = check_satisfied_from(satisfied_from)
	group_of = key if callable(key) else (lambda s: s.get(key)) if key is not None else (lambda s: None)
	overall: dict[object, list[int]] = defaultdict(list)
	factors: dict[object, dict[str, list[int]]] = defaultdict(lambda: {f: [] for f in FACTORS})
	for survey in surveys:
		score = survey_score(OVERALL, survey.get(OVERALL))
		if score is None:
			continue
		group = group_of(survey)
		overall[group].append(score)
		for factor in FACTORS:
			value = survey_score(factor, survey.get(factor))
			if value is not None:
				factors[group][factor].append(value)
	return {
		group: SurveyRollup(
			count=len(scores),
			overall=statistics.fmean(scores),
			factors={f: statistics.fmean(v) if v else None for f, v in factors[group].items()},
			satisfaction_rate=sum(1 for s in scores if s >= satisfied_from) / len(scores),
		)
		for group, scores in overall.items()
	}


# ---- measures ------------------------------------------------------------------------------------

ComplaintRow = tuple[datetime, datetime | None, datetime | None]  # received, responded, resolved
DEFAULT_AGE_BOUNDS = (1, 3, 7, 15, 30)  # days: 0-1, 1-3, 3-7, 7-15, 15-30, 30 and more


@dataclass(frozen=True)
class Rate:
	hits: int
	counted: int

	@property
	def rate(self) -> float | None:
		"""The share of hits, None when nothing could be counted."""
		return self.hits / self.counted if self.counted else None


def _row(row) -> tuple[datetime, datetime | None, datetime | None]:
	received, responded, resolved = row
	received = as_datetime(received)
	responded = as_datetime(responded) if responded is not None else None
	resolved = as_datetime(resolved) if resolved is not None else None
	for at in (responded, resolved):
		if at is not None and at < received:
			raise RuleError("complaint_dates_out_of_order", received=received, at=at)
	return received, responded, resolved


def same_month_resolution_rate(rows: Iterable[ComplaintRow], as_of: datetime | None = None) -> Rate:
	"""Complaints resolved in the calendar month they were received, over those counted. With
	``as_of``, a complaint still open in its month (or received later) is not counted yet; later
	resolutions are not known yet."""
	as_of = as_datetime(as_of) if as_of is not None else None
	hits = counted = 0
	for row in rows:
		received, _responded, resolved = _row(row)
		if as_of is not None:
			if received > as_of:
				continue
			if resolved is not None and resolved > as_of:
				resolved = None
			if resolved is None and as_of <= month_end(received):
				continue
		counted += 1
		if resolved is not None and (resolved.year, resolved.month) == (received.year, received.month):
			hits += 1
	return Rate(hits, counted)


def response_within_rate(
	rows: Iterable[ComplaintRow],
	within: timedelta = DEFAULT_RESPONSE_WITHIN,
	as_of: datetime | None = None,
	calendar: WorkingCalendar = CALENDAR_TIME,
) -> Rate:
	"""Complaints answered within ``within`` (24 hours, in ``calendar``'s time), over those counted.
	With ``as_of``, one not answered yet whose time has not run out is not counted yet."""
	as_of = as_datetime(as_of) if as_of is not None else None
	hits = counted = 0
	for row in rows:
		received, responded, _resolved = _row(row)
		if as_of is not None:
			if received > as_of:
				continue
			if responded is not None and responded > as_of:
				responded = None
			if responded is None and calendar.between(received, as_of) <= within:
				continue
		counted += 1
		if responded is not None and calendar.between(received, responded) <= within:
			hits += 1
	return Rate(hits, counted)


@dataclass(frozen=True)
class AgeBucket:
	from_days: int
	to_days: int | None  # exclusive; None: no upper bound
	count: int


def backlog_by_age(
	rows: Iterable[ComplaintRow], as_of: datetime, bounds_days: Sequence[int] = DEFAULT_AGE_BOUNDS
) -> list[AgeBucket]:
	"""The complaints open at ``as_of`` (received by then, not resolved by then) by age in days:
	``[0, 1), [1, 3) … [30, ∞)`` with the default bounds. Every bucket is listed, empty or not."""
	as_of = as_datetime(as_of)
	bounds = tuple(bounds_days)
	if any(isinstance(b, bool) or not isinstance(b, int) or b <= 0 for b in bounds) or any(
		b2 <= b1 for b1, b2 in pairwise(bounds)
	):
		raise RuleError("bad_age_buckets", bounds=bounds)
	edges = [timedelta(days=b) for b in bounds]
	counts = [0] * (len(bounds) + 1)
	for row in rows:
		received, _responded, resolved = _row(row)
		if received > as_of or (resolved is not None and resolved <= as_of):
			continue
		age = as_of - received
		counts[sum(1 for edge in edges if age >= edge)] += 1
	starts = (0, *bounds)
	ends = (*bounds, None)
	return [AgeBucket(a, b, n) for a, b, n in zip(starts, ends, counts, strict=True)]


@dataclass(frozen=True)
class ParetoRow:
	category: str
	count: int
	share: float
	cumulative_share: float
	vital: bool  # among the few categories that make up the first ``vital_share`` of complaints


def pareto(categories: Iterable[str] | Mapping[str, int], vital_share: float = 0.8) -> list[ParetoRow]:
	"""Categories by count, most frequent first (ties by name), with cumulative shares. Takes the
	category of every complaint, or counts already grouped (a GROUP BY). The vital few are the
	categories up to and including the one that reaches ``vital_share``."""
	if isinstance(vital_share, bool) or not isinstance(vital_share, int | float) or not 0 < vital_share <= 1:
		raise RuleError("bad_pareto_share", share=vital_share)
	counts = Counter(categories) if not isinstance(categories, Mapping) else Counter(dict(categories))
	if any(isinstance(n, bool) or not isinstance(n, int) or n < 0 for n in counts.values()):
		raise RuleError("bad_pareto_counts")
	total = sum(counts.values())
	rows: list[ParetoRow] = []
	running = 0
	reached = False
	for category, count in sorted(counts.items(), key=lambda item: (-item[1], str(item[0]))):
		if not count:
			continue
		running += count
		cumulative = running / total
		rows.append(ParetoRow(category, count, count / total, cumulative, not reached))
		# a hair of tolerance: 7 of 10 must reach 0.7 although 0.7 * 10 is 7.000000000000001
		reached = reached or running >= vital_share * total - 1e-9
	return rows


def month_of(value) -> date:
	"""The first day of the month of a date or datetime: a key for trends by month."""
	moment = as_datetime(value)
	return date(moment.year, moment.month, 1)
