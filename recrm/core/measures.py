"""Complaint measures: resolution and response rates, the backlog by age, the category Pareto.

Complaints come as ``(received, responded, resolved)`` tuples, the last two None
while pending. A rate counts only the complaints whose outcome is known ``as_of``: one received
this month and still open is not yet a miss of the same-month rate.

"""

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from itertools import pairwise

from recrm.core import RuleError
from recrm.core.sla import (
	CALENDAR_TIME,
	DEFAULT_RESPONSE_WITHIN,
	WorkingCalendar,
	as_datetime,
	month_end,
)

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
