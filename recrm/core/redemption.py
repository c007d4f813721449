"""Partner merchants' redemption codes and offers (商业联盟): pure rules, no database.

A code is ``CODE_LENGTH`` characters of Crockford's base-32 alphabet (no I, L, O, U: nothing to
misread at a till), the last of them a check character over the others, shown in groups of four
(``K7QM-2X9D-HT4R``). 11 random characters carry about 55 bits: unguessable by trying, and the check
character refuses a mistyped code before any database read. ``normalise`` accepts what a cashier
types: lower case, spaces and dashes, and O/I/L for 0/1/1.
"""

import secrets
from datetime import date

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
CODE_LENGTH = 12
GROUP = 4
_TYPED = str.maketrans({"O": "0", "I": "1", "L": "1"})

# an offer's statuses, and the one in which its codes are issued and redeemed
OFFER_ACTIVE = "Active"
OFFER_STATUSES = ("Draft", OFFER_ACTIVE, "Closed")
ISSUED = "Issued"
REDEEMED = "Redeemed"


PRIME = 37


def _check_value(body: str) -> int:
	"""The value ``c`` that makes the whole code's weighted sum (weights 1, 2 … 12) divisible by 37.
	37 is prime and the weights differ: every single mistyped character and every swap of two
	neighbours breaks the sum."""
	total = sum((index + 1) * ALPHABET.index(char) for index, char in enumerate(body))
	return (-total * pow(CODE_LENGTH, -1, PRIME)) % PRIME


def check_character(body: str) -> str | None:
	"""The check character of ``body`` (11 alphabet characters); None when the value is beyond the
	alphabet (32 … 36): such a body is never issued."""
	value = _check_value(body)
	return ALPHABET[value] if value < len(ALPHABET) else None


def new_code(randbelow=secrets.randbelow) -> str:
	"""A fresh random code (without separators), from the system's cryptographic source."""
	while True:
		body = "".join(ALPHABET[randbelow(len(ALPHABET))] for _ in range(CODE_LENGTH - 1))
		check = check_character(body)
		if check:
			return body + check


def normalise(typed) -> str:
	"""What was typed, as a stored code is kept: upper case, no separators or spaces."""
	if not isinstance(typed, str):
		return ""
	return "".join(typed.split()).replace("-", "").upper().translate(_TYPED)


def is_well_formed(code: str) -> bool:
	"""``code`` (normalised) has the length, the alphabet and the check character of a code."""
	return (
		len(code) == CODE_LENGTH
		and all(char in ALPHABET for char in code)
		and check_character(code[:-1]) == code[-1]
	)


def display(code: str) -> str:
	"""The code in groups of four, as printed and shown."""
	return "-".join(code[i : i + GROUP] for i in range(0, len(code), GROUP))


def offer_problem(status: str, valid_from: date | None, valid_to: date | None, today: date) -> str | None:
	"""Why an offer cannot be used ``today`` ("inactive", "not_yet", "expired"), or None."""
	if status != OFFER_ACTIVE:
		return "inactive"
	if valid_from and today < valid_from:
		return "not_yet"
	if valid_to and today > valid_to:
		return "expired"
	return None


def tier_reaches(member_order: int | None, minimum_order: int | None) -> bool:
	"""A member of a tier of order ``member_order`` may have an offer for tiers from
	``minimum_order`` up (no minimum: every member; no tier: only offers without a minimum)."""
	if minimum_order is None:
		return True
	return member_order is not None and member_order >= minimum_order
