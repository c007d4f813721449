# Copyright (c) 2026, recrm developers and contributors
# For license information, please see license.txt

import json

import frappe
from frappe.tests.utils import FrappeTestCase

from recrm.errors import SurveyError
from recrm.service.surveys import answer_survey, create_periodic_surveys, issue_token, token_digest
from recrm.tests.cases import StaffTestCase
from recrm.tests.factories import make_complaint, make_customer, make_project, move_complaint

SURVEY = "RE Satisfaction Survey"
GOOD = {"overall": 5, "product": 4, "process": 5, "technical": 4, "interaction": 5, "emotional": 5}


class TestRESatisfactionSurvey(StaffTestCase):
	STAFF_PREFIX = "survey"
	STAFF = ("cs_agent",)

	def closed_complaint(self, **kwargs):
		complaint = make_complaint(**kwargs)
		return move_complaint(complaint, "In Progress", "Resolved", "Closed")

	def survey_of(self, complaint) -> frappe._dict:
		return frappe.get_doc(SURVEY, {"complaint": complaint.name})

	def test_closing_a_complaint_sends_one_survey(self):
		complaint = self.closed_complaint()
		survey = self.survey_of(complaint)
		self.assertEqual(
			(survey.customer, survey.project, survey.category, survey.agent, survey.status),
			(complaint.customer, complaint.project, complaint.category, complaint.agent, "Sent"),
		)
		# the link's secret exists only in the e-mail: the survey keeps its digest
		token = issue_token(survey.name)
		survey.reload()
		self.assertEqual(survey.token, token_digest(token))
		self.assertNotIn(token, json.dumps(survey.as_dict(), default=str))
		move_complaint(complaint, "Reopened", "Resolved", "Closed")
		self.assertEqual(frappe.db.count(SURVEY, {"complaint": complaint.name}), 1)

	def test_the_customer_answers_once_through_the_link(self):
		survey = self.survey_of(self.closed_complaint())
		token = issue_token(survey.name)
		frappe.set_user("Guest")
		answer_survey(survey.name, GOOD, token=token, comments="维修师傅很专业")
		frappe.set_user("Administrator")
		survey.reload()
		self.assertEqual(
			(survey.status, survey.overall_score, survey.emotional_score, survey.answered_via),
			("Answered", 5, 5, "Link"),
		)
		frappe.set_user("Guest")
		with self.assertRaisesRegex(SurveyError, "already answered"):
			answer_survey(survey.name, {"overall": 1}, token=token)
		frappe.set_user("Administrator")
		self.assertEqual(frappe.db.get_value(SURVEY, survey.name, "overall_score"), 5)

	def test_someone_else_cannot_answer(self):
		survey = self.survey_of(self.closed_complaint())
		token = issue_token(survey.name)
		frappe.set_user("Guest")
		# a wrong token, the stored digest itself, one of another alphabet: like no survey at all
		for wrong in ("0" * 32, token_digest(token), token[:-1], "令牌" + token, token + "é"):
			with self.assertRaisesRegex(frappe.DoesNotExistError, "no such survey"):
				answer_survey(survey.name, GOOD, token=wrong)
		with self.assertRaises(frappe.PermissionError):
			answer_survey(survey.name, GOOD)
		frappe.set_user("Administrator")
		# a portal login of another customer
		make_customer(email=self.staff_email("other-owner"))
		buyer = self.website_user("other-owner")
		frappe.set_user(buyer)
		with self.assertRaisesRegex(frappe.DoesNotExistError, "no such survey"):
			answer_survey(survey.name, GOOD)
		frappe.set_user("Administrator")
		self.assertIsNone(frappe.db.get_value(SURVEY, survey.name, "answered_on"))

	def test_the_customers_own_portal_login_may_answer(self):
		customer = make_customer(email=self.staff_email("own-owner")).name
		survey = self.survey_of(self.closed_complaint(customer=customer))
		frappe.set_user(self.website_user("own-owner"))
		answer_survey(survey.name, {"overall": 4})
		frappe.set_user("Administrator")
		self.assertEqual(frappe.db.get_value(SURVEY, survey.name, "answered_via"), "Portal")

	def test_customer_service_records_an_answer_given_on_the_phone(self):
		survey = self.survey_of(self.closed_complaint())
		agent = self.cs_agent
		frappe.set_user(agent)
		answer_survey(survey.name, '{"overall": 3, "process": 2}')
		frappe.set_user("Administrator")
		survey.reload()
		self.assertEqual((survey.answered_via, survey.answered_by, survey.process_score), ("Phone", agent, 2))

	def test_bad_scores_are_refused(self):
		survey = self.survey_of(self.closed_complaint())
		for answers, message in (
			({"product": 4}, "overall score"),
			({"overall": 6}, "from 1 to 5"),
			({"overall": 4, "mood": 3}, "not a question"),
		):
			with self.assertRaisesRegex(SurveyError, message):
				answer_survey(survey.name, answers, token=issue_token(survey.name))

	def test_bad_input_is_refused_clearly(self):
		survey = self.survey_of(self.closed_complaint())
		token = issue_token(survey.name)
		frappe.set_user("Guest")
		for answers in ("{not json", "[5]", "", None, "null", 5):
			with self.assertRaises(SurveyError, msg=answers):
				answer_survey(survey.name, answers, token=token)
		# no survey, another's name, an odd value: the same words as a wrong token
		for name in (None, "", "SRV-99999999", "调查"):
			with self.assertRaisesRegex(frappe.DoesNotExistError, "no such survey"):
				answer_survey(name, GOOD, token=token)
		with self.assertRaisesRegex(frappe.DoesNotExistError, "no such survey"):
			answer_survey()
		frappe.set_user("Administrator")
		self.assertIsNone(frappe.db.get_value(SURVEY, survey.name, "answered_on"))

	def test_scores_cannot_be_typed_into_the_form(self):
		survey = self.survey_of(self.closed_complaint())
		survey.overall_score = 5
		with self.assertRaisesRegex(SurveyError, "survey link"):
			survey.save()
		survey.reload()
		answer_survey(survey.name, GOOD, token=issue_token(survey.name))
		survey.reload()
		survey.overall_score = 1
		with self.assertRaisesRegex(SurveyError, "already answered"):
			survey.save()

	def test_periodic_surveys_go_to_the_owners_of_a_project_once_per_period(self):
		project = make_project().name
		owner = make_customer(
			lifecycle_stage="Owner", advisors=[{"project": project, "advisor": "Administrator"}]
		).name
		make_customer(advisors=[{"project": project, "advisor": "Administrator"}])  # a prospect
		self.assertEqual(create_periodic_surveys(project, "2026-Q4"), 1)
		self.assertEqual(create_periodic_surveys(project, "2026-Q4"), 0)
		survey = frappe.get_doc(SURVEY, {"project": project, "period": "2026-Q4"})
		self.assertEqual((survey.customer, survey.survey_type), (owner, "Periodic"))


class TestSurveyPage(FrappeTestCase):
	def tearDown(self):
		frappe.set_user("Administrator")
		frappe.local.form_dict = frappe._dict()
		frappe.db.rollback()

	def page(self, **params) -> str:
		from frappe.website.serve import get_response_content

		frappe.set_user("Guest")
		frappe.local.form_dict = frappe._dict(params)
		return get_response_content("survey")

	def test_the_link_opens_the_survey_and_nothing_else(self):
		complaint = move_complaint(make_complaint(), "In Progress", "Resolved", "Closed")
		survey = frappe.get_doc(SURVEY, {"complaint": complaint.name})
		token = issue_token(survey.name)
		html = self.page(survey=survey.name, token=token)
		self.assertIn('id="recrm-survey-form"', html)
		self.assertIn('name="emotional"', html)
		stored = frappe.db.get_value(SURVEY, survey.name, "token")
		for wrong in ("x" * 32, stored, token + "令", None):
			self.assertNotIn('id="recrm-survey-form"', self.page(survey=survey.name, token=wrong))
		self.assertNotIn('id="recrm-survey-form"', self.page(survey="SRV-99999999", token=token))
		frappe.set_user("Administrator")
		answer_survey(survey.name, {"overall": 4}, token=token)
		self.assertIn("has been answered", self.page(survey=survey.name, token=token))
