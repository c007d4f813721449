"""The approval of an area settlement or a delivery penalty, and its booking on the contract.

Both go Draft → Pending Approval → Approved (or Rejected) through a workflow made once when missing
(``ensure_workflows``); every change of state passes ``recrm.workflow_guard.check_move`` (role,
order, no self-approval: the one who drafted it or sent it for approval may not approve it).

On approval, in the same transaction as the state change (nothing half-written):

- a **charge** (the buyer pays an area difference) becomes an extra instalment on the contract's
  payment schedule, due ``charge_due_days`` after approval, and the contract's totals are refreshed;
  with ERPNext enabled the contract is synced (the new row is invoiced like every other);
- a **refund** or a **penalty** becomes credit held on the contract (``credit_balance``), the buyer's
  money as a receipt's excess is, to be used against what they owe or paid out; with ERPNext enabled
  a Journal Entry credits the customer's receivable.
"""

import frappe
from frappe import _
from frappe.utils import add_days, cint, flt, getdate, nowdate

from recrm.core import payment_schedule as ps
from recrm.core.roles import HANDOVER_MONEY_APPROVER_ROLES, HANDOVER_MONEY_RAISER_ROLES
from recrm.sales.receivables import refresh_contract
from recrm.sales.schedule import lock_contract, stored_schedule

DRAFT = "Draft"
PENDING = "Pending Approval"
APPROVED = "Approved"
REJECTED = "Rejected"
SEND = "Send for Approval"
APPROVE = "Approve"
REJECT = "Reject"
OPEN_STATES = (DRAFT, PENDING)
INSTALMENT = "Instalment"
CREDIT = "Credit"
WORKFLOWS = {
	"RE Area Settlement": "RE Area Settlement Approval",
	"RE Delivery Penalty": "RE Delivery Penalty Approval",
}


def workflow_labels() -> list[str]:
	return [_("Pending Approval"), _("Approved"), _("Rejected"), _("Approve"), _("Reject")]


def workflow_definition(doctype: str) -> dict:
	states = [
		{"state": DRAFT, "doc_status": "0", "allow_edit": HANDOVER_MONEY_RAISER_ROLES[0]},
		{"state": PENDING, "doc_status": "0", "allow_edit": HANDOVER_MONEY_APPROVER_ROLES[0]},
		{"state": APPROVED, "doc_status": "0", "allow_edit": HANDOVER_MONEY_APPROVER_ROLES[0]},
		{"state": REJECTED, "doc_status": "0", "allow_edit": HANDOVER_MONEY_APPROVER_ROLES[0]},
	]
	transitions = [
		{"state": DRAFT, "action": SEND, "next_state": PENDING, "allowed": role}
		for role in HANDOVER_MONEY_RAISER_ROLES
	]
	for role in HANDOVER_MONEY_APPROVER_ROLES:
		transitions.append(
			{
				"state": PENDING,
				"action": APPROVE,
				"next_state": APPROVED,
				"allowed": role,
				"allow_self_approval": 0,
			}
		)
		transitions.append(
			{
				"state": PENDING,
				"action": REJECT,
				"next_state": REJECTED,
				"allowed": role,
				"allow_self_approval": 0,
			}
		)
	return {
		"doctype": "Workflow",
		"workflow_name": WORKFLOWS[doctype],
		"document_type": doctype,
		"workflow_state_field": "workflow_state",
		"is_active": 1,
		"override_status": 1,
		"send_email_alert": 0,
		"states": states,
		"transitions": transitions,
	}


def ensure_workflows() -> None:
	"""Each workflow when missing; an existing one is kept as an administrator left it."""
	for doctype, name in WORKFLOWS.items():
		if not frappe.db.exists("Workflow", name):
			frappe.get_doc(workflow_definition(doctype)).insert(ignore_permissions=True)


def remove_workflows() -> None:
	"""Before uninstall: both workflows, their inbox entries, and the states and action that no
	workflow left on the site uses (Frappe's own stay)."""
	from recrm.sales.approval import FRAPPE_ACTIONS, FRAPPE_STATES

	states, actions = set(), set()
	for doctype, name in WORKFLOWS.items():
		definition = workflow_definition(doctype)
		states |= {row["state"] for row in definition["states"]}
		actions |= {row["action"] for row in definition["transitions"]}
		frappe.db.delete("Workflow Action", {"reference_doctype": doctype})
		if frappe.db.exists("Workflow", name):
			frappe.delete_doc("Workflow", name, force=True, ignore_permissions=True)
		frappe.cache.hdel("workflow", doctype)
	used_states = set(frappe.get_all("Workflow Document State", pluck="state"))
	used_states |= set(frappe.get_all("Workflow Transition", pluck="next_state"))
	used_actions = set(frappe.get_all("Workflow Transition", pluck="action"))
	for state in states - FRAPPE_STATES - used_states:
		if frappe.db.exists("Workflow State", state):
			frappe.delete_doc("Workflow State", state, force=True, ignore_permissions=True)
	for action in actions - FRAPPE_ACTIONS - used_actions:
		if frappe.db.exists("Workflow Action Master", action):
			frappe.delete_doc("Workflow Action Master", action, force=True, ignore_permissions=True)


def leftovers() -> list[str]:
	found = [f"Workflow: {name}" for name in WORKFLOWS.values() if frappe.db.exists("Workflow", name)]
	found += [
		f"Workflow Action: {name}"
		for name in frappe.get_all(
			"Workflow Action", filters={"reference_doctype": ("in", list(WORKFLOWS))}, pluck="name"
		)
	]
	return found


# ---- the controllers' part ----------------------------------------------------------------------


class MoneyApproval:
	"""Mixin of RE Area Settlement and RE Delivery Penalty: the checks of a state change and the
	booking on approval. ``FROZEN`` names the computed fields no save may change; ``booked_amount``
	returns (kind, amount)."""

	FROZEN: tuple[str, ...] = ()

	def stored_state(self) -> str | None:
		before = self.get_doc_before_save()
		return (before.workflow_state or DRAFT) if before else None

	def validate_approval(self):
		from recrm.workflow_guard import check_move

		before = self.get_doc_before_save()
		if before is not None:
			changed = [f for f in self.FROZEN if str(before.get(f) or "") != str(self.get(f) or "")]
			if changed or (before.workflow_state not in OPEN_STATES and self.has_value_changed("booked_on")):
				frappe.throw(
					_("{0} {1} is computed; it cannot be edited. Compute it again instead.").format(
						_(self.doctype), self.name
					),
					title=_("Approval"),
				)
		check_move(self, raisers=[self.owner, before.requested_by if before else None])
		state = self.workflow_state or DRAFT
		if before is not None and state != (before.workflow_state or DRAFT):
			if state == PENDING:
				self.requested_by = frappe.session.user
			elif state == APPROVED:
				self.approved_by = frappe.session.user
		self.active_contract = None if state == REJECTED else self.contract

	def on_update_book(self):
		before = self.get_doc_before_save()
		if self.workflow_state == APPROVED and before is not None and before.workflow_state != APPROVED:
			kind, amount = self.booked_amount()
			book(self, kind, amount)


def book(doc, kind: str, amount) -> None:
	"""Book an approved amount on its contract: ``INSTALMENT`` (the buyer pays) or ``CREDIT``."""
	amount = ps.money(flt(amount))
	today = getdate(nowdate())
	if amount > 0 and kind == INSTALMENT:
		add_instalment(
			doc.contract,
			amount,
			add_days(
				today, cint(frappe.db.get_single_value("RE Handover Settings", "charge_due_days")) or 30
			),
		)
	elif amount > 0:
		add_credit(doc.contract, amount)
	frappe.db.set_value(
		doc.doctype,
		doc.name,
		{"booked_on": today, "booked_as": kind if amount > 0 else None},
		update_modified=False,
	)
	doc.booked_on, doc.booked_as = today, kind if amount > 0 else None
	if amount > 0:
		post_to_erpnext(doc, kind, amount)


def add_instalment(contract: str, amount, due_date) -> str:
	lock_contract(contract)
	rows = stored_schedule(contract, for_update=True)
	row = frappe.get_doc(
		{
			"doctype": "RE Payment Schedule",
			"parent": contract,
			"parenttype": "RE Contract",
			"parentfield": "schedule",
			"idx": max((cint(r.idx) for r in rows), default=0) + 1,
			"purpose": INSTALMENT,
			"due_rule": "On a Date",
			"due_date": due_date,
			"amount": float(amount),
			"paid": 0,
			"outstanding": float(amount),
		}
	)
	row.db_insert()
	refresh_contract(contract)
	return row.name


def add_credit(contract: str, amount) -> None:
	held = flt(lock_contract(contract, ["credit_balance"]).credit_balance)
	frappe.db.set_value(
		"RE Contract",
		contract,
		"credit_balance",
		float(ps.money(held) + ps.money(amount)),
		update_modified=False,
	)


def post_to_erpnext(doc, kind: str, amount) -> None:
	"""With ERPNext enabled: a charge syncs the contract (its new row is invoiced); a credit is a
	Journal Entry crediting the customer's receivable against the income account."""
	from recrm.finance import erpnext

	if not erpnext.enabled():
		return
	if kind == INSTALMENT:
		erpnext.queue_sync(doc.contract, f"{doc.doctype}:{doc.name}")
		return
	books = erpnext.Books()
	customer = erpnext.ensure_customer(doc.customer, books) if doc.customer else None
	with erpnext.as_books_user():
		entry = frappe.get_doc(
			{
				"doctype": "Journal Entry",
				"company": books.company,
				"posting_date": nowdate(),
				"user_remark": f"{doc.doctype} {doc.name} ({doc.contract})",
				"accounts": [
					{
						"account": books.income,
						"debit_in_account_currency": float(amount),
						"cost_center": books.cost_center,
					},
					{
						"account": books.receivable,
						"credit_in_account_currency": float(amount),
						"party_type": "Customer",
						"party": customer,
					},
				],
			}
		)
		entry.insert(ignore_permissions=True)
		entry.submit()
	frappe.db.set_value(doc.doctype, doc.name, "erpnext_entry", entry.name, update_modified=False)


def settled(doctype: str, contract: str) -> bool | None:
	"""None: nothing to settle; True: approved and booked; False: waiting."""
	row = frappe.db.get_value(
		doctype, {"active_contract": contract}, ["workflow_state", "booked_on"], as_dict=True
	)
	if not row:
		return None
	return row.workflow_state == APPROVED and bool(row.booked_on)


def open_workflow_rows(doctype: str, contracts: list[str]) -> dict[str, dict]:
	"""The active records of ``contracts``: contract → {name, workflow_state}."""
	if not contracts:
		return {}
	return {
		r.active_contract: r
		for r in frappe.get_all(
			doctype,
			filters={"active_contract": ("in", contracts)},
			fields=["name", "active_contract", "workflow_state"],
		)
	}


def reserve_names(prefix: str, count: int) -> list[str]:
	"""``count`` names of the naming series ``prefix`` (e.g. "ASET-", five digits), in one locked
	update of the series instead of one per document."""
	if count <= 0:
		return []
	current = frappe.db.sql("select current from tabSeries where name=%s for update", prefix)
	if not current:
		frappe.db.sql("insert into tabSeries (name, current) values (%s, 0)", prefix)
		start = 0
	else:
		start = cint(current[0][0])
	frappe.db.sql("update tabSeries set current=%s where name=%s", (start + count, prefix))
	return [f"{prefix}{n:05d}" for n in range(start + 1, start + count + 1)]


def bulk_draft(doctype: str, prefix: str, rows: list[dict]) -> list[str]:
	"""Insert draft documents of ``doctype`` in bulk (``frappe.db.bulk_insert``): real documents,
	named from their series, docstatus 0, workflow state Draft, active for their contract."""
	if not rows:
		return []
	names = reserve_names(prefix, len(rows))
	now, user = frappe.utils.now(), frappe.session.user
	fields = [
		"name",
		"owner",
		"modified_by",
		"creation",
		"modified",
		"docstatus",
		"idx",
		"workflow_state",
		"active_contract",
		*rows[0],
	]
	values = [
		[name, user, user, now, now, 0, 0, DRAFT, row["contract"], *row.values()]
		for name, row in zip(names, rows, strict=True)
	]
	frappe.db.bulk_insert(doctype, fields, values)
	return names


def delete_drafts(doctype: str, names: list[str]) -> None:
	if names:
		frappe.db.delete(doctype, {"name": ("in", names), "workflow_state": DRAFT})
