"""Periodic satisfaction surveys per project, driven by RE Service Settings and the daily scheduler
event: one survey a period for each customer the settings name, never two, with time moved (the
job's "today" is patched), not waited for."""

from datetime import date
from unittest.mock import patch

import frappe
from frappe.tests.utils import FrappeTestCase

from recrm.service import surveys
from recrm.tests.factories import forget_service_settings, make_customer, make_project, set_service_settings


class TestPeriodicSurveys(FrappeTestCase):
	def setUp(self):
		self.project = make_project().name
		self.other = make_project().name

		def customer(project, stage=None):
			fields = {"lifecycle_stage": stage} if stage else {}
			return make_customer(advisors=[{"project": project, "advisor": "Administrator"}], **fields).name

		self.owner = customer(self.project, "Owner")
		self.buyer = customer(self.project, "Contracted")
		self.prospect = customer(self.project)
		self.owner_elsewhere = customer(self.other, "Member")

	def tearDown(self):
		frappe.set_user("Administrator")
		frappe.db.rollback()
		forget_service_settings()

	def run_on(self, day: date) -> set[tuple[str, str]]:
		"""The daily scheduler event on ``day``; then every periodic survey of the test's projects."""
		with patch.object(surveys, "nowdate", return_value=day.isoformat()):
			surveys.schedule_periodic_surveys()
		return {
			(row.customer, row.period)
			for row in frappe.get_all(
				"RE Satisfaction Survey",
				filters={"project": ("in", [self.project, self.other]), "survey_type": "Periodic"},
				fields=["customer", "period"],
			)
		}

	def test_the_daily_event_is_scheduled_as_one_deduplicated_job(self):
		self.assertIn(
			"recrm.service.surveys.schedule_periodic_surveys", frappe.get_hooks("scheduler_events")["daily"]
		)
		with patch.object(surveys, "enqueue_job") as enqueue:
			surveys.schedule_periodic_surveys()
		enqueue.assert_called_once()
		self.assertEqual(enqueue.call_args.args, ("recrm.service.surveys.create_due_periodic_surveys",))
		self.assertTrue(enqueue.call_args.kwargs["deduplicate"])
		self.assertTrue(enqueue.call_args.kwargs["job_id"])

	def test_quarterly_surveys_of_one_project_go_to_its_owners_once_a_quarter(self):
		set_service_settings(
			periodic_survey_interval="Off",
			periodic_survey_customers="Owners",
			periodic_survey_projects=[
				{"project": self.project, "interval": "Quarterly"},
				{"project": self.other, "interval": "Off"},
			],
		)
		first = {(self.owner, "2026-Q1")}
		self.assertEqual(self.run_on(date(2026, 1, 15)), first)
		# the same quarter again, and again on its last day: nothing new
		self.assertEqual(self.run_on(date(2026, 1, 16)), first)
		self.assertEqual(self.run_on(date(2026, 3, 31)), first)
		# the next quarter
		self.assertEqual(self.run_on(date(2026, 4, 1)), first | {(self.owner, "2026-Q2")})
		survey = frappe.get_doc("RE Satisfaction Survey", {"customer": self.owner, "period": "2026-Q2"})
		self.assertEqual((survey.project, survey.status), (self.project, "Sent"))
		# only the digest of the e-mailed link's secret is kept, if it was e-mailed
		self.assertTrue(survey.token is None or len(survey.token) == 64)

	def test_buyers_and_owners_half_yearly(self):
		set_service_settings(
			periodic_survey_customers="Buyers and Owners",
			periodic_survey_projects=[{"project": self.project, "interval": "Half-Yearly"}],
		)
		made = {(self.owner, "2026-H2"), (self.buyer, "2026-H2")}
		self.assertEqual(self.run_on(date(2026, 7, 1)), made)
		self.assertEqual(self.run_on(date(2026, 12, 31)), made)

	def test_an_interval_for_every_project_and_a_project_left_out(self):
		set_service_settings(
			periodic_survey_interval="Yearly",
			periodic_survey_customers="Owners",
			periodic_survey_projects=[{"project": self.project, "interval": "Off"}],
		)
		self.assertEqual(self.run_on(date(2027, 2, 1)), {(self.owner_elsewhere, "2027")})
		set_service_settings(periodic_survey_projects=[])
		made = {(self.owner_elsewhere, "2027"), (self.owner, "2027")}
		self.assertEqual(self.run_on(date(2027, 11, 30)), made)
		self.assertEqual(self.run_on(date(2027, 12, 31)), made)

	def test_nothing_is_made_while_periodic_surveys_are_off(self):
		set_service_settings(periodic_survey_interval="Off", periodic_survey_projects=[])
		self.assertEqual(self.run_on(date(2026, 1, 1)), set())
