"""Two buyers' complaints and surveys: each submits, follows, adds to, confirms or reopens their own
complaints and answers their own surveys once; neither reaches the other's, by any route, nor the
other's complaint photos; a guessed name is refused like a missing one.

The world of ``recrm.portal.test_portal_access`` (buyers A and B) with a complaint and a survey
each; the route checks of that module run again here over RE Complaint and RE Satisfaction Survey.
"""

import io
import json
from unittest.mock import patch

import frappe
from frappe.core.doctype.file.utils import find_file_by_url
from frappe.utils import set_request
from frappe.website.serve import get_response

from recrm.api import portal_service
from recrm.core.photos import MAX_PHOTO_BYTES
from recrm.errors import PortalRuleError, SurveyError
from recrm.portal import files
from recrm.portal import test_portal_access as base
from recrm.portal.buyer import NotTheirsError, current_buyer
from recrm.portal.uploads import MAX_BUYER_PHOTOS, upload_photo
from recrm.tests.factories import make_complaint, make_survey, move_complaint
from recrm.tests.portal_factories import attach_private_file, png

PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n"


def complaint_photo(complaint: str) -> str:
	url = attach_private_file("RE Complaint", complaint).file_url
	doc = frappe.get_doc("RE Complaint", complaint)
	doc.append("photos", {"photo": url})
	doc.save()
	return url


def make_service(world) -> None:
	world.complaint_a = make_complaint(
		world.a.customer,
		world.project,
		unit=world.a1.name,
		subject="甲的门锁坏了",
		description="甲：入户门锁打不开",
	).name
	world.complaint_b = make_complaint(
		world.b.customer,
		world.project,
		unit=world.b1.name,
		subject="乙的暖气不热",
		description="乙：卧室暖气不热",
	).name
	world.photo_a = complaint_photo(world.complaint_a)
	world.photo_b = complaint_photo(world.complaint_b)
	world.survey_a = make_survey(world.a.customer, world.project).name
	world.survey_b = make_survey(world.b.customer, world.project).name


class ServiceWorld(base.PortalWorld):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		make_service(cls)
		cls.theirs = {
			cls.a.user: {"RE Complaint": {cls.complaint_a}, "RE Satisfaction Survey": {cls.survey_a}},
			cls.b.user: {"RE Complaint": {cls.complaint_b}, "RE Satisfaction Survey": {cls.survey_b}},
		}

	def tearDown(self):
		super().tearDown()
		frappe.local.message_log = []


class TestServiceThroughTheBuyerLayer(ServiceWorld, base.TestTheBuyerLayer):
	def test_status_log_and_photo_rows_follow_their_complaint(self):
		frappe.set_user(self.a.user)
		me = current_buyer()
		for child in ("RE Complaint Status Log", "RE Complaint Photo"):
			rows = me.children(child, [self.complaint_a, self.complaint_b], ["name"])
			self.assertEqual(set(rows), {self.complaint_a}, child)


class TestServiceByFrappesRoutes(ServiceWorld, base.TestFrappeRoutesRefuseBuyers):
	pass


class TestServiceFiles(ServiceWorld):
	def serve(self, url: str):
		frappe.local.response.filecontent = None
		files.download(url)
		return frappe.local.response.filecontent

	def test_complaint_photos_open_only_for_the_complaints_buyer(self):
		from frappe.utils.response import download_private_file
		from werkzeug.exceptions import Forbidden

		for buyer, own, other in ((self.a, self.photo_a, self.photo_b), (self.b, self.photo_b, self.photo_a)):
			frappe.set_user(buyer.user)
			self.assertTrue(self.serve(own).startswith(b"\x89PNG"))
			with self.assertRaises(NotTheirsError):
				self.serve(other)
			# Frappe's own file route: neither (staff attached them; buyers read no complaint)
			for url in (own, other):
				self.assertIsNone(find_file_by_url(url))
				with patch("frappe.utils.response.make_access_log"):
					set_request(method="GET", path=url)
					with self.assertRaises(Forbidden):
						download_private_file(url)


class TestServiceByGuessingNames(ServiceWorld, base.TestGuessingNames):
	def test_the_portal_methods_refuse_the_other_buyers_complaint_and_survey(self):
		frappe.set_user(self.a.user)
		calls = [
			lambda: portal_service.add_complaint_information(self.complaint_b, "我来补充"),
			lambda: portal_service.confirm_complaint_resolved(self.complaint_b),
			lambda: portal_service.reopen_complaint(self.complaint_b, "没修好"),
			lambda: portal_service.answer_survey(self.survey_b, json.dumps({"overall": 1})),
			lambda: portal_service.submit_complaint(self.b1.name, "看看", "看看"),
		]
		for call in calls:
			text = self.refused(call)
			for secret in ("乙的暖气不热", "卧室暖气不热", self.b1.name):
				self.assertNotIn(secret, text.replace(self.b1.name, "?") if call is calls[-1] else text)
		missing = self.refused(lambda: portal_service.reopen_complaint("CMP-2026-999999", "x"))
		taken = self.refused(lambda: portal_service.reopen_complaint(self.complaint_b, "x"))
		self.assertEqual(missing.replace("CMP-2026-999999", "?"), taken.replace(self.complaint_b, "?"))
		frappe.set_user("Administrator")
		self.assertEqual(frappe.db.get_value("RE Complaint", self.complaint_b, "status"), "Open")
		self.assertIsNone(frappe.db.get_value("RE Satisfaction Survey", self.survey_b, "answered_on"))

	def test_uploading_to_the_other_buyers_complaint_is_refused(self):
		frappe.set_user(self.a.user)
		with self.assertRaises(frappe.PermissionError):
			upload(png(), "crack.png", self.complaint_b)
		frappe.set_user("Administrator")
		self.assertEqual(len(frappe.get_doc("RE Complaint", self.complaint_b).photos), 1)


def upload(content: bytes, file_name: str, complaint: str):
	"""Straight to the portal's photo method, as the complaints page does (recrm-portal.js)."""
	set_request(
		method="POST",
		path="/api/method/recrm.portal.uploads.upload_photo",
		data={"file": (io.BytesIO(content), file_name)},
	)
	frappe.local.form_dict = frappe._dict(doctype="RE Complaint", docname=complaint)
	try:
		return upload_photo()
	finally:
		frappe.local.form_dict = frappe._dict()


class TestComplaintsOnThePortal(ServiceWorld):
	def test_a_buyer_submits_a_complaint_about_their_unit_with_photos(self):
		frappe.set_user(self.a.user)
		result = portal_service.submit_complaint(self.a1.name, "客厅墙面开裂", "客厅东墙有一条裂缝", "Cracks")
		result_photo = upload(png(4, 4), "crack.png", result["complaint"])
		self.assertTrue(result_photo["file_url"].startswith("/private/files/"))
		frappe.set_user("Administrator")
		doc = frappe.get_doc("RE Complaint", result["complaint"])
		self.assertEqual(
			(doc.customer, doc.unit, doc.project, doc.channel, doc.status, doc.category),
			(self.a.customer, self.a1.name, self.project, "Portal", "Open", "Cracks"),
		)
		self.assertEqual([row.photo for row in doc.photos], [result_photo["file_url"]])
		# A sees it on the portal; B cannot open A's new photo
		frappe.set_user(self.a.user)
		frappe.local.response.filecontent = None
		files.download(result_photo["file_url"])
		self.assertTrue(frappe.local.response.filecontent.startswith(b"\x89PNG"))
		frappe.set_user(self.b.user)
		self.assertIsNone(find_file_by_url(result_photo["file_url"]))
		with self.assertRaises(NotTheirsError):
			files.download(result_photo["file_url"])

	def test_a_photo_that_is_no_image_or_too_large_is_refused(self):
		frappe.set_user(self.a.user)
		with self.assertRaises(PortalRuleError):
			upload(PDF, "photo.png", self.complaint_a)
		with self.assertRaises(frappe.ValidationError):
			upload(PDF, "report.pdf", self.complaint_a)
		big = png() + b"\0" * (MAX_PHOTO_BYTES + 1)
		with self.assertRaises(PortalRuleError):
			upload(big, "big.png", self.complaint_a)
		frappe.set_user("Administrator")
		self.assertEqual(len(frappe.get_doc("RE Complaint", self.complaint_a).photos), 1)

	def test_at_most_so_many_photos(self):
		frappe.set_user("Administrator")
		doc = frappe.get_doc("RE Complaint", self.complaint_a)
		for _ in range(MAX_BUYER_PHOTOS - len(doc.photos)):
			doc.append("photos", {"photo": attach_private_file("RE Complaint", doc.name).file_url})
		doc.save()
		frappe.set_user(self.a.user)
		with self.assertRaises(PortalRuleError):
			upload(png(3, 3), "one-more.png", self.complaint_a)

	def test_information_only_when_asked_then_confirm_or_reopen(self):
		frappe.set_user(self.a.user)
		with self.assertRaises(PortalRuleError):
			portal_service.add_complaint_information(self.complaint_a, "补充")
		frappe.set_user("Administrator")
		move_complaint(self.complaint_a, "Awaiting Customer", note="请告知方便上门的时间")
		frappe.set_user(self.a.user)
		with self.assertRaises(PortalRuleError):
			portal_service.confirm_complaint_resolved(self.complaint_a)
		portal_service.add_complaint_information(self.complaint_a, "周六上午在家")
		frappe.set_user("Administrator")
		doc = frappe.get_doc("RE Complaint", self.complaint_a)
		self.assertEqual(doc.status, "In Progress")
		self.assertEqual(doc.status_log[-1].note, "周六上午在家")
		self.assertEqual(doc.status_log[-1].changed_by, self.a.user)
		move_complaint(doc.name, "Resolved")
		frappe.set_user(self.a.user)
		portal_service.reopen_complaint(self.complaint_a, "锁还是打不开")
		frappe.set_user("Administrator")
		self.assertEqual(frappe.db.get_value("RE Complaint", self.complaint_a, "status"), "Reopened")
		move_complaint(self.complaint_a, "Resolved")
		frappe.set_user(self.a.user)
		portal_service.confirm_complaint_resolved(self.complaint_a)
		frappe.set_user("Administrator")
		self.assertEqual(frappe.db.get_value("RE Complaint", self.complaint_a, "status"), "Closed")
		# closing sent the after-complaint survey, which is A's
		survey = frappe.db.get_value("RE Satisfaction Survey", {"complaint": self.complaint_a}, "name")
		frappe.set_user(self.a.user)
		self.assertIn(survey, current_buyer().names("RE Satisfaction Survey"))

	def test_a_survey_is_answered_once(self):
		frappe.set_user(self.a.user)
		portal_service.answer_survey(self.survey_a, json.dumps({"overall": 5, "product": 4}), "很满意")
		with self.assertRaisesRegex(SurveyError, "already answered"):
			portal_service.answer_survey(self.survey_a, json.dumps({"overall": 1}))
		frappe.set_user("Administrator")
		survey = frappe.get_doc("RE Satisfaction Survey", self.survey_a)
		self.assertEqual(
			(survey.overall_score, survey.answered_via, survey.comments), (5, "Portal", "很满意")
		)

	def test_no_desk_form_of_their_own_complaint_with_its_staff_comments(self):
		from recrm.overrides import load

		frappe.set_user("Administrator")
		frappe.get_doc("RE Complaint", self.complaint_a).add_comment("Comment", "客户情绪激动，内部备注")
		frappe.set_user(self.a.user)
		for call in (
			lambda: load.getdoc("RE Complaint", self.complaint_a),
			lambda: load.get_docinfo(doctype="RE Complaint", name=self.complaint_a),
			lambda: load.getdoc("RE Complaint", "CMP-2026-999999"),
		):
			with self.assertRaises(frappe.PermissionError):
				call()
		frappe.set_user(self.staff)
		load.getdoc("RE Complaint", self.complaint_a)
		self.assertIn("客户情绪激动", json.dumps(frappe.response.docinfo, default=str, ensure_ascii=False))

	def test_a_buyer_writes_nothing_through_frappes_routes(self):
		frappe.set_user(self.a.user)
		with self.assertRaises(frappe.PermissionError):
			frappe.client.set_value("RE Complaint", self.complaint_a, "status", "Closed")
		with self.assertRaises(frappe.PermissionError):
			frappe.client.set_value("RE Satisfaction Survey", self.survey_a, "overall_score", 5)

	def render(self, user: str, path: str) -> str:
		frappe.set_user(user)
		set_request(method="GET", path=path)
		response = get_response(path)
		self.assertEqual(response.status_code, 200, path)
		return response.get_data(as_text=True)

	def test_the_page_shows_each_buyer_their_complaints_and_surveys(self):
		html = self.render(self.a.user, "/my-home/complaints")
		for own in (
			"甲的门锁坏了",
			self.survey_a,
			frappe.utils.escape_html(files.file_src(self.photo_a)),
			"A-301",
		):
			self.assertIn(own, html)
		for other in (
			"乙的暖气不热",
			self.survey_b,
			self.photo_b.rsplit("/", 1)[1],
			"B-501",
			self.b.full_name,
		):
			self.assertNotIn(other, html)


class TestStaffOnlyFields(ServiceWorld):
	"""A buyer follows their complaint on the portal, but not what staff keep about it."""

	def test_the_buyer_gets_no_staff_only_field(self):
		frappe.db.set_value(
			"RE Complaint", self.complaint_a, {"cause": "客户自行改动水管", "resolution_escalation_level": 2}
		)
		frappe.set_user(self.a.user)
		for call in (
			lambda: frappe.client.get("RE Complaint", self.complaint_a),
			lambda: frappe.client.get_value("RE Complaint", ["subject", "cause"], {"name": self.complaint_a}),
			lambda: frappe.client.get_list("RE Complaint", fields=["name", "cause"], limit_page_length=0),
		):
			with self.assertRaises(frappe.PermissionError):
				call()
		html = self.render(self.a.user, "/my-home/complaints")
		self.assertIn("甲的门锁坏了", html)
		self.assertNotIn("客户自行改动水管", html)
		frappe.set_user(self.staff)
		self.assertEqual(frappe.client.get("RE Complaint", self.complaint_a)["cause"], "客户自行改动水管")

	def render(self, user: str, path: str) -> str:
		frappe.set_user(user)
		set_request(method="GET", path=path)
		return get_response(path).get_data(as_text=True)


class TestBadInput(ServiceWorld):
	"""The portal's survey answer and complaint methods refuse bad input clearly, never a 5xx."""

	def test_answers_that_are_no_json_or_missing_are_refused_clearly(self):
		frappe.set_user(self.a.user)
		for answers in ("{not json", "[1, 2]", "", None, "null", json.dumps({"overall": "很好"})):
			frappe.clear_messages()
			with self.assertRaises(frappe.ValidationError, msg=answers):
				portal_service.answer_survey(self.survey_a, answers)
		with self.assertRaises(NotTheirsError):
			portal_service.answer_survey()
		frappe.set_user("Administrator")
		self.assertIsNone(frappe.db.get_value("RE Satisfaction Survey", self.survey_a, "answered_on"))

	def test_missing_arguments_are_refused_clearly(self):
		frappe.set_user(self.a.user)
		for call in (
			lambda: portal_service.submit_complaint(),
			lambda: portal_service.submit_complaint(self.a1.name),
			lambda: portal_service.add_complaint_information(),
			lambda: portal_service.reopen_complaint(self.complaint_a),
		):
			frappe.clear_messages()
			with self.assertRaises((frappe.ValidationError, frappe.PermissionError)):
				call()
