# Copyright (c) 2026, recrm developers and contributors
# For license information, please see license.txt

import frappe
from frappe.utils import add_days, getdate, nowdate

from recrm.errors import DuplicateCustomerError, SalesRuleError
from recrm.tests.cases import StaffTestCase
from recrm.tests.factories import (
	make_customer,
	make_interaction,
	make_project,
	phone_numbers,
	primary_number,
	random_mobile,
)


class TestRECustomer(StaffTestCase):
	STAFF_PREFIX = "customer"
	STAFF = ("advisor", "other_advisor", "manager")

	def test_phones_are_stored_normalised_with_their_tail(self):
		customer = make_customer(phone="+86 138 0013 8000")
		row = customer.phones[0]
		self.assertEqual(phone_numbers(customer.name), ["+8613800138000"])
		self.assertEqual((row.phone, row.masked_phone, row.phone_tail), (None, "138****8000", "8000"))
		self.assertEqual(primary_number(customer.name), "+8613800138000")
		self.assertEqual(customer.primary_phone_masked, "138****8000")
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

	def test_no_frappe_contact_holds_a_customer(self):
		customer = make_customer(phone="13911112222", email="wang@example.com")
		self.assertFalse(frappe.get_all("Dynamic Link", filters={"link_name": customer.name}))
		self.assertFalse(frappe.get_all("Contact Phone", filters={"phone": ("like", "%13911112222")}))

	def test_a_customer_can_be_deleted_with_its_numbers(self):
		customer = make_customer()
		frappe.delete_doc("RE Customer", customer.name)
		self.assertFalse(frappe.db.exists("RE Customer", customer.name))
		self.assertFalse(frappe.get_all("RE Customer Number", filters={"customer": customer.name}))
		self.assertFalse(
			frappe.get_all(
				"Deleted Document", filters={"deleted_name": customer.name, "data": ("like", "%+86%")}
			)
		)

	def test_the_stage_cannot_be_typed(self):
		customer = make_customer()
		customer.lifecycle_stage = "Owner"
		with self.assertRaises(SalesRuleError):
			customer.save()

	def test_an_advisor_does_not_list_another_advisors_protected_customers(self):
		project = make_project().name
		me, other = self.advisor, self.other_advisor
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
		manager = self.manager
		frappe.set_user(me)
		names = set(frappe.get_list("RE Customer", pluck="name", limit=0))
		self.assertNotIn(protected.name, names)
		self.assertTrue({lapsed.name, mine.name, pool.name} <= names)
		self.assertFalse(frappe.has_permission("RE Customer", "read", doc=protected.name))
		self.assertTrue(frappe.has_permission("RE Customer", "read", doc=mine.name))
		frappe.set_user(manager)
		self.assertIn(protected.name, frappe.get_list("RE Customer", pluck="name", limit=0))


class TestOwners(StaffTestCase):
	"""Who owns a customer per project: changed only in the ways that log it."""

	STAFF_PREFIX = "owners"
	STAFF = ("advisor", "other_advisor", "manager")

	def setUp(self):
		self.project = make_project(protection_days=20).name
		self.second_project = make_project().name
		self.other = self.other_advisor
		self.customer = make_customer().name
		frappe.set_user(self.advisor)
		self.interaction = make_interaction(customer=self.customer, project=self.project).name
		frappe.set_user("Administrator")

	def log(self) -> list[tuple]:
		return [
			(r.project, r.from_advisor, r.to_advisor, r.cause, r.changed_by)
			for r in frappe.get_doc("RE Customer", self.customer).owner_log
		]

	def owner_row(self):
		return frappe.get_doc("RE Customer", self.customer).advisors[0]

	def test_the_first_interaction_registers_the_owner_in_the_log(self):
		self.assertEqual(self.log(), [(self.project, None, self.advisor, "Registered", self.advisor)])
		row = frappe.get_doc("RE Customer", self.customer).owner_log[0]
		self.assertEqual(row.note, self.interaction)
		self.assertTrue(row.changed_at)
		# another interaction extends the protection: no change of owner, nothing logged
		frappe.set_user(self.advisor)
		make_interaction(customer=self.customer, project=self.project)
		self.assertEqual(len(self.log()), 1)

	def test_an_advisor_cannot_change_the_owner_rows_in_the_form(self):
		frappe.set_user(self.advisor)
		attempts = {
			"hand over": lambda doc: setattr(doc.advisors[0], "advisor", self.other),
			"extend": lambda doc: setattr(doc.advisors[0], "protected_until", add_days(nowdate(), 400)),
			"remove": lambda doc: doc.set("advisors", []),
			"add": lambda doc: doc.append(
				"advisors", {"project": self.second_project, "advisor": self.advisor}
			),
		}
		for what, change in attempts.items():
			doc = frappe.get_doc("RE Customer", self.customer)
			change(doc)
			with self.assertRaises(frappe.PermissionError, msg=what) as error:
				frappe.client.save(doc.as_dict())
			self.assertIn("sales manager", str(error.exception))
		frappe.set_user("Administrator")
		row = self.owner_row()
		self.assertEqual(row.advisor, self.advisor)
		self.assertEqual(getdate(row.protected_until), getdate(add_days(nowdate(), 20)))
		self.assertEqual(len(self.log()), 1)

	def test_an_advisor_still_edits_the_rest_of_the_form(self):
		frappe.set_user(self.advisor)
		doc = frappe.get_doc("RE Customer", self.customer)
		doc.impressions = "穿深色西装，带着孩子"
		frappe.client.save(doc.as_dict())
		self.assertEqual(
			frappe.db.get_value("RE Customer", self.customer, "impressions"), "穿深色西装，带着孩子"
		)

	def test_an_advisor_cannot_create_a_customer_with_owners(self):
		frappe.set_user(self.advisor)
		with self.assertRaises(frappe.PermissionError):
			make_customer(advisors=[{"project": self.project, "advisor": self.advisor}])

	def test_a_manager_reassigns_in_the_form_and_it_is_logged(self):
		frappe.set_user(self.manager)
		doc = frappe.get_doc("RE Customer", self.customer)
		doc.advisors[0].advisor = self.other
		frappe.client.save(doc.as_dict())
		row = self.owner_row()
		self.assertEqual(row.advisor, self.other)
		# the new owner is protected from today for the project's days
		self.assertEqual(getdate(row.since), getdate(nowdate()))
		self.assertEqual(getdate(row.protected_until), getdate(add_days(nowdate(), 20)))
		self.assertEqual(self.log()[-1], (self.project, self.advisor, self.other, "Reassigned", self.manager))
		# and back to the pool
		doc = frappe.get_doc("RE Customer", self.customer)
		doc.advisors[0].advisor = None
		frappe.client.save(doc.as_dict())
		row = self.owner_row()
		self.assertEqual((row.advisor, row.protected_until), (None, None))
		self.assertEqual(self.log()[-1], (self.project, self.other, None, "Reassigned", self.manager))

	def test_the_owner_history_cannot_be_edited(self):
		frappe.set_user(self.manager)
		changes = {
			"rewrite": lambda doc: setattr(doc.owner_log[0], "to_advisor", self.other),
			"remove": lambda doc: doc.set("owner_log", []),
			"invent": lambda doc: doc.append(
				"owner_log", {"project": self.project, "to_advisor": self.manager, "cause": "Claimed"}
			),
		}
		for what, change in changes.items():
			doc = frappe.get_doc("RE Customer", self.customer)
			change(doc)
			with self.assertRaises(frappe.PermissionError, msg=what):
				frappe.client.save(doc.as_dict())
		self.assertEqual(self.log(), [(self.project, None, self.advisor, "Registered", self.advisor)])
