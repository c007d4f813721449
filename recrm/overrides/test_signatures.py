"""Each override takes what the Frappe function it replaces takes (a Frappe upgrade that changes
one fails here first), and hooks.py points Frappe's path at it."""

import inspect

import frappe
from frappe.tests.utils import FrappeTestCase


def parameters(fn) -> list[tuple[str, object]]:
	return [(p.name, p.kind, p.default) for p in inspect.signature(inspect.unwrap(fn)).parameters.values()]


class TestOverrideSignatures(FrappeTestCase):
	def test_every_recrm_override_matches_the_frappe_function_it_replaces(self):
		hooks = frappe.get_hooks("override_whitelisted_methods")
		checked = 0
		for frappe_path, overrides in hooks.items():
			override = overrides[-1]
			if not override.startswith("recrm.overrides."):
				continue
			with self.subTest(frappe_path):
				self.assertEqual(
					parameters(frappe.get_attr(override)), parameters(frappe.get_attr(frappe_path)), override
				)
				checked += 1
		self.assertGreaterEqual(checked, 7)

	def test_the_routes_recrm_overrides(self):
		hooks = frappe.get_hooks("override_whitelisted_methods")
		for path in (
			"frappe.client.get_count",
			"frappe.desk.search.search_link",
			"frappe.desk.search.search_widget",
			"frappe.desk.listview.get_group_by_count",
			"frappe.desk.form.linked_with.get_submitted_linked_docs",
			"frappe.desk.form.linked_with.get",
		):
			self.assertTrue(hooks[path][-1].startswith("recrm.overrides."), path)
