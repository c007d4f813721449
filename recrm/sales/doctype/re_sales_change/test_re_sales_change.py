# Copyright (c) 2026, recrm developers and contributors
# For license information, please see license.txt

"""Sales changes (销售变更): cancellation, unit change and change of buyer, each approved by its
chain with real users before it takes effect, each leaving units, buyers and money right."""

from decimal import Decimal
from unittest.mock import patch

import frappe
from frappe.model.workflow import WorkflowTransitionError, apply_workflow, get_transitions

from recrm.core.roles import SALES_MANAGER
from recrm.errors import SalesRuleError, UnitStatusError
from recrm.sales import approval
from recrm.tests.cases import StaffTestCase
from recrm.tests.factories import (
	acting_as,
	make_contract,
	make_customer,
	make_receipt,
	make_reservation,
	make_sales_change,
	make_unit,
)


def money(value) -> Decimal:
	return Decimal(str(value)).quantize(Decimal("0.01"))


class TestSalesChange(StaffTestCase):
	STAFF_PREFIX = "sc"
	STAFF = ("advisor", "manager", "gm", "finance", "other_advisor")

	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		approval.set_default_limits()
		approval.ensure_workflows()
		frappe.db.commit()
		# the workflow e-mail attaches a PDF print; this bench has no wkhtmltopdf
		cls.attach_print = patch("frappe.attach_print", return_value={"fname": "x.pdf", "fcontent": b"%PDF"})
		cls.attach_print.start()

	@classmethod
	def tearDownClass(cls):
		cls.attach_print.stop()
		super().tearDownClass()

	def setUp(self):
		self.set_up_sale(unit={"floor": 1})
		self.other_unit = make_unit(self.building, floor=2, list_price=1_200_000).name
		with acting_as(self.advisor):
			reservation = make_reservation(self.unit, self.customer, deposit=50_000).name
			self.contract = make_contract(reservation=reservation, payment_plan=self.plan).name

	def request(self, kind, user=None, **kwargs):
		if kind == "Cancellation" and "refund_decision" not in kwargs:
			withheld = kwargs.get("forfeit_deposit") or kwargs.get("penalty_value")
			kwargs["refund_decision"] = (
				"Withhold Deposit or Penalty" if withheld else "Refund Everything Paid"
			)
		with acting_as(user or self.advisor):
			return make_sales_change(kwargs.pop("contract", self.contract), kind, "客户要求", **kwargs)

	def act(self, user, change, action):
		with acting_as(user):
			return apply_workflow(
				frappe.get_doc("RE Sales Change", change if isinstance(change, str) else change.name), action
			)

	def approve_all(self, change):
		self.act(self.advisor, change, "Request Approval")
		if "General Manager" in (change.approval_chain or ""):
			self.act(self.manager, change, "Forward to General Manager")
			self.act(self.gm, change, "Approve")
		else:
			self.act(self.manager, change, "Approve")
		return self.act(self.advisor, change, "Complete")

	def status_of(self, unit) -> str:
		return frappe.db.get_value("RE Unit", unit, "status")

	# --- cancellation 退房 -----------------------------------------------------------------------

	def test_cancellation_needs_manager_and_gm_then_refunds_frees_the_unit_and_revises_the_stage(self):
		make_receipt(self.contract, 250_000)  # 300,000 paid with the deposit
		change = self.request(
			"Cancellation", forfeit_deposit=50_000, penalty_type="Percentage", penalty_value=1
		)
		self.assertEqual(change.approval_chain, "RE Sales Manager, RE General Manager")
		self.assertEqual(money(change.refund_to_buyer), money(300_000 - 50_000 - 10_000))
		# not before approval, not by the manager alone
		frappe.set_user(self.advisor)
		with self.assertRaises(SalesRuleError):
			frappe.get_doc("RE Sales Change", change.name).submit()
		frappe.set_user("Administrator")
		self.act(self.advisor, change, "Request Approval")
		with self.assertRaises(WorkflowTransitionError):
			self.act(self.manager, change, "Approve")
		self.act(self.manager, change, "Forward to General Manager")
		self.act(self.gm, change, "Approve")
		done = self.act(self.advisor, change, "Complete")
		self.assertEqual(done.docstatus, 1)
		self.assertEqual(done.approved_by, self.gm)
		contract = frappe.get_doc("RE Contract", self.contract)
		self.assertEqual((contract.docstatus, contract.status, contract.active_unit), (2, "Cancelled", None))
		self.assertEqual(self.status_of(self.unit), "Available")
		self.assertEqual(
			frappe.db.get_value(
				"RE Unit Status Log", {"unit": self.unit, "reference_name": change.name}, "to_status"
			),
			"Available",
		)
		self.assertEqual(money(done.paid_amount), money(300_000))
		self.assertEqual(money(done.deposit_forfeited), money(50_000))
		self.assertEqual(money(done.penalty_amount), money(10_000))
		self.assertEqual(money(done.refund_to_buyer), money(240_000))
		self.assertEqual(
			money(done.refund_to_buyer)
			+ money(done.refund_to_lender)
			+ money(done.deposit_forfeited)
			+ money(done.penalty_amount),
			money(done.paid_amount),
		)
		self.assertNotEqual(
			frappe.db.get_value("RE Customer", self.customer, "lifecycle_stage"), "Contracted"
		)
		# the unit is free to be sold again
		frappe.set_user(self.advisor)
		make_reservation(self.unit, make_customer().name)

	def test_a_cancellation_with_money_paid_needs_a_refund_decision(self):
		with self.assertRaises(SalesRuleError) as refused:
			self.request("Cancellation", refund_decision="")
		self.assertIn(self.contract, str(refused.exception))
		with self.assertRaises(SalesRuleError):
			self.request("Cancellation", refund_decision="Withhold Deposit or Penalty")
		self.assertFalse(frappe.db.exists("RE Sales Change", {"contract": self.contract}))
		# refunding everything clears what would have been withheld
		change = self.request(
			"Cancellation", refund_decision="Refund Everything Paid", forfeit_deposit=50_000
		)
		self.assertEqual(money(change.forfeit_deposit), money(0))
		self.assertEqual(money(change.refund_to_buyer), money(50_000))

	def test_the_credit_a_contract_holds_is_refunded_on_cancellation(self):
		final = frappe.db.get_value("RE Contract", self.contract, "outstanding_amount")
		make_receipt(self.contract, money(final) + 1000, hold_as_credit=1)
		change = self.request("Cancellation")
		price = frappe.db.get_value("RE Contract", self.contract, "final_price")
		self.assertEqual(money(change.paid_amount), money(price) + 1000)
		done = self.approve_all(change)
		self.assertEqual(money(done.refund_to_buyer), money(price) + 1000)
		self.assertEqual(money(frappe.db.get_value("RE Contract", self.contract, "credit_balance")), 0)

	def test_a_rejected_cancellation_changes_nothing(self):
		change = self.request("Cancellation")
		self.act(self.advisor, change, "Request Approval")
		self.act(self.manager, change, "Reject")
		frappe.set_user(self.advisor)
		with self.assertRaises(SalesRuleError):
			frappe.get_doc("RE Sales Change", change.name).submit()
		frappe.set_user("Administrator")
		self.assertEqual(frappe.db.get_value("RE Contract", self.contract, "docstatus"), 1)
		self.assertEqual(self.status_of(self.unit), "Contracted")

	def test_no_change_on_a_draft_contract(self):
		frappe.set_user(self.advisor)
		draft = make_contract(
			unit=self.other_unit, buyers=[self.customer], payment_plan=self.plan, submit=False
		)
		frappe.set_user("Administrator")
		with self.assertRaises(SalesRuleError):
			self.request("Cancellation", contract=draft.name)

	def test_one_open_change_per_contract(self):
		self.request("Cancellation")
		with self.assertRaises(SalesRuleError):
			self.request("Unit Change", new_unit=self.other_unit, disclosures_acknowledged=1)

	def test_a_signed_contract_is_not_cancelled_by_the_cancel_button(self):
		with self.assertRaises(SalesRuleError):
			frappe.get_doc("RE Contract", self.contract).cancel()

	# --- unit change 换房 ------------------------------------------------------------------------

	def test_unit_change_moves_the_money_to_a_new_contract_and_swaps_the_units(self):
		make_receipt(self.contract, 250_000)
		change = self.request("Unit Change", new_unit=self.other_unit, disclosures_acknowledged=1)
		self.assertEqual(change.approval_chain, "RE Sales Manager, RE General Manager")
		done = self.approve_all(change)
		self.assertEqual(done.docstatus, 1)
		self.assertEqual(self.status_of(self.unit), "Available")
		self.assertEqual(self.status_of(self.other_unit), "Contracted")
		old = frappe.get_doc("RE Contract", self.contract)
		self.assertEqual((old.docstatus, old.active_unit), (2, None))
		new = frappe.get_doc("RE Contract", done.new_contract)
		self.assertEqual((new.docstatus, new.unit, new.active_unit), (1, self.other_unit, self.other_unit))
		self.assertEqual([b.customer for b in new.buyers], [self.customer])
		self.assertEqual(money(new.final_price), money(1_200_000))
		self.assertEqual(sum(money(r.amount) for r in new.schedule), money(1_200_000))
		self.assertEqual(sum(money(r.paid) for r in new.schedule), money(300_000))
		self.assertEqual(money(new.paid_amount), money(300_000))
		self.assertEqual(money(new.outstanding_amount), money(900_000))
		self.assertEqual(money(done.moved_amount), money(300_000))
		self.assertEqual(money(done.price_difference), money(200_000))
		self.assertEqual(money(done.to_pay), money(900_000))
		self.assertEqual(frappe.db.get_value("RE Customer", self.customer, "lifecycle_stage"), "Contracted")

	def test_no_unit_change_to_a_sold_unit(self):
		frappe.set_user(self.advisor)
		make_reservation(self.other_unit, make_customer().name)
		frappe.set_user("Administrator")
		with self.assertRaises(UnitStatusError):
			self.request("Unit Change", new_unit=self.other_unit, disclosures_acknowledged=1)

	def test_a_unit_sold_while_the_change_waited_is_refused_and_nothing_moves(self):
		change = self.request("Unit Change", new_unit=self.other_unit, disclosures_acknowledged=1)
		self.act(self.advisor, change, "Request Approval")
		self.act(self.manager, change, "Forward to General Manager")
		self.act(self.gm, change, "Approve")
		frappe.set_user(self.advisor)
		make_reservation(self.other_unit, make_customer().name)
		frappe.set_user("Administrator")
		frappe.db.savepoint("before_complete")
		with self.assertRaises(UnitStatusError):
			self.act(self.advisor, change, "Complete")
		frappe.db.rollback(save_point="before_complete")
		self.assertEqual(frappe.db.get_value("RE Contract", self.contract, "docstatus"), 1)
		self.assertEqual(self.status_of(self.unit), "Contracted")

	# --- change of buyer 更名 --------------------------------------------------------------------

	def test_change_of_buyer_adds_a_co_buyer_with_shares_of_100(self):
		spouse = make_customer().name
		change = self.request(
			"Change of Buyer",
			new_buyers=[{"customer": self.customer, "share": 60}, {"customer": spouse, "share": 40}],
		)
		self.assertEqual(change.approval_chain, SALES_MANAGER)
		frappe.set_user(self.advisor)
		self.assertEqual(
			{t.action for t in get_transitions(frappe.get_doc("RE Sales Change", change.name))},
			{"Request Approval"},
		)
		frappe.set_user("Administrator")
		done = self.approve_all(change)
		self.assertEqual(done.approved_by, self.manager)
		contract = frappe.get_doc("RE Contract", self.contract)
		self.assertEqual(
			[(b.customer, b.share) for b in contract.buyers], [(self.customer, 60), (spouse, 40)]
		)
		self.assertEqual(contract.docstatus, 1)
		self.assertEqual(self.status_of(self.unit), "Contracted")
		self.assertEqual(frappe.db.get_value("RE Customer", spouse, "lifecycle_stage"), "Contracted")
		self.assertIn(self.customer, done.previous_buyers)

	def test_removing_a_co_buyer(self):
		spouse = make_customer().name
		done = self.approve_all(
			self.request(
				"Change of Buyer",
				new_buyers=[{"customer": self.customer, "share": 50}, {"customer": spouse, "share": 50}],
			)
		)
		self.assertEqual(done.docstatus, 1)
		done = self.approve_all(
			self.request("Change of Buyer", new_buyers=[{"customer": spouse, "share": 100}])
		)
		self.assertEqual([b.customer for b in frappe.get_doc("RE Contract", self.contract).buyers], [spouse])
		self.assertNotEqual(
			frappe.db.get_value("RE Customer", self.customer, "lifecycle_stage"), "Contracted"
		)

	def test_shares_must_add_up_to_100(self):
		with self.assertRaises(SalesRuleError):
			self.request(
				"Change of Buyer",
				new_buyers=[
					{"customer": self.customer, "share": 60},
					{"customer": make_customer().name, "share": 30},
				],
			)

	def test_an_approved_change_cannot_be_altered(self):
		change = self.request("Cancellation", forfeit_deposit=10_000)
		self.act(self.advisor, change, "Request Approval")
		self.act(self.manager, change, "Forward to General Manager")
		self.act(self.gm, change, "Approve")
		frappe.set_user(self.advisor)
		doc = frappe.get_doc("RE Sales Change", change.name)
		doc.forfeit_deposit = 0
		with self.assertRaises(SalesRuleError):
			doc.save()

	def test_another_advisor_neither_sees_nor_requests_a_change_of_a_contract_not_theirs(self):
		change = self.request("Cancellation")
		frappe.set_user(self.other_advisor)
		self.assertNotIn(change.name, frappe.get_list("RE Sales Change", pluck="name"))
		self.assertFalse(frappe.has_permission("RE Sales Change", "read", doc=change.name))
		frappe.set_user(self.finance)
		self.assertIn(change.name, frappe.get_list("RE Sales Change", pluck="name"))
		frappe.set_user("Administrator")
		frappe.db.delete("RE Sales Change", {"name": change.name})
		with self.assertRaises(frappe.PermissionError):
			self.request("Cancellation", user=self.other_advisor)
