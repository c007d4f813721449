# Copyright (c) 2026, recrm developers and contributors
# For license information, please see license.txt

import frappe
from frappe.tests.utils import FrappeTestCase

from recrm.errors import SalesRuleError
from recrm.tests.factories import make_campaign


class TestRECampaign(FrappeTestCase):
	def tearDown(self):
		frappe.set_user("Administrator")
		frappe.db.rollback()

	def test_a_campaign_cannot_end_before_it_starts(self):
		with self.assertRaises(SalesRuleError):
			make_campaign(end_date="2026-02-28")
		self.assertEqual(make_campaign(end_date="2026-03-01").end_date, "2026-03-01")

	def test_spend_cannot_be_negative(self):
		with self.assertRaises(SalesRuleError):
			make_campaign(spend=-1)
		self.assertEqual(make_campaign(spend=50000).spend, 50000)
