"""Prospect protection (客户保护期) and the pool (公海).

The advisor who owns a prospect in a project keeps it for N days (a setting per project) after
the later of its registration and its last recorded interaction. On the expiry date
(``start + N days``) protection has ended: the daily job returns the prospect to the project's
pool, and any advisor may claim it. Before that date no other advisor may.

Dates may be given as ``date``, ``datetime`` or ISO strings, as database rows carry them.
"""

from collections.abc import Iterable, Iterator, Mapping
from datetime import date, datetime, timedelta

from recrm.core import RuleError

DEFAULT_PROTECTION_DAYS = 30
MAX_PROTECTION_DAYS = 3660  # ten years: more is a typing slip, and dates must stay in range


def as_date(value) -> date | None:
	"""A date from a date, a datetime or an ISO string ("2024-03-01", "2024-03-01 10:00:00")."""
	if value is None or value == "":
		return None
	if type(value) is date:
		return value
	if isinstance(value, datetime):
		return value.date()
	if isinstance(value, date):
		return value
	if isinstance(value, str):
		try:
			return date.fromisoformat(value.strip()[:10])
		except ValueError:
			pass
	raise RuleError("bad_date", value=value)


def protection_days(days) -> int:
	"""The number of protection days. Empty or 0 means the default: an Int field left blank in a
	Frappe form reads 0."""
	if days is None or days == "" or (days == 0 and not isinstance(days, bool)):
		return DEFAULT_PROTECTION_DAYS
	if isinstance(days, bool) or not isinstance(days, int) or not 1 <= days <= MAX_PROTECTION_DAYS:
		raise RuleError("bad_protection_days", days=days, max=MAX_PROTECTION_DAYS)
	return days


def protection_start(last_interaction_on, registered_on) -> date:
	"""The later of registration and last interaction: protection runs from there."""
	dates = [d for d in (as_date(last_interaction_on), as_date(registered_on)) if d]
	if not dates:
		raise RuleError("no_protection_start")
	return max(dates)


def protection_expires_on(last_interaction_on, registered_on, days=None) -> date:
	"""The first day the prospect is no longer protected (and returns to the pool)."""
	return protection_start(last_interaction_on, registered_on) + timedelta(days=protection_days(days))


def is_protected(today, last_interaction_on, registered_on, days=None) -> bool:
	return as_date(today) < protection_expires_on(last_interaction_on, registered_on, days)


def can_claim(claimant: str, owner: str | None, today, expires_on) -> None:
	"""Refuse a claim on a prospect another advisor still protects.

	A prospect in the pool (no owner), one whose protection has expired (``today >= expires_on``),
	one the claimant already owns, or one without a recorded expiry (``expires_on`` None) may be
	claimed. ``until`` in the refusal is the expiry date,
	the first day a claim will succeed."""
	if not claimant:
		raise RuleError("claimant_required")
	if not owner or owner == claimant or expires_on is None:
		return
	until = as_date(expires_on)
	if as_date(today) < until:
		raise RuleError("prospect_protected", owner=owner, until=until)


def lapsed_owners(rows: Iterable[Mapping], today, days=None) -> Iterator[Mapping]:
	"""The rows whose owner's protection has expired by ``today``: those go back to the pool.

	Each row is dict-like with ``owner``, ``last_interaction_on``, ``registered_on`` and optionally
	``protection_days`` (the project's setting; ``days``, then the default, when it is empty or 0).
	Rows without an owner are already in the pool and are skipped; an owned row with neither date
	has no protection to keep and lapses. Lazy: one pass, constant memory, whatever the count."""
	today = as_date(today)
	default = protection_days(days)
	# expires_on <= today  <=>  start <= today - days: one date comparison per row
	cutoffs: dict = {}
	for row in rows:
		if not row.get("owner"):
			continue
		row_days = row.get("protection_days")
		cutoff = cutoffs.get(row_days)
		if cutoff is None:
			n = protection_days(row_days) if row_days else default
			cutoff = cutoffs[row_days] = today - timedelta(days=n)
		last = row.get("last_interaction_on")
		registered = row.get("registered_on")
		last = last if type(last) is date else as_date(last)
		registered = registered if type(registered) is date else as_date(registered)
		if last is None and registered is None:
			yield row
		elif (last is None or last <= cutoff) and (registered is None or registered <= cutoff):
			yield row


def owner_changes(before: Mapping, after: Mapping) -> list[tuple]:
	"""The changes of owner between two states of a customer's owner rows.

	``before`` and ``after`` map a project to its owner (None or "" for a project in the pool, no
	key for a project the customer was never owned in). Returns ``(project, from_owner,
	to_owner)`` for every project whose owner differs, empty owners as None, sorted by project.
	A project that goes from no row to a pool row is no change of owner."""
	changes = []
	for project in sorted(set(before) | set(after), key=str):
		old, new = before.get(project) or None, after.get(project) or None
		if old != new:
			changes.append((project, old, new))
	return changes


def kept_on_merge(target_owner, target_until, source_owner, source_until) -> str:
	"""Which owner row of one project survives when two customer records are merged: "target" or
	"source".

	An owned row beats a pool row (no owner); of two owned rows the one protected longer (the
	later ``protected_until``) wins, a row without a date counting as lapsed; a tie keeps the
	target's row."""
	if bool(source_owner) != bool(target_owner):
		return "source" if source_owner else "target"
	target_until, source_until = as_date(target_until), as_date(source_until)
	if source_until and (target_until is None or source_until > target_until):
		return "source"
	return "target"
