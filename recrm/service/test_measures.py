from datetime import datetime, timedelta

import frappe
from frappe.utils import now_datetime

from recrm.service import measures
from recrm.service.report.complaint_backlog_by_age.complaint_backlog_by_age import execute as backlog
from recrm.service.report.complaint_category_pareto.complaint_category_pareto import execute as pareto
from recrm.service.report.complaint_resolution_rates.complaint_resolution_rates import execute as rates
from recrm.service.report.satisfaction_roll_up.satisfaction_roll_up import execute as satisfaction
from recrm.service.surveys import answer_survey, issue_token
from recrm.tests.cases import StaffTestCase
from recrm.tests.factories import make_complaint, make_project, move_complaint


def first_of_month(moment: datetime, months_back: int) -> datetime:
	year, month = moment.year, moment.month - months_back
	while month < 1:
		year, month = year - 1, month + 12
	return datetime(year, month, 1, 10, 0)


class TestMeasures(StaffTestCase):
	STAFF_PREFIX = "measures"
	STAFF = ("project_gm", "cs_agent")

	@classmethod
	def setUpClass(cls):
		super().setUpClass()  # rolls back what the class made when it is done
		cls.gm = cls.project_gm
		cls.project = make_project(project_gm=cls.gm).name
		cls.other = make_project().name
		cls.month = first_of_month(now_datetime(), 2)  # two months ago, the 1st at 10:00
		at = cls.month
		# resolved within its month, answered in 2 hours
		cls.quick = make_complaint(project=cls.project, received_at=at, category="Leaks")
		move_complaint(
			cls.quick,
			"In Progress",
			"Resolved",
			"Closed",
			at=[at + timedelta(hours=2), at + timedelta(days=3), at + timedelta(days=4)],
		)
		# answered after two days, resolved the next month
		cls.slow = make_complaint(project=cls.project, received_at=at + timedelta(days=5), category="Leaks")
		move_complaint(
			cls.slow, "In Progress", "Resolved", at=[at + timedelta(days=7), at + timedelta(days=40)]
		)
		# never answered, still open
		cls.stuck = make_complaint(project=cls.project, received_at=at + timedelta(days=6), category="Cracks")
		# another project's complaint
		cls.elsewhere = make_complaint(
			project=cls.other, received_at=at + timedelta(days=6), category="Parking"
		)
		survey = frappe.get_doc("RE Satisfaction Survey", {"complaint": cls.quick.name})
		answer_survey(survey.name, {"overall": 5, "product": 4}, token=issue_token(survey.name))

	def tearDown(self):  # the class's records stay for the next test
		frappe.set_user("Administrator")

	def test_same_month_resolution_and_response_within_24_hours(self):
		_columns, data, _message, chart, summary = rates(
			{"project": self.project, "from_date": self.month.date()}
		)
		month = next(row for row in data if row["month"] == self.month.strftime("%Y-%m"))
		self.assertEqual(month["received"], 3)
		self.assertEqual((month["resolved_same_month"], month["resolution_counted"]), (1, 3))
		self.assertEqual((month["answered_in_24h"], month["response_counted"]), (1, 3))
		self.assertAlmostEqual(month["same_month_rate"], 33.3)
		self.assertEqual(chart["type"], "line")
		self.assertEqual(summary[0]["value"], 3)

	def test_backlog_by_age(self):
		_columns, data, _message, _chart, summary = backlog({"project": self.project})
		self.assertEqual(sum(row["complaints"] for row in data), 1)
		self.assertEqual(data[-1]["complaints"], 1)  # received about two months ago: 30 days or more
		self.assertEqual(summary[1]["value"], 1)

	def test_category_pareto(self):
		_columns, data, *_ = pareto({"project": self.project})
		self.assertEqual(
			[(row["category"], row["complaints"]) for row in data], [("Leaks", 2), ("Cracks", 1)]
		)
		self.assertEqual(data[-1]["cumulative_share"], 100)
		_columns, data, *_ = pareto({"project": self.project, "level": "Category Group"})
		self.assertEqual([(row["category"], row["complaints"]) for row in data], [("Quality", 3)])

	def test_satisfaction_by_month_and_project(self):
		_columns, data, _message, chart = satisfaction({"project": self.project, "group_by": "Project"})
		self.assertEqual(len(data), 1)
		self.assertEqual((data[0]["surveys"], data[0]["overall"], data[0]["satisfaction_rate"]), (1, 5, 100))
		self.assertEqual(data[0]["product"], 4)
		self.assertIsNone(data[0]["emotional"])
		_columns, data, _message, chart = satisfaction({"project": self.project})
		self.assertEqual(chart["type"], "line")

	def test_the_measures_count_only_what_the_user_may_see(self):
		frappe.set_user(self.gm)
		_columns, data, *_ = pareto({})
		self.assertNotIn("Parking", [row["category"] for row in data])
		_columns, data, *_ = rates({"from_date": self.month.date()})
		self.assertEqual(sum(row["received"] for row in data), 3)
		card = measures.same_month_resolution_card()
		self.assertEqual(card["fieldtype"], "Percent")
		self.assertEqual(card["value"], 33.3)
		self.assertEqual(measures.satisfaction_card()["value"], 100)
		self.assertEqual(measures.response_within_card()["value"], 33.3)

	def test_the_service_workspace_shows_an_agent_its_cards_charts_and_the_reports_it_may_run(self):
		import json

		from frappe.desk.desktop import get_desktop_page
		from frappe.desk.doctype.dashboard_chart.dashboard_chart import get as chart_data
		from frappe.desk.doctype.number_card.number_card import get_result

		agent = self.cs_agent
		frappe.set_user(agent)
		page = get_desktop_page(json.dumps({"name": "Service", "title": "Service"}))
		cards = {card.number_card_name for card in page["number_cards"]["items"]}
		self.assertEqual(
			cards,
			{
				"Open Complaints",
				"Complaints Past Due",
				"Claims Awaiting Approval",
				"Same-Month Resolution Rate",
				"Answered Within 24 Hours",
				"Satisfaction Rate",
			},
		)
		self.assertEqual(len(page["charts"]["items"]), 4)
		links = {link.link_to for card in page["cards"]["items"] for link in card.links}
		self.assertIn("Complaint Resolution Rates", links)
		self.assertNotIn("Compensation Step Times", links)  # for the approvers and their managers
		open_card = frappe.get_doc("Number Card", "Open Complaints")
		self.assertGreaterEqual(get_result(open_card.as_dict(), open_card.filters_json), 1)
		self.assertTrue(chart_data(chart_name="Complaints by Category Group", refresh=1)["labels"])
		# report charts are drawn from the report, run as the user
		from frappe.desk.query_report import run

		trend = run("Satisfaction Roll-up", filters={"group_by": "Month"}, ignore_prepared_report=True)
		self.assertEqual(trend["chart"]["type"], "line")
