"""Compensation approval (赔偿审批): the Frappe Workflow of RE Compensation Claim, the wrapper that
explains a refused approval, and the job that reminds late approvers and escalates.

The workflow has one state per step of ``recrm.core.compensation.FULL_CHAIN`` ("Awaiting Finance" …)
and leads from each to the next step *of the claim's own chain*: the claim stores the step after
the current one in ``next_step`` and each Approve transition's condition names it, so a small claim
goes from Finance straight to Approved. Frappe offers each approver only the actions of their
role (the workflow inbox is the Workflow Action list); the claim's controller checks every
transition again with ``recrm.core.compensation.check_can_act``, so a wrong role or a skipped step is
refused whichever way it is attempted.

The workflow is made from ``workflow_definition`` once, when the site has none (at install;
recrm/setup/install.py), never rebuilt: an administrator's edit in the Workflow editor survives a
migrate. Its states and actions ship as fixtures (recrm/fixtures/). It is removed before uninstall,
with the states and the action only recrm uses.
"""

import frappe
from frappe import _
from frappe.model.workflow import apply_workflow
from frappe.utils import escape_html, format_datetime, get_url_to_form, now_datetime

from recrm.core import sla
from recrm.core.compensation import FULL_CHAIN, check_can_act
from recrm.core.roles import (
	CLAIM_RAISER_ROLES,
	COST_AUDIT,
	CS_MANAGER,
	ENGINEERING,
	FINANCE,
	GENERAL_MANAGER,
	VP_CUSTOMER_SERVICE,
	VP_FINANCE,
)
from recrm.errors import ClaimApprovalError, rule_errors
from recrm.notifications import notify, users_with_role
from recrm.service import settings as service_settings

CLAIM = "RE Compensation Claim"
WORKFLOW = "RE Compensation Approval"
DRAFT = "Draft"
APPROVED = "Approved"
REJECTED = "Rejected"
SEND = "Send for Approval"
APPROVE = "Approve"
REJECT = "Reject"
STEP_STATES = {
	CS_MANAGER: "Awaiting CS Centre Manager",
	ENGINEERING: "Awaiting Engineering",
	COST_AUDIT: "Awaiting Cost Audit",
	FINANCE: "Awaiting Finance",
	VP_CUSTOMER_SERVICE: "Awaiting VP Customer Service",
	VP_FINANCE: "Awaiting VP Finance",
	GENERAL_MANAGER: "Awaiting General Manager",
}
STEP_OF_STATE = {state: step for step, state in STEP_STATES.items()}
# Frappe installs Approved, Rejected, Approve and Reject itself; these are recrm's alone
OWN_STATES = (DRAFT, *STEP_STATES.values())
OWN_ACTIONS = (SEND,)


def workflow_labels() -> list[str]:
	"""The workflow's words as literals, for the translation extractor."""
	return [
		_("Draft"),
		_("Approved"),
		_("Rejected"),
		_("Send for Approval"),
		_("Approve"),
		_("Reject"),
		_("Awaiting CS Centre Manager"),
		_("Awaiting Engineering"),
		_("Awaiting Cost Audit"),
		_("Awaiting Finance"),
		_("Awaiting VP Customer Service"),
		_("Awaiting VP Finance"),
		_("Awaiting General Manager"),
	]


def step_condition(step: str | None) -> str:
	return f"doc.next_step == {step!r}" if step else "not doc.next_step"


def workflow_definition() -> dict:
	states = [{"state": DRAFT, "doc_status": "0", "allow_edit": CLAIM_RAISER_ROLES[0]}]
	for step, state in STEP_STATES.items():
		states.append({"state": state, "doc_status": "0", "allow_edit": step})
	states.append({"state": APPROVED, "doc_status": "1", "allow_edit": CS_MANAGER})
	states.append({"state": REJECTED, "doc_status": "1", "allow_edit": CS_MANAGER})
	transitions = []
	for role in CLAIM_RAISER_ROLES:
		for step in FULL_CHAIN:
			transitions.append(
				{
					"state": DRAFT,
					"action": SEND,
					"next_state": STEP_STATES[step],
					"allowed": role,
					"condition": step_condition(step),
				}
			)
	for index, step in enumerate(FULL_CHAIN):
		for later in (*FULL_CHAIN[index + 1 :], None):
			transitions.append(
				{
					"state": STEP_STATES[step],
					"action": APPROVE,
					"next_state": STEP_STATES[later] if later else APPROVED,
					"allowed": step,
					"allow_self_approval": 0,
					"condition": step_condition(later),
				}
			)
		transitions.append(
			{"state": STEP_STATES[step], "action": REJECT, "next_state": REJECTED, "allowed": step}
		)
	return {
		"doctype": "Workflow",
		"workflow_name": WORKFLOW,
		"document_type": CLAIM,
		"workflow_state_field": "workflow_state",
		"is_active": 1,
		"override_status": 1,
		"send_email_alert": 0,
		"states": states,
		"transitions": transitions,
	}


def ensure_claim_workflow() -> None:
	"""Create the workflow if missing; an existing one is kept as is, an administrator's edits and all
	(recrm/setup/install.py make_workflows). Its states and actions are fixtures."""
	if not frappe.db.exists("Workflow", WORKFLOW):
		frappe.get_doc(workflow_definition()).insert(ignore_permissions=True)


def remove_claim_workflow() -> None:
	"""Before uninstall: the workflow, its inbox entries, and the states and action only it used."""
	frappe.db.delete("Workflow Action", {"reference_doctype": CLAIM})
	if frappe.db.exists("Workflow", WORKFLOW):
		frappe.delete_doc("Workflow", WORKFLOW, force=True, ignore_permissions=True)
	used_states = set(frappe.get_all("Workflow Document State", pluck="state"))
	used_actions = set(frappe.get_all("Workflow Transition", pluck="action"))
	for state in OWN_STATES:
		if state not in used_states and frappe.db.exists("Workflow State", state):
			frappe.delete_doc("Workflow State", state, force=True, ignore_permissions=True)
	for action in OWN_ACTIONS:
		if action not in used_actions and frappe.db.exists("Workflow Action Master", action):
			frappe.delete_doc("Workflow Action Master", action, force=True, ignore_permissions=True)
	frappe.cache.hdel("workflow", CLAIM)


def claim_chain(doc) -> list[str]:
	return [step for step in (doc.required_steps or "").splitlines() if step]


def approved_steps(doc) -> list[str]:
	return [row.step for row in doc.step_log if row.action == APPROVE]


@frappe.whitelist()
def act_on_claim(claim: str, action: str):
	"""Apply a workflow action (Approve, Reject) to a claim, saying why when the user may not: the
	claim waits for another step, or the user's step is done. Frappe's own action does the rest."""
	doc = frappe.get_doc(CLAIM, claim)
	doc.check_permission("read")
	if doc.workflow_state in STEP_OF_STATE and action in (APPROVE, REJECT):
		with rule_errors(exc=ClaimApprovalError, title=_("Compensation Approval")):
			check_can_act(claim_chain(doc), approved_steps(doc), frappe.get_roles())
	return apply_workflow(doc, action)


# ---- late steps ----------------------------------------------------------------------------------


def remind_late_steps(now=None) -> dict:
	"""Every 15 minutes: a step past its deadline reminds its approvers once; a step still waiting
	some working days later escalates once (Service Settings). Only open steps of claims in
	approval are read, in one query; the level notified is kept on the step's row."""
	now = now or now_datetime()
	settings = service_settings.service_settings()
	calendar = service_settings.working_calendar(settings)
	thresholds = service_settings.step_escalation_thresholds(settings)
	escalate_to = settings.claim_escalation_role or VP_CUSTOMER_SERVICE
	claim, step = frappe.qb.DocType(CLAIM), frappe.qb.DocType("RE Compensation Step")
	rows = (
		frappe.qb.from_(step)
		.join(claim)
		.on(claim.name == step.parent)
		.select(
			step.name.as_("row"),
			step.parent.as_("claim"),
			step.step,
			step.entered_at,
			step.due_at,
			step.notified_level,
			claim.customer_name,
			claim.amount,
			claim.project,
		)
		.where(step.parenttype == CLAIM)
		.where(claim.docstatus == 0)
		.where(claim.approval_status == "Pending")
		.where(step.left_at.isnull())
		.where(step.due_at < now)
		.where(step.notified_level < len(thresholds))
		.run(as_dict=True)
	)
	counts = {"late_steps": len(rows), "reminders": 0, "escalations": 0}
	for row in rows:
		levels = sla.escalations_due(row.due_at, now, row.notified_level or 0, thresholds, calendar)
		if not levels:
			continue
		link = f'<a href="{get_url_to_form(CLAIM, row.claim)}">{escape_html(row.claim)}</a>'
		details = _("{0}: claim {1} of {2}, waiting for {3} since {4}, was due {5}.").format(
			escape_html(row.customer_name or ""),
			link,
			frappe.format_value(row.amount, {"fieldtype": "Currency"}),
			_(row.step),
			format_datetime(row.entered_at),
			format_datetime(row.due_at),
		)
		for level in levels:
			if level == 1:
				notify(
					users_with_role(row.step),
					_("A compensation claim is waiting for your approval past its deadline"),
					details,
					CLAIM,
					row.claim,
				)
				counts["reminders"] += 1
			else:
				notify(
					users_with_role(escalate_to),
					_("Escalated: a compensation claim is stuck at {0}").format(_(row.step)),
					details,
					CLAIM,
					row.claim,
				)
				counts["escalations"] += 1
		frappe.db.set_value(
			"RE Compensation Step", row.row, "notified_level", levels[-1], update_modified=False
		)
	return counts
