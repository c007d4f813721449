# Copyright (c) 2026, recrm developers and contributors
# For license information, please see license.txt

import frappe
from frappe.tests.utils import FrappeTestCase
from frappe.utils import add_days, nowdate

from recrm.core.roles import BUYER_ROLE
from recrm.errors import PortalRuleError
from recrm.tests.factories import make_customer, make_unit
from recrm.tests.portal_factories import make_defect


class TestREHandoverDefect(FrappeTestCase):
	def setUp(self):
		self.customer = make_customer().name
		self.unit = make_unit().name

	def tearDown(self):
		frappe.db.rollback()

	def test_a_fixed_defect_has_the_date_it_was_fixed(self):
		defect = make_defect(self.customer, self.unit, photo=False, due_date=add_days(nowdate(), 14))
		self.assertEqual(defect.status, "Reported")
		defect.status = "Fixed"
		with self.assertRaises(PortalRuleError):
			defect.save()
		defect.reload()
		defect.status = "Fixed"
		defect.fixed_on = nowdate()
		defect.save()
		defect.status = "In Progress"
		defect.save()
		self.assertIsNone(defect.fixed_on)

	def test_dates_after_the_report(self):
		with self.assertRaises(PortalRuleError):
			make_defect(self.customer, self.unit, photo=False, due_date=add_days(nowdate(), -1))
		with self.assertRaises(PortalRuleError):
			make_defect(
				self.customer, self.unit, photo=False, status="Fixed", fixed_on=add_days(nowdate(), -1)
			)

	def test_internal_notes_are_for_staff_only(self):
		meta = frappe.get_meta("RE Handover Defect")
		self.assertEqual(meta.get_field("internal_notes").permlevel, 1)
		self.assertFalse(any(p.role == BUYER_ROLE and p.permlevel == 1 for p in meta.permissions))
