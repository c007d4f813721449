"""Between signing and move-in (亲密接触 · 交付): places on site-visit days and handover slots,
changing a booking, and the title deed's steps, as plain rules.

**Places.** A site-visit day offers a number of places (persons) and a handover slot a number of
appointments. ``check_places`` refuses a booking that would take more than is left; the caller
counts what is taken with the day or slot locked, so that two buyers racing for the last place
cannot both get it.

**Changing a booking.** A buyer books only what starts in the future, and changes or cancels a
booking only until ``CHANGE_UNTIL_HOURS`` before it starts: after that the site team is already
preparing for them, and they call customer service instead.

**Steps.** Some records go through dated steps in order (the title deed's own stages are in
``recrm.core.deed``). ``steps_reached``
checks that no step is dated without the ones before it, that the dates never go backwards and
that none is in the future, and returns how many steps are done; the stage is the last of them.
"""

from collections.abc import Sequence
from datetime import date, datetime, timedelta

from recrm.core import RuleError

# a buyer changes or cancels a booking at the latest this long before it starts
CHANGE_UNTIL_HOURS = 24
# persons one buyer may bring to a site-visit day, themselves included
MAX_PARTY = 4


def places_left(capacity: int, taken: int) -> int:
	return max(int(capacity or 0) - int(taken or 0), 0)


def check_places(capacity: int, taken: int, wanted: int = 1) -> None:
	"""Refuse ``wanted`` places when fewer than that are left of ``capacity`` with ``taken`` taken."""
	wanted = int(wanted or 0)
	if wanted < 1:
		raise RuleError("bad_places_wanted", wanted=wanted)
	left = places_left(capacity, taken)
	if wanted > left:
		raise RuleError("no_places_left", left=left, wanted=wanted)


def check_party(persons: int, max_party: int = MAX_PARTY) -> None:
	if not 1 <= int(persons or 0) <= max_party:
		raise RuleError("bad_party_size", persons=persons, max=max_party)


def check_bookable(starts: datetime, now: datetime, is_open: bool = True) -> None:
	"""A day or slot may be booked while it is open and has not begun."""
	if not is_open:
		raise RuleError("not_open_for_booking")
	if starts <= now:
		raise RuleError("already_begun", starts=starts)


def may_change(starts: datetime, now: datetime, until_hours: int = CHANGE_UNTIL_HOURS) -> bool:
	return now <= starts - timedelta(hours=until_hours)


def check_may_change(starts: datetime, now: datetime, until_hours: int = CHANGE_UNTIL_HOURS) -> None:
	if not may_change(starts, now, until_hours):
		raise RuleError("too_late_to_change", hours=until_hours)


def steps_reached(steps: Sequence[tuple[str, date | None]], today: date) -> int:
	"""How many of ``steps`` ((label, date reached or None), in order) are done.

	Refused: a step dated while an earlier one is not (``step_skipped``), a date before the date of
	an earlier step (``steps_out_of_order``), a date after ``today`` (``step_in_future``).
	"""
	done = 0
	previous: tuple[str, date] | None = None
	for index, (label, reached) in enumerate(steps):
		if reached is None:
			continue
		if done != index:
			raise RuleError("step_skipped", step=label, missing=steps[done][0])
		if reached > today:
			raise RuleError("step_in_future", step=label, date=reached)
		if previous and reached < previous[1]:
			raise RuleError("steps_out_of_order", step=label, earlier=previous[0])
		previous = (label, reached)
		done += 1
	return done
