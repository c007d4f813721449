"""SLA clocks for the service desk: working time, deadlines, pauses, status and escalation.

Time is naive local time: every datetime is a naive ``datetime`` in the site's one time zone, as
Frappe stores them. An aware datetime is refused (``bad_datetime``) rather than silently compared
with naive ones. There is no daylight-saving time in China, so a day is always 24 hours.

**Calendars.** A ``WorkingCalendar`` is either calendar time (24×7, ``calendar_time()``) or working
time (``working_calendar()``): working weekdays (0 = Monday … 6 = Sunday), the working periods of a
working day (one or several, e.g. 09:00–12:00 and 13:30–18:00; "24:00" may end the last),
public holidays, and make-up working days (调休: a Saturday or Sunday worked in exchange for a
longer holiday). A holiday is never worked even on a working weekday; a make-up day is worked with
the usual periods even at a weekend. Every working day has the same periods, so "N working days"
is N times the length of a working day.

**Deadlines.** ``calendar.add(start, duration)`` is the first instant at which ``duration`` of
working time has passed since ``start``. A deadline that uses up a period exactly lands on that
period's end (12:00, not 13:30 after lunch); a start outside working time waits for the next
period. ``calendar.between(start, end)`` is the working time in between (negative when ``end`` is
earlier), so that ``between(start, add(start, d)) == d``.

**Pauses.** While a complaint awaits the customer its clock stops: a pause is a ``(start, end)``
interval (``end`` None while it lasts) whose working time does not count, so every pause before
the deadline pushes the deadline back by the working time it covered.

**Targets.** The response target is a duration (24 hours by default). The resolution target is a
duration too, or, by default, the end of the calendar month in which the complaint was received:
that is how the documents measure the same-month resolution rate, and the target follows the
measure. A complaint received on the 31st at 17:00 is therefore due that very night, unless the
policy grants a minimum (``month_min_days``): then the target is the later of the month's end and
that many working days after receipt. A month target runs in calendar time whatever the working
calendar: the month ends at midnight, weekend or not, so a complaint resolved on the last Saturday
was resolved within the month. It becomes a duration at receipt, so pauses shift it like any other
target (by their calendar length).

**Status.** ``ok`` while less than ``warn_at`` (80 %) of the allowed time is used, ``warning`` from
then on (breach in sight), ``breached`` once the deadline has passed; once the clock stopped
(responded, resolved) ``met`` when on time and ``met_late`` otherwise. A deadline is inclusive:
resolved exactly at the deadline is on time.

**Reopening.** A reopened complaint gets a new resolution clock from the reopen time, with the
policy's target computed afresh (a month target: the end of the month of the reopening); the time
spent before and the pauses of the earlier round are forgotten. The response clock is not
restarted: the customer was answered.

**Escalation.** Past the deadline, level 1 warns the assignee, level 2 the assignee's manager,
level 3 the project GM, each once a configurable time after the breach. The job passes the level
already notified and gets only the levels still owed, so a rerun notifies nobody twice.
"""

import bisect
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from itertools import pairwise

from recrm.core import RuleError
from recrm.core.protection import as_date

ZERO = timedelta(0)
DAY = timedelta(days=1)
WEEK = timedelta(days=7)
MONDAY_TO_FRIDAY = (0, 1, 2, 3, 4)
DEFAULT_HOURS = "09:00-12:00,13:30-18:00"

OK = "ok"
WARNING = "warning"
BREACHED = "breached"
MET = "met"
MET_LATE = "met_late"
STATUSES = (OK, WARNING, BREACHED, MET, MET_LATE)

DEFAULT_RESPONSE_WITHIN = timedelta(hours=24)
DEFAULT_WARN_AT = 0.8

NO_ESCALATION = 0
ASSIGNEE = 1
MANAGER = 2
PROJECT_GM = 3
ESCALATION_LEVELS = (NO_ESCALATION, ASSIGNEE, MANAGER, PROJECT_GM)
# time after the breach at which each level is notified: the assignee at once, the manager a day
# later, the project GM three days later
DEFAULT_ESCALATION_AFTER = (ZERO, timedelta(hours=24), timedelta(hours=72))

Period = tuple[timedelta, timedelta]  # from and to, as time since midnight
Pause = tuple[datetime, datetime | None]


def as_datetime(value) -> datetime:
	"""A naive datetime from a datetime, a date (its midnight) or an ISO string."""
	if isinstance(value, datetime):
		if value.tzinfo is None:
			return value
	elif isinstance(value, date):
		return datetime(value.year, value.month, value.day)
	elif isinstance(value, str):
		try:
			parsed = datetime.fromisoformat(value.strip())
		except ValueError:
			parsed = None
		if parsed is not None and parsed.tzinfo is None:
			return parsed
	raise RuleError("bad_datetime", value=value)


def _midnight(day: date) -> datetime:
	return datetime(day.year, day.month, day.day)


def _clock_time(text: str) -> timedelta:
	hours, minutes = text.strip().split(":")
	if len(minutes) != 2 or not hours.isdigit() or not minutes.isdigit():
		raise ValueError(text)
	value = timedelta(hours=int(hours), minutes=int(minutes))
	if int(minutes) > 59 or value > DAY:
		raise ValueError(text)
	return value


def _as_time_of_day(value) -> timedelta:
	if isinstance(value, time):
		return timedelta(hours=value.hour, minutes=value.minute, seconds=value.second)
	if isinstance(value, timedelta):
		return value
	return _clock_time(value)


def parse_hours(hours) -> tuple[Period, ...]:
	"""Working periods from "09:00-12:00, 13:30-18:00" or pairs of "HH:MM" strings, ``time``s or
	``timedelta``s since midnight. Sorted; periods may touch but not overlap."""
	try:
		if isinstance(hours, str):
			pairs = [part.split("-") for part in hours.replace(";", ",").split(",") if part.strip()]
		else:
			pairs = [list(pair) for pair in hours]
		periods = sorted((_as_time_of_day(a), _as_time_of_day(b)) for a, b in pairs)
	except (ValueError, TypeError, AttributeError):
		raise RuleError("bad_working_hours", hours=hours)
	for start, end in periods:
		if not ZERO <= start < end <= DAY:
			raise RuleError("bad_working_hours", hours=hours)
	for (_, end), (start, _) in pairwise(periods):
		if start < end:
			raise RuleError("overlapping_working_hours", hours=hours)
	return tuple(periods)


@dataclass(frozen=True)
class WorkingCalendar:
	"""Build one with ``working_calendar()`` or ``calendar_time()``; it checks itself either way."""

	weekdays: frozenset[int]
	periods: tuple[Period, ...]
	holidays: frozenset[date] = frozenset()
	extra_working_days: frozenset[date] = frozenset()
	always_open: bool = False
	# derived in __post_init__: the length of a working day, and sorted lists for counting by bisection
	day_length: timedelta = field(init=False, compare=False, repr=False)
	_lost_days: tuple[date, ...] = field(init=False, compare=False, repr=False)
	_gained_days: tuple[date, ...] = field(init=False, compare=False, repr=False)

	def __post_init__(self):
		if self.always_open:
			if self.holidays or self.extra_working_days:
				raise RuleError("calendar_time_has_no_holidays")
			object.__setattr__(self, "weekdays", frozenset(range(7)))
			object.__setattr__(self, "periods", ((ZERO, DAY),))
		for weekday in self.weekdays:
			if isinstance(weekday, bool) or not isinstance(weekday, int) or not 0 <= weekday <= 6:
				raise RuleError("bad_weekday", weekday=weekday)
		periods = parse_hours(self.periods)
		if not self.weekdays or not periods:
			raise RuleError("no_working_time")
		both = sorted(self.holidays & self.extra_working_days)
		if both:
			raise RuleError("holiday_is_working_day", day=both[0])
		object.__setattr__(self, "periods", periods)
		object.__setattr__(self, "day_length", sum((end - start for start, end in periods), ZERO))
		# only holidays on working weekdays cost a day, only make-up days at weekends gain one
		lost = sorted(d for d in self.holidays if d.weekday() in self.weekdays)
		gained = sorted(d for d in self.extra_working_days if d.weekday() not in self.weekdays)
		object.__setattr__(self, "_lost_days", tuple(lost))
		object.__setattr__(self, "_gained_days", tuple(gained))

	# ---- days ------------------------------------------------------------------------------------

	def is_working_day(self, day: date) -> bool:
		if day in self.holidays:
			return False
		return day.weekday() in self.weekdays or day in self.extra_working_days

	def working_days_between(self, first: date, last: date) -> int:
		"""The number of working days from ``first`` to ``last``, both included. Constant time in the
		length of the range: whole weeks by arithmetic, holidays and make-up days by bisection."""
		if last < first:
			return 0
		count = (last - first).days + 1
		if self.always_open:
			return count
		weeks, rest = divmod(count, 7)
		first_weekday = first.weekday()
		working = weeks * len(self.weekdays)
		working += sum(1 for i in range(rest) if (first_weekday + i) % 7 in self.weekdays)
		working -= bisect.bisect_right(self._lost_days, last) - bisect.bisect_left(self._lost_days, first)
		working += bisect.bisect_right(self._gained_days, last) - bisect.bisect_left(self._gained_days, first)
		return working

	def _periods_on(self, day: date) -> tuple[Period, ...]:
		return self.periods if self.always_open or self.is_working_day(day) else ()

	def _worked(self, day: date, since: timedelta, until: timedelta) -> timedelta:
		"""Working time on ``day`` between two times of that day."""
		total = ZERO
		for start, end in self._periods_on(day):
			overlap = min(end, until) - max(start, since)
			if overlap > ZERO:
				total += overlap
		return total

	# ---- instants --------------------------------------------------------------------------------

	def is_working_time(self, moment: datetime) -> bool:
		"""Whether ``moment`` falls inside a working period (start included, end excluded)."""
		moment = as_datetime(moment)
		offset = moment - _midnight(moment.date())
		return any(start <= offset < end for start, end in self._periods_on(moment.date()))

	def between(self, start: datetime, end: datetime) -> timedelta:
		"""Working time from ``start`` to ``end``; negative when ``end`` is before ``start``."""
		start, end = as_datetime(start), as_datetime(end)
		if end < start:
			return -self.between(end, start)
		if self.always_open:
			return end - start
		first, last = start.date(), end.date()
		since, until = start - _midnight(first), end - _midnight(last)
		if first == last:
			return self._worked(first, since, until)
		total = self._worked(first, since, DAY) + self._worked(last, ZERO, until)
		return total + self.working_days_between(first + DAY, last - DAY) * self.day_length

	def add(self, start: datetime, duration: timedelta) -> datetime:
		"""The instant at which ``duration`` of working time has passed since ``start``."""
		start = as_datetime(start)
		if not isinstance(duration, timedelta):
			raise RuleError("bad_duration", duration=duration)
		if duration < ZERO:
			raise RuleError("negative_duration", duration=duration)
		if duration == ZERO:
			# nothing to wait for, not even the next working period
			return start
		if self.always_open:
			return start + duration
		day = start.date()
		since = start - _midnight(day)
		remaining = duration
		while True:
			if since == ZERO and remaining > WEEK:
				# whole weeks at a time: a target of months takes a step per week, not per day
				week = self.working_days_between(day, day + WEEK - DAY) * self.day_length
				if remaining > week:
					remaining -= week
					day += WEEK
					continue
			for period_start, period_end in self._periods_on(day):
				if period_end <= since:
					continue
				available = period_end - max(period_start, since)
				if remaining <= available:
					return _midnight(day) + max(period_start, since) + remaining
				remaining -= available
			day += DAY
			since = ZERO

	def add_working_days(self, start: datetime, days: int) -> datetime:
		"""``days`` working days after ``start``: days × the length of a working day of working time.
		Entered on Friday at 15:00 with two working days, due on Tuesday at 15:00."""
		if isinstance(days, bool) or not isinstance(days, int) or days < 0:
			raise RuleError("bad_working_days", days=days)
		return self.add(start, self.day_length * days)


def working_calendar(
	weekdays: Iterable[int] = MONDAY_TO_FRIDAY,
	hours=DEFAULT_HOURS,
	holidays: Iterable = (),
	extra_working_days: Iterable = (),
) -> WorkingCalendar:
	"""A working-time calendar. Holidays and make-up days may be dates or ISO strings."""
	try:
		days = frozenset(weekdays)
	except TypeError:
		raise RuleError("bad_weekday", weekday=weekdays)
	return WorkingCalendar(
		weekdays=days,
		periods=parse_hours(hours),
		holidays=frozenset(as_date(d) for d in holidays),
		extra_working_days=frozenset(as_date(d) for d in extra_working_days),
	)


def calendar_time() -> WorkingCalendar:
	"""Round the clock, every day: 24 hours of SLA time per day, holidays included."""
	return WorkingCalendar(weekdays=frozenset(range(7)), periods=((ZERO, DAY),), always_open=True)


CALENDAR_TIME = calendar_time()


# ---- pauses --------------------------------------------------------------------------------------


def merge_pauses(pauses: Iterable[Pause], until: datetime | None = None) -> list[Pause]:
	"""Pauses sorted and merged where they overlap or touch. A pause still running (end None) ends
	at ``until`` when it is given, and stays open otherwise; pauses after ``until`` are dropped."""
	cleaned: list[tuple[datetime, datetime | None]] = []
	until = as_datetime(until) if until is not None else None
	for pause in pauses:
		try:
			start, end = pause
		except (TypeError, ValueError):
			raise RuleError("bad_pause", start=pause, end=None)
		start = as_datetime(start)
		end = as_datetime(end) if end is not None else None
		if end is not None and end < start:
			raise RuleError("bad_pause", start=start, end=end)
		if until is not None:
			if start >= until:
				continue
			end = until if end is None else min(end, until)
		if end != start:
			cleaned.append((start, end))
	# an open pause sorts last among pauses of the same start: it swallows them anyway
	cleaned.sort(key=lambda p: (p[0], p[1] is None, p[1] or p[0]))
	merged: list[Pause] = []
	for start, end in cleaned:
		if merged:
			last_start, last_end = merged[-1]
			if last_end is None:
				break  # an open pause swallows everything after it
			if start <= last_end:
				merged[-1] = (last_start, None if end is None else max(last_end, end))
				continue
		merged.append((start, end))
	return merged


def deadline(
	calendar: WorkingCalendar, start: datetime, allowed: timedelta, pauses: Iterable[Pause] = ()
) -> datetime | None:
	"""When ``allowed`` working time has run since ``start``, not counting the pauses. None when a
	pause without an end begins before then: the clock stands still until the customer answers."""
	start = as_datetime(start)
	cursor, remaining = start, allowed
	for pause_start, pause_end in merge_pauses(pauses):
		if pause_end is not None and pause_end <= cursor:
			continue
		if pause_start > cursor:
			candidate = calendar.add(cursor, remaining)
			if candidate <= pause_start:
				return candidate
			remaining -= calendar.between(cursor, pause_start)
		if pause_end is None:
			return None
		cursor = max(cursor, pause_end)
	return calendar.add(cursor, remaining)


def elapsed(
	calendar: WorkingCalendar, start: datetime, end: datetime, pauses: Iterable[Pause] = ()
) -> timedelta:
	"""Working time from ``start`` to ``end`` that the clock counted: the pauses left out."""
	start, end = as_datetime(start), as_datetime(end)
	if end <= start:
		return ZERO
	total = calendar.between(start, end)
	for pause_start, pause_end in merge_pauses(pauses, until=end):
		overlap_start = max(pause_start, start)
		if pause_end > overlap_start:
			total -= calendar.between(overlap_start, pause_end)
	return total


# ---- targets and policy --------------------------------------------------------------------------


def month_end(moment: datetime) -> datetime:
	"""The last instant of ``moment``'s calendar month (23:59:59.999999 on its last day): a deadline
	is inclusive, so this is "before the month is out"."""
	moment = as_datetime(moment)
	first_of_next = date(moment.year + moment.month // 12, moment.month % 12 + 1, 1)
	return _midnight(first_of_next) - timedelta(microseconds=1)


def month_target(
	received: datetime, min_days: int = 0, calendar: WorkingCalendar = CALENDAR_TIME
) -> datetime:
	"""The resolution deadline "within the calendar month": the end of the month of receipt, but no
	sooner than ``min_days`` (working) days after receipt. With the default 0 a complaint received on
	the last evening is still due that month, as the same-month resolution rate counts it."""
	if isinstance(min_days, bool) or not isinstance(min_days, int) or min_days < 0:
		raise RuleError("bad_month_min_days", days=min_days)
	received = as_datetime(received)
	target = month_end(received)
	if min_days:
		target = max(target, calendar.add_working_days(received, min_days))
	return target


@dataclass(frozen=True)
class SlaPolicy:
	"""The SLA of one priority/category: targets, calendar, warning point.

	``response_within`` None means no response target; ``resolution_within`` None means "by the end
	of the calendar month" (``month_min_days`` then grants a minimum, in working days of
	``calendar``). Duration targets run in ``calendar``; a month target runs in calendar time
	whatever ``calendar`` is: the month ends at midnight, weekend or not, and a complaint resolved on
	the last Saturday was resolved within the month."""

	calendar: WorkingCalendar = CALENDAR_TIME
	response_within: timedelta | None = DEFAULT_RESPONSE_WITHIN
	resolution_within: timedelta | None = None
	month_min_days: int = 0
	warn_at: float = DEFAULT_WARN_AT

	def __post_init__(self):
		if not isinstance(self.calendar, WorkingCalendar):
			raise RuleError("bad_calendar")
		for target in (self.response_within, self.resolution_within):
			if target is not None and (not isinstance(target, timedelta) or target <= ZERO):
				raise RuleError("bad_sla_target", target=target)
		if isinstance(self.month_min_days, bool) or not isinstance(self.month_min_days, int):
			raise RuleError("bad_month_min_days", days=self.month_min_days)
		if self.month_min_days < 0:
			raise RuleError("bad_month_min_days", days=self.month_min_days)
		check_warn_at(self.warn_at)


def check_warn_at(warn_at) -> float:
	if isinstance(warn_at, bool) or not isinstance(warn_at, int | float) or not 0 < warn_at <= 1:
		raise RuleError("bad_warning_fraction", fraction=warn_at)
	return float(warn_at)


@dataclass(frozen=True)
class Clock:
	"""One SLA clock: started at ``start``, allowed ``allowed`` of ``calendar``'s time, stopped
	(responded, resolved) at ``stopped_at`` if it was; ``pauses`` are when it stood still."""

	start: datetime
	allowed: timedelta
	calendar: WorkingCalendar = CALENDAR_TIME
	pauses: tuple[Pause, ...] = ()
	stopped_at: datetime | None = None

	@property
	def due(self) -> datetime | None:
		"""The deadline to store on the record; None while a pause without an end stands."""
		return deadline(self.calendar, self.start, self.allowed, self.pauses)

	def state(self, as_of: datetime, warn_at: float = DEFAULT_WARN_AT) -> "SlaState":
		return evaluate(self.calendar, self.start, self.allowed, as_of, self.pauses, self.stopped_at, warn_at)


def response_clock(
	policy: SlaPolicy, received: datetime, responded_at: datetime | None = None
) -> Clock | None:
	"""The response clock, or None when the policy sets no response target."""
	if policy.response_within is None:
		return None
	received = as_datetime(received)
	return Clock(received, policy.response_within, policy.calendar, (), _stop(received, responded_at))


def resolution_clock(
	policy: SlaPolicy, start: datetime, pauses: Iterable[Pause] = (), resolved_at: datetime | None = None
) -> Clock:
	"""The resolution clock from receipt (or from a reopening, see ``reopened_clock``). Pauses that
	ended before ``start`` are dropped."""
	start = as_datetime(start)
	kept = tuple(p for p in merge_pauses(pauses) if p[1] is None or p[1] > start)
	stopped_at = _stop(start, resolved_at)
	if policy.resolution_within is not None:
		return Clock(start, policy.resolution_within, policy.calendar, kept, stopped_at)
	target = month_target(start, policy.month_min_days, policy.calendar)
	return Clock(start, target - start, CALENDAR_TIME, kept, stopped_at)


def reopened_clock(
	policy: SlaPolicy, previous: Clock, reopened_at: datetime, pauses: Iterable[Pause] = ()
) -> Clock:
	"""The new resolution clock of a reopened complaint: it runs from the reopen time with a fresh
	target; what the earlier round used and its pauses no longer count. ``pauses`` may be the
	complaint's whole list: those before the reopening are dropped."""
	reopened_at = as_datetime(reopened_at)
	if previous.stopped_at is None:
		raise RuleError("reopen_unresolved")
	if reopened_at < previous.stopped_at:
		raise RuleError("reopened_before_resolved", reopened_at=reopened_at, resolved_at=previous.stopped_at)
	return resolution_clock(policy, reopened_at, pauses)


def _stop(start: datetime, stopped_at) -> datetime | None:
	if stopped_at is None:
		return None
	stopped_at = as_datetime(stopped_at)
	if stopped_at < start:
		raise RuleError("stopped_before_start", start=start, stopped_at=stopped_at)
	return stopped_at


# ---- state ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SlaState:
	"""A clock as of an instant. ``elapsed`` and ``remaining`` are in the clock's calendar,
	``remaining`` negative once overdue; ``breached_at`` is the deadline when it was or is missed."""

	status: str
	due: datetime
	allowed: timedelta
	elapsed: timedelta
	remaining: timedelta
	paused: bool = False
	breached_at: datetime | None = None

	@property
	def fraction_used(self) -> float:
		"""The share of the allowed time used: 0 at the start, 1 at the deadline, more when late."""
		if self.allowed <= ZERO:
			return 1.0
		return self.elapsed / self.allowed


def evaluate(
	calendar: WorkingCalendar,
	start: datetime,
	allowed: timedelta,
	as_of: datetime,
	pauses: Iterable[Pause] = (),
	stopped_at: datetime | None = None,
	warn_at: float = DEFAULT_WARN_AT,
) -> SlaState:
	"""Where a clock stands at ``as_of``. A stop later than ``as_of`` has not happened yet; a pause
	still running counts as ending at ``as_of`` (the deadline shown is the one if work resumed now)."""
	warn_at = check_warn_at(warn_at)
	start, as_of = as_datetime(start), as_datetime(as_of)
	if not isinstance(allowed, timedelta) or allowed < ZERO:
		raise RuleError("bad_sla_target", target=allowed)
	stopped = _stop(start, stopped_at)
	if stopped is not None and stopped > as_of:
		stopped = None
	until = stopped or as_of
	pauses = merge_pauses(pauses)
	known = merge_pauses(pauses, until=until)
	due = deadline(calendar, start, allowed, known)
	used = elapsed(calendar, start, until, known)
	if stopped is not None:
		status = MET if stopped <= due else MET_LATE
	elif as_of > due:
		status = BREACHED
	elif used >= allowed * warn_at:
		status = WARNING
	else:
		status = OK
	return SlaState(
		status=status,
		due=due,
		allowed=allowed,
		elapsed=used,
		remaining=allowed - used,
		paused=stopped is None and any(s <= as_of and (e is None or e > as_of) for s, e in pauses),
		breached_at=due if status in (BREACHED, MET_LATE) else None,
	)


# ---- escalation ----------------------------------------------------------------------------------


def check_escalation_thresholds(thresholds: Sequence[timedelta]) -> tuple[timedelta, ...]:
	thresholds = tuple(thresholds)
	if not thresholds or any(not isinstance(t, timedelta) or t < ZERO for t in thresholds):
		raise RuleError("bad_escalation_thresholds", thresholds=thresholds)
	if any(later < earlier for earlier, later in pairwise(thresholds)):
		raise RuleError("bad_escalation_thresholds", thresholds=thresholds)
	return thresholds


def escalation_level(
	breached_at: datetime | None,
	now: datetime,
	thresholds: Sequence[timedelta] = DEFAULT_ESCALATION_AFTER,
	calendar: WorkingCalendar = CALENDAR_TIME,
) -> int:
	"""The escalation level due at ``now`` for a deadline missed at ``breached_at`` (None: not
	breached): the number of thresholds the time since the breach has reached. That time is counted
	in ``calendar``: calendar time by default; with the working calendar a weekend alone does not
	carry a breach up to the project GM."""
	thresholds = check_escalation_thresholds(thresholds)
	if breached_at is None:
		return NO_ESCALATION
	breached_at, now = as_datetime(breached_at), as_datetime(now)
	if now <= breached_at:
		return NO_ESCALATION
	late = calendar.between(breached_at, now)
	return sum(1 for threshold in thresholds if late >= threshold)


def escalations_due(
	breached_at: datetime | None,
	now: datetime,
	last_notified: int = NO_ESCALATION,
	thresholds: Sequence[timedelta] = DEFAULT_ESCALATION_AFTER,
	calendar: WorkingCalendar = CALENDAR_TIME,
) -> list[int]:
	"""The levels to notify now, given the highest level already notified: none twice, and every
	level the job missed (if it did not run for a while, the manager and the GM both hear of it)."""
	thresholds = check_escalation_thresholds(thresholds)
	if isinstance(last_notified, bool) or not isinstance(last_notified, int):
		raise RuleError("bad_escalation_level", level=last_notified, max=len(thresholds))
	if not NO_ESCALATION <= last_notified <= len(thresholds):
		raise RuleError("bad_escalation_level", level=last_notified, max=len(thresholds))
	level = escalation_level(breached_at, now, thresholds, calendar)
	return list(range(last_notified + 1, level + 1))
