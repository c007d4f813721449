# Copyright (c) 2026, recrm developers and contributors
# For license information, please see license.txt

import frappe
from frappe.tests.utils import FrappeTestCase
from frappe.utils import add_days, nowdate

from recrm.sales.report.receivables.receivables import execute
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


class TestReceivablesReport(StaffTestCase):
	STAFF_PREFIX = "recv"
	STAFF = ("advisor", "other_advisor", "finance")

	def setUp(self):
		self.set_up_sale()
		other_unit, other_customer = make_unit(self.building).name, make_customer().name
		with acting_as(self.advisor):
			self.late = make_contract(
				self.unit, [self.customer], payment_plan=self.plan, signed_on=add_days(nowdate(), -10)
			).name
		with acting_as(self.other_advisor):
			self.fresh = make_contract(other_unit, [other_customer], payment_plan=self.plan).name
		with acting_as(self.finance):
			make_receipt(self.late, 100_000)

	def run_as(self, user, **filters):
		frappe.set_user(user)
		try:
			columns, data, _message, chart, summary = execute({"project": self.project, **filters})
		finally:
			frappe.set_user("Administrator")
		return columns, {row["contract"]: row for row in data}, chart, summary

	def test_finance_sees_every_contract_of_the_project_with_what_is_overdue(self):
		columns, rows, chart, summary = self.run_as(self.finance)
		self.assertEqual(set(rows), {self.late, self.fresh})
		late = rows[self.late]
		self.assertEqual((late["total"], late["paid"], late["outstanding"]), (1_000_000, 100_000, 900_000))
		self.assertEqual((late["due"], late["overdue"], late["days_overdue"]), (200_000, 200_000, 3))
		self.assertEqual((rows[self.fresh]["due"], rows[self.fresh]["overdue"]), (0, 0))
		self.assertEqual(chart["type"], "bar")
		self.assertEqual(sum(chart["data"]["datasets"][0]["values"]), 2_000_000)
		self.assertEqual(summary[0]["value"], 2)
		self.assertIn("days_overdue", [c["fieldname"] for c in columns])

	def test_overdue_only_and_another_day(self):
		_columns, rows, _chart, _summary = self.run_as(self.finance, overdue_only=1)
		self.assertEqual(set(rows), {self.late})
		_columns, rows, _chart, _summary = self.run_as(self.finance, as_of=add_days(nowdate(), -5))
		self.assertEqual(rows[self.late]["overdue"], 0)

	def test_an_advisor_sees_only_their_contracts(self):
		_columns, rows, _chart, _summary = self.run_as(self.advisor)
		self.assertEqual(set(rows), {self.late})

	def test_a_user_limited_to_another_project_sees_nothing(self):
		elsewhere = self.staff_limited_to("finance", make_project().name, name="elsewhere")
		_columns, rows, chart, _summary = self.run_as(elsewhere)
		self.assertEqual(rows, {})
		self.assertIsNone(chart)
