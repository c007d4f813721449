"""Handover readiness (交付准备), as plain rules: of a building before its batch opens, of a buyer
before the keys, and the slots a batch offers.

**A batch (交付批次)** opens only when its building is ready: construction Completed, the
completion-acceptance filing (竣工验收备案) recorded with its number and date, utilities (water,
power, gas) and property management ready, and the keys received from the contractor.
``batch_missing`` returns the keys of what is missing, in that order; ``check_batch_ready`` refuses
with all of them at once.

**A buyer** gets the keys (交钥匙) when the contract is paid up (nothing outstanding) or its loans
are all disbursed (the bank pays the rest), and every handover document is signed.
``buyer_missing`` returns the keys of what is missing; the shell adds what other parts check
(inspection, area difference) through the ``recrm_handover_readiness`` hook.

**Slots.** A batch's window (from, to) is cut into slots of ``slot_minutes`` between the daily hours,
each with room for ``per_slot`` appointments; ``slot_times`` lists them and refuses a window or
hours that give none, or more than ``MAX_SLOTS``.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from recrm.core import RuleError

# construction stages at which a building may be handed over
READY_STAGES = ("Completed", "Handed Over")
LOAN_DISBURSED = "Disbursed"
MAX_SLOTS = 5000

# what a batch needs before it opens, in the order a manager works through it
CONSTRUCTION = "construction_not_completed"
ACCEPTANCE_NUMBER = "acceptance_filing_number_missing"
ACCEPTANCE_DATE = "acceptance_filing_date_missing"
UTILITIES = "utilities_not_ready"
PROPERTY_MANAGEMENT = "property_management_not_ready"
KEYS_RECEIVED = "keys_not_received"
WINDOW = "handover_window_missing"
BATCH_CHECKS = (
	CONSTRUCTION,
	ACCEPTANCE_NUMBER,
	ACCEPTANCE_DATE,
	UTILITIES,
	PROPERTY_MANAGEMENT,
	KEYS_RECEIVED,
)

# what a buyer needs before the keys
NOT_PAID_UP = "contract_not_paid_up"
DOCUMENTS_UNSIGNED = "handover_documents_unsigned"
NO_CONTRACT = "no_active_contract"


@dataclass(frozen=True)
class BuildingReadiness:
	construction_stage: str | None = None
	acceptance_filing_number: str | None = None
	acceptance_filing_date: date | None = None
	utilities_ready: bool = False
	property_management_ready: bool = False
	keys_received: bool = False
	window_from: date | None = None
	window_to: date | None = None


def batch_missing(r: BuildingReadiness) -> list[str]:
	"""The keys of what the building still lacks before its batch opens (empty: ready)."""
	missing = []
	if r.construction_stage not in READY_STAGES:
		missing.append(CONSTRUCTION)
	if not (r.acceptance_filing_number or "").strip():
		missing.append(ACCEPTANCE_NUMBER)
	if not r.acceptance_filing_date:
		missing.append(ACCEPTANCE_DATE)
	if not r.utilities_ready:
		missing.append(UTILITIES)
	if not r.property_management_ready:
		missing.append(PROPERTY_MANAGEMENT)
	if not r.keys_received:
		missing.append(KEYS_RECEIVED)
	if not (r.window_from and r.window_to):
		missing.append(WINDOW)
	return missing


def check_window(window_from: date | None, window_to: date | None, filed_on: date | None = None) -> None:
	"""The window runs forwards, and not before the completion-acceptance filing."""
	if window_from and window_to and window_to < window_from:
		raise RuleError("handover_window_backwards", start=window_from, end=window_to)
	if window_from and filed_on and window_from < filed_on:
		raise RuleError("handover_before_acceptance", start=window_from, filed=filed_on)


def slot_times(
	window_from: date,
	window_to: date,
	day_starts: time,
	day_ends: time,
	slot_minutes: int,
	per_slot: int,
) -> list[tuple[datetime, datetime]]:
	"""Every slot (start, end) of the window: each day from ``day_starts``, ``slot_minutes`` long,
	as many as end by ``day_ends``."""
	check_window(window_from, window_to)
	minutes = int(slot_minutes or 0)
	if minutes < 5 or minutes > 24 * 60:
		raise RuleError("bad_slot_length", minutes=slot_minutes)
	if int(per_slot or 0) < 1:
		raise RuleError("bad_appointments_per_slot", count=per_slot)
	if day_ends <= day_starts:
		raise RuleError("bad_daily_hours", start=day_starts, end=day_ends)
	length = timedelta(minutes=minutes)
	slots = []
	day = window_from
	while day <= window_to:
		start = datetime.combine(day, day_starts)
		closes = datetime.combine(day, day_ends)
		while start + length <= closes:
			slots.append((start, start + length))
			if len(slots) > MAX_SLOTS:
				raise RuleError("too_many_slots", max=MAX_SLOTS)
			start += length
		day += timedelta(days=1)
	if not slots:
		raise RuleError("no_slots_in_window", minutes=minutes)
	return slots


def paid_up_or_disbursed(outstanding, loan_stages: Sequence[str]) -> bool:
	"""Nothing outstanding, or every loan of the contract disbursed (the bank pays what is left)."""
	if Decimal(str(outstanding or 0)) <= 0:
		return True
	return bool(loan_stages) and all(stage == LOAN_DISBURSED for stage in loan_stages)


def buyer_missing(
	has_contract: bool, outstanding, loan_stages: Sequence[str], unsigned_documents: Sequence[str]
) -> list[str]:
	"""The keys of what a buyer lacks before the keys (empty: ready)."""
	if not has_contract:
		return [NO_CONTRACT]
	missing = []
	if not paid_up_or_disbursed(outstanding, loan_stages):
		missing.append(NOT_PAID_UP)
	if unsigned_documents:
		missing.append(DOCUMENTS_UNSIGNED)
	return missing
