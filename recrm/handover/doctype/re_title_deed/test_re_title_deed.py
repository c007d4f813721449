# Copyright (c) 2026, recrm developers and contributors
# For license information, please see license.txt

import frappe
from frappe.tests.utils import FrappeTestCase
from frappe.utils import add_days, nowdate

from recrm.errors import PortalRuleError
from recrm.inventory.buyers import units_of
from recrm.tests.factories import make_customer, make_unit
from recrm.tests.portal_factories import make_title_deed


class TestRETitleDeed(FrappeTestCase):
	def setUp(self):
		self.unit = make_unit().name
		self.owners = [make_customer().name, make_customer().name]

	def tearDown(self):
		frappe.db.rollback()

	def test_the_stage_follows_the_dates(self):
		deed = make_title_deed(self.unit, self.owners)
		self.assertEqual(deed.stage, "Collecting Documents")
		deed.documents_collected_on = add_days(nowdate(), -30)
		deed.submitted_on = add_days(nowdate(), -20)
		deed.save()
		self.assertEqual(deed.stage, "Submitted to Registry")
		deed.issued_on = add_days(nowdate(), -2)
		deed.handed_over_on = nowdate()
		deed.save()
		self.assertEqual(deed.stage, "Handed to Owner")

	def test_steps_in_order_and_not_in_the_future(self):
		for dates in (
			{"submitted_on": nowdate()},
			{"documents_collected_on": nowdate(), "submitted_on": add_days(nowdate(), -1)},
			{"documents_collected_on": add_days(nowdate(), 1)},
		):
			with self.assertRaises(PortalRuleError, msg=dates):
				make_title_deed(self.unit, self.owners, **dates)

	def test_owners_once_each_and_shares_that_add_up(self):
		with self.assertRaises(PortalRuleError):
			make_title_deed(self.unit, [self.owners[0], self.owners[0]])
		deed = frappe.get_doc(
			{
				"doctype": "RE Title Deed",
				"unit": self.unit,
				"handled_by": "Administrator",
				"owners": [
					{"customer": self.owners[0], "share": 60},
					{"customer": self.owners[1], "share": 30},
				],
			}
		)
		with self.assertRaises(PortalRuleError):
			deed.insert()
		deed.owners[1].share = 40
		deed.insert()

	def test_every_owner_sees_the_unit_as_theirs(self):
		make_title_deed(self.unit, self.owners)
		for owner in self.owners:
			self.assertEqual([(r.unit, r.relation) for r in units_of(owner)], [(self.unit, "Owner")])
