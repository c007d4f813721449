"""Invite to Portal, the portal login on the customer, and the buyer's choice of language."""

from unittest.mock import patch

import frappe
from frappe.auth import CookieManager

from recrm.core.roles import BUYER_ROLE
from recrm.portal import access
from recrm.portal.access import PortalAccessError, current_customer, invite_to_portal
from recrm.tests.cases import StaffTestCase
from recrm.tests.factories import make_customer, make_outgoing_email_account, unique


class TestInviteToPortal(StaffTestCase):
	STAFF_PREFIX = "invite"
	STAFF = ("manager", "advisor", "cs_agent")

	def setUp(self):
		self.email = f"{unique('invitee')}@recrm.test".lower()
		self.customer = make_customer(email=self.email, full_name="丙业主")

	def invite(self, customer=None):
		"""Invite, returning the result and the invitation jobs queued."""
		with patch.object(frappe, "enqueue") as enqueue:
			result = invite_to_portal((customer or self.customer).name)
		jobs = [
			call for call in enqueue.call_args_list if call.args[0] == "recrm.portal.access.send_invitation"
		]
		return result, jobs

	def test_an_invitation_makes_a_website_buyer_linked_to_the_customer(self):
		frappe.set_user(self.manager)
		result, jobs = self.invite()
		frappe.set_user("Administrator")
		self.assertEqual(result, {"user": self.email, "created": True})
		user = frappe.get_doc("User", self.email)
		self.assertEqual(user.user_type, "Website User")
		self.assertEqual([row.role for row in user.roles], [BUYER_ROLE])
		self.assertEqual(frappe.db.get_value("RE Customer", self.customer.name, "portal_user"), self.email)
		# the welcome e-mail goes after the commit, once however often the button is pressed at once
		self.assertEqual(len(jobs), 1)
		kwargs = jobs[0].kwargs
		self.assertTrue(kwargs["enqueue_after_commit"] and kwargs["deduplicate"])
		self.assertEqual(kwargs["job_id"], f"recrm-portal-invitation::{self.email}")
		frappe.set_user(self.email)
		self.assertEqual(current_customer(), self.customer.name)

	def test_the_invitation_sends_frappes_welcome_email_with_a_link_to_set_a_password(self):
		self.invite()
		make_outgoing_email_account()
		frappe.db.delete("Email Queue")
		# the welcome e-mail is sent at once, which commits: queued only here
		with (
			patch("frappe.email.doctype.email_queue.email_queue.EmailQueue.send"),
			patch("frappe.sendmail", wraps=frappe.sendmail) as sendmail,
		):
			access.send_invitation(self.email)
		queued = frappe.get_all("Email Queue", fields=["name", "message"])
		self.assertEqual(len(queued), 1)
		# the link is read from what was sent: later Frappe v15 releases redact it in the queue
		self.assertEqual(sendmail.call_count, 1)
		self.assertIn("update-password?key=", sendmail.call_args.kwargs["args"]["link"])

	def test_inviting_again_reuses_the_login(self):
		self.invite()
		result, jobs = self.invite()
		self.assertEqual(result, {"user": self.email, "created": False})
		self.assertEqual(len(jobs), 1)

	def test_a_customer_without_an_email_cannot_be_invited(self):
		customer = make_customer()
		with self.assertRaises(frappe.ValidationError):
			self.invite(customer)

	def test_staff_logins_and_logins_of_other_customers_are_refused(self):
		staff = self.advisor
		customer = make_customer(email=staff)
		with self.assertRaises(PortalAccessError):
			self.invite(customer)
		self.invite()
		twin = make_customer(email=self.email)
		with self.assertRaises(PortalAccessError):
			self.invite(twin)
		frappe.clear_messages()

	def test_only_staff_who_may_edit_the_customer_invite(self):
		cs_agent = self.cs_agent
		buyer = self.website_user("buyer")
		frappe.set_user(cs_agent)
		with self.assertRaises(frappe.PermissionError):
			self.invite()
		frappe.set_user(buyer)
		with self.assertRaises(frappe.PermissionError):
			self.invite()
		frappe.set_user("Administrator")
		self.assertIsNone(frappe.db.get_value("RE Customer", self.customer.name, "portal_user"))
		frappe.clear_messages()

	def test_the_login_cannot_be_typed_in(self):
		other = self.website_user("other")
		doc = frappe.get_doc("RE Customer", self.customer.name)
		doc.portal_user = other
		with self.assertRaises(PortalAccessError):
			doc.save()
		self.invite()
		doc = frappe.get_doc("RE Customer", self.customer.name)
		doc.portal_user = None
		doc.save()
		frappe.set_user(self.email)
		with self.assertRaises(PortalAccessError):
			current_customer()


class TestLanguage(StaffTestCase):
	STAFF_PREFIX = "lang"

	def setUp(self):
		# what a request has: the cookies the response will set
		frappe.local.cookie_manager = CookieManager()

	def test_the_buyer_chooses_chinese_or_english(self):
		buyer = self.website_user("buyer")
		frappe.set_user(buyer)
		for language in ("en", "zh"):
			self.assertEqual(access.set_language(language), language)
			self.assertEqual(frappe.db.get_value("User", buyer, "language"), language)
			self.assertEqual(frappe.local.cookie_manager.cookies["preferred_language"]["value"], language)
		with self.assertRaises(frappe.ValidationError):
			access.set_language("fr")
		self.assertEqual(frappe.db.get_value("User", buyer, "language"), "zh")
		frappe.clear_messages()

	def test_a_guest_chooses_by_cookie_only(self):
		frappe.set_user("Guest")
		self.assertEqual(access.set_language("en"), "en")
		self.assertEqual(frappe.local.cookie_manager.cookies["preferred_language"]["value"], "en")
