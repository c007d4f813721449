# Copyright (c) 2026, recrm developers and contributors
# For license information, please see license.txt

import frappe
from frappe.tests.utils import FrappeTestCase

from recrm.core.roles import SALES_ADVISOR
from recrm.sales.doctype.re_campaign.test_re_campaign import make_channel
from recrm.tests.factories import make_customer, make_user


class TestREChannel(FrappeTestCase):
	def tearDown(self):
		frappe.set_user("Administrator")
		frappe.db.rollback()

	def test_a_customer_records_the_channel_that_brought_them(self):
		channel = make_channel(kind="Referral")
		self.assertEqual(make_customer(first_channel=channel.name).first_channel, channel.name)

	def test_an_advisor_reads_channels_but_cannot_create_them(self):
		frappe.set_user(make_user("channel-advisor@recrm.test", [SALES_ADVISOR]))
		self.assertTrue(frappe.has_permission("RE Channel", "read"))
		with self.assertRaises(frappe.PermissionError):
			make_channel()
