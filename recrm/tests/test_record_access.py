"""Staff: one rule per record, whatever the route. An advisor's customers, deals and the records
about them (child rows, versions, comments, files, assignments) stay theirs through the routes
Frappe 15 leaves open: child tables listed on their own, link search with
``ignore_user_permissions``, group-by counts, linked documents and counts by name. The isolation
matrix (test_isolation_matrix.py) calls every route over HTTP; these name the rules one by one."""

import frappe
from frappe.desk.form.assign_to import add as assign

from recrm.overrides.client import get_count
from recrm.overrides.linked_with import get_submitted_linked_docs
from recrm.overrides.listview import get_group_by_count
from recrm.overrides.search import search_link, search_widget
from recrm.record_access import child_row_query, may_read
from recrm.tests.cases import StaffTestCase
from recrm.tests.factories import acting_as, make_owned_customer, make_project
from recrm.tests.portal_factories import attach_private_file


class TestOneRulePerRecord(StaffTestCase):
	STAFF_PREFIX = "rule"
	STAFF = ("advisor", "other_advisor", "manager")

	def setUp(self):
		self.project = make_project().name
		self.customer = make_owned_customer(self.project, self.advisor, 30, full_name="甲方客户").name
		self.phone_row = frappe.db.get_value("RE Customer Phone", {"parent": self.customer}, "name")

	def test_child_rows_follow_their_parent_customer(self):
		for user, sees in ((self.advisor, True), (self.other_advisor, False), (self.manager, True)):
			with acting_as(user):
				rows = frappe.get_list(
					"RE Customer Phone", parent_doctype="RE Customer", pluck="parent", limit=0
				)
				self.assertEqual(self.customer in rows, sees, user)
				self.assertEqual(may_read("RE Customer Phone", self.phone_row), sees, user)
		self.assertEqual(child_row_query("Administrator", "RE Customer Phone"), "")
		self.assertEqual(child_row_query(self.other_advisor, "RE Customer"), "")

	def test_link_search_lifts_no_record_rule(self):
		with acting_as(self.other_advisor):
			for found in (
				search_link("RE Customer", "甲方客户", ignore_user_permissions=True),
				search_widget("RE Customer", self.customer, ignore_user_permissions=1, as_dict=True),
			):
				self.assertNotIn(self.customer, [row.get("value") or row.get("name") for row in found])
		with acting_as(self.advisor):
			found = search_link("RE Customer", self.customer, ignore_user_permissions=True)
			self.assertIn(self.customer, [row["value"] for row in found])

	def test_counts_and_group_by_count_only_what_the_user_may_list(self):
		assign({"doctype": "RE Customer", "name": self.customer, "assign_to": [self.manager]})
		by_name = {"name": self.customer}
		with acting_as(self.other_advisor):
			self.assertEqual(get_count("RE Customer", by_name), 0)
			self.assertEqual(get_group_by_count("RE Customer", frappe.as_json(by_name), "assigned_to"), [])
			self.assertRaises(frappe.ValidationError, get_count, "RE Customer", "not filters")
			self.assertRaises(
				frappe.ValidationError, get_group_by_count, "RE Customer", "[]", "no_such_field"
			)
		with acting_as(self.advisor):
			self.assertEqual(get_count("RE Customer", by_name), 1)
			counts = get_group_by_count("RE Customer", frappe.as_json(by_name), "assigned_to")
			self.assertEqual([(row.name, row.count) for row in counts], [(self.manager, 1)])

	def test_records_about_a_customer_follow_the_customer(self):
		customer = frappe.get_doc("RE Customer", self.customer)
		customer.add_comment("Comment", "只给负责顾问看的备注")
		customer.occupation = "教师"
		customer.save()
		attach_private_file("RE Customer", self.customer)
		about = {"File": "attached_to_name", "Version": "docname", "Comment": "reference_name"}
		for user, sees in ((self.advisor, True), (self.other_advisor, False)):
			with acting_as(user):
				for doctype, field in about.items():
					try:
						rows = frappe.get_list(doctype, filters={field: self.customer}, pluck="name")
					except frappe.PermissionError:  # no read of the DocType at all
						rows = None
					if sees and doctype == "File":
						self.assertTrue(rows, (user, doctype))
					elif not sees:
						self.assertFalse(rows, (user, doctype))
		version = frappe.db.get_value("Version", {"docname": self.customer}, "name")
		with acting_as(self.other_advisor):
			# by name too: not even a user who may read versions reads this one
			self.assertFalse(may_read("Version", version))

	def test_a_record_the_user_may_not_read_is_refused_as_missing(self):
		with acting_as(self.other_advisor):
			with self.assertRaises(frappe.DoesNotExistError) as refused:
				get_submitted_linked_docs("RE Customer", self.customer)
			with self.assertRaises(frappe.DoesNotExistError) as missing:
				get_submitted_linked_docs("RE Customer", "CUS-99999999")
		self.assertEqual(
			str(refused.exception).replace(self.customer, "?"),
			str(missing.exception).replace("CUS-99999999", "?"),
		)
