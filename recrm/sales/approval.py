"""Approval chains (审批链) for discounts and sales changes, run by Frappe Workflows.

A document that needs approval stores its chain — the roles that must approve it, lowest
authority first — in ``approval_chain``; the workflow's transition conditions read it, so the
workflow inbox and the workflow action e-mails offer each approver only the step that is theirs.
The workflow alone would not stop a direct ``submit`` or a hand-set state, so ``check_step`` checks
every move on the server: nobody skips a step of the chain, nobody approves beyond their authority,
and a document is submitted only once its chain is approved (``check_approved``).

Discount authority: a role's limit is in **Sales Settings** (``RE Discount Authority`` rows);
``recrm.core.contracts.approval_chain`` and ``can_approve`` decide. The requester is the
contract's advisor: the roles above the requester's own authority form the chain.

The workflows are made from ``workflow_definition`` by ``ensure_workflows`` when a site has none
of that name (at install; recrm/setup/install.py), never rebuilt: an administrator may change an
approval chain in the Workflow editor and a migrate keeps it. Their states and actions ship as
fixtures (recrm/fixtures/). ``remove_workflows`` removes them all on uninstall.
"""

import frappe
from frappe import _

from recrm.core import contracts as rules
from recrm.core.payment_schedule import percentage
from recrm.core.roles import AUTHORITY_ROLES, GENERAL_MANAGER, SALES_ADVISOR, SALES_MANAGER
from recrm.errors import SalesRuleError

DEFAULT_LIMITS = {SALES_ADVISOR: 2, SALES_MANAGER: 5, GENERAL_MANAGER: 100}

DRAFT = "Draft"
PENDING = {SALES_MANAGER: "Pending Sales Manager", GENERAL_MANAGER: "Pending General Manager"}
APPROVED = "Approved"
REJECTED = "Rejected"
CANCELLED = "Cancelled"
SIGNED = "Signed"
APPLIED = "Completed"

REQUEST, APPROVE, FORWARD, REJECT, REVISE = (
	"Request Approval",
	"Approve",
	"Forward to General Manager",
	"Reject",
	"Revise",
)
SIGN, APPLY = "Sign", "Complete"

# document type -> (workflow name, the submitted state and the action that reaches it)
WORKFLOWS = {
	"RE Contract": ("RE Contract Approval", SIGNED, SIGN),
	"RE Sales Change": ("RE Sales Change Approval", APPLIED, APPLY),
}
# Frappe's own states and actions (made at its install): never removed with recrm
FRAPPE_STATES = {"Pending", "Approved", "Rejected"}
FRAPPE_ACTIONS = {"Approve", "Reject", "Review"}
# moves into these states are the requester's own: no inbox entry, no e-mail (Frappe skips
# transitions into an optional state); approvers are asked only for the pending steps
QUIET_STATES = {DRAFT, PENDING[SALES_MANAGER], SIGNED, APPLIED, CANCELLED}


# --- authority --------------------------------------------------------------------------------------


def authority_limits() -> dict[str, float]:
	"""Each role's discount limit in percent, from Sales Settings (the defaults while it has none)."""
	rows = frappe.get_all(
		"RE Discount Authority",
		filters={"parenttype": "RE Sales Settings", "parentfield": "discount_authority"},
		fields=["role", "max_discount_percent"],
	)
	return {row.role: row.max_discount_percent or 0 for row in rows} or dict(DEFAULT_LIMITS)


def set_default_limits():
	"""Give Sales Settings the default limits (advisor 2 %, sales manager 5 %, general manager
	unlimited) when it has none; a limit already set is kept."""
	if frappe.db.exists(
		"RE Discount Authority", {"parenttype": "RE Sales Settings", "parentfield": "discount_authority"}
	):
		return
	settings = frappe.get_single("RE Sales Settings")
	for role, limit in DEFAULT_LIMITS.items():
		settings.append("discount_authority", {"role": role, "max_discount_percent": limit})
	settings.flags.ignore_permissions = True
	settings.save()


def discount_chain(discount_percent, requester: str) -> list[str]:
	"""The roles that must approve a discount asked by ``requester``, lowest first: none when the
	requester's own authority covers it, else the roles of the core's chain above the requester's."""
	limits = authority_limits()
	roles = set(frappe.get_roles(requester))
	if any(rules.can_approve(role, discount_percent, limits) for role in roles):
		return []
	own = max((percentage(limits[r]) for r in roles if r in limits and r != GENERAL_MANAGER), default=None)
	chain = rules.approval_chain(discount_percent, limits)
	return [
		role
		for role in chain
		if role in PENDING and (role == GENERAL_MANAGER or own is None or percentage(limits[role]) > own)
	]


def chain_text(chain: list[str]) -> str:
	return ", ".join(chain)


def chain_of(doc) -> list[str]:
	return [role.strip() for role in (doc.approval_chain or "").split(",") if role.strip()]


# --- the server-side check of every move ------------------------------------------------------------


def _throw(message: str):
	frappe.throw(message, exc=SalesRuleError, title=_("Approval"))


def check_step(doc, changed: bool = False, can_approve=None) -> str | None:
	"""Check the move of ``doc`` from its saved workflow state to the one it is being saved with.
	Returns the role that approved when the move is a final approval, else None.

	``changed``: the values the chain was decided on changed; allowed only while a draft.
	``can_approve(role)``: whether ``role`` may approve what the document asks (the discount)."""
	before = doc.get_doc_before_save()
	old = (before and before.get("workflow_state")) or DRAFT
	new = doc.get("workflow_state") or DRAFT
	chain = chain_of(doc)
	if old == new:
		if changed and old not in (DRAFT, REJECTED):
			_throw(
				_("{0} is {1}: revise it back to a draft before changing what was approved.").format(
					doc.label, _(old)
				)
			)
		return None
	if doc.docstatus != 0 or new in (SIGNED, APPLIED, CANCELLED):
		return None  # submitting and cancelling: checked by check_approved and the controllers
	if changed and new != DRAFT:
		_throw(_("{0} changed: it goes back to a draft and asks for approval again.").format(doc.label))
	if new == DRAFT:
		if old not in (APPROVED, REJECTED):
			_throw(_("{0} is {1}: it cannot go back to a draft now.").format(doc.label, _(old)))
		return None
	if old in (DRAFT,):
		if not chain:
			_throw(_("{0} needs no approval: sign it directly.").format(doc.label))
		expected = PENDING[chain[0]]
		if new != expected:
			_throw(
				_("{0} must first be approved by {1}: it cannot go to {2}.").format(
					doc.label, _(chain[0]), _(new)
				)
			)
		return None
	role = next((r for r, state in PENDING.items() if state == old), None)
	if role is None:
		_throw(_("{0} is {1}: it cannot go to {2}.").format(doc.label, _(old), _(new)))
	if role not in frappe.get_roles():
		_throw(_("Only a user with role {0} acts on {1} while it is {2}.").format(_(role), doc.label, _(old)))
	if new == REJECTED:
		return None
	rest = chain[chain.index(role) + 1 :] if role in chain else []
	if new == APPROVED:
		if rest or (can_approve and not can_approve(role)):
			_throw(
				_("{0} is beyond the authority of {1}: forward it to {2}.").format(
					doc.label, _(role), _(rest[0] if rest else GENERAL_MANAGER)
				)
			)
		return role
	if not rest or new != PENDING[rest[0]]:
		_throw(_("{0} is {1}: it cannot go to {2}.").format(doc.label, _(old), _(new)))
	return None


def check_approved(doc):
	"""Before submit: a document with a chain is submitted only from Approved."""
	if not chain_of(doc):
		return
	before = doc.get_doc_before_save()
	state = before and before.get("workflow_state")
	if state != APPROVED:
		_throw(
			_("{0} needs the approval of {1} before it takes effect. Request approval first.").format(
				doc.label, ", ".join(_(r) for r in chain_of(doc))
			)
		)


# --- the workflows ----------------------------------------------------------------------------------


def _transitions(done_state: str, done_action: str, requesters: tuple[str, ...]) -> list[dict]:
	gm_needed = f'"{GENERAL_MANAGER}" in (doc.approval_chain or "")'
	first_sm = f'(doc.approval_chain or "").startswith("{SALES_MANAGER}")'
	first_gm = f'(doc.approval_chain or "").startswith("{GENERAL_MANAGER}")'
	rows = []

	def add(state, action, next_state, roles, condition=None, self_approval=1):
		for role in roles:
			rows.append(
				{
					"state": state,
					"action": action,
					"next_state": next_state,
					"allowed": role,
					"condition": condition,
					"allow_self_approval": self_approval,
				}
			)

	add(DRAFT, done_action, done_state, AUTHORITY_ROLES, "not doc.approval_chain")
	add(DRAFT, REQUEST, PENDING[SALES_MANAGER], requesters, first_sm)
	add(DRAFT, REQUEST, PENDING[GENERAL_MANAGER], requesters, first_gm)
	add(PENDING[SALES_MANAGER], APPROVE, APPROVED, (SALES_MANAGER,), f"not ({gm_needed})", 0)
	add(PENDING[SALES_MANAGER], FORWARD, PENDING[GENERAL_MANAGER], (SALES_MANAGER,), gm_needed, 0)
	add(PENDING[SALES_MANAGER], REJECT, REJECTED, (SALES_MANAGER,), None, 0)
	add(PENDING[GENERAL_MANAGER], APPROVE, APPROVED, (GENERAL_MANAGER,), None, 0)
	add(PENDING[GENERAL_MANAGER], REJECT, REJECTED, (GENERAL_MANAGER,), None, 0)
	add(APPROVED, done_action, done_state, AUTHORITY_ROLES)
	add(APPROVED, REVISE, DRAFT, requesters)
	add(REJECTED, REVISE, DRAFT, requesters)
	return rows


def workflow_definition(document_type: str) -> dict:
	name, done_state, done_action = WORKFLOWS[document_type]
	requesters = (SALES_ADVISOR, SALES_MANAGER)
	states = [
		(DRAFT, 0, SALES_ADVISOR),
		(PENDING[SALES_MANAGER], 0, SALES_MANAGER),
		(PENDING[GENERAL_MANAGER], 0, GENERAL_MANAGER),
		(APPROVED, 0, SALES_ADVISOR),
		(REJECTED, 0, SALES_ADVISOR),
		(done_state, 1, SALES_MANAGER),
		(CANCELLED, 2, SALES_MANAGER),
	]
	return {
		"doctype": "Workflow",
		"workflow_name": name,
		"document_type": document_type,
		"workflow_state_field": "workflow_state",
		"is_active": 1,
		"send_email_alert": 1,
		"override_status": 1,
		"states": [
			{
				"state": s,
				"doc_status": str(d),
				"allow_edit": role,
				"is_optional_state": int(s in QUIET_STATES),
			}
			for s, d, role in states
		],
		"transitions": _transitions(done_state, done_action, requesters),
	}


def ensure_workflows():
	"""Create recrm's workflows that the site lacks; one it has is left as it is, an administrator's
	edits and all (recrm/setup/install.py make_workflows). Their states and actions are fixtures."""
	for document_type in WORKFLOWS:
		if not frappe.db.exists("DocType", document_type):
			continue
		definition = workflow_definition(document_type)
		if not frappe.db.exists("Workflow", definition["workflow_name"]):
			frappe.get_doc(definition).insert(ignore_permissions=True)


def remove_workflows():
	"""Remove recrm's workflows, their pending actions, and the states and actions nothing else uses."""
	states, actions = set(), set()
	for document_type, (name, _done, _action) in WORKFLOWS.items():
		definition = workflow_definition(document_type)
		states |= {row["state"] for row in definition["states"]}
		actions |= {row["action"] for row in definition["transitions"]}
		frappe.db.delete("Workflow Action", {"reference_doctype": document_type})
		if frappe.db.exists("Workflow", name):
			frappe.delete_doc("Workflow", name, force=True, ignore_permissions=True)
	for state in states - FRAPPE_STATES:
		used = frappe.db.exists("Workflow Document State", {"state": state}) or frappe.db.exists(
			"Workflow Transition", {"next_state": state}
		)
		if not used and frappe.db.exists("Workflow State", state):
			frappe.delete_doc("Workflow State", state, force=True, ignore_permissions=True)
	for action in actions - FRAPPE_ACTIONS:
		if not frappe.db.exists("Workflow Transition", {"action": action}) and frappe.db.exists(
			"Workflow Action Master", action
		):
			frappe.delete_doc("Workflow Action Master", action, force=True, ignore_permissions=True)


def leftovers() -> list[str]:
	found = [f"Workflow: {name}" for name, _s, _a in WORKFLOWS.values() if frappe.db.exists("Workflow", name)]
	found += [
		f"Workflow Action: {name}"
		for name in frappe.get_all(
			"Workflow Action", filters={"reference_doctype": ("in", list(WORKFLOWS))}, pluck="name"
		)
	]
	return found
