"""recrm.overrides.search replaces Frappe's link search and search box: the same signatures, and no
escalation of ``ignore_user_permissions`` for website users."""

import inspect
from unittest.mock import patch

import frappe
import frappe.desk.search
from frappe.tests.utils import FrappeTestCase

from recrm.core.roles import BUYER_ROLE, SALES_ADVISOR
from recrm.overrides import search
from recrm.tests.factories import make_user


def parameters(function) -> list[tuple[str, object]]:
	return [(p.name, p.default) for p in inspect.signature(function).parameters.values()]


class TestSearchOverride(FrappeTestCase):
	def tearDown(self):
		frappe.set_user("Administrator")

	def test_the_signatures_match_frappes(self):
		for name in ("search_link", "search_widget"):
			self.assertEqual(
				parameters(getattr(search, name)), parameters(getattr(frappe.desk.search, name)), name
			)
		overrides = frappe.get_hooks("override_whitelisted_methods")
		self.assertEqual(overrides["frappe.desk.search.search_link"], ["recrm.overrides.search.search_link"])

	def test_a_website_user_never_ignores_permissions_staff_still_may(self):
		buyer = make_user("search-override-buyer@recrm.test", [BUYER_ROLE])
		staff = make_user("search-override-staff@recrm.test", [SALES_ADVISOR])
		for user, escalates in ((buyer, False), (staff, True)):
			frappe.set_user(user)
			with patch.object(search, "frappe_search_widget", return_value=[]) as widget:
				# a DocType without a record rule of its own: staff keep Frappe's escalation there
				search.search_widget("Country", "", query="some.query", ignore_user_permissions=True)
			self.assertEqual(bool(widget.call_args.kwargs["ignore_user_permissions"]), escalates, user)
			self.assertEqual(widget.call_args.kwargs["query"], "some.query" if escalates else None)
		frappe.set_user(buyer)
		self.assertEqual(search.search_link("User", ""), [])
