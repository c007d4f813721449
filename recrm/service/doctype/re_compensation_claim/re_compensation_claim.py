# Copyright (c) 2026, recrm developers and contributors
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import flt, getdate, now_datetime

from recrm.core.compensation import approval_chain, check_can_act, claim_amount, current_step, step_due
from recrm.errors import ClaimApprovalError, ServiceRuleError, rule_errors
from recrm.service import settings as service_settings
from recrm.service.compensation import (
	APPROVE,
	APPROVED,
	DRAFT,
	REJECT,
	REJECTED,
	STEP_OF_STATE,
	STEP_STATES,
	approved_steps,
	claim_chain,
)
from recrm.workflow_guard import check_move

# what the approvers decide on: fixed once the claim is sent for approval
FROZEN_FIELDS = ("complaint", "kind", "amount", "months", "description", "agreed_on")


def same_value(fieldtype: str, a, b) -> bool:
	if fieldtype in ("Currency", "Int", "Float"):
		return flt(a) == flt(b)
	if fieldtype == "Date":
		return (getdate(a) if a else None) == (getdate(b) if b else None)
	return (a or "") == (b or "")


class RECompensationClaim(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		from recrm.service.doctype.re_compensation_step.re_compensation_step import RECompensationStep

		agreed_on: DF.Date | None
		amended_from: DF.Link | None
		amount: DF.Currency
		approval_status: DF.Literal["Draft", "Pending", "Approved", "Rejected"]
		approver_comment: DF.SmallText | None
		complaint: DF.Link
		current_step: DF.Link | None
		customer: DF.Link | None
		customer_name: DF.Data | None
		description: DF.SmallText
		kind: DF.Literal["Money", "Repair", "Rent-free Months", "Property Fee Waiver", "Gift", "Other"]
		months: DF.Int
		next_step: DF.Link | None
		project: DF.Link | None
		required_steps: DF.SmallText | None
		step_due: DF.Datetime | None
		step_entered_at: DF.Datetime | None
		step_log: DF.Table[RECompensationStep]
		workflow_state: DF.Link | None
	# end: auto-generated types

	def before_validate(self):
		self.set_from_complaint()
		self.set_chain()

	def validate(self):
		self.validate_frozen_during_approval()
		self.apply_transition()
		self.validate_approval_move()

	def before_update_after_submit(self):
		self.validate_approval_move()

	def before_submit(self):
		self.validate_decided()

	# ---- derived values ----------------------------------------------------------------------

	def set_from_complaint(self):
		values = frappe.db.get_value(
			"RE Complaint", self.complaint, ["customer", "customer_name", "project"], as_dict=True
		)
		if values:
			self.update(values)

	def set_chain(self):
		"""While a draft (and as it is sent), the chain follows the amount: the bands of Service
		Settings. Once sent, the chain is fixed."""
		before = self.get_doc_before_save()
		with rule_errors(exc=ServiceRuleError, title=_("Compensation Claim")):
			amount = claim_amount(self.amount)
			if before is not None and (before.workflow_state or DRAFT) != DRAFT:
				return
			chain = approval_chain(amount, service_settings.claim_thresholds())
		self.required_steps = "\n".join(chain)
		self.next_step = chain[0]
		self.current_step = None
		self.approval_status = "Draft"

	def apply_transition(self):
		"""A change of workflow state is a step acted on: the user must hold the step the claim
		waits for, and the claim moves to the next step of its own chain, none skipped (then
		validate_approval_move checks the move as every workflow's is checked)."""
		before = self.get_doc_before_save()
		old = (before.workflow_state if before else None) or DRAFT
		new = self.workflow_state or DRAFT
		if old == new:
			return
		chain = claim_chain(self)
		now = now_datetime()
		if old == DRAFT:
			self.check_next_state(new, chain[0])
			self.enter_step(chain[0], chain, now)
			self.approval_status = "Pending"
			return
		step = STEP_OF_STATE.get(old)
		if step is None:
			frappe.throw(
				_("This claim is already {0}; it cannot change any more.").format(_(old)),
				exc=ClaimApprovalError,
				title=_("Compensation Approval"),
			)
		approved = approved_steps(self)
		with rule_errors(exc=ClaimApprovalError, title=_("Compensation Approval")):
			acting = check_can_act(chain, approved, frappe.get_roles())
		if acting != step:
			frappe.throw(
				_(
					"The approval trail of this claim does not match its state. Ask a System Manager to check it."
				),
				exc=ClaimApprovalError,
			)
		row = self.open_row(step)
		row.left_at = now
		row.acted_by = frappe.session.user
		row.comment = self.approver_comment
		self.approver_comment = None
		if new == REJECTED:
			row.action = REJECT
			self.leave_chain("Rejected")
			return
		row.action = APPROVE
		following = current_step(chain, [*approved, step])
		self.check_next_state(new, following)
		if following:
			self.enter_step(following, chain, now)
		else:
			self.leave_chain("Approved")

	def check_next_state(self, new_state: str, step: str | None):
		expected = STEP_STATES[step] if step else APPROVED
		if new_state != expected:
			frappe.throw(
				_("A claim goes through its approval steps in order: it must go to {0}, not {1}.").format(
					_(expected), _(new_state)
				),
				exc=ClaimApprovalError,
				title=_("Compensation Approval"),
			)

	def enter_step(self, step: str, chain: list[str], now):
		settings = service_settings.service_settings()
		with rule_errors(exc=ServiceRuleError, title=_("Service Settings")):
			due = step_due(
				now,
				service_settings.working_calendar(settings),
				service_settings.step_deadline_days(settings),
			)
		self.append("step_log", {"step": step, "entered_at": now, "due_at": due, "notified_level": 0})
		self.current_step = step
		self.step_entered_at = now
		self.step_due = due
		index = chain.index(step)
		self.next_step = chain[index + 1] if index + 1 < len(chain) else None

	def leave_chain(self, status: str):
		self.approval_status = status
		self.current_step = None
		self.next_step = None
		self.step_due = None

	def open_row(self, step: str):
		for row in reversed(self.step_log):
			if row.step == step and not row.left_at:
				return row
		frappe.throw(
			_("Step {0} has no open entry in the approval trail.").format(_(step)), exc=ClaimApprovalError
		)

	# ---- checks ------------------------------------------------------------------------------

	def validate_approval_move(self):
		"""Every change of the state, by whatever route: a next state of the workflow, by the
		role of the step, not by whoever raised the claim (recrm.workflow_guard)."""
		check_move(
			self,
			raisers=(self.owner,),
			exc=ClaimApprovalError,
			record=_("Claim {0}").format(self.name) if not self.is_new() else _("The claim"),
		)

	def validate_frozen_during_approval(self):
		before = self.get_doc_before_save()
		if not before or (before.workflow_state or DRAFT) == DRAFT:
			return
		for field in FROZEN_FIELDS:
			if not same_value(self.meta.get_field(field).fieldtype, before.get(field), self.get(field)):
				frappe.throw(
					_(
						"The claim is in approval: {0} can no longer change. Reject it and raise a new claim."
					).format(_(self.meta.get_label(field))),
					exc=ClaimApprovalError,
					title=_("Compensation Approval"),
				)

	def validate_decided(self):
		if self.workflow_state not in (APPROVED, REJECTED):
			frappe.throw(
				_("A claim is decided through its approval steps, not submitted directly."),
				exc=ClaimApprovalError,
				title=_("Compensation Approval"),
			)
