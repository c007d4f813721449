"""Phone privacy over HTTP: Data Export, ``/api/resource``, ``/api/v2`` and link search answer an
advisor (and a manager) masked numbers only, and refuse the store of full numbers; the full-phones
method answers bad input clearly. Requests go to the WSGI application as a logged-in user
(recrm/tests/http.py)."""

import json

import frappe

from recrm.sales.phone_privacy import NUMBER
from recrm.tests.cases import StaffTestCase
from recrm.tests.factories import make_owned_customer, make_project
from recrm.tests.http import HTTPUser
from recrm.tests.race import RaceTestCase

THEIRS = "138 2468 8000"
THEIRS_FULL = "+8613824688000"
THEIRS_MASKED = "138****8000"
MINE = "139 1357 2222"
MINE_FULL = "+8613913572222"
EXPORT = "/api/method/frappe.core.doctype.data_export.exporter.export_data"


class TestPhonePrivacyOverHTTP(StaffTestCase, RaceTestCase):
	STAFF_PREFIX = "http-phones"
	STAFF = ("advisor", "owner", "manager")

	@classmethod
	def make_shared_records(cls):
		project = make_project().name
		cls.theirs = make_owned_customer(project, cls.owner, -1, phone=THEIRS).name
		cls.mine = make_owned_customer(project, cls.advisor, 9, phone=MINE).name
		cls.both = [cls.theirs, cls.mine]

	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.sessions = {user: HTTPUser(user) for user in (cls.advisor, cls.manager)}

	def assertNoFullNumber(self, text: str):
		for number in (THEIRS_FULL, MINE_FULL):
			national = number[3:]
			self.assertNotIn(national, text)
			self.assertNotIn(national[2:8], text)
			self.assertNotIn(f"{national[:3]} {national[3:7]} {national[7:]}", text)

	def export(self, session, doctype="RE Customer", **params):
		return session.get(
			EXPORT,
			{
				"doctype": doctype,
				"select_columns": json.dumps(
					{
						"RE Customer": ["name", "full_name", "primary_phone_masked"],
						"phones": ["phone", "masked_phone"],
					}
				),
				"filters": json.dumps({"name": ["in", self.both]}),
				"with_data": 1,
				"all_doctypes": 1,
				"file_type": "CSV",
				**params,
			},
		)

	def test_data_export_works_over_http_with_masked_numbers(self):
		for user, session in self.sessions.items():
			response = self.export(session)
			text = response.get_data(as_text=True)
			self.assertEqual(response.status_code, 200, text[:500])
			self.assertIn(self.theirs, text, user)
			self.assertIn(THEIRS_MASKED, text, user)
			self.assertIn("139****2222", text, user)
			self.assertNoFullNumber(text)
			# the template alone, and Excel
			self.assertEqual(self.export(session, with_data=0, template=1).status_code, 200)
			self.assertEqual(self.export(session, file_type="Excel").status_code, 200)
			# the store of full numbers: refused, as to every role
			self.assertEqual(self.export(session, doctype=NUMBER, select_columns="").status_code, 403)

	def test_rest_v1_and_v2_give_masked_numbers_and_refuse_the_store(self):
		number_row = frappe.get_all(NUMBER, filters={"customer": self.theirs}, pluck="name")[0]
		for user, session in self.sessions.items():
			answers = [
				session.get(
					"/api/resource/RE Customer",
					{"fields": '["*"]', "filters": json.dumps([["name", "in", self.both]])},
				),
				session.get(f"/api/resource/RE Customer/{self.theirs}"),
				session.get(f"/api/v2/document/RE Customer/{self.theirs}/"),
				session.get(
					"/api/v2/document/RE Customer",
					{"fields": '["*"]', "filters": json.dumps({"name": self.theirs})},
				),
				session.get(
					"/api/method/frappe.client.get_list",
					{"doctype": "RE Customer Phone", "parent": "RE Customer", "fields": '["*"]'},
				),
			]
			for response in answers:
				text = response.get_data(as_text=True)
				self.assertEqual(response.status_code, 200, (user, text[:300]))
				self.assertNoFullNumber(text)
			self.assertIn(THEIRS_MASKED, answers[1].get_data(as_text=True))
			for path, params in (
				(f"/api/resource/{NUMBER}", {"fields": '["number"]'}),
				(f"/api/resource/{NUMBER}/{number_row}", {}),
				(f"/api/v2/document/{NUMBER}", {}),
				(f"/api/v2/document/{NUMBER}/{number_row}/", {}),
				(f"/api/v2/doctype/{NUMBER}/count", {}),
				("/api/method/frappe.client.get_count", {"doctype": NUMBER}),
				("/api/method/frappe.desk.search.search_link", {"doctype": NUMBER, "txt": "8000"}),
				("/api/method/frappe.desk.reportview.get", {"doctype": NUMBER, "fields": '["number"]'}),
			):
				response = session.get(path, params)
				# refused: not permitted, or a record by name answered as a missing one
				# (recrm.record_access.guard_document_route)
				self.assertIn(
					response.status_code, (403, 404), (user, path, response.get_data(as_text=True)[:300])
				)
				self.assertNoFullNumber(response.get_data(as_text=True))

	def test_the_full_phones_method_answers_bad_input_clearly(self):
		session = self.sessions[self.advisor]
		method = "/api/method/recrm.api.phones.get_full_phones"
		response = session.post(method, {"customers": self.both})
		self.assertEqual(response.status_code, 200)
		self.assertEqual(response.json["message"], {self.mine: MINE_FULL})
		for bad in ("not json", "[1, 2]", json.dumps(["x"] * 501), "{}"):
			response = session.post(method, {"customers": bad})
			self.assertEqual(response.status_code, 417, (bad, response.get_data(as_text=True)[:300]))
			text = response.get_data(as_text=True)
			self.assertTrue("list of customer IDs" in text or "at most 500" in text, text[:300])
