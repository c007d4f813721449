"""The replacements of frappe.client methods keep Frappe's signatures and are hooked."""

import inspect

import frappe
import frappe.client
from frappe.tests.utils import FrappeTestCase

from recrm.overrides import client


class TestClientOverrides(FrappeTestCase):
	def test_get_count_keeps_frappes_signature_and_is_hooked(self):
		self.assertEqual(inspect.signature(client.get_count), inspect.signature(frappe.client.get_count))
		hooks = frappe.get_hooks("override_whitelisted_methods")
		self.assertEqual(hooks["frappe.client.get_count"], ["recrm.overrides.client.get_count"])

	def test_no_phone_override_is_left(self):
		# the full numbers need none (recrm/sales/phone_privacy.py): Frappe's Data Export and Data
		# Import serve customers as they are, with masked numbers
		hooks = frappe.get_hooks("override_whitelisted_methods")
		for method in (
			"frappe.core.doctype.data_import.data_import.download_template",
			"frappe.core.doctype.data_export.exporter.export_data",
		):
			self.assertNotIn(method, hooks)
		# nor a query hook that reads Frappe's call stack
		for hooked in frappe.get_hooks("permission_query_conditions").values():
			self.assertFalse([path for path in hooked if "phone_privacy" in path and "guard" in path])
