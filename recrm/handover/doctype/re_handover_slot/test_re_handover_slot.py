# Copyright (c) 2026, recrm developers and contributors
# For license information, please see license.txt

from datetime import timedelta

import frappe
from frappe.tests.utils import FrappeTestCase

from recrm.errors import PortalRuleError
from recrm.tests.factories import make_building, make_customer, make_project, make_unit
from recrm.tests.portal_factories import make_appointment, make_handover_slot


class TestREHandoverSlot(FrappeTestCase):
	def setUp(self):
		self.project = make_project().name
		self.building = make_building(project=self.project).name

	def tearDown(self):
		frappe.db.rollback()

	def test_a_slot_ends_after_it_starts_in_a_building_of_its_project(self):
		slot = make_handover_slot(self.project, self.building)
		slot.slot_end = slot.slot_start - timedelta(minutes=1)
		with self.assertRaises(PortalRuleError):
			slot.save()
		with self.assertRaises(PortalRuleError):
			make_handover_slot(make_project().name, self.building)

	def test_the_capacity_stays_above_the_bookings_and_the_slot_counts_them(self):
		slot = make_handover_slot(self.project, self.building, capacity=2)
		unit = make_unit(self.building).name
		appointment = make_appointment(make_customer().name, unit, slot.name)
		self.assertEqual(frappe.db.get_value("RE Handover Slot", slot.name, "booked"), 1)
		slot.reload()
		slot.capacity = 0
		with self.assertRaises(PortalRuleError):
			slot.save()
		appointment.status = "Completed"
		appointment.save()
		self.assertEqual(frappe.db.get_value("RE Handover Slot", slot.name, "booked"), 0)
		self.assertIsNone(appointment.active_unit)

	def test_an_appointment_in_a_slot_of_another_building_is_refused(self):
		slot = make_handover_slot(self.project, make_building(project=self.project).name)
		with self.assertRaises(PortalRuleError):
			make_appointment(make_customer().name, make_unit(self.building).name, slot.name)
