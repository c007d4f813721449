"""Referrals (老带新): a club member brings a friend; the rules on plain values.

- ``refusal``: why a referral is not attributed, or None. Self-referral (the friend's number is one
  of the referrer's, the friend is the referrer's own record, or a co-buyer of theirs: one
  household) is refused outright; a friend who is already a customer is not attributed — under
  another advisor's protection (``recrm.core.protection.can_claim`` decides, as for a claim), or
  of any project at all (an owner row in a project, a contract), or already referred by someone.
- ``within_window``: a referral converts when the friend signs within N days of its attribution.
- ``within_clawback``: a contract cancelled within N days of the reward takes the reward back.
"""

from collections.abc import Iterable, Mapping
from datetime import timedelta

from recrm.core import RuleError
from recrm.core.protection import as_date, can_claim

DEFAULT_WINDOW_DAYS = 180
DEFAULT_CLAWBACK_DAYS = 90
MAX_DAYS = 3660

# refusal codes, most telling first
SELF_PHONE = "self_phone"
SELF_CUSTOMER = "self_customer"
HOUSEHOLD = "household"
PROTECTED = "protected"
EXISTING = "existing_customer"
ALREADY_REFERRED = "already_referred"
OUTRIGHT = frozenset({SELF_PHONE, SELF_CUSTOMER, HOUSEHOLD})


def days_setting(days, default: int) -> int:
	"""A number of days from the settings: empty or 0 means the default."""
	if days is None or days == "" or (days == 0 and not isinstance(days, bool)):
		return default
	if isinstance(days, bool) or not isinstance(days, int) or not 1 <= days <= MAX_DAYS:
		raise RuleError("bad_referral_days", days=days, max=MAX_DAYS)
	return days


def refusal(
	friend_number: str,
	referrer_numbers: Iterable[str],
	referrer_customer: str | None,
	friend_customer: str | None = None,
	household: Iterable[str] = (),
	owner_rows: Iterable[Mapping] = (),
	has_contract: bool = False,
	already_referred: bool = False,
	advisor: str | None = None,
	today=None,
) -> tuple[str, dict] | None:
	"""``(code, details)`` when the referral is not attributed, None when it is.

	``owner_rows`` are the friend customer's advisor rows (``project``, ``advisor``,
	``protected_until``); ``household`` the customers who share a contract with the referrer."""
	if friend_number and friend_number in set(referrer_numbers or ()):
		return SELF_PHONE, {}
	if friend_customer and friend_customer == referrer_customer:
		return SELF_CUSTOMER, {}
	if friend_customer and friend_customer in set(household or ()):
		return HOUSEHOLD, {}
	if not friend_customer:
		return None
	rows = list(owner_rows or ())
	for row in rows:
		try:
			can_claim(advisor or "-", row.get("advisor"), today, row.get("protected_until"))
		except RuleError as error:
			if error.code != "prospect_protected":
				raise
			return PROTECTED, {"project": row.get("project"), **error.params}
	if rows or has_contract:
		projects = sorted({row.get("project") for row in rows if row.get("project")})
		return EXISTING, {"projects": projects}
	if already_referred:
		return ALREADY_REFERRED, {}
	return None


def window_end(attributed_on, days=None):
	"""The last day a signature converts the referral."""
	return as_date(attributed_on) + timedelta(days=days_setting(days, DEFAULT_WINDOW_DAYS))


def within_window(attributed_on, signed_on, days=None) -> bool:
	signed = as_date(signed_on)
	return as_date(attributed_on) <= signed <= window_end(attributed_on, days)


def within_clawback(rewarded_on, cancelled_on, days=None) -> bool:
	"""Whether a cancellation on ``cancelled_on`` takes back a reward given on ``rewarded_on``."""
	end = as_date(rewarded_on) + timedelta(days=days_setting(days, DEFAULT_CLAWBACK_DAYS))
	return as_date(cancelled_on) <= end


def clawback_points(rewarded: int, balance: int) -> int:
	"""What a clawback takes: the reward, at most what the member still has (never negative)."""
	return max(0, min(int(rewarded or 0), int(balance or 0)))
