# Copyright (c) 2026, recrm developers and contributors
# For license information, please see license.txt

import frappe
from frappe.tests.utils import FrappeTestCase

from recrm.inventory.status import change_unit_status
from recrm.inventory.unit_generation import generate_units
from recrm.tests.factories import make_building


class TestREPriceAdjustment(FrappeTestCase):
	def setUp(self):
		self.building = make_building(floors=3)
		generate_units(self.building.name)

	def tearDown(self):
		frappe.set_user("Administrator")
		frappe.db.rollback()

	def prices(self) -> dict[str, float]:
		return dict(
			frappe.get_all(
				"RE Unit",
				filters={"building": self.building.name},
				fields=["unit_number", "list_price"],
				as_list=True,
			)
		)

	def adjustment(self, **kwargs):
		return frappe.get_doc(
			{
				"doctype": "RE Price Adjustment",
				"building": self.building.name,
				"method": "Percentage",
				"percentage": 3,
				"reason": "二期加推调价",
				**kwargs,
			}
		).insert()

	def test_percentage_rise_applies_on_submit_and_reverts_on_cancel(self):
		before = self.prices()
		doc = self.adjustment()
		self.assertEqual(doc.unit_count, 6)
		doc.submit()
		after = self.prices()
		self.assertEqual(after["101"], round(before["101"] * 1.03))
		self.assertEqual(
			frappe.db.get_value("RE Unit", doc.items[0].unit, "price_per_sqm"), doc.items[0].new_price_per_sqm
		)
		doc.cancel()
		self.assertEqual(self.prices(), before)

	def test_sold_units_keep_their_price(self):
		sold = frappe.db.get_value("RE Unit", {"building": self.building.name, "unit_number": "201"})
		change_unit_status(sold, "Reserved", "reservation")
		before = self.prices()
		self.adjustment().submit()
		self.assertEqual(self.prices()["201"], before["201"])
		self.assertNotEqual(self.prices()["101"], before["101"])

	def test_premium_method_reprices_by_floor_and_orientation(self):
		doc = self.adjustment(
			method="Floor and Orientation Premiums", base_price_per_sqm=12000, floor_premium_per_sqm=100
		)
		doc.submit()
		prices = self.prices()
		self.assertEqual(prices["102"], 1_200_000)
		self.assertEqual(prices["302"], 1_220_000)
		self.assertEqual(prices["301"], round(1_220_000 * 1.02))

	def test_a_price_below_the_floor_price_is_refused(self):
		unit = frappe.db.get_value("RE Unit", {"building": self.building.name, "unit_number": "101"})
		frappe.db.set_value("RE Unit", unit, "floor_price", 1_000_000)
		with self.assertRaises(frappe.ValidationError):
			self.adjustment(percentage=-5)

	def test_a_price_changed_meanwhile_stops_the_whole_adjustment(self):
		doc = self.adjustment()
		unit = frappe.get_doc("RE Unit", doc.items[0].unit)
		unit.list_price = 777_777
		unit.save()
		before = self.prices()
		with self.assertRaises(frappe.ValidationError):
			doc.submit()
		self.assertEqual(self.prices(), before)

	def test_zero_change_or_no_units_is_refused(self):
		with self.assertRaises(frappe.ValidationError):
			self.adjustment(percentage=0)
		with self.assertRaises(frappe.ValidationError):
			self.adjustment(kind="Storage")

	def test_every_unit_is_repriced_across_update_chunks(self):
		from unittest.mock import patch

		before = self.prices()
		with patch("recrm.inventory.doctype.re_price_adjustment.re_price_adjustment.UPDATE_CHUNK", 4):
			self.adjustment(percentage=-1).submit()
		after = self.prices()
		self.assertEqual(len(after), 6)
		for number, price in before.items():
			self.assertEqual(after[number], round(price * 0.99), number)
