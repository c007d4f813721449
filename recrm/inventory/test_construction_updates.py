"""Publishing construction progress (亲密接触): who may, what the building shows, and the messages —
one per buyer and channel, however often it is published or the job runs."""

import email
from unittest.mock import patch

import frappe

from recrm.inventory import construction_updates
from recrm.inventory.construction_updates import notify_buyers, publish, withdraw
from recrm.tests.cases import StaffTestCase
from recrm.tests.factories import (
	make_building,
	make_outgoing_email_account,
	make_project,
	make_unit,
	primary_number,
)
from recrm.tests.portal_factories import make_buyer, make_construction_update, make_title_deed


class TestConstructionUpdates(StaffTestCase):
	STAFF_PREFIX = "cu"
	STAFF = ("engineer", "advisor")

	def setUp(self):
		make_outgoing_email_account()
		self.project = make_project().name
		self.building = make_building(project=self.project).name
		self.buyers = []
		for floor, language in ((2, "zh"), (3, "en")):
			buyer = make_buyer("news")
			frappe.db.set_value("User", buyer.user, "language", language)
			make_title_deed(make_unit(self.building, floor=floor).name, [buyer.customer])
			self.buyers.append(buyer)
		self.elsewhere = make_buyer("elsewhere")
		make_title_deed(make_unit(make_building(project=self.project).name).name, [self.elsewhere.customer])
		frappe.db.delete("Email Queue")

	def mails(self) -> dict[str, str]:
		"""{recipient: text of the e-mail} of the queued e-mails."""
		queued = frappe.get_all("Email Queue", pluck="name")
		rows = frappe.get_all(
			"Email Queue Recipient",
			fields=["recipient", "parent"],
			filters={"parenttype": "Email Queue", "parent": ("in", queued or [""])},
		)
		subjects = {}
		for row in rows:
			message = email.message_from_string(frappe.db.get_value("Email Queue", row.parent, "message"))
			plain = next(part for part in message.walk() if part.get_content_type() == "text/plain")
			subjects[row.recipient] = plain.get_payload(decode=True).decode("utf-8")
		return subjects

	def publish_as(self, user, update):
		frappe.set_user(user)
		with patch.object(frappe, "enqueue") as enqueue:
			result = publish(update)
		frappe.set_user("Administrator")
		return result, [c for c in enqueue.call_args_list if "construction_updates" in c.args[0]]

	def test_publishing_shows_the_update_moves_the_building_and_queues_the_messages_once(self):
		update = make_construction_update(
			self.building, published=False, stage="Topped Out", percent_complete=65
		)
		result, jobs = self.publish_as(self.engineer, update.name)
		self.assertEqual(result, {"published": True, "building_updated": True})
		self.assertEqual(
			frappe.db.get_value("RE Building", self.building, ["construction_stage", "progress_percent"]),
			("Topped Out", 65),
		)
		update.reload()
		self.assertEqual((update.published, update.published_by), (1, self.engineer))
		self.assertEqual(len(jobs), 1)
		self.assertEqual(
			jobs[0].kwargs,
			{
				"update": update.name,
				"job_id": f"recrm-construction-update::{update.name}",
				"deduplicate": True,
				"enqueue_after_commit": True,
			},
		)
		again, jobs = self.publish_as(self.engineer, update.name)
		self.assertEqual(again, {"published": False, "building_updated": False})
		self.assertEqual(jobs, [])

	def test_only_staff_who_may_edit_updates_publish(self):
		update = make_construction_update(self.building, published=False)
		frappe.set_user(self.advisor)
		with self.assertRaises(frappe.PermissionError):
			publish(update.name)
		frappe.set_user(self.buyers[0].user)
		with self.assertRaises(frappe.PermissionError):
			publish(update.name)
		frappe.set_user("Administrator")
		self.assertEqual(frappe.db.get_value("RE Construction Update", update.name, "published"), 0)
		frappe.clear_messages()

	def test_each_buyer_of_the_building_gets_one_email_in_their_language(self):
		update = make_construction_update(self.building, title="3号楼主体封顶")
		self.assertEqual(notify_buyers(update.name), 2)
		mails = self.mails()
		self.assertEqual(set(mails), {b.user for b in self.buyers})
		self.assertIn("尊敬的", mails[self.buyers[0].user])
		self.assertIn("Dear", mails[self.buyers[1].user])
		self.assertIn("3号楼主体封顶", mails[self.buyers[0].user])
		self.assertEqual(frappe.db.get_value("RE Construction Update", update.name, "buyers_notified"), 2)

	def test_nothing_is_sent_twice(self):
		update = make_construction_update(self.building)
		notify_buyers(update.name)
		self.assertEqual(notify_buyers(update.name), 0)
		frappe.set_user(self.engineer)
		withdraw(update.name)
		with patch.object(frappe, "enqueue"):
			publish(update.name)
		frappe.set_user("Administrator")
		self.assertEqual(notify_buyers(update.name), 0)
		self.assertEqual(frappe.db.count("Email Queue"), 2)
		# a buyer who bought since hears of it on the next run, the others do not hear it again
		newcomer = make_buyer("newcomer")
		make_title_deed(make_unit(self.building, floor=9).name, [newcomer.customer])
		self.assertEqual(notify_buyers(update.name), 1)
		self.assertEqual(set(self.mails()), {b.user for b in self.buyers} | {newcomer.user})

	def test_an_unpublished_update_is_sent_to_nobody(self):
		update = make_construction_update(self.building, published=False)
		self.assertEqual(notify_buyers(update.name), 0)
		self.assertEqual(frappe.db.count("Email Queue"), 0)

	def test_text_messages_only_where_sms_is_configured(self):
		update = make_construction_update(self.building)
		with patch("frappe.core.doctype.sms_settings.sms_settings.send_sms") as send_sms:
			notify_buyers(update.name)
		send_sms.assert_not_called()
		self.assertEqual(frappe.db.count("RE Construction Update Notice", {"channel": "SMS"}), 0)

		other = make_construction_update(self.building)
		with (
			patch.object(construction_updates, "sms_configured", return_value=True),
			patch("frappe.core.doctype.sms_settings.sms_settings.send_sms") as send_sms,
		):
			self.assertEqual(notify_buyers(other.name), 4)
			self.assertEqual(send_sms.call_count, 2)
			self.assertEqual(notify_buyers(other.name), 0)
			self.assertEqual(send_sms.call_count, 2)
		phones = {call.args[0][0] for call in send_sms.call_args_list}
		expected = {primary_number(b.customer) for b in self.buyers}
		self.assertEqual(phones, expected)

	def test_progress_out_of_range_is_refused(self):
		with self.assertRaises(frappe.ValidationError):
			make_construction_update(self.building, percent_complete=120, photo=False)
