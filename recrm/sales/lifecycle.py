"""The customer's lifecycle stage in the database: the one way to change it.

``set_stage(customer, stage_or_facts, cause)`` is what every document that moves a customer calls
(interactions, reservations and contracts now; handover and the club later):

- ``customer``: a RE Customer name or document;
- ``stage_or_facts``: a stage from ``recrm.core.lifecycle.STAGES`` (for causes that know the
  result, e.g. ``contract_signed`` → "Contracted") or a ``CustomerFacts`` from which the stage is
  derived;
- ``cause``: one of ``recrm.core.lifecycle.CAUSES``.

The rules of ``recrm.core.lifecycle.stage_change`` apply: forward moves are recorded, backward
ones only for the causes that revoke a fact. Each change appends a row to the customer's
``stage_log`` (date, from, to, cause, by whom). Returns the ``StageChange`` or None when the stage
stays. The customer is saved (system change, no user permission needed) only when it changed.
"""

import frappe
from frappe.query_builder import DocType
from frappe.utils import getdate, nowdate

from recrm.core import lifecycle as rules
from recrm.core.contracts import RESERVATION_ACTIVE
from recrm.core.unit_status import HANDED_OVER
from recrm.errors import SalesRuleError, rule_errors

VISIT_KINDS = ("Visit", "Site Visit")
# RE Contract statuses the facts read
CONTRACT_PAID_UP = "Paid Up"
CONTRACT_CANCELLED = "Cancelled"


def apply_stage(customer, stage_or_facts, cause: str) -> rules.StageChange | None:
	"""Change the stage of a customer document in memory, with its log row; no save."""
	with rule_errors(exc=SalesRuleError):
		if isinstance(stage_or_facts, rules.CustomerFacts):
			change = rules.next_stage(customer.lifecycle_stage, stage_or_facts, cause, getdate(nowdate()))
		else:
			change = rules.stage_change(customer.lifecycle_stage, stage_or_facts, cause, getdate(nowdate()))
	if change is None:
		return None
	customer.lifecycle_stage = change.to_stage
	customer.append(
		"stage_log",
		{
			"changed_on": change.on,
			"from_stage": change.from_stage,
			"to_stage": change.to_stage,
			"cause": change.cause,
			"changed_by": frappe.session.user,
		},
	)
	return change


def set_stage(customer, stage_or_facts, cause: str) -> rules.StageChange | None:
	"""Move a customer to a stage (or the stage its facts give) for a cause; see the module doc."""
	doc = customer if not isinstance(customer, str) else frappe.get_doc("RE Customer", customer)
	change = apply_stage(doc, stage_or_facts, cause)
	if change is not None:
		doc.save(ignore_permissions=True)
	return change


def customer_facts(customer: str) -> rules.CustomerFacts:
	"""What the records say about a customer: interactions, reservations, contracts and the club."""
	count = frappe.db.count("RE Interaction", {"customer": customer})
	visited = bool(frappe.db.exists("RE Interaction", {"customer": customer, "kind": ("in", VISIT_KINDS)}))
	# submitted reservations, including those since expired, cancelled or converted
	reservations = frappe.get_all(
		"RE Reservation", filters={"customer": customer, "docstatus": ("!=", 0)}, pluck="status"
	)
	contract, buyer, unit = DocType("RE Contract"), DocType("RE Contract Buyer"), DocType("RE Unit")
	contracts = (
		frappe.qb.from_(buyer)
		.join(contract)
		.on(contract.name == buyer.parent)
		.left_join(unit)
		.on(unit.name == contract.unit)
		.select(contract.name, contract.status, contract.docstatus, unit.status.as_("unit_status"))
		.distinct()
		.where((buyer.parenttype == "RE Contract") & (buyer.customer == customer) & (contract.docstatus != 0))
		.run(as_dict=True)
	)
	cancelled = [c for c in contracts if c.docstatus == 2 or c.status == CONTRACT_CANCELLED]
	active = [c for c in contracts if c not in cancelled]
	return rules.CustomerFacts(
		interactions=count,
		visited=visited,
		has_active_reservation=RESERVATION_ACTIVE in reservations,
		reservations_made=len(reservations),
		contracts_signed=len(contracts),
		contracts_cancelled=len(cancelled),
		contracts_paid_up=sum(1 for c in active if c.status == CONTRACT_PAID_UP),
		units_handed_over=sum(1 for c in active if c.unit_status == HANDED_OVER),
		# the club (recrm/club) keeps its members in RE Club Member; named here, not imported
		is_club_member=bool(frappe.db.exists("RE Club Member", {"customer": customer, "status": "Active"})),
	)


def update_stages(customers, cause: str) -> None:
	"""Derive and record the stage of each customer from their facts, for ``cause``. Each customer's
	row is locked (in name order, so two documents sharing buyers never wait on each other in a
	circle): another document moving the same customer at the same moment waits instead of
	failing on a stale copy."""
	for customer in sorted(set(customers)):
		set_stage(frappe.get_doc("RE Customer", customer, for_update=True), customer_facts(customer), cause)
