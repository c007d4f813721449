# Copyright (c) 2026, recrm developers and contributors
# For license information, please see license.txt

import frappe

from recrm.core.roles import PROJECT_GM
from recrm.errors import InventoryRuleError
from recrm.tests.cases import StaffTestCase
from recrm.tests.factories import make_building, make_project


class TestREProject(StaffTestCase):
	STAFF_PREFIX = "project"
	STAFF = ("advisor",)

	def test_floor_numbers_not_used_must_be_numbers(self):
		with self.assertRaises(InventoryRuleError) as error:
			make_project(skip_floor_numbers="4, thirteen")
		self.assertIn("thirteen", str(error.exception))
		project = make_project(skip_floor_numbers="4，13-14")
		self.assertEqual(project.skip_floor_numbers, "4，13-14")

	def test_buildings_inherit_the_projects_skipped_floors(self):
		project = make_project(skip_floor_numbers="4, 13, 14")
		building = make_building(project=project.name)
		self.assertEqual(building.skip_floor_numbers, "4, 13, 14")

	def test_the_general_manager_must_be_an_active_user(self):
		user = self.staff_with_roles("gm-left", PROJECT_GM)
		frappe.db.set_value("User", user, "enabled", 0)
		with self.assertRaises(frappe.ValidationError):
			make_project(project_gm=user)

	def test_an_advisor_cannot_create_a_project(self):
		frappe.set_user(self.advisor)
		with self.assertRaises(frappe.PermissionError):
			make_project()
