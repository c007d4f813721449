# Copyright (c) 2026, recrm developers and contributors
# For license information, please see license.txt

"""An existing customer list brought in through Frappe's Data Import, one row at a time.

Data Import commits every imported row and rolls back every failed one, so this test commits its
own records too and deletes all of them afterwards instead of rolling back."""

import csv
import io
import json

import frappe
from frappe.tests.utils import FrappeTestCase

from recrm.tests.factories import make_customer, phone_numbers, primary_number, unique

# the columns as Data Import's template names them: a child table's field is "Label (Table Label)"
HEADER = ["Full Name", "Phone (Phones)", "Primary (Phones)", "WeChat ID", "Purpose", "Budget"]


def log_messages(log) -> str:
	"""The text of a failed row's messages, as the Data Import form shows them."""
	texts = []
	for message in json.loads(log.messages or "[]"):
		if isinstance(message, str):
			message = json.loads(message)
		texts.append(f"{message.get('title', '')}: {message.get('message', '')}")
	return "\n".join(texts)


class TestCustomerImport(FrappeTestCase):
	def setUp(self):
		self.cleanup: list[tuple[str, str]] = []

	def tearDown(self):
		frappe.set_user("Administrator")
		frappe.db.rollback()
		for doctype, name in reversed(self.cleanup):
			if frappe.db.exists(doctype, name):
				frappe.delete_doc(doctype, name, force=True, ignore_permissions=True)
		frappe.db.commit()

	def run_import(self, rows: list[list]) -> str:
		buffer = io.StringIO()
		csv.writer(buffer).writerows([HEADER, *rows])
		file = frappe.get_doc(
			{
				"doctype": "File",
				"file_name": f"{unique('customers')}.csv",
				"content": buffer.getvalue(),
				"is_private": 1,
			}
		).insert()
		data_import = frappe.get_doc(
			{
				"doctype": "Data Import",
				"reference_doctype": "RE Customer",
				"import_type": "Insert New Records",
				"import_file": file.file_url,
			}
		).insert()
		self.cleanup += [("File", file.name), ("Data Import", data_import.name)]
		frappe.db.commit()
		data_import.start_import()  # synchronous in tests, as Frappe runs it
		return data_import.name

	def test_an_existing_customer_list_is_imported_row_by_row_with_reasons_for_refusals(self):
		existing = make_customer()
		self.cleanup.append(("RE Customer", existing.name))
		existing_phone = primary_number(existing.name)  # +86139…
		frappe.db.commit()

		first, last = unique("王先生"), unique("陈女士")
		rows = [
			# rows 2 and 3: one customer with two phones, imported
			[first, "139 2001 0001", 1, unique("wx"), "Upgrade", "2000000"],
			["", "0514-8796 0001", 0, "", "", ""],
			[unique("李女士"), "138 0013", "", "", "", ""],  # row 4: malformed phone
			[
				unique("张先生"),
				"+86 " + existing_phone[3:],
				"",
				"",
				"",
				"",
			],  # row 5: an existing customer's phone
			[
				unique("赵女士"),
				"139-2001-0001",
				"",
				"",
				"",
				"",
			],  # row 6: the phone of row 2, written otherwise
			[last, "(+86)13920010002", "", "", "Own Use", ""],  # row 7: imported
		]
		# the phones of rows 2 and 6 must be free, whatever earlier runs left
		for phone in ("+8613920010001", "+8651487960001", "+8613920010002"):
			owner = frappe.db.get_value("RE Customer Number", {"number": phone}, "customer")
			if owner:
				frappe.delete_doc("RE Customer", owner, force=True)
		frappe.db.commit()

		name = self.run_import(rows)
		logs = frappe.get_all(
			"Data Import Log",
			filters={"data_import": name},
			fields=["success", "row_indexes", "messages", "docname", "name"],
			order_by="log_index asc",
		)
		self.cleanup += [("Data Import Log", log.name) for log in logs]
		imported = {tuple(json.loads(log.row_indexes)): log.docname for log in logs if log.success}
		self.cleanup += [("RE Customer", docname) for docname in imported.values()]
		failed = {json.loads(log.row_indexes)[0]: log_messages(log) for log in logs if not log.success}

		self.assertEqual(sorted(imported), [(2, 3), (7,)])
		self.assertEqual(sorted(failed), [4, 5, 6])
		self.assertEqual(frappe.db.get_value("Data Import", name, "status"), "Partial Success")

		# the imported customers: named as in the file, phones normalised, graded
		customer = frappe.get_doc("RE Customer", imported[(2, 3)])
		self.assertEqual(
			(customer.full_name, primary_number(customer.name), customer.purpose, customer.budget),
			(first, "+8613920010001", "Upgrade", 2_000_000),
		)
		self.assertEqual(phone_numbers(customer.name), ["+8613920010001", "+8651487960001"])
		self.assertEqual([row.phone for row in customer.phones], [None, None])
		self.assertEqual(frappe.db.get_value("RE Customer", imported[(7,)], "full_name"), last)
		self.assertEqual(primary_number(imported[(7,)]), "+8613920010002")
		self.assertTrue(customer.value_grade)

		# each refusal names its reason and what to do
		self.assertIn("'138 0013' is not a phone number", failed[4])
		self.assertIn("Phone Number", failed[4])
		self.assertIn("already belongs to customer", failed[5])
		self.assertIn(existing.name, failed[5])
		self.assertIn(imported[(2, 3)], failed[6])
		self.assertIn("Duplicate Customer", failed[6])
		# nothing of the refused rows was kept
		for row in rows[2:5]:
			self.assertFalse(frappe.db.exists("RE Customer", {"full_name": row[0]}))
