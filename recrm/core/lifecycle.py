"""The customer lifecycle (客户生命周期): a stage derived from facts, changed with a cause.

Prospect 潜在客户 → Interested 意向客户 → Qualified 准客户 → Contracted 签约客户 →
Awaiting Handover 准业主 → Owner 业主 → Member 会员.

``derive_stage(facts)`` gives the highest stage the facts support:

- **Member**: owns a handed-over unit and belongs to the club. A prospect or buyer who joins the
  club before handover keeps their sales stage; membership is a flag of its own.
- **Owner**: at least one unit handed over.
- **Awaiting Handover**: an active contract is paid up (full payment received or the loan
  disbursed): nothing stands between the buyer and the keys but the building.
- **Contracted**: an active (signed, not cancelled) contract.
- **Qualified**: the customer has put down money: a reservation or subscription (active or since
  expired), or a contract since cancelled (退房). Qualified never lapses by itself.
- **Interested**: visited the sales office or a site, or at least ``INTERESTED_AFTER``
  interactions (one registration call is not yet interest).
- **Prospect**: known, nothing more.

``stage_change(old, new, cause)`` turns a derived stage into a change to record. Forward moves are
always recorded. A stage never moves backward because facts are missing (a customer imported as
an owner, a stage set before the sales documents existed): it moves backward only when the cause
revokes the fact the old stage rests on — ``contract_cancelled`` takes Contracted or Awaiting
Handover back (to Qualified, when it was the only contract), ``club_left`` takes Member back to
Owner, and a manager's ``correction`` may move any stage. The nightly ``recompute`` only moves
forward; cancellations are recorded when they happen.
"""

from dataclasses import dataclass, fields
from datetime import date
from decimal import Decimal

from recrm.core import RuleError

PROSPECT = "Prospect"
INTERESTED = "Interested"
QUALIFIED = "Qualified"
CONTRACTED = "Contracted"
AWAITING_HANDOVER = "Awaiting Handover"
OWNER = "Owner"
MEMBER = "Member"

STAGES = (PROSPECT, INTERESTED, QUALIFIED, CONTRACTED, AWAITING_HANDOVER, OWNER, MEMBER)
_RANK = {stage: rank for rank, stage in enumerate(STAGES)}

INTERESTED_AFTER = 2  # interactions that make a prospect interested without a visit

# what moved the stage; the shell records one of these with the date
REGISTERED = "registered"
INTERACTION = "interaction"
VISIT = "visit"
RESERVATION = "reservation"
RESERVATION_ENDED = "reservation_ended"
CONTRACT_SIGNED = "contract_signed"
CONTRACT_PAID_UP = "contract_paid_up"
CONTRACT_CANCELLED = "contract_cancelled"
HANDOVER = "handover"
HANDOVER_CANCELLED = "handover_cancelled"
CLUB_JOINED = "club_joined"
CLUB_LEFT = "club_left"
MERGE = "merge"
RECOMPUTE = "recompute"
CORRECTION = "correction"

CAUSES = (
	REGISTERED,
	INTERACTION,
	VISIT,
	RESERVATION,
	RESERVATION_ENDED,
	CONTRACT_SIGNED,
	CONTRACT_PAID_UP,
	CONTRACT_CANCELLED,
	HANDOVER,
	HANDOVER_CANCELLED,
	CLUB_JOINED,
	CLUB_LEFT,
	MERGE,
	RECOMPUTE,
	CORRECTION,
)

# the causes that may move a stage backward, and from which stages
BACKWARD_CAUSES: dict[str, frozenset[str]] = {
	CONTRACT_CANCELLED: frozenset({CONTRACTED, AWAITING_HANDOVER}),
	# a cancelled key handover takes Owner back (to Awaiting Handover or Contracted)
	HANDOVER_CANCELLED: frozenset({OWNER}),
	CLUB_LEFT: frozenset({MEMBER}),
	CORRECTION: frozenset(STAGES),
}


@dataclass(frozen=True)
class CustomerFacts:
	"""What the records say about one customer, across every project of the company."""

	interactions: int = 0  # recorded touches of any channel
	visited: bool = False  # came to the sales office or on a site visit (来访)
	has_active_reservation: bool = False  # a reservation or subscription (认购) still valid
	reservations_made: int = 0  # ever, including expired and cancelled ones
	contracts_signed: int = 0  # ever, including those later cancelled
	contracts_cancelled: int = 0  # of those signed
	contracts_paid_up: int = 0  # active contracts whose price is fully received
	units_handed_over: int = 0
	is_club_member: bool = False

	def __post_init__(self):
		for field in fields(self):
			value = getattr(self, field.name)
			if field.type is int:
				# SUM() comes back from the database as a Decimal: whole numbers of any type will do
				object.__setattr__(self, field.name, _count(field.name, value))
			else:
				object.__setattr__(self, field.name, bool(value))
		checks = (
			("contracts_cancelled", self.contracts_cancelled <= self.contracts_signed),
			("contracts_paid_up", self.contracts_paid_up <= self.active_contracts),
			("units_handed_over", self.units_handed_over <= self.active_contracts),
		)
		for name, ok in checks:
			if not ok:
				raise RuleError("bad_customer_facts", field=name, value=getattr(self, name))

	@property
	def active_contracts(self) -> int:
		return self.contracts_signed - self.contracts_cancelled


def _count(name: str, value) -> int:
	if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
		raise RuleError("bad_customer_facts", field=name, value=value)
	try:
		whole = int(value)
	except (ValueError, OverflowError):  # NaN, infinity
		raise RuleError("bad_customer_facts", field=name, value=value)
	if whole < 0 or whole != value:
		raise RuleError("bad_customer_facts", field=name, value=value)
	return whole


def derive_stage(facts: CustomerFacts, interested_after: int = INTERESTED_AFTER) -> str:
	"""The highest stage the facts support (see the module docstring for each rule)."""
	if facts.units_handed_over:
		return MEMBER if facts.is_club_member else OWNER
	if facts.contracts_paid_up:
		return AWAITING_HANDOVER
	if facts.active_contracts:
		return CONTRACTED
	if facts.has_active_reservation or facts.reservations_made or facts.contracts_signed:
		return QUALIFIED
	if facts.visited or facts.interactions >= interested_after:
		return INTERESTED
	return PROSPECT


def stage_rank(stage: str) -> int:
	"""0 for Prospect up to 6 for Member."""
	try:
		return _RANK[stage]
	except (KeyError, TypeError):
		raise RuleError("unknown_stage", stage=stage)


@dataclass(frozen=True)
class StageChange:
	from_stage: str | None
	to_stage: str
	cause: str
	on: date | None = None

	@property
	def backward(self) -> bool:
		return self.from_stage is not None and stage_rank(self.to_stage) < stage_rank(self.from_stage)


def stage_change(old: str | None, new: str, cause: str, on: date | None = None) -> StageChange | None:
	"""The change to record when the facts now say ``new``, or None when nothing should change.

	``old`` is None (or empty) for a customer without a stage yet. Backward moves happen only for
	the causes in ``BACKWARD_CAUSES`` and from the stages listed there; otherwise the stage stays.
	"""
	if cause not in CAUSES:
		raise RuleError("unknown_stage_cause", cause=cause)
	stage_rank(new)
	if not old:
		return StageChange(None, new, cause, on)
	if old == new:
		return None
	if stage_rank(new) < stage_rank(old) and old not in BACKWARD_CAUSES.get(cause, frozenset()):
		return None
	return StageChange(old, new, cause, on)


def next_stage(
	old: str | None, facts: CustomerFacts, cause: str, on: date | None = None
) -> StageChange | None:
	"""``stage_change(old, derive_stage(facts), cause, on)``: what the shell calls on every event."""
	return stage_change(old, derive_stage(facts), cause, on)
