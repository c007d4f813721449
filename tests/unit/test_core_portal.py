from datetime import date

from recrm.core.portal import (
	CODE_DIGITS,
	DUE,
	OVERDUE,
	PAID,
	WAITING,
	code_matches,
	hash_code,
	instalment_state,
	new_code,
)

TODAY = date(2026, 11, 23)


def test_a_row_with_nothing_outstanding_is_paid_whatever_its_date():
	assert instalment_state(date(2026, 1, 1), 0, TODAY) == PAID
	assert instalment_state(None, "0.00", TODAY) == PAID


def test_a_past_due_date_with_money_outstanding_is_overdue():
	assert instalment_state(date(2026, 11, 22), 100, TODAY) == OVERDUE


def test_due_today_or_later_is_due_and_no_date_is_waiting():
	assert instalment_state(TODAY, 100, TODAY) == DUE
	assert instalment_state(date(2027, 1, 1), "5.50", TODAY) == DUE
	assert instalment_state(None, 100, TODAY) == WAITING


def test_codes_are_digits_and_only_their_hash_matches():
	code = new_code()
	assert len(code) == CODE_DIGITS and code.isdigit()
	stored = hash_code(code, "salt")
	assert code not in stored
	assert code_matches(code, "salt", stored)
	assert code_matches(f" {code[:3]} {code[3:]} ", "salt", stored)
	wrong = str((int(code) + 1) % 10**CODE_DIGITS).zfill(CODE_DIGITS)
	assert not code_matches(wrong, "salt", stored)
	assert not code_matches(code, "other salt", stored)
	assert not code_matches(code, "salt", None)
	assert not code_matches(None, "salt", stored)
	assert not code_matches("12ab56", "salt", hash_code("12ab56", "salt"))
