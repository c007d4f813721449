"""recrm.overrides.search replaces Frappe's link search and search box: the same signatures, and no
escalation of ``ignore_user_permissions`` for website users."""

import inspect
from unittest.mock import patch

import frappe
import frappe.desk.search

from recrm.overrides import search
from recrm.tests.cases import StaffTestCase


def parameters(function) -> list[tuple[str, object]]:
	return [(p.name, p.default) for p in inspect.signature(function).parameters.values()]


class TestSearchOverride(StaffTestCase):
	STAFF_PREFIX = "search-override"
	STAFF = ("advisor",)

	def test_the_signatures_match_frappes(self):
		for name in ("search_link", "search_widget"):
			self.assertEqual(
				parameters(getattr(search, name)), parameters(getattr(frappe.desk.search, name)), name
			)
		overrides = frappe.get_hooks("override_whitelisted_methods")
		self.assertEqual(overrides["frappe.desk.search.search_link"], ["recrm.overrides.search.search_link"])

	def test_a_website_user_never_ignores_permissions_staff_still_may(self):
		buyer = self.website_user("buyer")
		staff = self.advisor
		for user, escalates in ((buyer, False), (staff, True)):
			frappe.set_user(user)
			with patch.object(search, "frappe_search_widget", return_value=[]) as widget:
				# a DocType without a record rule of its own: staff keep Frappe's escalation there
				search.search_widget("Country", "", query="some.query", ignore_user_permissions=True)
			self.assertEqual(bool(widget.call_args.kwargs["ignore_user_permissions"]), escalates, user)
			self.assertEqual(widget.call_args.kwargs["query"], "some.query" if escalates else None)
		frappe.set_user(buyer)
		self.assertEqual(search.search_link("User", ""), [])
