"""The patch that moves customers' full numbers into RE Customer Number, on data as older versions
left it: a number typed in a phone row's column, a Contact with the numbers, a Version and a
Deleted Document holding them, a complaint with its customer's full number."""

import json

import frappe
from frappe.tests.utils import FrappeTestCase

from recrm.patches.v0_2 import store_customer_numbers_apart as patch
from recrm.tests.factories import make_complaint, make_customer, phone_numbers

OLD = "+8613824681234"
OLD_TYPED = "138 2468 1234"
MASKED = "138****1234"


class TestStoreCustomerNumbersApart(FrappeTestCase):
	def tearDown(self):
		frappe.db.rollback()

	def legacy_customer(self):
		"""A customer whose number is only in its row's column, as before the store."""
		customer = make_customer(phone=OLD_TYPED)
		row = customer.phones[0].name
		frappe.db.delete("RE Customer Number", {"customer": customer.name})
		frappe.db.set_value("RE Customer Phone", row, {"phone": OLD_TYPED, "masked_phone": None})
		frappe.db.set_value("RE Customer", customer.name, "primary_phone_masked", None)
		return customer.name

	def test_numbers_move_into_the_store_and_the_rows_keep_the_masked_one(self):
		name = self.legacy_customer()
		# a second customer registered later with the same number (the race of old)
		later = make_customer()
		frappe.db.sql(
			"insert into `tabRE Customer Phone` (name, parent, parenttype, parentfield, idx, phone, is_primary)"
			" values ('legacy-dup-row', %s, 'RE Customer', 'phones', 2, %s, 0)",
			(later.name, OLD_TYPED),
		)
		shared = patch.store_numbers()
		patch.set_masked_copies()
		self.assertEqual(phone_numbers(name), [OLD])
		self.assertEqual(shared, [(later.name, OLD, name)])
		row = frappe.get_all("RE Customer Phone", filters={"parent": name}, fields=["phone", "masked_phone"])[
			0
		]
		self.assertEqual((row.phone, row.masked_phone), (None, MASKED))
		self.assertEqual(frappe.db.get_value("RE Customer", name, "primary_phone_masked"), MASKED)
		frappe.get_doc("RE Customer", name).save()  # and the customer saves as ever

	def test_contacts_versions_deleted_documents_and_complaints_keep_no_number(self):
		customer = make_customer(phone=OLD_TYPED)
		contact = frappe.get_doc(
			{
				"doctype": "Contact",
				"first_name": customer.full_name,
				"links": [{"link_doctype": "RE Customer", "link_name": customer.name}],
				"phone_nos": [{"phone": OLD, "is_primary_mobile_no": 1}],
			}
		).insert(ignore_permissions=True)
		version = frappe.get_doc(
			{"doctype": "Version", "ref_doctype": "RE Customer", "docname": customer.name, "data": "{}"}
		).insert(ignore_permissions=True)
		raw = {"changed": [["primary_phone", None, OLD]], "added": [["phones", {"phone": OLD_TYPED}]]}
		frappe.db.set_value("Version", version.name, "data", json.dumps(raw))
		deleted = frappe.get_doc(
			{
				"doctype": "Deleted Document",
				"deleted_doctype": "RE Customer",
				"deleted_name": "CUS-GONE",
				"data": json.dumps(
					{"primary_phone": OLD, "phones": [{"phone": OLD_TYPED, "normalised_phone": OLD}]}
				),
			}
		).insert(ignore_permissions=True)
		complaint = make_complaint(customer=customer.name)
		frappe.db.set_value("RE Complaint", complaint.name, "customer_phone", OLD)

		patch.mask_complaints()
		patch.mask_versions()
		patch.remove_contacts()
		patch.mask_deleted_documents()

		self.assertFalse(frappe.db.exists("Contact", contact.name))
		self.assertFalse(
			frappe.db.exists("Deleted Document", {"deleted_doctype": "Contact", "deleted_name": contact.name})
		)
		for text in (
			frappe.db.get_value("Version", version.name, "data"),
			frappe.db.get_value("Deleted Document", deleted.name, "data"),
			frappe.db.get_value("RE Complaint", complaint.name, "customer_phone"),
		):
			self.assertNotIn("2468", text)
			self.assertIn(MASKED, text)
