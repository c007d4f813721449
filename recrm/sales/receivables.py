"""Receivables: what each contract's buyers have paid and still owe, and what is overdue.

A contract keeps its totals (paid, outstanding, overdue, days overdue, next due date) in columns,
so that lists, filters and the Receivables report read them without walking every schedule. They
are refreshed whenever the schedule changes (signing, a receipt or its cancellation, a stage
reached, a loan disbursed) and once a day for the passing of time, by the job that also reminds
the advisor and finance of overdue instalments.

A building reaching a construction stage (the RE Building ``on_update`` hook,
``on_building_update``) dates the waiting instalments of its contracts (``recrm.sales.schedule``)
and refreshes their totals here.
"""

import frappe
from frappe import _
from frappe.query_builder import DocType
from frappe.utils import escape_html, fmt_money, formatdate, getdate, nowdate

from recrm.core import contracts as rules
from recrm.core import keys
from recrm.core import lifecycle as stages
from recrm.core import payment_schedule as ps
from recrm.core.roles import FINANCE
from recrm.notifications import alert, alerted_today
from recrm.sales.lifecycle import CONTRACT_PAID_UP, update_stages
from recrm.sales.schedule import (
	apply_stages,
	lock_contract,
	schedule_row,
	stages_of_building,
	stored_schedule,
	write_changed_rows,
)

SIGNED = "Signed"
# days an instalment may be late before it counts as overdue
GRACE_DAYS = 0
TOTAL_FIELDS = (
	"paid_amount",
	"outstanding_amount",
	"overdue_amount",
	"days_overdue",
	"is_overdue",
	"next_due_date",
)


def contract_totals(rows, as_of=None) -> dict:
	"""The totals a contract keeps for its schedule ``rows`` (``ScheduleRow``s) on ``as_of``."""
	day = getdate(as_of or nowdate())
	state = rules.receivables(rows, day, GRACE_DAYS)
	open_dates = [row.due_date for row in rows if row.due_date and row.outstanding > 0]
	return {
		"paid_amount": float(state.paid),
		"outstanding_amount": float(state.outstanding),
		"overdue_amount": float(state.overdue),
		"days_overdue": max((r.days for r in state.overdue_rows), default=0),
		"is_overdue": int(state.overdue > 0),
		"next_due_date": min(open_dates, default=None),
	}


def refresh_contract(contract: str, as_of=None) -> dict:
	"""Recompute a signed contract's totals and status from its stored schedule; write only what
	changed. A contract becoming paid up moves its buyers on in their lifecycle."""
	current = lock_contract(contract, ["docstatus", "status", *TOTAL_FIELDS])
	if not current or current.docstatus != 1:
		return {}
	values = contract_totals([schedule_row(r) for r in stored_schedule(contract, for_update=True)], as_of)
	if current.status in (SIGNED, CONTRACT_PAID_UP):
		values["status"] = CONTRACT_PAID_UP if values["outstanding_amount"] <= 0 else SIGNED
	changed = {
		k: v
		for k, v in values.items()
		if (getdate(v) if k == "next_due_date" and v else v)
		!= (getdate(current[k]) if k == "next_due_date" and current[k] else current[k])
	}
	if changed:
		frappe.db.set_value("RE Contract", contract, changed, update_modified=False)
	if changed.get("status") == CONTRACT_PAID_UP:
		buyers = frappe.get_all(
			"RE Contract Buyer", filters={"parenttype": "RE Contract", "parent": contract}, pluck="customer"
		)
		update_stages(buyers, stages.CONTRACT_PAID_UP)
	return changed


def update_overdue(as_of=None, commit: bool = False) -> int:
	"""Refresh every signed contract with money outstanding or flagged overdue; returns how many
	changed. With ``commit`` each contract is committed on its own, so the job never holds the
	locks of many contracts (and keeps receipts waiting) at once."""
	names = frappe.get_all(
		"RE Contract",
		filters={"docstatus": 1},
		or_filters={"outstanding_amount": (">", 0), "is_overdue": 1},
		pluck="name",
	)
	changed = 0
	for name in names:
		changed += bool(refresh_contract(name, as_of))
		if commit:
			frappe.db.commit()
	return changed


def overdue_contracts() -> list[dict]:
	return frappe.get_all(
		"RE Contract",
		filters={"docstatus": 1, "is_overdue": 1},
		fields=["name", "project", "advisor", "buyer_names", "unit", "overdue_amount", "days_overdue"],
		order_by="days_overdue desc",
	)


def finance_users() -> list[str]:
	users = frappe.get_all(
		"Has Role", filters={"role": FINANCE, "parenttype": "User"}, pluck="parent", distinct=True
	)
	return (
		frappe.get_all("User", filters={"name": ("in", users), "enabled": 1}, pluck="name") if users else []
	)


def readable_by(user: str, rows: list[dict]) -> list[dict]:
	"""The overdue contracts ``user`` may see (their projects, their customers)."""
	allowed = set(
		frappe.get_list(
			"RE Contract",
			filters={"name": ("in", [r.name for r in rows])},
			pluck="name",
			user=user,
			limit_page_length=0,
		)
	)
	return [r for r in rows if r.name in allowed]


def remind(user: str, rows: list[dict]) -> bool:
	"""One Notification Log a day per user listing their overdue contracts; False when already sent
	today."""
	if alerted_today(user, "RE Contract"):
		return False
	lines = "".join(
		"<li>{}: {} ({}, {})</li>".format(
			escape_html(row.name),
			escape_html(row.buyer_names or ""),
			fmt_money(row.overdue_amount, precision=2),
			_("{0} days overdue").format(row.days_overdue),
		)
		for row in rows
	)
	subject = _("{0} contracts have overdue instalments").format(len(rows))
	as_of = _("As of {0}").format(formatdate(nowdate()))
	alert(user, subject, f"<p>{as_of}</p><ul>{lines}</ul>", "RE Contract", rows[0].name)
	return True


def update_overdue_and_remind(commit: bool = True) -> int:
	"""Daily: refresh the overdue flags, then remind each advisor of their overdue contracts and
	each finance user of those in their projects, once a day. Returns the reminders sent."""
	update_overdue(commit=commit)
	overdue = overdue_contracts()
	if not overdue:
		return 0
	recipients: dict[str, list[dict]] = {}
	for row in overdue:
		recipients.setdefault(row.advisor, []).append(row)
	for user in finance_users():
		rows = readable_by(user, overdue)
		if rows:
			recipients.setdefault(user, [])
			recipients[user] = list({r.name: r for r in recipients[user] + rows}.values())
	sent = 0
	for user, rows in recipients.items():
		if user and frappe.db.get_value("User", user, "enabled"):
			sent += remind(user, rows)
	return sent


# --- a building reaches a stage ------------------------------------------------------------------


def record_building_stages(building: str) -> int:
	"""Date the waiting stage instalments of every signed contract of ``building`` from the stages
	it has reached. Idempotent: rows already dated keep their date. Returns the rows dated."""
	reached = stages_of_building(building)
	if not reached:
		return 0
	contract, schedule = DocType("RE Contract"), DocType("RE Payment Schedule")
	waiting = (
		frappe.qb.from_(schedule)
		.join(contract)
		.on(contract.name == schedule.parent)
		.select(contract.name, contract.signed_on)
		.distinct()
		.where(
			(schedule.parenttype == "RE Contract")
			& (contract.building == building)
			& (contract.docstatus == 1)
			& (schedule.due_rule == keys.DUE_RULE[ps.ON_STAGE])
			& schedule.due_date.isnull()
			& schedule.stage.isin([stage for stage, _ in reached])
		)
		.run(as_dict=True)
	)
	dated = 0
	for row in waiting:
		lock_contract(row.name)
		stored = stored_schedule(row.name, for_update=True)
		rows = apply_stages([schedule_row(r) for r in stored], reached, row.signed_on)
		changed = write_changed_rows(stored, rows)
		if changed:
			refresh_contract(row.name)
		dated += changed
	return dated


def on_building_update(doc, method=None):
	"""doc_events hook of RE Building: a newly recorded stage dates the contracts' instalments."""
	if doc.has_value_changed("construction_stage"):
		record_building_stages(doc.name)
