# Copyright (c) 2026, recrm developers and contributors
# For license information, please see license.txt

import frappe

from recrm.inventory.status import change_unit_status
from recrm.tests.cases import StaffTestCase
from recrm.tests.factories import make_unit


class TestREUnitStatusLog(StaffTestCase):
	STAFF_PREFIX = "log"
	STAFF = ("manager",)

	def test_history_cannot_be_written_or_rewritten_by_users(self):
		unit = make_unit()
		change_unit_status(unit.name, "Held", "sales control")
		log = frappe.get_last_doc("RE Unit Status Log", filters={"unit": unit.name})
		frappe.set_user(self.manager)
		with self.assertRaises(frappe.PermissionError):
			frappe.get_doc(
				{
					"doctype": "RE Unit Status Log",
					"unit": unit.name,
					"from_status": "Held",
					"to_status": "Available",
				}
			).insert()
		with self.assertRaises(frappe.PermissionError):
			frappe.client.set_value("RE Unit Status Log", log.name, "reason", "rewritten")
		with self.assertRaises(frappe.PermissionError):
			frappe.delete_doc("RE Unit Status Log", log.name)
		frappe.set_user("Administrator")
		self.assertEqual(frappe.db.get_value("RE Unit Status Log", log.name, "reason"), "sales control")
