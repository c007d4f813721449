"""Moving title deeds through their stages (rules in ``recrm.core.deed``): one deed from its form,
every deed of a building at a stage in the background, and the daily alert of overdue deeds."""

import frappe
from frappe import _
from frappe.utils import getdate, now_datetime, nowdate

from recrm.core import deed as rules
from recrm.core.roles import CS_MANAGER, SYSTEM_MANAGER
from recrm.errors import rule_errors
from recrm.jobs import enqueue_job
from recrm.notifications import notify, users_with_role

DOCTYPE = "RE Title Deed"
# who hears of every overdue deed besides the person responsible for its next stage
HANDOVER_MANAGER_ROLE = CS_MANAGER
# a building with more deeds than this is moved in the background
BULK_NOW_LIMIT = 50


class DeedRuleError(frappe.ValidationError):
	pass


def stages_of(doc) -> list[rules.Stage]:
	return [
		rules.Stage(
			row.stage,
			getdate(row.reached_on) if row.reached_on else None,
			row.responsible,
			getdate(row.due_date) if row.due_date else None,
			getdate(row.alerted_on) if row.alerted_on else None,
		)
		for row in doc.stages
	]


def write_stages(doc, stages: list[rules.Stage]) -> None:
	rows = {row.stage: row for row in doc.stages}
	for stage in stages:
		row = rows.get(stage.stage) or doc.append("stages", {"stage": stage.stage})
		row.reached_on = stage.reached_on
		row.responsible = stage.responsible
		row.due_date = stage.due_date
		row.alerted_on = stage.alerted_on


def apply_deed_move(doc, stage: str, on, responsible: str | None = None, reason: str | None = None):
	"""Move ``doc`` to ``stage`` reached ``on`` (checked by the core rules), log it and save."""
	on = getdate(on) if on else None
	current = next((row for row in stages_of(doc) if row.stage == doc.stage), None)
	with rule_errors(exc=DeedRuleError, title=_("Title Deed")):
		move = rules.check_move(
			doc.stage,
			stage,
			on,
			getdate(nowdate()),
			reason,
			current.reached_on if current else None,
		)
		write_stages(doc, rules.apply_move(stages_of(doc), move, responsible or None))
	doc.append(
		"moves",
		{
			"from_stage": move.from_stage,
			"to_stage": move.to_stage,
			"kind": move.kind,
			"moved_on": move.on,
			"reason": (reason or "").strip() or None,
			"moved_by": frappe.session.user,
			"moved_at": now_datetime(),
		},
	)
	doc.stage = stage
	doc.flags.deed_move = True
	doc.save()
	return doc


@frappe.whitelist(methods=["POST"])
def move_deed(deed: str, stage: str, on, responsible: str | None = None, reason: str | None = None):
	"""The Move Stage button of a title deed."""
	doc = frappe.get_doc(DOCTYPE, deed)
	doc.check_permission("write")
	apply_deed_move(doc, stage, on, responsible, reason)
	return {"stage": doc.stage, "stage_label": _(doc.stage)}


# bulk progress of a building


def bulk_job_id(building: str, stage: str) -> str:
	return f"recrm-deed-bulk::{building}::{stage}"


@frappe.whitelist(methods=["POST"])
def start_bulk_move(building: str, stage: str, on, responsible: str | None = None):
	"""Move every deed of ``building`` at ``stage`` to the stage after it, reached ``on``: at once
	for a small building, in the background (with progress) for a large one."""
	if not frappe.has_permission(DOCTYPE, "write"):
		frappe.throw(_("Not permitted."), exc=frappe.PermissionError)
	if not frappe.db.exists("RE Building", building):
		frappe.throw(_("Building {0} not found.").format(building), exc=DeedRuleError)
	with rule_errors(exc=DeedRuleError, title=_("Title Deed")):
		target = rules.next_stage(stage)
		if target is None:
			raise rules.RuleError("deed_same_stage", stage=stage)
		rules.check_move(stage, target, getdate(on) if on else None, getdate(nowdate()))
	count = frappe.db.count(DOCTYPE, {"building": building, "stage": stage})
	if count <= BULK_NOW_LIMIT:
		return {"queued": False, **bulk_move(building, stage, on, responsible, frappe.session.user)}
	enqueue_job(
		"recrm.handover.deed.bulk_move",
		queue="long",
		timeout=3600,
		job_id=bulk_job_id(building, stage),
		deduplicate=True,
		enqueue_after_commit=True,
		building=building,
		stage=stage,
		on=on,
		responsible=responsible,
		user=frappe.session.user,
	)
	return {"queued": True, "count": count}


def bulk_move(building: str, stage: str, on, responsible: str | None = None, user: str | None = None) -> dict:
	"""Move each deed of ``building`` still at ``stage`` one stage forward, each through the same
	rule as a single move and in its own savepoint: a refused deed is listed with the reason and
	the others go on. Idempotent: a deed already moved is no longer at ``stage``."""
	if user and user != frappe.session.user:
		frappe.set_user(user)
	names = frappe.get_list(
		DOCTYPE, filters={"building": building, "stage": stage}, pluck="name", order_by="unit asc"
	)
	target = rules.next_stage(stage)
	moved, refused = [], []
	for index, name in enumerate(names, start=1):
		frappe.db.savepoint("deed_bulk")
		try:
			doc = frappe.get_doc(DOCTYPE, name)
			doc.check_permission("write")
			apply_deed_move(doc, target, on, responsible)
			moved.append(name)
		except (frappe.ValidationError, frappe.PermissionError) as error:
			frappe.db.rollback(save_point="deed_bulk")
			frappe.clear_last_message()
			refused.append(
				{"deed": name, "unit": frappe.db.get_value(DOCTYPE, name, "unit"), "reason": str(error)}
			)
		if len(names) > BULK_NOW_LIMIT and (index % 20 == 0 or index == len(names)):
			frappe.publish_progress(
				index * 100 / len(names),
				title=_("Moving title deeds"),
				description=_("{0} of {1}").format(index, len(names)),
			)
	result = {"moved": len(moved), "refused": refused, "to_stage": target}
	if len(names) > BULK_NOW_LIMIT and user:
		frappe.db.commit()  # nosemgrep: a background job saves its work before telling the user
		report_bulk(user, building, stage, result)
	return result


def report_bulk(user: str, building: str, stage: str, result: dict) -> None:
	lines = [
		_("{0} title deeds of {1} moved from {2} to {3}; {4} refused.").format(
			result["moved"], building, _(stage), _(result["to_stage"]), len(result["refused"])
		)
	]
	lines += [f"{row['unit']}: {row['reason']}" for row in result["refused"]]
	notify(
		[user],
		lines[0],
		"<br>".join(frappe.utils.escape_html(line) for line in lines),
		"RE Building",
		building,
	)
	frappe.publish_realtime("recrm_deed_bulk_done", {"building": building, **result}, user=user)


# overdue alerts


def send_overdue_alerts() -> int:
	"""Daily: alert the person responsible for each overdue deed's next stage (else the deed's
	handler) and the handover managers, once per deed and stage; returns how many deeds."""
	today = getdate(nowdate())
	names = frappe.get_all(
		DOCTYPE,
		filters={"next_due_date": ("<", today), "stage": ("!=", rules.DEED_STAGES[-1])},
		pluck="name",
	)
	managers = [u for u in users_with_role(HANDOVER_MANAGER_ROLE) if u != SYSTEM_MANAGER]
	alerted = 0
	for name in names:
		doc = frappe.get_doc(DOCTYPE, name)
		due = rules.needs_alert(stages_of(doc), doc.stage, today)
		if not due:
			continue
		subject = _("Title deed {0} of {1} is overdue: {2} was due on {3}.").format(
			doc.name, doc.unit, _(due.stage), frappe.utils.formatdate(due.due_date)
		)
		notify([due.responsible or doc.handled_by, *managers], subject, subject, DOCTYPE, doc.name)
		row = next(r for r in doc.stages if r.stage == due.stage)
		frappe.db.set_value("RE Title Deed Stage", row.name, "alerted_on", today, update_modified=False)
		alerted += 1
	return alerted


def stage_rows(reached: dict, responsible: str | None = None, days: dict | None = None) -> list[dict]:
	"""The ``stages`` rows of a deed entered at the stage it has already reached (an existing deed
	brought into recrm, the demo): ``reached`` maps stages to their dates; the stage after the last
	of them is due from its default duration."""
	rows = [
		{
			"stage": stage,
			"reached_on": getdate(reached[stage]) if reached.get(stage) else None,
			"responsible": responsible,
		}
		for stage in rules.DEED_STAGES
	]
	dated = [index for index, row in enumerate(rows) if row["reached_on"]]
	if dated and dated[-1] + 1 < len(rows):
		following = rows[dated[-1] + 1]
		following["due_date"] = frappe.utils.add_days(
			rows[dated[-1]]["reached_on"], rules.stage_days(following["stage"], days)
		)
	return rows
