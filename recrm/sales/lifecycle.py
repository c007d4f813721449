"""The customer's lifecycle stage in the database: the one way to change it.

``set_stage(customer, stage_or_facts, cause)`` is what every document that moves a customer calls
(interactions now; reservations, contracts, handover and the club later):

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
from frappe.utils import getdate, nowdate

from recrm.core import RuleError
from recrm.core import lifecycle as rules
from recrm.utils import SalesRuleError, throw_rule_error

VISIT_KINDS = ("Visit", "Site Visit")


def apply_stage(customer, stage_or_facts, cause: str) -> rules.StageChange | None:
	"""Change the stage of a customer document in memory, with its log row; no save."""
	try:
		if isinstance(stage_or_facts, rules.CustomerFacts):
			change = rules.next_stage(customer.lifecycle_stage, stage_or_facts, cause, getdate(nowdate()))
		else:
			change = rules.stage_change(customer.lifecycle_stage, stage_or_facts, cause, getdate(nowdate()))
	except RuleError as error:
		throw_rule_error(error, exc=SalesRuleError)
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


def interaction_facts(customer: str) -> rules.CustomerFacts:
	"""What the customer's interactions say (the sales documents will add their facts here)."""
	count = frappe.db.count("RE Interaction", {"customer": customer})
	visited = bool(frappe.db.exists("RE Interaction", {"customer": customer, "kind": ("in", VISIT_KINDS)}))
	return rules.CustomerFacts(interactions=count, visited=visited)
