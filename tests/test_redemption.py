"""The pure rules of partner merchants' redemption codes (recrm/core/redemption.py)."""

import random
from datetime import date

from recrm.core import redemption as r


def test_a_new_code_is_well_formed_and_random():
	codes = {r.new_code() for _ in range(2000)}
	assert len(codes) == 2000
	for code in codes:
		assert len(code) == r.CODE_LENGTH
		assert r.is_well_formed(code)


def test_the_check_character_catches_every_single_mistype_and_neighbour_swap():
	rng = random.Random(7)
	for _ in range(200):
		code = r.new_code(rng.randrange)
		for index in range(len(code)):
			for char in r.ALPHABET:
				if char != code[index]:
					assert not r.is_well_formed(code[:index] + char + code[index + 1 :])
		for index in range(len(code) - 1):
			if code[index] != code[index + 1]:
				swapped = code[:index] + code[index + 1] + code[index] + code[index + 2 :]
				assert not r.is_well_formed(swapped)


def test_what_a_cashier_types_is_normalised():
	code = r.new_code(random.Random(3).randrange)
	assert r.normalise(r.display(code).lower()) == code
	assert r.normalise(" " + code[:4].lower() + " " + code[4:8] + "-" + code[8:].lower()) == code
	assert r.normalise("O1L") == "011"
	assert r.normalise(None) == ""
	assert r.normalise(123) == ""
	assert r.display(code) == f"{code[:4]}-{code[4:8]}-{code[8:]}"


def test_malformed_codes():
	for typed in ("", "ABC", "U" * 12, "0" * 13):
		assert not r.is_well_formed(r.normalise(typed))


def test_offer_validity():
	today = date(2026, 6, 15)
	assert r.offer_problem("Active", None, None, today) is None
	assert r.offer_problem("Active", date(2026, 6, 15), date(2026, 6, 15), today) is None
	assert r.offer_problem("Draft", None, None, today) == "inactive"
	assert r.offer_problem("Closed", None, None, today) == "inactive"
	assert r.offer_problem("Active", date(2026, 6, 16), None, today) == "not_yet"
	assert r.offer_problem("Active", None, date(2026, 6, 14), today) == "expired"


def test_tiers():
	assert r.tier_reaches(None, None)
	assert r.tier_reaches(1, None)
	assert r.tier_reaches(2, 2)
	assert r.tier_reaches(3, 2)
	assert not r.tier_reaches(1, 2)
	assert not r.tier_reaches(None, 1)
