# Copyright (c) 2026, recrm developers and contributors
# For license information, please see license.txt

from datetime import timedelta

import frappe
from frappe.utils import add_days, getdate, now_datetime, nowdate

from recrm.errors import SalesRuleError
from recrm.tests.cases import StaffTestCase
from recrm.tests.factories import (
	make_building,
	make_customer,
	make_interaction,
	make_project,
	make_unit,
)


class TestREInteraction(StaffTestCase):
	STAFF_PREFIX = "interaction"
	STAFF = ("owner", "other_advisor", "advisor")

	def test_an_interaction_in_the_future_is_refused(self):
		with self.assertRaises(SalesRuleError):
			make_interaction(interaction_time=now_datetime() + timedelta(hours=1))
		# a clock a little ahead is tolerated
		make_interaction(interaction_time=now_datetime() + timedelta(minutes=2))

	def test_an_interaction_for_a_project_the_user_cannot_read_is_refused(self):
		mine, theirs = make_project().name, make_project().name
		customer = make_customer().name
		frappe.set_user(self.staff_limited_to("advisor", mine))
		with self.assertRaises(frappe.PermissionError):
			make_interaction(customer=customer, project=theirs)
		self.assertEqual(make_interaction(customer=customer, project=mine).advisor, frappe.session.user)

	def test_an_interaction_with_another_advisors_protected_customer_is_refused(self):
		project = make_project().name
		owner, other = self.owner, self.other_advisor
		customer = make_customer(
			advisors=[{"project": project, "advisor": owner, "protected_until": add_days(nowdate(), 10)}]
		).name
		frappe.set_user(other)
		with self.assertRaises(frappe.PermissionError):
			make_interaction(customer=customer, project=project)
		frappe.set_user(owner)
		make_interaction(customer=customer, project=project)

	def test_a_visit_makes_the_customer_interested_and_logs_it(self):
		customer = make_customer()
		make_interaction(customer=customer.name, kind="Visit")
		customer.reload()
		self.assertEqual(customer.lifecycle_stage, "Interested")
		self.assertEqual(len(customer.stage_log), 1)
		log = customer.stage_log[0]
		self.assertEqual((log.from_stage, log.to_stage, log.cause), ("Prospect", "Interested", "visit"))

	def test_two_calls_make_the_customer_interested(self):
		customer = make_customer().name
		make_interaction(customer=customer, kind="Incoming Call")
		self.assertEqual(frappe.db.get_value("RE Customer", customer, "lifecycle_stage"), "Prospect")
		make_interaction(customer=customer, kind="WeChat")
		self.assertEqual(frappe.db.get_value("RE Customer", customer, "lifecycle_stage"), "Interested")

	def test_an_interaction_refreshes_the_advisors_protection(self):
		project = make_project(protection_days=15).name
		advisor = self.advisor
		customer = make_customer().name
		frappe.set_user(advisor)
		make_interaction(customer=customer, project=project, interaction_time=add_days(now_datetime(), -10))
		frappe.set_user("Administrator")
		row = frappe.get_doc("RE Customer", customer).advisors[0]
		self.assertEqual((row.project, row.advisor), (project, advisor))
		self.assertEqual(getdate(row.protected_until), getdate(add_days(nowdate(), 5)))
		frappe.set_user(advisor)
		make_interaction(customer=customer, project=project)
		frappe.set_user("Administrator")
		row = frappe.get_doc("RE Customer", customer).advisors[0]
		self.assertEqual(getdate(row.protected_until), getdate(add_days(nowdate(), 15)))

	def test_units_shown_must_belong_to_the_project(self):
		building = make_building()
		unit = make_unit(building=building.name)
		with self.assertRaises(SalesRuleError):
			make_interaction(units_shown=[{"unit": unit.name}])
		shown = make_interaction(project=building.project, units_shown=[{"unit": unit.name}])
		self.assertEqual(shown.units_shown[0].unit, unit.name)
