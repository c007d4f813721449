"""The title deed (房产证) of a unit, from the online contract to the certificate in the owner's hands,
as plain rules.

**Stages.** A deed goes through eight stages in order (``DEED_STAGES``): 网签 the online contract
filed → 备案 the contract registered → 首次登记 the initial registration of the building → 资料收集
the owner's documents collected → 递件 submitted to the registry → 缴税 the taxes paid → 领证 the
certificate collected from the registry → 发证 issued to the owner. Each stage has the date it was
reached, the person responsible for it and the date it is due by.

**Due dates.** ``STAGE_DAYS`` says how many days after the previous stage is reached a stage is
due; when a stage is reached, the next one's due date follows (unless one was set by hand). A deed
is overdue when its next stage's due date has passed and that stage is not reached.

**Moves.** A deed moves forward one stage at a time. Skipping stages or moving back needs a reason
(the caller records it in the deed's log with who and when); a stage dated in the future, or before
the stage the deed is at, is refused; moving to the stage it is at is refused.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from recrm.core import RuleError

ONLINE_CONTRACT = "Online Contract Filed"
CONTRACT_REGISTERED = "Contract Registered"
INITIAL_REGISTRATION = "Initial Registration"
DOCUMENTS_COLLECTED = "Documents Collected"
SUBMITTED = "Submitted to Registry"
TAXES_PAID = "Taxes Paid"
CERTIFICATE_COLLECTED = "Certificate Collected"
ISSUED = "Issued to Owner"

DEED_STAGES = (
	ONLINE_CONTRACT,
	CONTRACT_REGISTERED,
	INITIAL_REGISTRATION,
	DOCUMENTS_COLLECTED,
	SUBMITTED,
	TAXES_PAID,
	CERTIFICATE_COLLECTED,
	ISSUED,
)

# days after the previous stage is reached by which a stage is due (the first is due when filed)
STAGE_DAYS = {
	ONLINE_CONTRACT: 0,
	CONTRACT_REGISTERED: 30,
	INITIAL_REGISTRATION: 180,
	DOCUMENTS_COLLECTED: 30,
	SUBMITTED: 15,
	TAXES_PAID: 15,
	CERTIFICATE_COLLECTED: 30,
	ISSUED: 15,
}

FORWARD = "Forward"
SKIP = "Skip"
BACK = "Back"

# the stages of the four-step deed before recrm 0.4, mapped to the stage each stands for now
OLD_STAGES = {
	"Collecting Documents": INITIAL_REGISTRATION,
	"Documents Collected": DOCUMENTS_COLLECTED,
	"Submitted to Registry": SUBMITTED,
	"Issued": CERTIFICATE_COLLECTED,
	"Handed to Owner": ISSUED,
}
OLD_DATES = {
	"documents_collected_on": DOCUMENTS_COLLECTED,
	"submitted_on": SUBMITTED,
	"issued_on": CERTIFICATE_COLLECTED,
	"handed_over_on": ISSUED,
}


@dataclass
class Stage:
	"""One stage of a deed: when it was reached, who is responsible and when it is due."""

	stage: str
	reached_on: date | None = None
	responsible: str | None = None
	due_date: date | None = None
	alerted_on: date | None = None


@dataclass
class Move:
	from_stage: str
	to_stage: str
	on: date
	kind: str
	skipped: list[str] = field(default_factory=list)


def stage_index(stage: str) -> int:
	if stage not in DEED_STAGES:
		raise RuleError("deed_unknown_stage", stage=stage)
	return DEED_STAGES.index(stage)


def next_stage(stage: str) -> str | None:
	index = stage_index(stage)
	return DEED_STAGES[index + 1] if index + 1 < len(DEED_STAGES) else None


def stage_days(stage: str, days: dict | None = None) -> int:
	return int((days or {}).get(stage, STAGE_DAYS[stage]) or 0)


def move_kind(current: str, target: str) -> str:
	step = stage_index(target) - stage_index(current)
	if step == 0:
		raise RuleError("deed_same_stage", stage=current)
	return FORWARD if step == 1 else SKIP if step > 1 else BACK


def check_move(
	current: str,
	target: str,
	on: date | None,
	today: date,
	reason: str | None = None,
	current_reached_on: date | None = None,
) -> Move:
	"""Whether a deed at ``current`` (reached ``current_reached_on``) may move to ``target`` on ``on``.

	Refused: no date (``deed_date_missing``), a date after ``today`` (``deed_stage_in_future``), a
	forward move dated before the current stage was reached (``deed_stage_before_previous``), a skip
	or a move back without a ``reason`` (``deed_stage_skipped`` / ``deed_stage_back``)."""
	kind = move_kind(current, target)
	if on is None:
		raise RuleError("deed_date_missing", stage=target)
	if on > today:
		raise RuleError("deed_stage_in_future", stage=target, date=on)
	has_reason = bool((reason or "").strip())
	if kind == SKIP and not has_reason:
		raise RuleError("deed_stage_skipped", stage=target, missing=DEED_STAGES[stage_index(current) + 1])
	if kind == BACK and not has_reason:
		raise RuleError("deed_stage_back", stage=target, current=current)
	if kind != BACK and current_reached_on and on < current_reached_on:
		raise RuleError("deed_stage_before_previous", stage=target, current=current, date=current_reached_on)
	skipped = list(DEED_STAGES[stage_index(current) + 1 : stage_index(target)]) if kind == SKIP else []
	return Move(current, target, on, kind, skipped)


def blank_stages(responsible: str | None = None) -> list[Stage]:
	return [Stage(stage, responsible=responsible) for stage in DEED_STAGES]


def apply_move(
	stages: Sequence[Stage], move: Move, responsible: str | None = None, days: dict | None = None
) -> list[Stage]:
	"""The stages after ``move``: the target dated (and its responsible set when given), the
	stages after it cleared when moving back, and the next stage's due date set from ``days``
	unless it was set by hand and the move is forward."""
	rows = {row.stage: row for row in stages}
	rows = {stage: rows.get(stage) or Stage(stage) for stage in DEED_STAGES}
	target = stage_index(move.to_stage)
	for index, stage in enumerate(DEED_STAGES):
		row = rows[stage]
		if index > target:
			row.reached_on = None
			row.alerted_on = None
	rows[move.to_stage].reached_on = move.on
	if responsible:
		rows[move.to_stage].responsible = responsible
	following = next_stage(move.to_stage)
	if following:
		row = rows[following]
		if move.kind == BACK or not row.due_date or row.due_date < move.on:
			row.due_date = move.on + timedelta(days=stage_days(following, days))
		if responsible and not row.responsible:
			row.responsible = responsible
	return [rows[stage] for stage in DEED_STAGES]


def check_stages(stages: Sequence[Stage], current: str, today: date) -> None:
	"""The dates of a deed's stages as saved: none after ``today``, none after the current stage,
	never going backwards. (A stage may have no date: skipped, or passed before recrm tracked it.)"""
	index = stage_index(current)
	previous: Stage | None = None
	for position, row in enumerate(stages):
		if row.reached_on is None:
			continue
		if position > index:
			raise RuleError("deed_stage_after_current", stage=row.stage, current=current)
		if row.reached_on > today:
			raise RuleError("deed_stage_in_future", stage=row.stage, date=row.reached_on)
		if previous and row.reached_on < previous.reached_on:
			raise RuleError(
				"deed_stage_before_previous",
				stage=row.stage,
				current=previous.stage,
				date=previous.reached_on,
			)
		previous = row


def due_stage(stages: Sequence[Stage], current: str) -> Stage | None:
	"""The stage the deed is waiting for (the one after ``current``), or None once issued."""
	following = next_stage(current)
	return next((row for row in stages if row.stage == following), None) if following else None


def is_overdue(stages: Sequence[Stage], current: str, today: date) -> bool:
	row = due_stage(stages, current)
	return bool(row and row.due_date and row.due_date < today and not row.reached_on)


def needs_alert(stages: Sequence[Stage], current: str, today: date) -> Stage | None:
	"""The overdue stage to alert about, once: None when not overdue or already alerted."""
	row = due_stage(stages, current)
	if row and is_overdue(stages, current, today) and not row.alerted_on:
		return row
	return None


def steps(stages: Sequence[Stage], current: str) -> list[tuple[str, date | None, bool]]:
	"""(stage, date reached, done) for each of the eight stages, for the buyer's page: the stages
	up to the current one are done, even those skipped (with no date)."""
	index = stage_index(current)
	dated = {row.stage: row.reached_on for row in stages}
	return [(stage, dated.get(stage), position <= index) for position, stage in enumerate(DEED_STAGES)]


def from_old(old_stage: str | None, dates: dict[str, date | None]) -> tuple[str, list[Stage]]:
	"""A deed of the four-step shape (before 0.4) as its current stage and stages now: the old
	dates go to the stages they stand for; the stages before documents were collected (网签, 备案,
	首次登记) were passed before recrm tracked them, with no date."""
	stages = blank_stages()
	rows = {row.stage: row for row in stages}
	for fieldname, stage in OLD_DATES.items():
		if dates.get(fieldname):
			rows[stage].reached_on = dates[fieldname]
	current = OLD_STAGES.get(old_stage or "", None)
	if current is None:
		current = old_stage if old_stage in DEED_STAGES else INITIAL_REGISTRATION
	dated = [stage for stage in DEED_STAGES if rows[stage].reached_on]
	if dated and stage_index(dated[-1]) > stage_index(current):
		current = dated[-1]
	for stage in DEED_STAGES[stage_index(current) + 1 :]:
		rows[stage].reached_on = None
	return current, stages
