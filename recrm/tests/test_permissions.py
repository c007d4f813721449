"""Roles and per-project access: every route a desk user has into the inventory honours both."""

import frappe
from frappe.desk.reportview import get as reportview_get
from frappe.desk.search import search_widget

from recrm.core.roles import ALL_ROLES, BUYER_ROLE, DESK_ROLES, MERCHANT_ROLE, WEBSITE_ROLES
from recrm.tests.cases import StaffTestCase
from recrm.tests.factories import make_building, make_project, make_unit

# DocTypes that no role may reach, read and written by recrm's own code only
WITHOUT_ROLE_PERMISSIONS = {
	"RE Customer Number": "customers' full phone numbers (recrm/sales/phone_privacy.py)",
}


class TestRoles(StaffTestCase):
	STAFF_PREFIX = "perm"

	def test_every_role_exists_with_the_right_desk_access(self):
		for role in ALL_ROLES:
			self.assertEqual(frappe.db.get_value("Role", role, "desk_access"), int(role in DESK_ROLES), role)
		self.assertEqual(WEBSITE_ROLES, (BUYER_ROLE, MERCHANT_ROLE))

	def test_no_recrm_doctype_without_role_permissions(self):
		modules = frappe.get_all("Module Def", filters={"app_name": "recrm"}, pluck="name")
		doctypes = frappe.get_all("DocType", filters={"module": ("in", modules), "istable": 0}, pluck="name")
		self.assertTrue(doctypes)
		for doctype in doctypes:
			if doctype in WITHOUT_ROLE_PERMISSIONS:
				# on purpose: every generic route refuses it to every role
				self.assertFalse(frappe.get_meta(doctype).permissions, doctype)
				continue
			self.assertTrue(frappe.get_meta(doctype).permissions, f"{doctype} has no role permissions")

	def test_home_buyers_get_nothing_of_the_desk_inventory(self):
		buyer = self.website_user("buyer")
		for doctype in ("RE Project", "RE Building", "RE Unit", "RE Unit Status Log"):
			self.assertFalse(frappe.has_permission(doctype, "read", user=buyer), doctype)

	def test_status_history_is_read_only_for_everyone(self):
		for role, user in self.staff_by_role(*ALL_ROLES).items():
			for ptype in ("create", "write", "delete"):
				self.assertFalse(frappe.has_permission("RE Unit Status Log", ptype, user=user), (role, ptype))
		frappe.db.rollback()


class TestProjectAccess(StaffTestCase):
	STAFF_PREFIX = "perm"

	def setUp(self):
		self.mine = make_project()
		self.theirs = make_project()
		self.my_unit = make_unit(make_building(project=self.mine.name).name)
		self.their_unit = make_unit(make_building(project=self.theirs.name).name)
		self.advisor = self.staff_limited_to("advisor", self.mine.name)

	def test_lists_show_only_my_projects(self):
		frappe.set_user(self.advisor)
		for doctype, mine, theirs in (
			("RE Project", self.mine.name, self.theirs.name),
			("RE Unit", self.my_unit.name, self.their_unit.name),
			("RE Building", self.my_unit.building, self.their_unit.building),
		):
			names = frappe.get_list(doctype, pluck="name", limit_page_length=0)
			self.assertIn(mine, names, doctype)
			self.assertNotIn(theirs, names, doctype)

	def test_report_view_and_link_search_show_only_my_projects(self):
		frappe.set_user(self.advisor)
		frappe.local.form_dict = frappe._dict(doctype="RE Unit", fields=["name"], limit_page_length=0)
		result = reportview_get()
		names = [row[0] for row in result.get("values", [])] if isinstance(result, dict) else []
		self.assertIn(self.my_unit.name, names)
		self.assertNotIn(self.their_unit.name, names)
		results = search_widget("RE Unit", txt="", page_length=100)
		found = [r[0] if isinstance(r, list | tuple) else r.get("value") for r in results]
		self.assertIn(self.my_unit.name, found)
		self.assertNotIn(self.their_unit.name, found)

	def test_opening_another_projects_unit_is_refused(self):
		frappe.set_user(self.advisor)
		self.assertTrue(frappe.has_permission("RE Unit", "read", doc=self.my_unit.name))
		self.assertFalse(frappe.has_permission("RE Unit", "read", doc=self.their_unit.name))
		with self.assertRaises(frappe.PermissionError):
			frappe.client.get("RE Unit", self.their_unit.name)
