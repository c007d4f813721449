# Copyright (c) 2026, recrm developers and contributors
# For license information, please see license.txt

import frappe
from frappe.tests.utils import FrappeTestCase
from frappe.utils import add_days, nowdate

from recrm.tests.factories import make_customer, make_project, make_user, random_mobile
from recrm.utils import DuplicateCustomerError, SalesRuleError


class TestRECustomer(FrappeTestCase):
	def tearDown(self):
		frappe.set_user("Administrator")
		frappe.db.rollback()

	def test_phones_are_stored_normalised_with_their_tail(self):
		customer = make_customer(phone="+86 138 0013 8000")
		row = customer.phones[0]
		self.assertEqual(row.normalised_phone, "+8613800138000")
		self.assertEqual(row.phone_tail, "8000")
		self.assertEqual(customer.primary_phone, "+8613800138000")
		self.assertEqual(customer.lifecycle_stage, "Prospect")

	def test_a_phone_in_another_format_is_refused_naming_the_existing_customer(self):
		existing = make_customer(phone="13800138000", full_name="王先生")
		with self.assertRaises(DuplicateCustomerError) as error:
			make_customer(phone="138-0013-8000")
		self.assertIn(existing.name, str(error.exception))
		self.assertIn(f"/app/re-customer/{existing.name}", str(error.exception))
		with self.assertRaises(DuplicateCustomerError):
			make_customer(
				phones=[{"phone": random_mobile(), "is_primary": 1}, {"phone": "+86 138 0013 8000"}]
			)

	def test_a_wechat_id_already_used_is_refused(self):
		existing = make_customer(wechat_id="wx_wang_2026")
		with self.assertRaises(DuplicateCustomerError) as error:
			make_customer(wechat_id=" wx_wang_2026 ")
		self.assertIn(existing.name, str(error.exception))
		# no WeChat id at all is no duplicate
		make_customer()
		make_customer()

	def test_exactly_one_phone_is_primary(self):
		with self.assertRaises(SalesRuleError):
			make_customer(
				phones=[
					{"phone": random_mobile(), "is_primary": 1},
					{"phone": random_mobile(), "is_primary": 1},
				]
			)
		with self.assertRaises(SalesRuleError):
			make_customer(phones=[{"phone": random_mobile()}, {"phone": random_mobile()}])
		single = make_customer(phones=[{"phone": random_mobile()}])
		self.assertEqual(single.phones[0].is_primary, 1)

	def test_a_malformed_phone_is_refused(self):
		with self.assertRaises(SalesRuleError) as error:
			make_customer(phone="138 0013")
		self.assertIn("138 0013", str(error.exception))

	def test_a_contact_is_created_with_the_primary_phone(self):
		customer = make_customer(phone="13911112222", email="wang@example.com")
		contact = frappe.get_doc("Contact", customer.contact)
		self.assertEqual(contact.phone_nos[0].phone, "+8613911112222")
		self.assertEqual(contact.email_id, "wang@example.com")

	def test_a_customer_can_be_deleted_with_its_contact(self):
		customer = make_customer()
		contact = customer.contact
		frappe.delete_doc("RE Customer", customer.name)
		self.assertFalse(frappe.db.exists("RE Customer", customer.name))
		self.assertFalse(frappe.db.exists("Contact", contact))

	def test_the_stage_cannot_be_typed(self):
		customer = make_customer()
		customer.lifecycle_stage = "Owner"
		with self.assertRaises(SalesRuleError):
			customer.save()

	def test_an_advisor_does_not_list_another_advisors_protected_customers(self):
		project = make_project().name
		me = make_user("customer-advisor-a@recrm.test", ["RE Sales Advisor"])
		other = make_user("customer-advisor-b@recrm.test", ["RE Sales Advisor"])
		protected = make_customer(
			advisors=[{"project": project, "advisor": other, "protected_until": add_days(nowdate(), 10)}]
		)
		lapsed = make_customer(
			advisors=[{"project": project, "advisor": other, "protected_until": add_days(nowdate(), -1)}]
		)
		mine = make_customer(
			advisors=[{"project": project, "advisor": me, "protected_until": add_days(nowdate(), 10)}]
		)
		pool = make_customer()
		manager = make_user("customer-manager@recrm.test", ["RE Sales Manager"])
		frappe.set_user(me)
		names = set(frappe.get_list("RE Customer", pluck="name", limit=0))
		self.assertNotIn(protected.name, names)
		self.assertTrue({lapsed.name, mine.name, pool.name} <= names)
		self.assertFalse(frappe.has_permission("RE Customer", "read", doc=protected.name))
		self.assertTrue(frappe.has_permission("RE Customer", "read", doc=mine.name))
		frappe.set_user(manager)
		self.assertIn(protected.name, frappe.get_list("RE Customer", pluck="name", limit=0))
