"""Pure rules of the buyer portal: where an instalment stands, and one-time login codes.

**Instalments.** A row of a payment schedule is *paid* when nothing of it is outstanding, *overdue*
when its due date has passed with something outstanding, *due* when it has a date still to come,
and *waiting* when it has no date yet (due at a construction stage or on a loan's disbursal).

**Login codes.** A code is ``CODE_DIGITS`` random digits, valid for ``CODE_TTL_SECONDS`` and for
``MAX_CODE_ATTEMPTS`` tries; only a salted hash of it is kept (``hash_code``), compared in constant
time (``code_matches``).
"""

import hashlib
import hmac
import secrets
from datetime import date
from decimal import Decimal

PAID = "Paid"
OVERDUE = "Overdue"
DUE = "Due"
WAITING = "Waiting"

CODE_DIGITS = 6
CODE_TTL_SECONDS = 300
MAX_CODE_ATTEMPTS = 5


def instalment_state(due_date: date | None, outstanding, today: date) -> str:
	if Decimal(str(outstanding or 0)) <= 0:
		return PAID
	if due_date is None:
		return WAITING
	return OVERDUE if due_date < today else DUE


def new_code() -> str:
	return "".join(secrets.choice("0123456789") for _ in range(CODE_DIGITS))


def hash_code(code: str, salt: str) -> str:
	return hashlib.sha256(f"{salt}:{code}".encode()).hexdigest()


def code_matches(code, salt: str, stored_hash: str | None) -> bool:
	"""Whether ``code`` (as typed: spaces ignored) is the one whose hash was stored."""
	if not stored_hash or not isinstance(code, str):
		return False
	typed = "".join(code.split())
	if len(typed) != CODE_DIGITS or not typed.isdigit():
		return False
	return hmac.compare_digest(hash_code(typed, salt), stored_hash)
