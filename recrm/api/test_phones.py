import frappe
from frappe.tests.utils import FrappeTestCase
from frappe.utils import add_days, nowdate

from recrm.api.phones import get_full_phones
from recrm.tests.factories import make_customer, make_project, make_user

SAVEPOINT = "full_phones"


class TestFullPhones(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		# users are slow to make: once for the class, each test rolls back to after them
		cls.owner = make_user("phones-owner@recrm.test", ["RE Sales Advisor"])
		cls.advisor = make_user("phones-advisor@recrm.test", ["RE Sales Advisor"])
		cls.manager = make_user("phones-manager@recrm.test", ["RE Sales Manager"])
		cls.cs_manager = make_user("phones-cs@recrm.test", ["RE Customer Service Manager"])
		cls.engineer = make_user("phones-engineer@recrm.test", ["RE Engineering"])
		frappe.db.savepoint(SAVEPOINT)

	def setUp(self):
		project = make_project().name
		self.theirs = make_customer(
			phone="13800138000",
			advisors=[
				{"project": project, "advisor": self.owner, "protected_until": add_days(nowdate(), -1)}
			],
		).name
		self.protected = make_customer(
			phone="13800138001",
			advisors=[{"project": project, "advisor": self.owner, "protected_until": add_days(nowdate(), 5)}],
		).name
		self.mine = make_customer(
			phone="13911112222",
			advisors=[
				{"project": project, "advisor": self.advisor, "protected_until": add_days(nowdate(), 5)}
			],
		).name
		self.all = [self.theirs, self.protected, self.mine]

	def tearDown(self):
		frappe.set_user("Administrator")
		frappe.db.rollback(save_point=SAVEPOINT)

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
