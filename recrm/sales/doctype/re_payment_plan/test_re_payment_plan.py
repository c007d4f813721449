# Copyright (c) 2026, recrm developers and contributors
# For license information, please see license.txt

import frappe

from recrm.errors import SalesRuleError
from recrm.tests.cases import StaffTestCase
from recrm.tests.factories import make_payment_plan, make_project


class TestREPaymentPlan(StaffTestCase):
	STAFF_PREFIX = "plan"
	STAFF = ("manager", "advisor")

	def refused(self, instalments, method="Full Payment", **kwargs) -> str:
		with self.assertRaises(SalesRuleError) as error:
			make_payment_plan(make_project().name, method=method, instalments=instalments, **kwargs)
		return str(error.exception)

	def test_a_manager_makes_a_plan_for_a_project_or_for_every_project(self):
		frappe.set_user(self.manager)
		project = make_project().name
		plan = make_payment_plan(
			project,
			method="Instalments",
			instalments=[
				{"purpose": "Down Payment", "share_type": "Percentage", "value": 30, "days": 7},
				{"purpose": "Instalment", "share_type": "Fixed Amount", "value": 100_000, "days": 180},
				{
					"purpose": "Instalment",
					"share_type": "Percentage",
					"value": 20,
					"due_rule": "At a Construction Stage",
					"stage": "Topped Out",
					"days": 15,
				},
				{
					"purpose": "Balance",
					"share_type": "Remainder",
					"due_rule": "On a Date",
					"due_date": "2030-06-30",
				},
			],
		)
		self.assertEqual(plan.project, project)
		self.assertEqual(make_payment_plan(None).project, None)

	def test_values_a_rule_does_not_use_are_cleared(self):
		plan = make_payment_plan(
			None,
			instalments=[
				{"purpose": "Down Payment", "share_type": "Percentage", "value": 30, "stage": "Structure"},
				{
					"purpose": "Balance",
					"share_type": "Remainder",
					"value": 5,
					"due_rule": "On a Date",
					"due_date": "2030-01-01",
					"days": 9,
				},
			],
		)
		self.assertIsNone(plan.instalments[0].stage)
		self.assertEqual((plan.instalments[1].value, plan.instalments[1].days), (0, 0))

	def test_advisors_read_plans_but_do_not_make_them(self):
		plan = make_payment_plan(None).name
		frappe.set_user(self.advisor)
		self.assertTrue(frappe.has_permission("RE Payment Plan", "read", doc=plan))
		self.assertFalse(frappe.has_permission("RE Payment Plan", "create"))
		with self.assertRaises(frappe.PermissionError):
			make_payment_plan(None)

	def test_shares_that_do_not_cover_the_price_are_refused(self):
		message = self.refused(
			[
				{"purpose": "Down Payment", "share_type": "Percentage", "value": 30},
				{"purpose": "Balance", "share_type": "Percentage", "value": 60},
			]
		)
		self.assertIn("90", message)
		self.assertIn("Add a remainder instalment", message)

	def test_shares_above_100_are_refused(self):
		message = self.refused(
			[
				{"purpose": "Down Payment", "share_type": "Percentage", "value": 60},
				{"purpose": "Balance", "share_type": "Percentage", "value": 50},
			]
		)
		self.assertIn("110", message)

	def test_two_remainders_are_refused(self):
		self.assertIn(
			"Only one instalment",
			self.refused(
				[
					{"purpose": "Down Payment", "share_type": "Remainder"},
					{"purpose": "Balance", "share_type": "Remainder"},
				]
			),
		)

	def test_a_loan_plan_needs_a_remainder_for_the_down_payment(self):
		message = self.refused(
			[{"purpose": "Down Payment", "share_type": "Percentage", "value": 100}], method="Mortgage"
		)
		self.assertIn("remainder instalment", message)

	def test_a_stage_instalment_needs_its_stage_and_a_dated_one_its_date(self):
		self.assertIn(
			"name the stage",
			self.refused(
				[{"purpose": "Balance", "share_type": "Remainder", "due_rule": "At a Construction Stage"}]
			),
		)
		self.assertIn(
			"enter the date",
			self.refused([{"purpose": "Balance", "share_type": "Remainder", "due_rule": "On a Date"}]),
		)

	def test_a_fixed_amount_in_fractions_of_a_fen_is_refused(self):
		message = self.refused(
			[
				{"purpose": "Down Payment", "share_type": "Fixed Amount", "value": 1000.005},
				{"purpose": "Balance", "share_type": "Remainder"},
			]
		)
		self.assertIn("1000.005", message)

	def test_a_minimum_down_payment_above_100_percent_is_refused(self):
		self.assertIn("minimum down payment", self.refused(None, min_down_payment_percent=120))

	def test_refusals_are_translated(self):
		frappe.local.lang = "zh"
		try:
			message = self.refused(
				[
					{"purpose": "Down Payment", "share_type": "Percentage", "value": 60},
					{"purpose": "Balance", "share_type": "Percentage", "value": 50},
				]
			)
		finally:
			frappe.local.lang = "en"
		self.assertIn("超过了100%", message)
