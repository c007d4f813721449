"""The owners' club (万客会): tiers, points and their expiry, as pure rules.

**Tiers.** A tier asks for minimum values of three facts: the member's points balance, the units
they own (active contracts) and the full years since they joined. ``tier_for`` gives the highest
tier (by ``order``) whose every minimum the facts meet, or None when none is met.

**Points.** A points entry is signed: earns and positive adjusts add, spends, expiries and negative
adjusts take away. ``check_spend`` refuses a spend of more than the balance (the shell calls it
after locking the member's row). ``contract_points`` gives the points of a signed contract.

**Expiry.** Points earned in year Y expire at the end of the year ``Y + years`` (two by default:
earned in 2026, they expire on 31 December 2028). ``expiring`` replays a member's entries in the
order they were posted: each earn is a lot with its expiry date, and every entry that takes points
away consumes the lots held at that moment that expire first (for earns, which expire in the order
they were earned, that is first in, first out; a positive adjust never expires and goes last). What remains of lots whose expiry date is before
``today`` is what expires, one amount per expiry date. After those expiries are posted, replaying
again expires nothing: the expire entries consumed those very lots.
"""

import heapq
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_FLOOR, Decimal

from recrm.core import RuleError

EARN = "Earn"
SPEND = "Spend"
EXPIRE = "Expire"
ADJUST = "Adjust"
KINDS = (EARN, SPEND, EXPIRE, ADJUST)

DEFAULT_EXPIRY_YEARS = 2
MAX_POINTS = 10_000_000  # one entry; a typo of a few zeros is refused


@dataclass(frozen=True)
class Tier:
	name: str
	order: int
	min_points: int = 0
	min_units: int = 0
	min_years: int = 0


@dataclass(frozen=True)
class MemberFacts:
	points: int = 0
	units: int = 0
	years: int = 0


def tier_for(tiers: Iterable[Tier], facts: MemberFacts) -> str | None:
	"""The name of the highest tier whose minimums the facts meet; None when none is met."""
	met = [
		t
		for t in tiers
		if facts.points >= t.min_points and facts.units >= t.min_units and facts.years >= t.min_years
	]
	if not met:
		return None
	return max(met, key=lambda t: (t.order, t.name)).name


def full_years(since: date | None, today: date) -> int:
	"""Whole years from ``since`` to ``today`` (0 before the first anniversary or without a date)."""
	if not since or since > today:
		return 0
	years = today.year - since.year
	if (today.month, today.day) < (since.month, since.day):
		years -= 1
	return years


def signed_points(kind: str, points: int) -> int:
	"""The points of an entry with the sign its kind gives: earns add, spends and expiries take
	away, an adjust keeps the sign it was given. Refuses zero, a fraction and an unknown kind."""
	if kind not in KINDS:
		raise RuleError("points_unknown_kind", kind=kind)
	if isinstance(points, bool) or not isinstance(points, int) or points == 0 or abs(points) > MAX_POINTS:
		raise RuleError("points_not_whole", points=points, max=MAX_POINTS)
	if kind == EARN:
		return abs(points)
	if kind in (SPEND, EXPIRE):
		return -abs(points)
	return points


def check_spend(balance: int, points: int) -> None:
	"""A spend of ``points`` (positive) from ``balance``; refused when it would go below zero."""
	if points > balance:
		raise RuleError("points_insufficient", points=points, balance=balance)


def contract_points(amount, per_10k) -> int:
	"""Points of a contract of ``amount`` yuan at ``per_10k`` points per ¥10,000, rounded down."""
	value = Decimal(str(amount or 0)) / Decimal(10_000) * Decimal(str(per_10k or 0))
	return max(int(value.to_integral_value(rounding=ROUND_FLOOR)), 0)


def expiry_date(earned_on: date, years: int = DEFAULT_EXPIRY_YEARS) -> date:
	"""The last day points earned on ``earned_on`` are valid: 31 December of the year + ``years``."""
	if years < 0:
		raise RuleError("points_bad_expiry_years", years=years)
	return date(earned_on.year + years, 12, 31)


@dataclass(frozen=True)
class Entry:
	points: int  # signed
	expires_on: date | None = None  # earns only; None never expires


def expiring(entries: Sequence[Entry], today: date) -> dict[date, int]:
	"""What expires as of ``today``: {expiry date: points}, from ``entries`` in the order posted."""
	lots: list[list] = []  # heap of [expires_on or date.max, order, remaining]
	for order, entry in enumerate(entries):
		if entry.points > 0:
			heapq.heappush(lots, [entry.expires_on or date.max, order, entry.points])
			continue
		need = -entry.points
		while need and lots:
			take = min(need, lots[0][2])
			lots[0][2] -= take
			need -= take
			if lots[0][2] == 0:
				heapq.heappop(lots)
	found: dict[date, int] = {}
	for expires_on, _order, remaining in lots:
		if remaining and expires_on < today:
			found[expires_on] = found.get(expires_on, 0) + remaining
	return found


def balance_of(entries: Iterable[Entry]) -> int:
	return sum(entry.points for entry in entries)
