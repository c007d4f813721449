import frappe
from frappe.tests.utils import FrappeTestCase
from frappe.utils import add_days, nowdate

from recrm.api.phones import get_full_phones
from recrm.tests.cases import StaffTestCase
from recrm.tests.factories import make_owned_customer, make_project


class TestFullPhones(StaffTestCase):
	STAFF_PREFIX = "phones"
	STAFF = ("owner", "advisor", "manager", "cs_manager", "engineer")

	def setUp(self):
		project = make_project().name
		self.theirs = make_owned_customer(project, self.owner, -1, phone="13800138000").name
		self.protected = make_owned_customer(project, self.owner, 5, phone="13800138001").name
		self.mine = make_owned_customer(project, self.advisor, 5, phone="13911112222").name
		self.all = [self.theirs, self.protected, self.mine]

	def test_an_advisor_gets_the_numbers_of_their_own_customers_only(self):
		frappe.set_user(self.advisor)
		self.assertEqual(get_full_phones(self.all), {self.mine: "+8613911112222"})
		self.assertEqual(get_full_phones(frappe.as_json(self.all)), {self.mine: "+8613911112222"})
		frappe.set_user(self.owner)
		self.assertEqual(
			get_full_phones(self.all), {self.theirs: "+8613800138000", self.protected: "+8613800138001"}
		)

	def test_managers_and_customer_service_get_every_number(self):
		for user in (self.manager, self.cs_manager):
			frappe.set_user(user)
			self.assertEqual(set(get_full_phones(self.all)), set(self.all), user)

	def test_bad_input_and_users_without_customers_are_refused(self):
		frappe.set_user(self.advisor)
		with self.assertRaises(frappe.ValidationError):
			get_full_phones('{"name": "x"}')
		self.assertEqual(get_full_phones([]), {})
		frappe.set_user(self.engineer)
		with self.assertRaises(frappe.PermissionError):
			get_full_phones(self.all)

	def test_bad_lists_get_a_clear_refusal(self):
		frappe.set_user(self.advisor)
		for bad in ("not json", "[1, 2]", '["CUS-1", ""]', "null", '"CUS-1"', "[[]]"):
			with self.assertRaises(frappe.ValidationError) as refused:
				get_full_phones(bad)
			self.assertIn("list of customer IDs", str(refused.exception), bad)
		with self.assertRaises(frappe.ValidationError) as refused:
			get_full_phones([self.mine] * 501)
		self.assertIn("at most 500", str(refused.exception))
		# a name of no customer is left out like a customer the advisor may not see: nothing told
		self.assertEqual(
			get_full_phones([self.mine, "CUS-NOSUCH", self.protected]), {self.mine: "+8613911112222"}
		)
