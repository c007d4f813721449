"""The one check of every change of an approval state, whatever route it came by.

The compensation claim, the contract (its discount) and the sales change call ``check_move`` in
``validate``, after their own checks of the chain and the authority limit (which word a refusal
more precisely), and before an update after submit. A save through ``frappe.client.save`` or
``/api/resource`` / ``/api/v2`` with a new ``workflow_state``, a submit, Frappe's Workflow Action
(``apply_workflow``, the inbox, bulk approval) and the e-mailed action link all end in that save,
so they all pass the same rule (``recrm.core.approvals.check_move``): the stored state and the
one asked for are compared against the document's active Workflow — its transitions whose
condition holds for the stored document, the role of each, and whether it allows self-approval.
Frappe's Workflow Action checks self-approval; a plain save does not: here every route does.

The raisers of a document (who may not decide on it) are its creator and whoever the document
names as its requester (the contract's advisor, the sales change's requester). Administrator is
exempt, as in Frappe's own Workflow Action.
"""

from collections.abc import Iterable

import frappe
from frappe import _
from frappe.model.workflow import get_workflow_name, is_transition_condition_satisfied

from recrm.core import approvals as rules
from recrm.errors import rule_errors


def workflow_moves(workflow, stored) -> list[rules.Move]:
	"""The moves the workflow offers from the stored document: its transitions whose condition
	holds for it, as Frappe's Workflow Action evaluates them."""
	return [
		rules.Move(t.state, t.next_state, t.allowed, bool(t.allow_self_approval))
		for t in workflow.transitions
		if is_transition_condition_satisfied(t, stored)
	]


def check_move(
	doc, raisers: Iterable[str | None] = (), exc=frappe.ValidationError, record: str | None = None
):
	"""Refuse, in clear words, a change of ``doc``'s workflow state that its workflow does not
	offer the current user from the stored state, or that the user raised themselves."""
	name = get_workflow_name(doc.doctype)
	if not name:
		return
	workflow = frappe.get_cached_doc("Workflow", name)
	field = workflow.workflow_state_field
	first = workflow.states[0].state if workflow.states else None
	stored = doc.get_doc_before_save()
	new = doc.get(field) or first
	old = (stored.get(field) or first) if stored is not None else None
	if old == new or new is None:
		return
	user = frappe.session.user
	with rule_errors(exc=exc, title=_("Approval")):
		rules.check_move(
			old,
			new,
			workflow_moves(workflow, stored) if stored is not None else [],
			frappe.get_roles(user),
			is_raiser=user != "Administrator" and user in {r for r in raisers if r},
			first_state=first,
			record=record or _(doc.doctype),
		)
