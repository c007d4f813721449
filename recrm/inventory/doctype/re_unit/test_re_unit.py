# Copyright (c) 2026, recrm developers and contributors
# For license information, please see license.txt

import frappe

from recrm.errors import InventoryRuleError, UnitStatusError
from recrm.tests.cases import StaffTestCase
from recrm.tests.factories import make_building, make_project, make_unit, make_unit_type


class TestREUnit(StaffTestCase):
	STAFF_PREFIX = "unit"
	STAFF = ("advisor", "manager")

	def setUp(self):
		self.building = make_building(floors=20, skip_floor_numbers="4, 13, 14")

	def test_price_per_sqm_is_derived(self):
		unit = make_unit(self.building.name, floor=5, gross_area=89.5, list_price=1_000_000)
		self.assertEqual(unit.price_per_sqm, 11173.18)
		self.assertEqual(unit.project, self.building.project)
		self.assertEqual(unit.name, f"{self.building.name}-{unit.unit_number}")

	def test_duplicate_unit_number_in_a_building_is_refused(self):
		make_unit(self.building.name, unit_number="501", floor=5)
		with self.assertRaises(frappe.DuplicateEntryError) as error:
			make_unit(self.building.name, unit_number="501", floor=5)
		self.assertIn("501", str(error.exception))
		# the same number in another building is fine
		make_unit(make_building(project=self.building.project).name, unit_number="501", floor=5)

	def test_the_database_refuses_a_duplicate_that_slips_past_validation(self):
		make_unit(self.building.name, unit_number="601", floor=6)
		with self.assertRaises(Exception) as error:
			frappe.db.sql(
				"insert into `tabRE Unit` (name, building, unit_number, floor, gross_area, list_price) values (%s, %s, %s, 6, 1, 1)",
				("another-name", self.building.name, "601"),
			)
		self.assertTrue(frappe.db.is_unique_key_violation(error.exception))

	def test_bad_areas_and_prices_are_refused_with_the_unit_named(self):
		for values, fragment in (
			({"gross_area": -5}, "Gross area"),
			({"gross_area": 80, "net_area": 95}, "larger than the gross area"),
			({"list_price": 0}, "price must be greater than zero"),
			({"floor_price": 2_000_000}, "above the list price"),
		):
			with self.subTest(values=values):
				with self.assertRaises(InventoryRuleError) as error:
					make_unit(self.building.name, unit_number="X9", floor=2, **values)
				self.assertIn("X9", str(error.exception))
				self.assertIn(fragment, str(error.exception))
		self.assertFalse(frappe.db.exists("RE Unit", {"building": self.building.name, "unit_number": "X9"}))

	def test_a_floor_outside_the_building_or_skipped_is_refused(self):
		for floor in (0, 4, 13, 24, -1):
			with self.subTest(floor=floor):
				with self.assertRaises(frappe.ValidationError) as error:
					make_unit(self.building.name, floor=floor, unit_number=f"F{floor}")
				self.assertIn(f"F{floor}", str(error.exception))
		# 20 physical floors without 4, 13 and 14 reach floor 23
		make_unit(self.building.name, floor=23, unit_number="2301")

	def test_status_cannot_be_typed(self):
		unit = make_unit(self.building.name, floor=2)
		unit.status = "Contracted"
		with self.assertRaises(UnitStatusError):
			unit.save()
		with self.assertRaises(UnitStatusError):
			make_unit(self.building.name, floor=3, status="Contracted")
		self.assertEqual(frappe.db.get_value("RE Unit", unit.name, "status"), "Available")

	def test_unit_type_must_belong_to_the_project(self):
		other_type = make_unit_type(make_project().name, type_code="Z")
		with self.assertRaises(frappe.ValidationError):
			make_unit(self.building.name, floor=2, unit_type=other_type.name)

	def test_floor_price_is_hidden_from_advisors(self):
		unit = make_unit(self.building.name, floor=2, floor_price=900_000)
		advisor, manager = self.advisor, self.manager
		frappe.set_user(advisor)
		self.assertFalse(frappe.client.get("RE Unit", unit.name).get("floor_price"))
		rows = frappe.get_list("RE Unit", filters={"name": unit.name}, fields=["name", "floor_price"])
		self.assertNotIn("floor_price", rows[0])
		frappe.set_user(manager)
		self.assertEqual(frappe.client.get("RE Unit", unit.name).get("floor_price"), 900_000)
