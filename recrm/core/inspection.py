"""The handover inspection (验房): the defects found, by room and trade, each with a deadline from
its trade, its moves from reported to verified, the buyer's confirmation, and the inspection's
outcome (the keys accepted, accepted with open defects recorded, or refused with a reason).

Plain rules, no frappe: RE Handover Inspection and RE Handover Defect call them."""

from datetime import date, timedelta

from recrm.core import RuleError

ROOMS = (
	"Living Room",
	"Dining Room",
	"Master Bedroom",
	"Second Bedroom",
	"Third Bedroom",
	"Study",
	"Kitchen",
	"Bathroom",
	"Second Bathroom",
	"Balcony",
	"Hallway",
	"Whole Home",
	"Other",
)

# the days a contractor has to fix a defect of each trade (verbatim the trades of RE Handover Defect)
TRADE_DEADLINE_DAYS = {
	"Civil Works": 30,
	"Plastering and Painting": 14,
	"Tiling and Flooring": 14,
	"Doors and Windows": 14,
	"Carpentry": 14,
	"Plumbing": 7,
	"Electrical": 7,
	"Waterproofing": 30,
	"Heating and Cooling": 14,
	"Fixtures and Fittings": 7,
	"Other": 14,
}
TRADES = tuple(TRADE_DEADLINE_DAYS)
DEFAULT_DEADLINE_DAYS = 14

# the existing defect categories, read as trades where no trade was given
CATEGORY_TRADES = {
	"Walls and Ceilings": "Plastering and Painting",
	"Floors and Tiles": "Tiling and Flooring",
	"Doors and Windows": "Doors and Windows",
	"Plumbing": "Plumbing",
	"Electrical": "Electrical",
	"Waterproofing and Leaks": "Waterproofing",
	"Fixtures and Fittings": "Fixtures and Fittings",
	"Other": "Other",
}

REPORTED = "Reported"
IN_PROGRESS = "In Progress"
FIXED = "Fixed"
VERIFIED = "Verified"
REJECTED = "Rejected"
DEFECT_STATUSES = (REPORTED, IN_PROGRESS, FIXED, VERIFIED, REJECTED)
OPEN_STATUSES = (REPORTED, IN_PROGRESS, FIXED)
# Fixed is fixed by the contractor but not yet re-inspected: still open for the buyer's keys
DEFECT_MOVES = {
	REPORTED: frozenset({IN_PROGRESS, FIXED, REJECTED}),
	IN_PROGRESS: frozenset({FIXED, REJECTED}),
	# re-inspection: passed (Verified) or failed (back to In Progress)
	FIXED: frozenset({VERIFIED, IN_PROGRESS}),
	# the buyer says it is not fixed after all
	VERIFIED: frozenset({IN_PROGRESS}),
	REJECTED: frozenset({REPORTED}),
}

PASSED = "Passed"
FAILED = "Failed"
CONFIRMED = "Confirmed"
NOT_FIXED = "Not Fixed"

ACCEPTED = "Accepted"
ACCEPTED_WITH_OPEN = "Accepted with Open Defects"
REFUSED = "Refused"
OUTCOMES = (ACCEPTED, ACCEPTED_WITH_OPEN, REFUSED)
# the outcomes that let the keys be handed over
KEYS_OUTCOMES = (ACCEPTED, ACCEPTED_WITH_OPEN)

AGE_BUCKETS = ((7, "0-7 days"), (30, "8-30 days"), (90, "31-90 days"), (None, "Over 90 days"))


def trade_of(trade: str | None, category: str | None) -> str:
	"""The defect's trade: as given, else the one of its category."""
	if trade:
		if trade not in TRADE_DEADLINE_DAYS:
			raise RuleError("unknown_trade", trade=trade)
		return trade
	return CATEGORY_TRADES.get(category or "", "Other")


def deadline(trade: str | None, reported_on: date, days_by_trade: dict | None = None) -> date:
	"""The date a defect of ``trade`` reported on ``reported_on`` must be fixed by."""
	days = (days_by_trade or TRADE_DEADLINE_DAYS).get(trade or "", DEFAULT_DEADLINE_DAYS)
	return reported_on + timedelta(days=days)


def check_defect_move(from_status: str, to_status: str) -> None:
	if from_status == to_status:
		return
	if to_status not in DEFECT_MOVES.get(from_status, frozenset()):
		raise RuleError("defect_move_not_allowed", from_status=from_status, to_status=to_status)


def reinspection_status(status: str, result: str) -> str:
	"""The defect's status after a re-inspection of ``result``: only a fixed defect is re-inspected."""
	if status != FIXED:
		raise RuleError("reinspect_not_fixed", status=status)
	if result == PASSED:
		return VERIFIED
	if result == FAILED:
		return IN_PROGRESS
	raise RuleError("bad_reinspection_result", result=result)


def buyer_confirmation_status(status: str, fixed: bool, note: str | None) -> str:
	"""The defect's status after the buyer's word on it: fixed to their satisfaction (it stays as
	it is), or not fixed (back to In Progress, with their note)."""
	if status not in (FIXED, VERIFIED):
		raise RuleError("confirm_not_fixed", status=status)
	if fixed:
		return status
	if not (note or "").strip():
		raise RuleError("not_fixed_needs_note")
	return IN_PROGRESS


def check_outcome(outcome: str | None, reason: str | None, open_defects: int) -> None:
	"""An inspection's outcome must fit its defects: Accepted with none open, Accepted with Open
	Defects with at least one, Refused with a reason."""
	if not outcome:
		return
	if outcome not in OUTCOMES:
		raise RuleError("bad_outcome", outcome=outcome)
	if outcome == REFUSED and not (reason or "").strip():
		raise RuleError("refusal_needs_reason")
	if outcome == ACCEPTED and open_defects:
		raise RuleError("accepted_with_open_defects", count=open_defects)
	if outcome == ACCEPTED_WITH_OPEN and not open_defects:
		raise RuleError("no_open_defects_to_accept")


def is_overdue(status: str, due: date | None, today: date) -> bool:
	return bool(due) and status in (REPORTED, IN_PROGRESS) and due < today


def age_bucket(reported_on: date, today: date) -> str:
	days = (today - reported_on).days
	for limit, label in AGE_BUCKETS:
		if limit is None or days <= limit:
			return label
	return AGE_BUCKETS[-1][1]
