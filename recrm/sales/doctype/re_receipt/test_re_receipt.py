# Copyright (c) 2026, recrm developers and contributors
# For license information, please see license.txt

from decimal import Decimal

import frappe
from frappe.utils import add_days, getdate, nowdate

from recrm.errors import SalesRuleError
from recrm.sales.receivables import update_overdue_and_remind
from recrm.tests.cases import StaffTestCase
from recrm.tests.factories import (
	acting_as,
	make_building,
	make_contract,
	make_customer,
	make_payment_plan,
	make_project,
	make_receipt,
	make_unit,
)


def paid(contract) -> list[Decimal]:
	return [
		Decimal(str(row.paid)).quantize(Decimal("0.01"))
		for row in frappe.get_doc("RE Contract", contract).schedule
	]


class ReceiptTestCase(StaffTestCase):
	STAFF_PREFIX = "rct"
	STAFF = ("advisor", "other_advisor", "finance", "manager", "service")

	def setUp(self):
		self.project = make_project().name
		self.building = make_building(project=self.project).name
		self.customer = make_customer().name
		# 1,000,000: down payment 300,000 within 7 days, balance 700,000 after 30
		self.contract = self.sign().name

	def sign(self, signed_on=None, advisor=None, **kwargs):
		unit = make_unit(self.building).name
		plan = kwargs.pop("payment_plan", None) or make_payment_plan(self.project).name
		with acting_as(advisor or self.advisor):
			return make_contract(
				unit,
				buyers=kwargs.pop("buyers", [self.customer]),
				payment_plan=plan,
				signed_on=signed_on or nowdate(),
				**kwargs,
			)

	def receive(self, amount, user=None, contract=None, **kwargs):
		with acting_as(user or self.finance):
			return make_receipt(contract or self.contract, amount, **kwargs)

	def totals(self, contract=None):
		return frappe.db.get_value(
			"RE Contract",
			contract or self.contract,
			["status", "paid_amount", "outstanding_amount", "credit_balance"],
			as_dict=True,
		)


class TestReceipts(ReceiptTestCase):
	def test_a_partial_payment_goes_to_the_oldest_instalment(self):
		receipt = self.receive(120_000)
		self.assertEqual(
			[(a.schedule_row, a.purpose, a.amount) for a in receipt.allocations],
			[(1, "Down Payment", 120_000)],
		)
		self.assertEqual(paid(self.contract), [Decimal("120000.00"), Decimal("0.00")])
		row = frappe.get_doc("RE Contract", self.contract).schedule[0]
		self.assertEqual(row.outstanding, 180_000)
		self.assertEqual((self.totals().paid_amount, self.totals().outstanding_amount), (120_000, 880_000))

	def test_a_payment_spanning_instalments_fills_them_in_order(self):
		receipt = self.receive(500_000)
		self.assertEqual(
			[(a.schedule_row, a.amount) for a in receipt.allocations], [(1, 300_000), (2, 200_000)]
		)
		self.assertEqual(paid(self.contract), [Decimal("300000.00"), Decimal("200000.00")])

	def test_a_named_instalment_takes_the_money(self):
		self.receive(100_000, schedule_row=2)
		self.assertEqual(paid(self.contract), [Decimal("0.00"), Decimal("100000.00")])
		with self.assertRaises(SalesRuleError) as error:
			self.receive(100_000, schedule_row=3)
		self.assertIn("no row 3", str(error.exception))

	def test_more_than_is_due_is_refused_unless_held_as_credit(self):
		with self.assertRaises(SalesRuleError) as error:
			self.receive(1_000_000.01)
		self.assertIn("1,000,000.01", str(error.exception))
		self.assertIn("credit", str(error.exception))
		self.assertEqual(frappe.db.count("RE Receipt", {"contract": self.contract}), 0)
		receipt = self.receive(1_000_500, hold_as_credit=1)
		self.assertEqual(receipt.credit, 500)
		totals = self.totals()
		self.assertEqual(
			(totals.outstanding_amount, totals.credit_balance, totals.status), (0, 500, "Paid Up")
		)

	def test_paying_up_moves_the_buyer_on(self):
		self.receive(1_000_000)
		self.assertEqual(self.totals().status, "Paid Up")
		customer = frappe.get_doc("RE Customer", self.customer)
		self.assertEqual(
			(customer.lifecycle_stage, customer.stage_log[-1].cause),
			("Awaiting Handover", "contract_paid_up"),
		)

	def test_cancelling_a_receipt_takes_back_exactly_what_it_gave(self):
		first = self.receive(250_000)
		second = self.receive(750_100, hold_as_credit=1)
		self.assertEqual(self.totals().status, "Paid Up")
		frappe.set_user(self.finance)
		second.reload()
		second.cancel()
		frappe.set_user("Administrator")
		self.assertEqual(paid(self.contract), [Decimal("250000.00"), Decimal("0.00")])
		totals = self.totals()
		self.assertEqual((totals.status, totals.paid_amount, totals.credit_balance), ("Signed", 250_000, 0))
		frappe.set_user(self.finance)
		first.reload()
		first.cancel()
		frappe.set_user("Administrator")
		self.assertEqual(paid(self.contract), [Decimal("0.00"), Decimal("0.00")])

	def test_a_receipt_against_a_draft_contract_is_refused(self):
		draft = self.sign(submit=False)
		with self.assertRaises(SalesRuleError) as error:
			self.receive(10_000, contract=draft.name)
		self.assertIn("not signed", str(error.exception))

	def test_amounts_and_dates_that_make_no_sense_are_refused(self):
		for amount in (0, -5, 100.001):
			with self.assertRaises(SalesRuleError):
				self.receive(amount)
		with self.assertRaises(SalesRuleError):
			self.receive(1000, received_on=add_days(nowdate(), 1))
		with self.assertRaises(SalesRuleError) as error:
			self.receive(1000, received_on=add_days(nowdate(), -1))
		self.assertIn("before contract", str(error.exception))
		self.assertEqual(frappe.db.count("RE Receipt", {"contract": self.contract}), 0)
		self.assertEqual(self.totals().paid_amount, 0)

	def test_the_deposit_of_the_reservation_counts_as_paid(self):
		from recrm.tests.factories import make_reservation

		unit, plan = make_unit(self.building).name, make_payment_plan(self.project).name
		frappe.set_user(self.advisor)
		reservation = make_reservation(unit, self.customer, deposit=30_000)
		contract = make_contract(reservation=reservation.name, payment_plan=plan)
		frappe.set_user("Administrator")
		self.assertEqual(paid(contract.name), [Decimal("30000.00"), Decimal("0.00")])
		receipt = self.receive(270_000, contract=contract.name)
		self.assertEqual([(a.schedule_row, a.amount) for a in receipt.allocations], [(1, 270_000)])


class TestReceiptAccess(ReceiptTestCase):
	def test_finance_and_managers_record_receipts_advisors_and_service_read_them(self):
		self.assertTrue(self.receive(10_000, user=self.manager).name)
		receipt = self.receive(10_000)
		for user in (self.advisor, self.service):
			frappe.set_user(user)
			self.assertFalse(frappe.has_permission("RE Receipt", "create"), user)
			self.assertTrue(frappe.has_permission("RE Receipt", "read", doc=receipt.name), user)
		frappe.set_user("Administrator")
		with self.assertRaises(frappe.PermissionError):
			self.receive(10_000, user=self.advisor)

	def test_an_advisor_sees_only_the_receipts_of_their_contracts(self):
		mine = self.receive(10_000)
		other_contract = self.sign(advisor=self.other_advisor, buyers=[make_customer().name]).name
		theirs = self.receive(10_000, contract=other_contract)
		frappe.set_user(self.advisor)
		names = frappe.get_list("RE Receipt", pluck="name")
		self.assertIn(mine.name, names)
		self.assertNotIn(theirs.name, names)
		self.assertFalse(frappe.has_permission("RE Receipt", "read", doc=theirs.name))


class TestOverdue(ReceiptTestCase):
	def test_overdue_instalments_are_flagged_and_reminded_once_a_day(self):
		late = self.sign(signed_on=add_days(nowdate(), -20)).name  # down payment due 13 days ago
		self.receive(100_000, contract=late, received_on=add_days(nowdate(), -15))
		update_overdue_and_remind(commit=False)
		row = frappe.db.get_value(
			"RE Contract",
			late,
			["is_overdue", "overdue_amount", "days_overdue", "next_due_date"],
			as_dict=True,
		)
		self.assertEqual((row.is_overdue, row.overdue_amount, row.days_overdue), (1, 200_000, 13))
		self.assertEqual(getdate(row.next_due_date), getdate(add_days(nowdate(), -13)))
		self.assertEqual(frappe.db.get_value("RE Contract", self.contract, "is_overdue"), 0)

		reminders = lambda user: frappe.get_all(  # noqa: E731
			"Notification Log", filters={"for_user": user, "document_type": "RE Contract"}, pluck="subject"
		)
		self.assertEqual(len(reminders(self.advisor)), 1)
		self.assertEqual(len(reminders(self.finance)), 1)
		self.assertIn("1", reminders(self.advisor)[0])
		update_overdue_and_remind(commit=False)
		self.assertEqual(len(reminders(self.advisor)), 1)
		self.assertEqual(len(reminders(self.finance)), 1)

		# paid: no longer overdue
		self.receive(200_000, contract=late)
		self.assertEqual(frappe.db.get_value("RE Contract", late, "is_overdue"), 0)

	def test_finance_limited_to_a_project_hears_only_of_its_contracts(self):
		self.sign(signed_on=add_days(nowdate(), -20))
		elsewhere = self.staff_limited_to("finance", make_project().name, name="finance-elsewhere")
		update_overdue_and_remind(commit=False)
		self.assertFalse(
			frappe.db.exists("Notification Log", {"for_user": elsewhere, "document_type": "RE Contract"})
		)
