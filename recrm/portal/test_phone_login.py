"""Phone and one-time code: a buyer logs in with the code sent to their number (a fake SMS gateway
here); a wrong, used or expired code is refused alike, codes are limited per number, and no reply
tells whether a number or address belongs to anyone."""

import json
import time
from unittest.mock import MagicMock, patch

import frappe
from frappe.tests.utils import FrappeTestCase
from frappe.utils import set_request

from recrm.core.phones import normalise_phone
from recrm.core.portal import MAX_CODE_ATTEMPTS
from recrm.portal import phone_login
from recrm.portal.phone_login import LoginCodeError
from recrm.tests.factories import random_mobile
from recrm.tests.portal_factories import make_buyer


class FakeGateway:
	def __init__(self):
		self.sent = []

	def __call__(self, receiver_list, message):
		self.sent.append((receiver_list, message))

	def code(self) -> str:
		return "".join(ch for ch in self.sent[-1][1] if ch.isdigit())[:6]


class TestPhoneLogin(FrappeTestCase):
	def setUp(self):
		frappe.set_user("Administrator")
		self.phone = random_mobile()
		self.number = normalise_phone(self.phone)
		self.buyer = make_buyer("phone", phone=self.phone)
		self.gateway = FakeGateway()
		# the site has SMS set up (SMS Settings' gateway URL), and the gateway is a fake
		for name, value in (("send_sms", self.gateway), ("sms_configured", lambda: True)):
			patcher = patch.object(phone_login, name, value)
			patcher.start()
			self.addCleanup(patcher.stop)
		had_manager = hasattr(frappe.local, "login_manager")
		original = getattr(frappe.local, "login_manager", None)
		frappe.local.login_manager = MagicMock()
		self.addCleanup(
			lambda: (
				setattr(frappe.local, "login_manager", original)
				if had_manager
				else delattr(frappe.local, "login_manager")
			)
		)
		frappe.set_user("Guest")

	def tearDown(self):
		frappe.cache.delete_keys("recrm:portal-login:")
		frappe.set_user("Administrator")
		frappe.db.rollback()
		frappe.local.message_log = []

	def test_the_buyer_logs_in_with_the_code_sent_to_their_number(self):
		reply = phone_login.send_login_code(self.phone)
		self.assertEqual(len(self.gateway.sent), 1)
		code = self.gateway.code()
		self.assertEqual(self.gateway.sent[0][0], [self.number])
		# only a hash of the code is kept
		stored = frappe.cache.get_value(phone_login._cache_key("code", self.number), expires=True)
		self.assertNotIn(code, stored)
		self.assertEqual(phone_login.login_with_code(self.phone, code), {"home": "/my-home"})
		frappe.local.login_manager.login_as.assert_called_once_with(self.buyer.user)
		# used once
		with self.assertRaises(LoginCodeError):
			phone_login.login_with_code(self.phone, code)
		self.assertIn("If this number belongs to a buyer", reply["message"])

	def test_an_unknown_number_gets_the_same_reply_and_no_sms(self):
		known = phone_login.send_login_code(self.phone)
		unknown = phone_login.send_login_code("139 0000 0001")
		self.assertEqual(known, unknown)
		self.assertEqual(len(self.gateway.sent), 1)
		with self.assertRaises(LoginCodeError) as error:
			phone_login.login_with_code("139 0000 0001", "123456")
		self.assertNotIn("0001", str(error.exception))

	def test_a_wrong_code_is_refused_and_the_code_dies_after_so_many_tries(self):
		phone_login.send_login_code(self.phone)
		code = self.gateway.code()
		wrong = str((int(code) + 1) % 1_000_000).zfill(6)
		messages = set()
		for _ in range(MAX_CODE_ATTEMPTS):
			with self.assertRaises(LoginCodeError) as error:
				phone_login.login_with_code(self.phone, wrong)
			messages.add(str(error.exception))
		self.assertEqual(len(messages), 1)
		# the right code comes too late: the code is gone
		with self.assertRaises(LoginCodeError) as error:
			phone_login.login_with_code(self.phone, code)
		self.assertEqual({str(error.exception)}, messages)
		frappe.local.login_manager.login_as.assert_not_called()

	def test_an_expired_code_is_refused(self):
		phone_login.send_login_code(self.phone)
		code = self.gateway.code()
		later = time.time() + 301
		with patch("recrm.portal.phone_login.time.time", return_value=later):
			with self.assertRaises(LoginCodeError):
				phone_login.login_with_code(self.phone, code)
		frappe.local.login_manager.login_as.assert_not_called()

	def test_codes_per_number_are_limited_however_the_number_is_written(self):
		for written in (self.phone, self.number, self.phone.replace(" ", "-")):
			phone_login.send_login_code(written)
		with self.assertRaises(frappe.RateLimitExceededError):
			phone_login.send_login_code(self.phone.replace(" ", ""))
		self.assertEqual(len(self.gateway.sent), 3)

	def test_requests_are_rate_limited_per_address(self):
		set_request(method="POST", path="/api/method/recrm.portal.phone_login.send_login_code")
		frappe.local.request_ip = f"10.9.{int(time.time()) % 250}.{int(frappe.generate_hash(length=2), 16)}"
		frappe.local.form_dict = frappe._dict(cmd="recrm.portal.phone_login.send_login_code")
		try:
			with self.assertRaises(frappe.RateLimitExceededError):
				for index in range(11):
					phone_login.send_login_code(f"139 0000 {1000 + index}")
		finally:
			frappe.cache.delete_keys(f"rl:recrm.portal.phone_login.send_login_code:{frappe.local.request_ip}")
			frappe.local.request = None
			frappe.local.form_dict = frappe._dict()

	def test_without_sms_the_phone_is_refused_and_the_page_offers_what_there_is(self):
		with patch.object(phone_login, "sms_configured", lambda: False):
			with self.assertRaises(frappe.ValidationError):
				phone_login.send_login_code(self.phone)
			self.assertFalse(phone_login.login_options()["sms"])
		self.assertEqual(self.gateway.sent, [])

	def test_the_email_link_goes_to_buyers_only_with_the_same_reply(self):
		# System Settings: Login with email link (patched: a cached setting would outlive the rollback)
		with (
			patch.object(phone_login, "email_link_enabled", lambda: True),
			patch("frappe.www.login.frappe.get_system_settings", lambda key: 1),
			patch("frappe.www.login.frappe.sendmail") as sendmail,
			patch.object(phone_login.frappe, "enqueue") as enqueue,
		):
			to_buyer = phone_login.send_login_link(self.buyer.user)
			to_nobody = phone_login.send_login_link("nobody-here@recrm.test")
			to_staff = phone_login.send_login_link("Administrator")
			# the request queues the same job for every address; the job sends to a buyer only
			queued = [call.kwargs["email"] for call in enqueue.call_args_list]
			self.assertEqual(queued, [self.buyer.user, "nobody-here@recrm.test", "administrator"])
			for email in queued:
				phone_login.email_login_link(email)
		self.assertEqual(to_buyer, to_nobody)
		self.assertEqual(to_buyer, to_staff)
		self.assertEqual(sendmail.call_count, 1)
		self.assertEqual(sendmail.call_args.kwargs["recipients"], self.buyer.user)
		self.assertTrue(json.dumps(to_buyer))

	def test_without_an_outgoing_account_a_buyer_is_answered_like_anyone(self):
		# Frappe's sender fails without an outgoing e-mail account: in the job, never in the answer
		with (
			patch.object(phone_login, "email_link_enabled", lambda: True),
			patch("frappe.www.login.frappe.get_system_settings", lambda key: 1),
			patch("frappe.www.login.frappe.sendmail", side_effect=frappe.OutgoingEmailError("no account")),
			patch.object(phone_login.frappe, "enqueue"),
		):
			answers = [
				phone_login.send_login_link(email)
				for email in (self.buyer.user, "nobody-here@recrm.test", "  Nobody@Recrm.test ")
			]
			with self.assertRaises(frappe.OutgoingEmailError):
				phone_login.email_login_link(self.buyer.user)
		self.assertEqual(len({json.dumps(answer) for answer in answers}), 1)
		for bad in (None, "", "x" * 200, ["a@b.c"]):
			with self.assertRaises(frappe.ValidationError):
				phone_login.send_login_link(bad)
