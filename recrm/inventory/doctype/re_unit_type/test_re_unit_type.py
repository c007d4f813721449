# Copyright (c) 2026, recrm developers and contributors
# For license information, please see license.txt

import frappe
from frappe.tests.utils import FrappeTestCase

from recrm.errors import InventoryRuleError
from recrm.tests.factories import make_project, make_unit_type


class TestREUnitType(FrappeTestCase):
	def setUp(self):
		self.project = make_project().name

	def tearDown(self):
		frappe.db.rollback()

	def test_areas_must_be_positive_and_net_within_gross(self):
		for gross, net in ((0, None), (-10, None), (90, 95), (90, -1)):
			with self.subTest(gross=gross, net=net):
				with self.assertRaises(InventoryRuleError) as error:
					make_unit_type(self.project, type_code="BAD", gross_area=gross, net_area=net)
				self.assertIn("BAD", str(error.exception))

	def test_one_code_per_project(self):
		make_unit_type(self.project, type_code="A1")
		with self.assertRaises(frappe.DuplicateEntryError):
			make_unit_type(self.project, type_code="A1")
		make_unit_type(make_project().name, type_code="A1")
