import frappe
from frappe.utils import add_days, nowdate

from recrm.api.reception import lookup, register_visitor
from recrm.errors import SalesRuleError
from recrm.tests.cases import StaffTestCase
from recrm.tests.factories import make_customer, make_interaction, make_project, primary_number


class TestReception(StaffTestCase):
	STAFF_PREFIX = "reception"
	STAFF = ("owner", "other_advisor", "advisor", "cs_agent", "manager", "engineer")

	def test_lookup_finds_the_customer_however_the_phone_is_typed(self):
		customer = make_customer(phone="13800138000", impressions="wore a dark suit, came with a child")
		make_interaction(customer=customer.name, kind="Visit", next_follow_up_date=add_days(nowdate(), 2))
		for typed in ("+86 138 0013 8000", "138-0013-8000", "13800138000"):
			card = lookup(typed)
			self.assertTrue(card["found"], typed)
			self.assertEqual(card["name"], customer.name)
		self.assertEqual(card["phone"], "+8613800138000")
		self.assertEqual(card["impressions"], "wore a dark suit, came with a child")
		self.assertEqual(len(card["interactions"]), 1)
		self.assertEqual(len(card["follow_ups"]), 1)
		self.assertEqual(card["lifecycle_stage"], "Interested")

	def test_an_unknown_phone_is_not_found_and_a_bad_one_refused(self):
		self.assertEqual(lookup("13900001111"), {"found": False, "phone": "+8613900001111"})
		with self.assertRaises(SalesRuleError):
			lookup("12345")

	def test_another_advisor_sees_the_phone_masked(self):
		project = make_project().name
		owner, other = self.owner, self.other_advisor
		make_customer(
			phone="13800138000",
			advisors=[{"project": project, "advisor": owner, "protected_until": add_days(nowdate(), -1)}],
		)
		frappe.set_user(other)
		card = lookup("13800138000")
		self.assertEqual(card["phone"], "138****8000")
		self.assertTrue(card["phone_masked"])
		frappe.set_user(owner)
		self.assertEqual(lookup("138 0013 8000")["phone"], "+8613800138000")

	def test_customer_service_and_managers_see_the_full_phone(self):
		make_customer(phone="13800138000")
		users = [self.cs_agent, self.manager]
		for user in users:
			frappe.set_user(user)
			card = lookup("13800138000")
			self.assertEqual(card["phone"], "+8613800138000", user)
			self.assertFalse(card["phone_masked"], user)

	def test_a_customer_the_user_cannot_read_is_refused_without_revealing_it(self):
		project = make_project().name
		owner = self.owner
		customer = make_customer(
			phone="13800138000",
			full_name="李女士",
			advisors=[{"project": project, "advisor": owner, "protected_until": add_days(nowdate(), 10)}],
		)
		frappe.set_user(self.other_advisor)
		frappe.local.message_log = []
		with self.assertRaises(frappe.PermissionError) as error:
			lookup("13800138000")
		# neither the error nor any message sent along with it names the customer
		for said in (str(error.exception), str(frappe.local.message_log)):
			self.assertNotIn(customer.name, said)
			self.assertNotIn("李女士", said)

	def test_a_user_without_customer_access_is_refused(self):
		frappe.set_user(self.engineer)
		with self.assertRaises(frappe.PermissionError):
			lookup("13800138000")

	def test_register_visitor_creates_the_customer_and_the_first_visit(self):
		project = make_project().name
		advisor = self.advisor
		frappe.set_user(advisor)
		result = register_visitor(
			full_name="张先生", phone="139-1234-5678", project=project, impressions="came with a child"
		)
		frappe.set_user("Administrator")
		customer = frappe.get_doc("RE Customer", result["customer"])
		self.assertEqual(primary_number(customer.name), "+8613912345678")
		self.assertEqual(customer.lifecycle_stage, "Interested")
		self.assertEqual(customer.advisors[0].advisor, advisor)
		self.assertEqual(frappe.db.get_value("RE Interaction", result["interaction"], "kind"), "Visit")
