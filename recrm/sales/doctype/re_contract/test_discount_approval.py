# Copyright (c) 2026, recrm developers and contributors
# For license information, please see license.txt

"""Discount authority (折扣权限) and its approval workflow, with real users per role."""

from unittest.mock import patch

import frappe
from frappe.model.workflow import WorkflowTransitionError, apply_workflow, get_transitions
from frappe.tests.utils import FrappeTestCase

from recrm.core.roles import SALES_ADVISOR, SALES_MANAGER
from recrm.errors import SalesRuleError
from recrm.sales import approval
from recrm.tests.cases import StaffTestCase
from recrm.tests.factories import (
	acting_as,
	make_contract,
)


class TestDiscountApproval(StaffTestCase):
	STAFF_PREFIX = "da"
	STAFF = ("advisor", "manager", "gm")

	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		approval.set_default_limits()
		approval.ensure_workflows()
		frappe.db.commit()
		# the workflow e-mail attaches the contract's print as a PDF; this bench has no wkhtmltopdf
		cls.attach_print = patch(
			"frappe.attach_print", return_value={"fname": "contract.pdf", "fcontent": b"%PDF-1.4"}
		)
		cls.attach_print.start()

	@classmethod
	def tearDownClass(cls):
		cls.attach_print.stop()
		super().tearDownClass()

	def setUp(self):
		self.set_up_sale()

	def draft(self, discount: float):
		frappe.set_user(self.advisor)
		return make_contract(
			unit=self.unit,
			buyers=[self.customer],
			payment_plan=self.plan,
			discount_type="Percentage",
			discount_value=discount,
			submit=False,
		)

	def act(self, user, contract, action):
		with acting_as(user):
			return apply_workflow(frappe.get_doc("RE Contract", contract.name), action)

	def actions(self, user, contract) -> set[str]:
		with acting_as(user):
			return {t.action for t in get_transitions(frappe.get_doc("RE Contract", contract.name))}

	def test_limits_default_to_2_5_and_unlimited(self):
		limits = approval.authority_limits()
		self.assertEqual(limits[SALES_ADVISOR], 2)
		self.assertEqual(limits[SALES_MANAGER], 5)

	def test_within_the_advisors_limit_the_advisor_signs_straight_away(self):
		contract = self.draft(1.5)
		self.assertFalse(contract.approval_chain)
		self.assertEqual(self.actions(self.advisor, contract), {"Sign"})
		signed = self.act(self.advisor, contract, "Sign")
		self.assertEqual(signed.docstatus, 1)
		self.assertEqual(signed.workflow_state, "Signed")
		self.assertEqual(frappe.db.get_value("RE Unit", self.unit, "status"), "Contracted")

	def test_beyond_the_advisor_the_sales_manager_approves_then_the_advisor_signs(self):
		contract = self.draft(4)
		self.assertEqual(contract.approval_chain, SALES_MANAGER)
		self.assertEqual(self.actions(self.advisor, contract), {"Request Approval"})
		frappe.set_user(self.advisor)
		with self.assertRaises(SalesRuleError):
			frappe.get_doc("RE Contract", contract.name).submit()
		frappe.set_user("Administrator")
		with patch("frappe.sendmail") as sendmail:
			self.act(self.advisor, contract, "Request Approval")
		self.assertEqual(
			frappe.db.get_value("RE Contract", contract.name, "workflow_state"), "Pending Sales Manager"
		)
		# the manager is asked by e-mail (Frappe's workflow action e-mail, with Approve and Reject)
		mailed = {r for call in sendmail.call_args_list for r in call.kwargs["recipients"]}
		self.assertIn(self.manager, mailed)
		self.assertNotIn(self.advisor, mailed)
		# the manager finds it in the workflow inbox
		self.assertTrue(
			frappe.db.exists(
				"Workflow Action",
				{
					"reference_name": contract.name,
					"status": "Open",
					"workflow_state": "Pending Sales Manager",
				},
			)
		)
		self.assertEqual(self.actions(self.manager, contract), {"Approve", "Reject"})
		self.act(self.manager, contract, "Approve")
		approved = frappe.get_doc("RE Contract", contract.name)
		self.assertEqual(approved.workflow_state, "Approved")
		self.assertEqual(approved.discount_approved_by, self.manager)
		signed = self.act(self.advisor, contract, "Sign")
		self.assertEqual(signed.docstatus, 1)

	def test_a_sales_manager_cannot_approve_beyond_5_percent_the_general_manager_can(self):
		contract = self.draft(8)
		self.assertEqual(contract.approval_chain, "RE Sales Manager, RE General Manager")
		self.act(self.advisor, contract, "Request Approval")
		self.assertEqual(self.actions(self.manager, contract), {"Forward to General Manager", "Reject"})
		with self.assertRaises(WorkflowTransitionError):
			self.act(self.manager, contract, "Approve")
		# nor by setting the state by hand
		frappe.set_user(self.manager)
		doc = frappe.get_doc("RE Contract", contract.name)
		doc.workflow_state = "Approved"
		with self.assertRaises(frappe.ValidationError):
			doc.save()
		frappe.set_user("Administrator")
		self.act(self.manager, contract, "Forward to General Manager")
		# the advisor cannot skip to signing, nor the manager approve in the general manager's place
		self.assertEqual(self.actions(self.advisor, contract), set())
		self.assertEqual(self.actions(self.manager, contract), set())
		self.act(self.gm, contract, "Approve")
		self.assertEqual(frappe.db.get_value("RE Contract", contract.name, "discount_approved_by"), self.gm)
		self.assertEqual(self.act(self.advisor, contract, "Sign").docstatus, 1)

	def test_no_step_is_skipped(self):
		contract = self.draft(8)
		frappe.set_user(self.advisor)
		doc = frappe.get_doc("RE Contract", contract.name)
		doc.workflow_state = "Pending General Manager"
		with self.assertRaises(frappe.ValidationError):
			doc.save()

	def test_a_rejected_discount_cannot_be_signed_and_goes_back_to_a_draft(self):
		contract = self.draft(4)
		self.act(self.advisor, contract, "Request Approval")
		self.act(self.manager, contract, "Reject")
		self.assertEqual(frappe.db.get_value("RE Contract", contract.name, "workflow_state"), "Rejected")
		self.assertEqual(self.actions(self.advisor, contract), {"Revise"})
		frappe.set_user(self.advisor)
		with self.assertRaises(SalesRuleError):
			frappe.get_doc("RE Contract", contract.name).submit()
		frappe.set_user("Administrator")
		self.act(self.advisor, contract, "Revise")
		frappe.set_user(self.advisor)
		doc = frappe.get_doc("RE Contract", contract.name)
		doc.discount_value = 2
		doc.save()
		self.assertFalse(doc.approval_chain)
		frappe.set_user("Administrator")
		self.assertEqual(self.act(self.advisor, contract, "Sign").docstatus, 1)

	def test_an_approved_discount_cannot_be_raised_afterwards(self):
		contract = self.draft(4)
		self.act(self.advisor, contract, "Request Approval")
		self.act(self.manager, contract, "Approve")
		frappe.set_user(self.advisor)
		doc = frappe.get_doc("RE Contract", contract.name)
		doc.discount_value = 4.5
		with self.assertRaises(SalesRuleError):
			doc.save()

	def test_the_general_managers_own_discount_needs_no_approval(self):
		frappe.set_user(self.gm)
		contract = make_contract(
			unit=self.unit,
			buyers=[self.customer],
			payment_plan=self.plan,
			discount_type="Percentage",
			discount_value=9,
			submit=False,
		)
		self.assertFalse(contract.approval_chain)
		contract.reload()
		contract.submit()
		self.assertEqual(contract.docstatus, 1)


class TestApprovalWorkflows(FrappeTestCase):
	def tearDown(self):
		frappe.db.rollback()

	def test_created_once_and_removed_cleanly(self):
		approval.ensure_workflows()
		modified = frappe.db.get_value("Workflow", "RE Contract Approval", "modified")
		approval.ensure_workflows()
		self.assertEqual(frappe.db.get_value("Workflow", "RE Contract Approval", "modified"), modified)
		workflow = frappe.get_doc("Workflow", "RE Contract Approval")
		self.assertTrue(workflow.send_email_alert)
		self.assertEqual(workflow.document_type, "RE Contract")
		approval.remove_workflows()
		self.assertEqual(approval.leftovers(), [])
		self.assertFalse(frappe.db.exists("Workflow State", "Pending Sales Manager"))
		# Frappe's own states and actions stay
		self.assertTrue(frappe.db.exists("Workflow Action Master", "Approve"))
