"""Late-delivery penalties (逾期交房违约金) of a building's contracts (``recrm.core.penalty``).

When the building's actual handover date is known (set on the building, or the desk's "Compute
Delivery Penalties" action), one RE Delivery Penalty is drafted for every live contract handed over
late, through the same approval and booking as area settlements (``recrm.handover.booking``). A
building handed over on time for every contract is refused with the reason.

The **forecast** is not saved: ``forecast`` computes, from the planned handover date (or the actual
one where known), every contract's exposure in one query and the pure rule — 2,000 contracts in a
fraction of a second — for the "Delivery Penalty Exposure" report.
"""

import frappe
from frappe import _
from frappe.utils import flt, getdate

from recrm.core import RuleError
from recrm.core import penalty as rules
from recrm.errors import rule_errors
from recrm.handover import booking
from recrm.handover.area import building_contracts
from recrm.handover.terms import penalty_terms, settings

PENALTY = "RE Delivery Penalty"
PREFIX = "DPEN-"


class DeliveryPenaltyError(frappe.ValidationError):
	pass


def penalty_values(contract, building: str, handover, s=None, forecast: bool = False):
	terms = penalty_terms(contract, s)
	result = rules.penalty(
		contract.promised_handover_date, handover, contract.paid_amount, contract.final_price, terms, forecast
	)
	return result, {
		"contract": contract.name,
		"unit": contract.unit,
		"building": building,
		"project": contract.project,
		"customer": contract.customer,
		"amount": float(result.amount),
		"days_late": result.days_late,
		"may_cancel": int(result.may_cancel),
		"capped": int(result.capped),
		"promised_handover_date": getdate(contract.promised_handover_date),
		"handover_date": getdate(handover),
		"handover_grace_days": terms.grace_days,
		"penalty_daily_rate": float(terms.daily_rate_percent),
		"penalty_cap_percent": float(terms.cap_percent),
		"paid_amount": flt(contract.paid_amount),
		"final_price": flt(contract.final_price),
		"uncapped_amount": float(result.uncapped),
	}


def with_promised_date(contracts, planned):
	for c in contracts:
		if not c.promised_handover_date:
			c.promised_handover_date = planned
	return contracts


@frappe.whitelist()
def compute_for_building(building: str) -> dict:
	"""Draft the penalties of the building's late contracts from its actual handover date."""
	doc = frappe.get_doc("RE Building", building)
	doc.check_permission("read")
	if not frappe.has_permission(PENALTY, "create"):
		frappe.throw(_("Not permitted."), exc=frappe.PermissionError)
	handover = doc.get("actual_handover_date")
	with rule_errors(building, exc=DeliveryPenaltyError, title=_("Delivery Penalty")):
		if not handover:
			raise RuleError("no_handover_date")
	s = settings()
	contracts = with_promised_date(building_contracts(building), doc.planned_handover_date)
	existing = booking.open_workflow_rows(PENALTY, [c.name for c in contracts])
	rows, redraft, skipped, on_time = [], [], [], None
	for c in contracts:
		try:
			_result, values = penalty_values(c, building, handover, s)
		except RuleError as error:
			if error.code != "handed_over_on_time":
				with rule_errors(c.name, exc=DeliveryPenaltyError, title=_("Delivery Penalty")):
					raise
			on_time = error
			continue
		old = existing.get(c.name)
		if old and old.workflow_state != booking.DRAFT:
			skipped.append(old.name)
			continue
		if old:
			redraft.append(old.name)
		rows.append(values)
	if not rows and not skipped:
		with rule_errors(building, exc=DeliveryPenaltyError, title=_("Delivery Penalty")):
			raise on_time or RuleError(
				"handed_over_on_time", handover=getdate(handover), due=getdate(handover)
			)
	booking.delete_drafts(PENALTY, redraft)
	names = booking.bulk_draft(PENALTY, PREFIX, rows)
	return {"drafted": len(names), "amount": sum(r["amount"] for r in rows), "skipped": skipped}


def on_building_update(doc, method=None):
	"""RE Building ``on_update``: a newly set actual handover date drafts the penalties (queued)."""
	if doc.get("actual_handover_date") and doc.has_value_changed("actual_handover_date"):
		from recrm.jobs import enqueue_job

		enqueue_job(
			"recrm.handover.penalty.draft_quietly",
			building=doc.name,
			queue="long",
			job_id=f"recrm-delivery-penalty::{doc.name}",
			deduplicate=True,
			enqueue_after_commit=True,
		)


def draft_quietly(building: str):
	"""The queued drafting: an on-time building simply gets none."""
	try:
		return compute_for_building(building)
	except DeliveryPenaltyError:
		frappe.clear_messages()
		return {"drafted": 0}


def forecast(buildings: list[str], as_of=None) -> list[dict]:
	"""Each contract's penalty exposure, unsaved: to the actual handover date where known, else the
	planned one. Contracts with no date to count to are left out."""
	s = settings()
	out = []
	for b in frappe.get_all(
		"RE Building",
		filters={"name": ("in", buildings)},
		fields=["name", "project", "planned_handover_date", "actual_handover_date"],
	):
		handover = b.actual_handover_date or b.planned_handover_date
		if not handover:
			continue
		for c in with_promised_date(building_contracts(b.name), b.planned_handover_date):
			if not c.promised_handover_date:
				continue
			_result, values = penalty_values(c, b.name, handover, s, forecast=True)
			values["actual"] = bool(b.actual_handover_date)
			out.append(values)
	return out
