# Copyright (c) 2026, recrm developers and contributors
# For license information, please see license.txt

import frappe
from frappe.tests.utils import FrappeTestCase

from recrm.errors import PortalRuleError
from recrm.tests.factories import make_building, make_project
from recrm.tests.portal_factories import make_site_visit_day


class TestRESiteVisitDay(FrappeTestCase):
	def tearDown(self):
		frappe.db.rollback()

	def test_times_places_and_building_are_checked(self):
		project = make_project().name
		building = make_building(project=project).name
		with self.assertRaises(PortalRuleError):
			make_site_visit_day(project, building, start_time="11:00:00", end_time="10:00:00")
		with self.assertRaises(PortalRuleError):
			make_site_visit_day(project, building, capacity=0)
		with self.assertRaises(PortalRuleError):
			make_site_visit_day(make_project().name, building)
		day = make_site_visit_day(project, building).name
		self.assertEqual(frappe.db.get_value("RE Site Visit Day", day, "signed_up_persons"), 0)
