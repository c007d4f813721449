"""Phone numbers (电话): one normal form, so that a returning visitor is found however it is typed.

A number is stored as E.164: ``+``, the country code, the national significant number, nothing
else — ``+8613800138000`` for a mobile, ``+861065529988`` for a Beijing landline. All of these
give the first: ``+86 138 0013 8000``, ``138-0013-8000``, ``13800138000``, ``(+86)13800138000``,
``0086 138 0013 8000``, ``8613800138000`` and full-width ``１３８００１３８０００``.

Rules for Chinese numbers (country code 86):

- written nationally, a number starting with 1 is a mobile: 11 digits, ``1[3-9]…``;
- a landline carries its area code with the trunk 0 (``010 6552 9988``, ``0514-8796 1234``): a
  2-digit area code (10, 20–29) and 8 digits, or a 3-digit one and 7 or 8 digits; a local number
  without its area code is refused, because it could be in any city;
- 400 and 800 service numbers have 10 digits;
- written internationally the trunk 0 is dropped if someone keeps it (``+86 010 …``).

North American numbers (country code 1) have 10 digits. Other countries are checked only for
E.164 length (at most 15 digits); a ``(0)`` after the country code (``+44 (0)20 …``) is dropped.
Extensions (``转 123``, ``ext. 5``) and letters are refused: a customer's number must be one that
can be dialled and matched. Refusals are RuleError("bad_phone", phone=<as typed>, reason=…), the
reason one of empty, not_a_number, misplaced_plus, bad_country_code, too_short, too_long,
bad_mobile, bad_landline, no_area_code, bad_number.
"""

import re
import unicodedata
from dataclasses import dataclass

from recrm.core import RuleError

CHINA = "86"
MAX_DIGITS = 15  # E.164: country code and national number together
MIN_DIGITS = 7
MIN_SEARCH_DIGITS = 4
TAIL_DIGITS = 4

# E.164 country codes are prefix-free: 1 and 7 have one digit, these two, every other code three
_ONE_DIGIT_CODES = frozenset({"1", "7"})
_TWO_DIGIT_CODES = frozenset(
	"20 27 30 31 32 33 34 36 39 40 41 43 44 45 46 47 48 49 51 52 53 54 55 56 57 58 "
	"60 61 62 63 64 65 66 81 82 84 86 90 91 92 93 94 95 98".split()
)
# Italy keeps the leading 0 of its landlines in international form (+39 06 …)
_KEEPS_LEADING_ZERO = frozenset({"39"})

# what people put between digits, after NFKC has turned full-width forms into ASCII
_SEPARATORS = frozenset(" -.()·—–‐‑−")
_TRUNK_IN_PARENS = re.compile(r"\(\s*0\s*\)")
_CN_MOBILE = re.compile(r"1[3-9]\d{9}")


def normalise_phone(text, default_country: str = CHINA) -> str:
	"""``text`` as ``+<country code><national number>``; RuleError("bad_phone") if it is not one.

	A number without ``+`` or ``00`` is national to ``default_country``. Idempotent: a normalised
	number normalises to itself."""
	international, number = _digits(text)
	if international:
		return _international(number, text)
	return _national(number, _country(default_country), text)


def split_phone(phone) -> tuple[str, str]:
	"""(country code, national significant number) of a phone in any accepted format."""
	normalised = normalise_phone(phone)
	code = _country_code(normalised[1:], normalised)
	return code, normalised[1 + len(code) :]


def is_cn_mobile(phone) -> bool:
	code, national = split_phone(phone)
	return code == CHINA and bool(_CN_MOBILE.fullmatch(national))


def mask_phone(phone, home_country: str = CHINA) -> str:
	"""The number as someone who may not see it sees it: ``138****8000``.

	The first 3 and last 4 digits of the national number stay, the rest become ``*`` (numbers of
	fewer than 9 digits keep a quarter at each end, and fewer than 4 digits keep nothing). Numbers
	of another country than ``home_country`` are prefixed ``+<code> ``. A value that does not
	normalise (legacy data) is masked digit by digit all the same; a masked value stays as it is.
	"""
	if phone is None or phone == "":
		return ""
	text = str(phone)
	if "*" in text:
		return text
	try:
		code, national = split_phone(text)
	except RuleError:
		digits = "".join(ch for ch in unicodedata.normalize("NFKC", text) if "0" <= ch <= "9")
		return _mask_digits(digits)
	masked = _mask_digits(national)
	return masked if code == _country(home_country) else f"+{code} {masked}"


def phone_tail(phone, digits: int = TAIL_DIGITS) -> str:
	"""The last digits of a normalised phone: an indexed column that makes partial lookups fast."""
	return normalise_phone(phone)[-digits:]


@dataclass(frozen=True)
class PhoneSearch:
	"""How to look up what the receptionist typed.

	``exact`` is the normalised number when a whole number was typed: match the phone column.
	``suffix`` holds the digits typed, to match the end of stored numbers when there is no exact
	match (what was typed may be the tail of a longer number: ``800 810 8888`` is a service
	number and the end of ``180 0810 8888``); None when the number was typed with ``+``.
	``tail`` is the last 4 digits, to narrow a suffix search on the indexed tail column first."""

	exact: str | None
	suffix: str | None
	tail: str


def phone_search_keys(text, default_country: str = CHINA) -> PhoneSearch:
	"""A whole number is searched exactly, then as the end of a number; a part of a number (at
	least 4 digits: ``8000``, ``6552 9988``) only as the end of a number. Fewer digits, or
	letters, are RuleError("bad_phone")."""
	try:
		exact = normalise_phone(text, default_country)
	except RuleError as error:
		if error.code != "bad_phone" or error.params.get("reason") in (
			"not_a_number",
			"empty",
			"misplaced_plus",
		):
			raise
		plus, number = _scan(text)
		if plus:
			# the beginning of an international number is no suffix of anything
			raise
		if len(number) < MIN_SEARCH_DIGITS:
			raise RuleError("bad_phone", phone=text, reason="too_short")
		if len(number) > MAX_DIGITS:
			raise RuleError("bad_phone", phone=text, reason="too_long")
		return PhoneSearch(exact=None, suffix=number, tail=number[-TAIL_DIGITS:])
	plus, number = _scan(text)
	# "800 810 8888" is a service number, and may also be the end of 180 0810 8888
	return PhoneSearch(exact=exact, suffix=None if plus else number, tail=exact[-TAIL_DIGITS:])


def _bad(text, reason: str) -> RuleError:
	return RuleError("bad_phone", phone=text, reason=reason)


def _scan(text) -> tuple[bool, str]:
	"""(begins with +, every digit) of what was typed; refuses anything but a number."""
	if isinstance(text, int) and not isinstance(text, bool):
		text = str(text)
	if not isinstance(text, str):
		raise _bad(text, "empty" if text is None else "not_a_number")
	cleaned = unicodedata.normalize("NFKC", text).strip()
	if not cleaned:
		raise _bad(text, "empty")
	plus = False
	digits: list[str] = []
	for ch in cleaned:
		if "0" <= ch <= "9":
			digits.append(ch)
		elif ch == "+":
			if plus or digits:
				raise _bad(text, "misplaced_plus")
			plus = True
		elif ch not in _SEPARATORS and not ch.isspace():
			raise _bad(text, "not_a_number")
	number = "".join(digits)
	if (plus or number.startswith("00")) and _TRUNK_IN_PARENS.search(cleaned):
		# "+44 (0)20 …": the (0) is the trunk prefix dialled at home, not part of the number
		return plus, "".join(ch for ch in _TRUNK_IN_PARENS.sub(" ", cleaned) if "0" <= ch <= "9")
	return plus, number


def _digits(text) -> tuple[bool, str]:
	"""(written internationally, the digits after any + or 00) of what was typed."""
	plus, number = _scan(text)
	if not plus and number.startswith("00"):
		return True, number[2:]
	return plus, number


def _country(code: str) -> str:
	code = (code or "").strip().lstrip("+")
	if code.startswith("00"):
		code = code[2:]
	if not code.isdigit() or not code.isascii() or len(code) > 3 or code.startswith("0"):
		raise RuleError("bad_country_code", country=code)
	return code


def _country_code(number: str, text) -> str:
	if not number:
		raise _bad(text, "too_short")
	if number[0] == "0":
		raise _bad(text, "bad_country_code")
	if number[0] in _ONE_DIGIT_CODES:
		return number[0]
	if number[:2] in _TWO_DIGIT_CODES:
		return number[:2]
	return number[:3]


def _international(number: str, text) -> str:
	code = _country_code(number, text)
	national = number[len(code) :]
	if code == CHINA and national.startswith("0"):
		national = national[1:]
	return _checked(code, national, text)


def _national(number: str, code: str, text) -> str:
	if code == CHINA:
		if number.startswith("1"):
			_check_cn_mobile(number, text)
			return _checked(code, number, text)
		if number.startswith("0"):
			return _checked(code, number[1:], text)
		if number.startswith(("400", "800")):
			return _checked(code, number, text)
		if number.startswith(CHINA):
			# "8613800138000": the country code without + or 00, as exports often write it
			return _international(number, text)
		raise _bad(text, "no_area_code" if number else "empty")
	if code == "1" and len(number) == 11 and number.startswith("1"):
		# North America writes its country code nationally: 1 415 555 0100
		return _checked(code, number[1:], text)
	if number.startswith("0") and code not in _KEEPS_LEADING_ZERO:
		number = number[1:]
	return _checked(code, number, text)


def _checked(code: str, national: str, text) -> str:
	if code == CHINA:
		_check_cn(national, text)
	elif code == "1":
		_check_nanp(national, text)
	total = len(code) + len(national)
	if total > MAX_DIGITS:
		raise _bad(text, "too_long")
	if total < MIN_DIGITS or len(national) < MIN_SEARCH_DIGITS:
		raise _bad(text, "too_short")
	return f"+{code}{national}"


def _check_nanp(national: str, text) -> None:
	"""North America: a 3-digit area code and 7 digits, neither part starting with 0 or 1."""
	if len(national) < 10:
		raise _bad(text, "too_short")
	if len(national) > 10:
		raise _bad(text, "too_long")
	if national[0] in "01" or national[3] in "01":
		raise _bad(text, "bad_number")


def _check_cn_mobile(national: str, text) -> None:
	if len(national) < 11:
		raise _bad(text, "too_short")
	if len(national) > 11:
		raise _bad(text, "too_long")
	if not _CN_MOBILE.fullmatch(national):
		raise _bad(text, "bad_mobile")


def _check_cn(national: str, text) -> None:
	"""A Chinese national significant number: mobile, landline with area code, or 400/800."""
	if national.startswith("10") or national[:1] == "2":
		lengths = (10,)  # Beijing, and the 2x area codes: 2 digits and 8
	elif national.startswith("1"):
		_check_cn_mobile(national, text)
		return
	elif national.startswith(("400", "800")):
		lengths = (10,)
	elif national[:1] in ("3", "4", "5", "6", "7", "8", "9"):
		lengths = (10, 11)  # 3-digit area code and 7 or 8 digits
	else:
		raise _bad(text, "bad_landline" if national else "too_short")
	if len(national) < lengths[0]:
		raise _bad(text, "too_short")
	if len(national) > lengths[-1]:
		raise _bad(text, "too_long")
	area = 2 if national[:2] == "10" or national[0] == "2" else 3
	if not national.startswith(("400", "800")) and national[area] in "01":
		# subscriber numbers never start with 0 or 1: the area code or a digit is wrong
		raise _bad(text, "bad_landline")


def _mask_digits(digits: str) -> str:
	n = len(digits)
	head, tail = (3, 4) if n >= 9 else (n // 4, n // 4)
	return digits[:head] + "*" * (n - head - tail) + digits[n - tail :]
