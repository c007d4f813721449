"""Payment plans and schedules between the DocTypes and the framework-free core.

``recrm.core.payment_schedule`` computes; this module reads documents into its dataclasses, writes
its rows back, and applies the events that date a schedule: a building reaching a construction
stage (``apply_stages``; ``recrm.sales.receivables.record_building_stages`` runs it for the
building's contracts), a lender disbursing a loan.
"""

from datetime import date

import frappe
from frappe.query_builder import DocType
from frappe.utils import cint, flt, getdate

from recrm.core import construction, keys
from recrm.core import payment_schedule as ps

SCHEDULE_FIELDS = ("name", "idx", "purpose", "due_rule", "stage", "days", "due_date", "amount", "paid")


def instalment(row) -> ps.Instalment:
	"""A plan instalment from a row of RE Payment Plan Instalment."""
	share = keys.key(keys.SHARE, row.share_type)
	return ps.Instalment(
		purpose=keys.key(keys.PURPOSE, row.purpose),
		share=share,
		value=0 if share == ps.REMAINDER else flt(row.value),
		due_rule=keys.key(keys.DUE_RULE, row.due_rule),
		days=cint(row.days),
		due_date=getdate(row.due_date) if row.due_date else None,
		stage=row.stage or None,
	)


def payment_plan(plan) -> ps.PaymentPlan:
	"""A ``PaymentPlan`` from an RE Payment Plan document."""
	return ps.PaymentPlan(
		method=keys.key(keys.METHOD, plan.payment_method),
		instalments=[instalment(row) for row in plan.instalments],
	)


def loans(contract) -> list[ps.Loan]:
	return [
		ps.Loan(
			kind=keys.key(keys.LOAN_KIND, row.kind),
			amount=flt(row.amount),
			lender=row.lender or "",
			term_months=cint(row.term_months),
		)
		for row in contract.loans
	]


def schedule_row(row) -> ps.ScheduleRow:
	"""A ``ScheduleRow`` from an RE Payment Schedule row (a document or a dict from the database)."""
	return ps.ScheduleRow(
		idx=cint(row.get("idx")),
		purpose=keys.key(keys.PURPOSE, row.get("purpose")),
		amount=ps.money(flt(row.get("amount"))),
		due_rule=keys.key(keys.DUE_RULE, row.get("due_rule")),
		due_date=getdate(row.get("due_date")) if row.get("due_date") else None,
		stage=row.get("stage") or None,
		days=cint(row.get("days")),
		paid=ps.money(flt(row.get("paid"))),
	)


def row_values(row: ps.ScheduleRow) -> dict:
	"""What an RE Payment Schedule row stores for a ``ScheduleRow``."""
	return {
		"purpose": keys.label(keys.PURPOSE, row.purpose),
		"due_rule": keys.label(keys.DUE_RULE, row.due_rule),
		"stage": row.stage,
		"days": row.days,
		"due_date": row.due_date,
		"amount": float(row.amount),
		"paid": float(row.paid),
		"outstanding": float(row.outstanding),
	}


def stored_schedule(contract: str, for_update: bool = False) -> list[dict]:
	"""The schedule rows of a contract as stored, in order, each with its row ``name``.

	Whoever changes paid amounts or due dates reads with ``for_update``, after locking the
	contract's row (``lock_contract``): a locking read sees what other transactions committed
	meanwhile, where a plain read would see the transaction's first snapshot and lose their
	updates."""
	schedule = DocType("RE Payment Schedule")
	query = (
		frappe.qb.from_(schedule)
		.select(*(schedule[f] for f in SCHEDULE_FIELDS))
		.where(
			(schedule.parenttype == "RE Contract")
			& (schedule.parentfield == "schedule")
			& (schedule.parent == contract)
		)
		.orderby(schedule.idx)
	)
	if for_update:
		query = query.for_update()
	return query.run(as_dict=True)


def lock_contract(contract: str, fields=("name",)):
	"""Lock a contract's row: receipts, stage dates and loan disbursals of one contract are applied
	one after the other, each seeing what the one before wrote."""
	return frappe.db.get_value("RE Contract", contract, list(fields), as_dict=True, for_update=True)


def write_changed_rows(stored: list[dict], rows: list[ps.ScheduleRow]) -> int:
	"""Write the rows whose due date or paid amount changed; returns how many."""
	by_idx = {cint(r.idx): r for r in stored}
	changed = 0
	for row in rows:
		before = by_idx[row.idx]
		old_due = getdate(before.due_date) if before.due_date else None
		if old_due == row.due_date and ps.money(flt(before.paid)) == row.paid:
			continue
		frappe.db.set_value(
			"RE Payment Schedule",
			before.name,
			{"due_date": row.due_date, "paid": float(row.paid), "outstanding": float(row.outstanding)},
			update_modified=False,
		)
		changed += 1
	return changed


# --- construction stages -----------------------------------------------------------------------------


def stages_of_building(building: str) -> list[tuple[str, date]]:
	"""The stages the building has reached, with the day each was reached, as logged."""
	return [
		(row.stage, getdate(row.reached_on))
		for row in frappe.get_all(
			"RE Building Stage",
			filters={"parenttype": "RE Building", "parent": building},
			fields=["stage", "reached_on"],
			order_by="idx asc",
		)
		if row.stage in construction.STAGES and row.reached_on
	]


def apply_stages(rows: list[ps.ScheduleRow], stages, signed_on) -> list[ps.ScheduleRow]:
	"""The schedule once every stage in ``stages`` is recorded. A stage reached before the contract
	was signed counts from the signing day: the buyer cannot owe money before they signed."""
	signed = getdate(signed_on)
	for stage, reached_on in stages:
		rows = ps.record_stage(rows, stage, max(getdate(reached_on), signed))
	return rows
