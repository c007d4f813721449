# Copyright (c) 2026, recrm developers and contributors
# For license information, please see license.txt

import frappe
from frappe.tests.utils import FrappeTestCase

from recrm.errors import InventoryRuleError
from recrm.inventory.unit_generation import generate_units
from recrm.tests.cases import StaffTestCase
from recrm.tests.factories import make_building, make_project, make_unit, make_unit_type


class TestREBuilding(FrappeTestCase):
	def tearDown(self):
		frappe.set_user("Administrator")
		frappe.db.rollback()

	def units(self, building: str) -> list[dict]:
		return frappe.get_all(
			"RE Unit",
			filters={"building": building},
			fields=["unit_number", "floor", "position", "list_price", "orientation", "status", "kind"],
			order_by="floor asc, position asc",
		)

	def test_generation_numbers_every_unit_and_skips_unlucky_floors(self):
		building = make_building(floors=20, skip_floor_numbers="4, 13, 14")
		building.generate_units()
		units = self.units(building.name)
		self.assertEqual(len(units), 40)
		numbers = {u.unit_number for u in units}
		self.assertIn("2301", numbers)
		self.assertIn("2302", numbers)
		self.assertFalse({"401", "1301", "1402"} & numbers)
		self.assertEqual({u.status for u in units}, {"Available"})

	def test_prices_rise_with_the_floor_and_the_better_orientation(self):
		building = make_building(floors=10)
		building.generate_units()
		by_number = {u.unit_number: u for u in self.units(building.name)}
		# 100 m² at 10,000/m²; +50/m² per floor; south-facing stack +2%
		self.assertEqual(by_number["101"].list_price, 1_020_000)
		self.assertEqual(by_number["102"].list_price, 1_000_000)
		self.assertEqual(by_number["1002"].list_price, 1_045_000)
		self.assertGreater(by_number["1001"].list_price, by_number["1002"].list_price)

	def test_rerunning_creates_only_what_is_missing(self):
		building = make_building(floors=5)
		make_unit(building.name, floor=3, position=1, unit_number="301", list_price=999)
		self.assertEqual(generate_units(building.name), 9)
		self.assertEqual(len(self.units(building.name)), 10)
		self.assertEqual(
			frappe.db.get_value("RE Unit", {"building": building.name, "unit_number": "301"}, "list_price"),
			999,
		)
		self.assertEqual(building.generate_units()["queued"], False)

	def test_basements_get_parking_spaces_of_their_own(self):
		project = make_project().name
		flat = make_unit_type(project, gross_area=90, net_area=75).name
		space = make_unit_type(project, kind="Parking Space", gross_area=12.5, net_area=12.5).name
		building = make_building(
			project=project,
			floors=3,
			basement_floors=1,
			numbering_pattern="{floor}{unit:02}",
			stacks=[
				{"position": 1, "unit_type": flat},
				*[{"position": p, "unit_type": space, "kind": "Parking Space"} for p in range(1, 6)],
			],
		)
		generate_units(building.name)
		units = self.units(building.name)
		parking = [u for u in units if u.kind == "Parking Space"]
		self.assertEqual(len(parking), 5)
		self.assertEqual({u.floor for u in parking}, {-1})
		self.assertIn("B101", {u.unit_number for u in parking})
		self.assertEqual(len(units), 8)

	def test_a_bad_layout_fails_before_anything_is_written(self):
		building = make_building(floors=12, numbering_pattern="{floor}{unit}")
		building.append("stacks", {"position": 11, "unit_type": building.stacks[0].unit_type})
		for p in range(3, 11):
			building.append("stacks", {"position": p, "unit_type": building.stacks[0].unit_type})
		building.save()
		# floor 1 unit 11 and floor 11 unit 1 would both be 111
		with self.assertRaises(InventoryRuleError):
			building.generate_units()
		self.assertEqual(self.units(building.name), [])

	def test_bad_patterns_floors_and_layouts_are_refused(self):
		with self.assertRaises(InventoryRuleError):
			make_building(numbering_pattern="{floor}")
		with self.assertRaises(InventoryRuleError):
			make_building(numbering_pattern="{floor.__class__}{unit}")
		with self.assertRaises(InventoryRuleError):
			make_building(floors=0)
		with self.assertRaises(frappe.ValidationError):
			make_building(stacks=[{"position": 1}, {"position": 1}])
		other_type = make_unit_type(make_project().name).name
		with self.assertRaises(frappe.ValidationError):
			make_building(stacks=[{"position": 1, "unit_type": other_type}])

	def test_floors_cannot_shrink_below_existing_units(self):
		building = make_building(floors=10)
		make_unit(building.name, floor=9, unit_number="901")
		building.floors = 8
		with self.assertRaises(frappe.ValidationError) as error:
			building.save()
		self.assertIn("9", str(error.exception))

	def test_generation_without_layout_or_price_explains_what_to_do(self):
		building = make_building(stacks=[])
		with self.assertRaises(frappe.ValidationError):
			building.generate_units()
		building = make_building(base_price_per_sqm=0)
		with self.assertRaises(frappe.ValidationError):
			building.generate_units()


class TestREBuildingPermissions(StaffTestCase):
	STAFF_PREFIX = "building"
	STAFF = ("engineer", "advisor")

	def test_engineering_updates_construction_progress_and_nothing_else(self):
		building = make_building(floors=10)
		engineer = self.engineer
		frappe.set_user(engineer)
		doc = frappe.get_doc("RE Building", building.name)
		doc.construction_stage = "Topped Out"
		doc.progress_percent = 65
		doc.base_price_per_sqm = 1
		doc.floors = 30
		doc.save()
		frappe.set_user("Administrator")
		saved = frappe.db.get_value(
			"RE Building",
			building.name,
			["construction_stage", "progress_percent", "base_price_per_sqm", "floors"],
		)
		self.assertEqual(saved, ("Topped Out", 65, 10000, 10))

	def test_an_advisor_cannot_edit_a_building(self):
		building = make_building()
		advisor = self.advisor
		frappe.set_user(advisor)
		doc = frappe.get_doc("RE Building", building.name)
		doc.progress_percent = 99
		with self.assertRaises(frappe.PermissionError):
			doc.save()
