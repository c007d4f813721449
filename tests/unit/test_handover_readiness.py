from datetime import date, time

import pytest

from recrm.core import RuleError
from recrm.core import handover_readiness as hr

READY = hr.BuildingReadiness(
	construction_stage="Completed",
	acceptance_filing_number="JB-2026-001",
	acceptance_filing_date=date(2026, 11, 1),
	utilities_ready=True,
	property_management_ready=True,
	keys_received=True,
	window_from=date(2026, 12, 1),
	window_to=date(2026, 12, 3),
)


def test_ready_building_misses_nothing():
	assert hr.batch_missing(READY) == []


def test_nothing_recorded_misses_everything_in_order():
	assert hr.batch_missing(hr.BuildingReadiness()) == [*hr.BATCH_CHECKS, hr.WINDOW]


@pytest.mark.parametrize(
	"change, missing",
	[
		({"construction_stage": "Fit-out"}, hr.CONSTRUCTION),
		({"acceptance_filing_number": "  "}, hr.ACCEPTANCE_NUMBER),
		({"acceptance_filing_date": None}, hr.ACCEPTANCE_DATE),
		({"utilities_ready": False}, hr.UTILITIES),
		({"property_management_ready": False}, hr.PROPERTY_MANAGEMENT),
		({"keys_received": False}, hr.KEYS_RECEIVED),
		({"window_to": None}, hr.WINDOW),
	],
)
def test_each_missing_item(change, missing):
	from dataclasses import replace

	assert hr.batch_missing(replace(READY, **change)) == [missing]


def test_handed_over_building_is_ready():
	from dataclasses import replace

	assert hr.batch_missing(replace(READY, construction_stage="Handed Over")) == []


def test_slots_cut_the_window():
	slots = hr.slot_times(date(2026, 12, 1), date(2026, 12, 2), time(9), time(12), 60, 4)
	assert len(slots) == 6
	assert slots[0][0].hour == 9 and slots[-1][1].hour == 12 and slots[-1][0].day == 2


def test_a_slot_that_does_not_fit_the_day_is_left_out():
	assert len(hr.slot_times(date(2026, 12, 1), date(2026, 12, 1), time(9), time(10, 30), 60, 1)) == 1


@pytest.mark.parametrize(
	"args, code",
	[
		((date(2026, 12, 2), date(2026, 12, 1), time(9), time(17), 60, 4), "handover_window_backwards"),
		((date(2026, 12, 1), date(2026, 12, 1), time(9), time(17), 0, 4), "bad_slot_length"),
		((date(2026, 12, 1), date(2026, 12, 1), time(9), time(17), 60, 0), "bad_appointments_per_slot"),
		((date(2026, 12, 1), date(2026, 12, 1), time(17), time(9), 60, 4), "bad_daily_hours"),
		((date(2026, 12, 1), date(2026, 12, 1), time(9), time(9, 30), 60, 4), "no_slots_in_window"),
		((date(2026, 1, 1), date(2026, 12, 31), time(0), time(23), 5, 1), "too_many_slots"),
	],
)
def test_bad_slots_refused(args, code):
	with pytest.raises(RuleError) as caught:
		hr.slot_times(*args)
	assert caught.value.code == code


def test_window_not_before_filing():
	with pytest.raises(RuleError) as caught:
		hr.check_window(date(2026, 10, 1), date(2026, 10, 2), date(2026, 11, 1))
	assert caught.value.code == "handover_before_acceptance"


@pytest.mark.parametrize(
	"outstanding, loans, ok",
	[
		(0, [], True),
		("0.00", ["Applied"], True),
		(-5, [], True),
		(100, [], False),
		(100, ["Disbursed"], True),
		(100, ["Disbursed", "Approved"], False),
		(0.01, ["Approved"], False),
	],
)
def test_paid_up_or_disbursed(outstanding, loans, ok):
	assert hr.paid_up_or_disbursed(outstanding, loans) is ok


def test_buyer_missing():
	assert hr.buyer_missing(True, 0, [], []) == []
	assert hr.buyer_missing(True, 10, [], ["Handover Confirmation"]) == [
		hr.NOT_PAID_UP,
		hr.DOCUMENTS_UNSIGNED,
	]
	assert hr.buyer_missing(True, 0, [], ["x"]) == [hr.DOCUMENTS_UNSIGNED]
	assert hr.buyer_missing(False, 0, [], []) == [hr.NO_CONTRACT]
