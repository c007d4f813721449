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
		self.assertGreaterEqual(checked, 11)

	def test_the_routes_recrm_overrides(self):
		hooks = frappe.get_hooks("override_whitelisted_methods")
		for path in (
			"frappe.client.get_count",
			"frappe.desk.search.search_link",
			"frappe.desk.search.search_widget",
			"frappe.desk.listview.get_group_by_count",
			"frappe.desk.form.linked_with.get_submitted_linked_docs",
			"frappe.desk.form.linked_with.get",
			"frappe.desk.doctype.dashboard_settings.dashboard_settings.create_dashboard_settings",
			"frappe.www.printview.get_html_and_style",
			"frappe.www.printview.get_rendered_raw_commands",
			"frappe.desk.form.load.getdoc",
			"frappe.desk.form.load.get_docinfo",
		):
			self.assertTrue(hooks[path][-1].startswith("recrm.overrides."), path)

	def test_every_frappe_endpoint_or_class_recrm_replaces_lives_in_overrides(self):
		recrm_hooks = frappe.get_hooks(app_name="recrm")
		for hook in ("override_whitelisted_methods", "override_doctype_class"):
			for replaced, overrides in (recrm_hooks.get(hook) or {}).items():
				for override in overrides if isinstance(overrides, list) else [overrides]:
					with self.subTest(replaced):
						self.assertTrue(override.startswith("recrm.overrides."), override)
