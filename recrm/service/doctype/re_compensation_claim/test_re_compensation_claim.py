# Copyright (c) 2026, recrm developers and contributors
# For license information, please see license.txt

from datetime import timedelta

import frappe
from frappe.model.workflow import WorkflowTransitionError, apply_workflow
from frappe.utils import get_datetime

from recrm.core.compensation import FULL_CHAIN
from recrm.core.roles import COST_AUDIT, CS_MANAGER, ENGINEERING, FINANCE, VP_CUSTOMER_SERVICE
from recrm.errors import ClaimApprovalError, ServiceRuleError
from recrm.service.compensation import act_on_claim, remind_late_steps
from recrm.tests.cases import StaffTestCase
from recrm.tests.factories import (
	emails_muted,
	forget_service_settings,
	make_claim,
	make_complaint,
	make_project,
	set_service_settings,
)

CLAIM = "RE Compensation Claim"


class TestRECompensationClaim(StaffTestCase):
	STAFF_PREFIX = "claim"
	STAFF = ("cs_agent", "project_gm", "other_project_gm")

	@classmethod
	def setUpClass(cls):
		cls.addClassCleanup(forget_service_settings)  # runs last: after the rollback
		super().setUpClass()  # rolls back what the class made when it is done
		cls.enterClassContext(emails_muted())  # sending would commit and end each test's savepoint
		cls.agent = cls.cs_agent
		# one user per step of the chain, named after the role
		cls.approver = cls.staff_by_role(*FULL_CHAIN)
		set_service_settings(
			claim_thresholds=[
				{"max_amount": 5000, "steps": 4},
				{"max_amount": 50000, "steps": 5},
				{"max_amount": 200000, "steps": 6},
			],
			step_deadline_days=2,
			step_escalate_after_days=1,
			claim_escalation_role=VP_CUSTOMER_SERVICE,
		)
		cls.complaint = make_complaint().name

	def setUp(self):
		frappe.db.savepoint("claim_test")

	def tearDown(self):  # the class's records stay for the next test
		frappe.set_user("Administrator")
		frappe.db.rollback(save_point="claim_test")

	def raise_claim(self, amount) -> str:
		frappe.set_user(self.agent)
		name = make_claim(self.complaint, amount=amount).name
		apply_workflow(frappe.get_doc(CLAIM, name), "Send for Approval")
		frappe.set_user("Administrator")
		return name

	def act(self, role: str, claim: str, action: str = "Approve"):
		frappe.set_user(self.approver[role])
		try:
			return apply_workflow(frappe.get_doc(CLAIM, claim), action)
		finally:
			frappe.set_user("Administrator")

	def state(self, claim: str) -> tuple:
		return frappe.db.get_value(CLAIM, claim, ["workflow_state", "approval_status", "docstatus"])

	# ---- amount and chain --------------------------------------------------------------------

	def test_a_claim_of_zero_or_less_is_refused(self):
		for amount in (0, -500):
			with self.assertRaisesRegex(ServiceRuleError, "more than zero"):
				make_claim(self.complaint, amount=amount)

	def test_the_chain_follows_the_amount(self):
		for amount, steps in ((3000, 4), (5000, 4), (5000.01, 5), (100000, 6), (300000, 7)):
			claim = make_claim(self.complaint, amount=amount)
			self.assertEqual(claim.required_steps.splitlines(), list(FULL_CHAIN[:steps]), amount)
			self.assertEqual(claim.next_step, FULL_CHAIN[0])
			self.assertEqual(claim.approval_status, "Draft")

	# ---- the chain with real users -----------------------------------------------------------

	def test_the_full_chain_approved_by_each_role_in_turn(self):
		claim = self.raise_claim(300000)
		self.assertEqual(self.state(claim), ("Awaiting CS Centre Manager", "Pending", 0))
		for index, role in enumerate(FULL_CHAIN):
			doc = frappe.get_doc(CLAIM, claim)
			self.assertEqual(doc.current_step, role)
			self.assertTrue(doc.step_due)
			self.act(role, claim)
			if index + 1 < len(FULL_CHAIN):
				self.assertEqual(frappe.db.get_value(CLAIM, claim, "current_step"), FULL_CHAIN[index + 1])
		self.assertEqual(self.state(claim), ("Approved", "Approved", 1))
		trail = frappe.get_doc(CLAIM, claim).step_log
		self.assertEqual([row.step for row in trail], list(FULL_CHAIN))
		self.assertEqual([row.acted_by for row in trail], [self.approver[r] for r in FULL_CHAIN])
		self.assertTrue(all(row.action == "Approve" and row.left_at >= row.entered_at for row in trail))
		# the inbox: nothing left open for this claim
		self.assertFalse(
			frappe.db.exists("Workflow Action", {"reference_name": claim, "status": "Open"}),
		)

	def test_a_small_claim_is_approved_after_finance(self):
		claim = self.raise_claim(3000)
		for role in FULL_CHAIN[:4]:
			self.act(role, claim)
		self.assertEqual(self.state(claim), ("Approved", "Approved", 1))
		self.assertEqual(len(frappe.get_doc(CLAIM, claim).step_log), 4)

	def test_the_inbox_offers_the_claim_to_the_current_step_only(self):
		claim = self.raise_claim(3000)
		roles = frappe.get_all(
			"Workflow Action Permitted Role",
			filters={
				"parent": (
					"in",
					frappe.get_all(
						"Workflow Action", filters={"reference_name": claim, "status": "Open"}, pluck="name"
					),
				)
			},
			pluck="role",
		)
		self.assertEqual(roles, [CS_MANAGER])

	def test_a_rejection_ends_the_claim(self):
		claim = self.raise_claim(100000)
		self.act(CS_MANAGER, claim)
		self.act(ENGINEERING, claim)
		self.act(COST_AUDIT, claim, "Reject")
		self.assertEqual(self.state(claim), ("Rejected", "Rejected", 1))
		last = frappe.get_doc(CLAIM, claim).step_log[-1]
		self.assertEqual(
			(last.step, last.action, last.acted_by),
			(COST_AUDIT, "Reject", self.approver[COST_AUDIT]),
		)
		with self.assertRaises(frappe.ValidationError):
			self.act(FINANCE, claim)

	def test_an_approval_by_the_wrong_role_or_out_of_order_is_refused_and_nothing_changes(self):
		claim = self.raise_claim(300000)
		before = frappe.get_doc(CLAIM, claim)
		finance = self.approver[FINANCE]
		frappe.set_user(finance)
		# Frappe's own action offers finance nothing yet
		with self.assertRaises(WorkflowTransitionError):
			apply_workflow(frappe.get_doc(CLAIM, claim), "Approve")
		# recrm's action says why
		with self.assertRaisesRegex(ClaimApprovalError, "waiting for"):
			act_on_claim(claim, "Approve")
		# and setting the state by hand is refused by the claim itself
		doc = frappe.get_doc(CLAIM, claim)
		doc.workflow_state = "Awaiting VP Customer Service"
		with self.assertRaisesRegex(ClaimApprovalError, "cannot approve before"):
			doc.save()
		frappe.set_user("Administrator")
		after = frappe.get_doc(CLAIM, claim)
		self.assertEqual(after.workflow_state, before.workflow_state)
		self.assertEqual(len(after.step_log), len(before.step_log))

		# the CS Centre Manager may not skip engineering either
		frappe.set_user(self.approver[CS_MANAGER])
		doc = frappe.get_doc(CLAIM, claim)
		doc.workflow_state = "Awaiting Finance"
		with self.assertRaisesRegex(ClaimApprovalError, "in order"):
			doc.save()
		frappe.set_user("Administrator")

		# once approved, the manager's step is done
		self.act(CS_MANAGER, claim)
		frappe.set_user(self.approver[CS_MANAGER])
		with self.assertRaisesRegex(ClaimApprovalError, "already approved"):
			act_on_claim(claim, "Approve")
		frappe.set_user("Administrator")
		self.assertEqual(self.state(claim), ("Awaiting Engineering", "Pending", 0))

	def test_the_settlement_is_fixed_once_in_approval(self):
		claim = self.raise_claim(3000)
		frappe.set_user(self.approver[CS_MANAGER])
		doc = frappe.get_doc(CLAIM, claim)
		doc.amount = 30000
		with self.assertRaisesRegex(ClaimApprovalError, "can no longer change"):
			doc.save()
		doc.reload()
		doc.approver_comment = "金额合理，同意。"
		doc.save()  # a comment on the step is fine
		frappe.set_user("Administrator")
		self.act(CS_MANAGER, claim)
		self.assertEqual(frappe.get_doc(CLAIM, claim).step_log[0].comment, "金额合理，同意。")

	def test_a_claim_cannot_be_submitted_around_the_chain(self):
		claim = self.raise_claim(3000)
		doc = frappe.get_doc(CLAIM, claim)
		with self.assertRaisesRegex(ClaimApprovalError, "not submitted directly"):
			doc.submit()

	# ---- deadlines ---------------------------------------------------------------------------

	def test_a_late_step_reminds_its_approver_then_escalates_once_each(self):
		vp = self.approver[VP_CUSTOMER_SERVICE]
		manager = self.approver[CS_MANAGER]
		claim = self.raise_claim(3000)
		due = get_datetime(frappe.db.get_value(CLAIM, claim, "step_due"))

		def alerts(user):
			return frappe.get_all(
				"Notification Log",
				filters={"for_user": user, "document_type": CLAIM, "document_name": claim, "type": "Alert"},
				pluck="subject",
			)

		remind_late_steps(now=due - timedelta(minutes=1))
		self.assertEqual(alerts(manager), [])
		remind_late_steps(now=due + timedelta(minutes=1))
		self.assertEqual(len(alerts(manager)), 1)
		self.assertEqual(alerts(vp), [])
		remind_late_steps(now=due + timedelta(hours=2))
		self.assertEqual(len(alerts(manager)), 1)
		remind_late_steps(now=due + timedelta(days=7))  # more than a working day late
		self.assertEqual(len(alerts(vp)), 1)
		self.assertIn("stuck", alerts(vp)[0])
		remind_late_steps(now=due + timedelta(days=8))
		self.assertEqual((len(alerts(manager)), len(alerts(vp))), (1, 1))
		# the next step starts its own clock
		self.act(CS_MANAGER, claim)
		self.assertEqual(frappe.get_doc(CLAIM, claim).step_log[-1].notified_level, 0)

	def test_a_project_gm_sees_the_claims_of_their_projects_only(self):
		gm, other = self.project_gm, self.other_project_gm
		mine = make_claim(make_complaint(project=make_project(project_gm=gm).name).name).name
		theirs = make_claim(make_complaint(project=make_project(project_gm=other).name).name).name
		self.assertIn(mine, frappe.get_list(CLAIM, pluck="name", user=gm))
		self.assertNotIn(theirs, frappe.get_list(CLAIM, pluck="name", user=gm))
		self.assertFalse(frappe.has_permission(CLAIM, "read", doc=theirs, user=gm))
		# an approver reads every claim
		self.assertTrue(frappe.has_permission(CLAIM, "read", doc=theirs, user=self.approver[FINANCE]))
