"""The club's events (说明会, 联谊会, 酒会, owners' days) as pure rules.

**Who may come.** An event is open to all active members, to members of a minimum tier or
higher (tiers compared by their order), or to the owners of one project. ``check_eligible``
refuses a member who may not come, an event that is not open for registration and a time
outside the registration window, each with its own code.

**Seats.** ``placement`` puts a new registration on a seat while seats are free, else on the
waiting list (a capacity of 0 means no limit). ``promotions`` says who moves up when seats free
up: the waiting in the order they joined the list (their position, then when they registered),
as many as there are seats. ``next_position`` is the place at the end of the list.

**The door.** ``member_code`` reads what the check-in page was given: a member number typed in
any case, with or without its dash and zeros (``cm-12`` → ``CM-000012``), or the payload of the
portal card's QR code (the member number itself). ``check_in_decision`` says what a code at the
door means for a registration: admitted, already checked in, not registered (a walk-in, admitted
while seats are free) or cancelled.
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from recrm.core import RuleError

BRIEFING, SOCIAL, RECEPTION, OWNERS_DAY = "Briefing", "Social", "Cocktail Reception", "Owners' Day"
KINDS = (BRIEFING, SOCIAL, RECEPTION, OWNERS_DAY)
ALL_MEMBERS, MIN_TIER, PROJECT_OWNERS = "All Members", "Minimum Tier", "Owners of the Project"
AUDIENCES = (ALL_MEMBERS, MIN_TIER, PROJECT_OWNERS)
DRAFT, PUBLISHED, COMPLETED, CANCELLED = "Draft", "Published", "Completed", "Cancelled"
EVENT_STATUSES = (DRAFT, PUBLISHED, COMPLETED, CANCELLED)
REGISTERED, WAITING, CANCELLED_REG, ATTENDED = "Registered", "Waiting", "Cancelled", "Attended"
REGISTRATION_STATUSES = (REGISTERED, WAITING, CANCELLED_REG, ATTENDED)
# who holds a seat
SEATED = (REGISTERED, ATTENDED)

MEMBER_PREFIX = "CM-"
MEMBER_DIGITS = 6


@dataclass(frozen=True)
class EventRules:
	status: str
	audience: str = ALL_MEMBERS
	min_tier_order: int = 0
	project: str | None = None
	opens: datetime | None = None
	closes: datetime | None = None
	ends: datetime | None = None


@dataclass(frozen=True)
class Attendee:
	active: bool
	tier_order: int = 0  # 0: no tier
	projects: frozenset = frozenset()  # projects they own (or bought) a unit in


def check_open(event: EventRules, now: datetime) -> None:
	"""Registration (and cancelling) is possible while the event is published and its window open."""
	if event.status != PUBLISHED:
		raise RuleError("event_not_open", status=event.status)
	if event.ends and now > event.ends:
		raise RuleError("event_over")
	if event.opens and now < event.opens:
		raise RuleError("registration_not_yet_open", opens=event.opens)
	if event.closes and now > event.closes:
		raise RuleError("registration_closed", closes=event.closes)


def check_audience(event: EventRules, who: Attendee) -> None:
	"""Whether the member is among those the event invites."""
	if not who.active:
		raise RuleError("event_members_only")
	if event.audience == MIN_TIER and who.tier_order < (event.min_tier_order or 0):
		raise RuleError("event_tier_too_low")
	if event.audience == PROJECT_OWNERS and event.project not in who.projects:
		raise RuleError("event_owners_only", project=event.project)


def check_eligible(event: EventRules, who: Attendee, now: datetime) -> None:
	check_open(event, now)
	check_audience(event, who)


def seats_free(capacity: int, seated: int) -> bool:
	return not capacity or seated < capacity


def placement(capacity: int, seated: int) -> str:
	"""Registered while a seat is free (capacity 0: no limit), else Waiting."""
	return REGISTERED if seats_free(capacity, seated) else WAITING


def next_position(positions: Iterable[int | None]) -> int:
	return max([p for p in positions if p] or [0]) + 1


def promotions(capacity: int, seated: int, waiting: Iterable[tuple[str, int | None, object]]) -> list[str]:
	"""The names of the waiting (``(name, position, registered_at)``) who take the free seats,
	first on the list first."""
	ordered = sorted(waiting, key=lambda row: (row[1] or 0, row[2] or "", row[0]))
	if not capacity:
		return [row[0] for row in ordered]
	free = max(capacity - seated, 0)
	return [row[0] for row in ordered[:free]]


def member_code(text: str | None) -> str:
	"""The member number a scanned or typed code stands for (see the module's docstring)."""
	code = re.sub(r"\s+", "", str(text or "")).upper()
	if code.startswith("CM"):
		code = code[2:].lstrip("-")
	if not code.isdigit() or len(code) > MEMBER_DIGITS + 3:
		raise RuleError("bad_member_code", text=str(text or "")[:40])
	return MEMBER_PREFIX + code.zfill(MEMBER_DIGITS)


ADMIT, ALREADY, WALK_IN, FULL, WAS_CANCELLED = "admit", "already", "walk_in", "full", "cancelled"


def check_in_decision(status: str | None, capacity: int, seated: int, walk_ins: bool) -> str:
	"""What the door does with a member whose registration has ``status`` (None: none)."""
	if status == ATTENDED:
		return ALREADY
	if status == REGISTERED:
		return ADMIT
	# waiting, cancelled or not registered: in only on a free seat, as a walk-in
	if not walk_ins:
		return WAS_CANCELLED if status == CANCELLED_REG else FULL if status == WAITING else "not_registered"
	return WALK_IN if seats_free(capacity, seated) else FULL
