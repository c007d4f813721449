"""What stands between a buyer and the keys (交钥匙), as translated lines.

``missing_for_keys(unit)`` collects recrm's own checks (``recrm.core.handover_readiness``: the
contract paid up or its loans disbursed, the handover documents signed) and then every function
named in the hooks key ``recrm_handover_readiness``: each is ``check(contract, unit) -> list[str]``
of translated "what is missing" lines (the inspection accepted, the area difference settled …).
An empty list: the keys may be handed over.
"""

import frappe
from frappe import _
from frappe.utils import fmt_money

from recrm.core import RuleError
from recrm.core import handover_readiness as rules
from recrm.messages import rule_message

CONTRACT = "RE Contract"
KEY_HANDOVER = "RE Key Handover"
ACTIVE_CONTRACT_STATUSES = ("Signed", "Paid Up")

# the documents a buyer signs at handover (a key handover starts with these, unsigned)
DEFAULT_DOCUMENTS = (
	"Handover Confirmation",
	"Property Management Agreement",
	"Owners' Covenant",
	"Residence Quality Guarantee Receipt",
)
# the handover pack (交付资料) a key handover starts with
DEFAULT_PACK = (
	("Residence User Manual", 1),
	("Residence Quality Guarantee", 1),
	("Keys", 3),
	("Access Cards", 2),
	("Mailbox Key", 1),
)


def active_contract(unit: str) -> frappe._dict | None:
	"""The signed (not cancelled) contract of ``unit``, with what is outstanding."""
	rows = frappe.get_all(
		CONTRACT,
		filters={"unit": unit, "docstatus": 1, "status": ("in", ACTIVE_CONTRACT_STATUSES)},
		fields=["name", "outstanding_amount", "status"],
		order_by="signed_on desc, creation desc",
		limit=1,
	)
	return rows[0] if rows else None


def unsigned_documents(unit: str, documents=None) -> list[str]:
	"""The handover documents not yet signed: of ``documents`` (rows of a key handover being
	saved), else of the unit's draft or submitted key handover, else all of them."""
	if documents is None:
		name = frappe.db.get_value(KEY_HANDOVER, {"unit": unit, "docstatus": ("<", 2)}, "name")
		if not name:
			return list(DEFAULT_DOCUMENTS)
		documents = frappe.get_all(
			"RE Key Handover Document",
			filters={"parent": name, "parenttype": KEY_HANDOVER},
			fields=["document", "signed"],
			order_by="idx",
		)
		if not documents:
			return list(DEFAULT_DOCUMENTS)
	return [row.get("document") for row in documents if not row.get("signed")]


def missing_for_keys(unit: str, documents=None) -> list[str]:
	"""Translated lines of what is missing before the keys of ``unit`` (empty: ready)."""
	contract = active_contract(unit)
	if not contract:
		return [rule_message(RuleError(rules.NO_CONTRACT))]
	loans = frappe.get_all(
		"RE Contract Loan",
		filters={"parent": contract.name, "parenttype": CONTRACT},
		pluck="approval_stage",
	)
	unsigned = unsigned_documents(unit, documents)
	lines = []
	for code in rules.buyer_missing(True, contract.outstanding_amount, loans, unsigned):
		error = RuleError(
			code,
			contract=contract.name,
			outstanding=fmt_money(contract.outstanding_amount or 0, precision=2),
			documents=", ".join(_(d) for d in unsigned),
		)
		lines.append(rule_message(error))
	for path in frappe.get_hooks("recrm_handover_readiness") or []:
		lines.extend(frappe.get_attr(path)(contract.name, unit) or [])
	return lines


@frappe.whitelist()
def readiness(unit: str) -> list[str]:
	"""``missing_for_keys`` for the desk (staff who may read the unit)."""
	frappe.get_doc("RE Unit", unit).check_permission("read")
	return missing_for_keys(unit)
