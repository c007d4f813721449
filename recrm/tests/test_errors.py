"""The two refusals every controller uses: a core rule's error as its translated message, and
"not permitted"."""

import frappe
from frappe import _
from frappe.tests.utils import FrappeTestCase

from recrm.core import RuleError
from recrm.errors import SalesRuleError, rule_errors, throw_not_permitted


def last_title() -> str | None:
	message = frappe.local.message_log[-1]
	return (frappe.parse_json(message) if isinstance(message, str) else message).get("title")


class TestRuleErrors(FrappeTestCase):
	def setUp(self):
		frappe.local.message_log = []

	def test_a_rule_error_becomes_the_translated_message_with_its_subject_class_and_title(self):
		with self.assertRaises(SalesRuleError) as refused:
			with rule_errors("Building A", exc=SalesRuleError, title=_("Floors")):
				raise RuleError("bad_basement_count", basement_floors=12)
		self.assertEqual(
			str(refused.exception),
			"Building A: A building may have between 0 and 10 basement floors, not 12.",
		)
		self.assertEqual(last_title(), "Floors")

	def test_without_a_title_the_refusal_is_titled_not_allowed(self):
		with self.assertRaises(frappe.ValidationError):
			with rule_errors():
				raise RuleError("bad_pareto_counts")
		self.assertEqual(last_title(), "Not Allowed")

	def test_reword_changes_the_error_shown(self):
		with self.assertRaises(SalesRuleError) as refused:
			with rule_errors(exc=SalesRuleError, reword=lambda e: RuleError(e.code, basement_floors=99)):
				raise RuleError("bad_basement_count", basement_floors=12)
		self.assertIn("not 99", str(refused.exception))

	def test_no_rule_error_no_refusal(self):
		with rule_errors(exc=SalesRuleError):
			value = 1
		self.assertEqual(value, 1)

	def test_other_errors_pass_through(self):
		with self.assertRaises(KeyError):
			with rule_errors(exc=SalesRuleError):
				raise KeyError("x")


class TestNotPermitted(FrappeTestCase):
	def setUp(self):
		frappe.local.message_log = []

	def test_frappes_message_and_title_by_default(self):
		with self.assertRaises(frappe.PermissionError) as refused:
			throw_not_permitted()
		self.assertEqual(str(refused.exception), "Not permitted.")
		self.assertEqual(last_title(), "Not Permitted")

	def test_a_message_and_a_title_of_its_own(self):
		with self.assertRaises(frappe.PermissionError) as refused:
			throw_not_permitted("Only a sales manager can merge customers.", title="Advisors")
		self.assertEqual(str(refused.exception), "Only a sales manager can merge customers.")
		self.assertEqual(last_title(), "Advisors")
