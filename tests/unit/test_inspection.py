from datetime import date

import pytest

from recrm.core import RuleError
from recrm.core.inspection import (
	ACCEPTED,
	ACCEPTED_WITH_OPEN,
	FIXED,
	IN_PROGRESS,
	REFUSED,
	REPORTED,
	TRADE_DEADLINE_DAYS,
	VERIFIED,
	age_bucket,
	buyer_confirmation_status,
	check_defect_move,
	check_outcome,
	deadline,
	is_overdue,
	reinspection_status,
	trade_of,
)


def test_deadline_by_trade():
	assert deadline("Plumbing", date(2026, 12, 1)) == date(2026, 12, 8)
	assert deadline("Waterproofing", date(2026, 12, 1)) == date(2026, 12, 31)
	assert deadline("Plumbing", date(2026, 12, 1), {"Plumbing": 2}) == date(2026, 12, 3)
	assert deadline(None, date(2026, 12, 1)) == date(2026, 12, 15)
	assert all(days > 0 for days in TRADE_DEADLINE_DAYS.values())


def test_trade_from_category_or_refused():
	assert trade_of(None, "Waterproofing and Leaks") == "Waterproofing"
	assert trade_of("Electrical", "Plumbing") == "Electrical"
	assert trade_of(None, None) == "Other"
	with pytest.raises(RuleError) as error:
		trade_of("Magic", None)
	assert error.value.code == "unknown_trade"


def test_defect_moves():
	check_defect_move(REPORTED, IN_PROGRESS)
	check_defect_move(FIXED, VERIFIED)
	check_defect_move(VERIFIED, VERIFIED)
	with pytest.raises(RuleError) as error:
		check_defect_move(REPORTED, VERIFIED)
	assert error.value.code == "defect_move_not_allowed"
	with pytest.raises(RuleError):
		check_defect_move(IN_PROGRESS, VERIFIED)


def test_reinspection():
	assert reinspection_status(FIXED, "Passed") == VERIFIED
	assert reinspection_status(FIXED, "Failed") == IN_PROGRESS
	with pytest.raises(RuleError) as error:
		reinspection_status(REPORTED, "Passed")
	assert error.value.code == "reinspect_not_fixed"
	with pytest.raises(RuleError):
		reinspection_status(FIXED, "Maybe")


def test_buyer_confirmation():
	assert buyer_confirmation_status(VERIFIED, True, None) == VERIFIED
	assert buyer_confirmation_status(FIXED, False, "still leaking") == IN_PROGRESS
	with pytest.raises(RuleError) as error:
		buyer_confirmation_status(VERIFIED, False, "  ")
	assert error.value.code == "not_fixed_needs_note"
	with pytest.raises(RuleError) as error:
		buyer_confirmation_status(REPORTED, True, None)
	assert error.value.code == "confirm_not_fixed"


@pytest.mark.parametrize(
	"outcome,reason,open_defects,code",
	[
		(ACCEPTED, None, 0, None),
		(ACCEPTED, None, 2, "accepted_with_open_defects"),
		(ACCEPTED_WITH_OPEN, None, 1, None),
		(ACCEPTED_WITH_OPEN, None, 0, "no_open_defects_to_accept"),
		(REFUSED, "漏水严重", 3, None),
		(REFUSED, " ", 3, "refusal_needs_reason"),
		(REFUSED, None, 0, "refusal_needs_reason"),
		("Maybe", None, 0, "bad_outcome"),
		(None, None, 5, None),
	],
)
def test_outcome(outcome, reason, open_defects, code):
	if code is None:
		check_outcome(outcome, reason, open_defects)
	else:
		with pytest.raises(RuleError) as error:
			check_outcome(outcome, reason, open_defects)
		assert error.value.code == code


def test_overdue_and_age():
	today = date(2026, 12, 10)
	assert is_overdue(REPORTED, date(2026, 12, 9), today)
	assert not is_overdue(REPORTED, date(2026, 12, 10), today)
	assert not is_overdue(FIXED, date(2026, 12, 1), today)
	assert not is_overdue(IN_PROGRESS, None, today)
	assert age_bucket(date(2026, 12, 3), today) == "0-7 days"
	assert age_bucket(date(2026, 12, 2), today) == "8-30 days"
	assert age_bucket(date(2026, 9, 11), today) == "31-90 days"
	assert age_bucket(date(2026, 9, 10), today) == "Over 90 days"
