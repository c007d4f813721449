# Copyright (c) 2026, recrm developers and contributors
# For license information, please see license.txt

import frappe

from recrm.tests.cases import StaffTestCase
from recrm.tests.factories import make_channel, make_customer


class TestREChannel(StaffTestCase):
	STAFF_PREFIX = "channel"
	STAFF = ("advisor",)

	def test_a_customer_records_the_channel_that_brought_them(self):
		channel = make_channel(kind="Referral")
		self.assertEqual(make_customer(first_channel=channel.name).first_channel, channel.name)

	def test_an_advisor_reads_channels_but_cannot_create_them(self):
		frappe.set_user(self.advisor)
		self.assertTrue(frappe.has_permission("RE Channel", "read"))
		with self.assertRaises(frappe.PermissionError):
			make_channel()
