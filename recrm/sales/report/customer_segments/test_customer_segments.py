# Copyright (c) 2026, recrm developers and contributors
# For license information, please see license.txt

from unittest.mock import patch

import frappe
from frappe.desk.doctype.dashboard_chart.dashboard_chart import get as get_chart
from frappe.desk.doctype.number_card.number_card import get_result
from frappe.desk.query_report import run
from frappe.utils import add_days, nowdate

from recrm.sales import grading
from recrm.sales.report.customer_segments.customer_segments import execute
from recrm.tests.cases import StaffTestCase
from recrm.tests.factories import make_channel, make_customer, make_project

YOUNG_MIDDLE = {"family_structure": "Couple with Young Children", "budget": 2_000_000}
RETIREE_LUXURY = {"age_band": "65 and Over", "income_band": "High"}

# customers the fake hook makes grade A: 3M of contracts and 2M of reservations
GRADE_A: set[str] = set()


def grade_a_facts(customers: list[str]) -> dict[str, dict]:
	return {
		name: {"historical_value": 3_000_000, "current_value": 2_000_000}
		for name in customers
		if name in GRADE_A
	}


class TestCustomerSegments(StaffTestCase):
	STAFF_PREFIX = "segments"
	STAFF = ("advisor", "other_advisor", "engineer")

	def setUp(self):
		# every customer of a test comes through its own channel: the counts are the test's alone
		self.channel = make_channel().name
		self.project = make_project().name

	def tearDown(self):
		super().tearDown()
		GRADE_A.clear()

	def customer(self, protected_by: str | None = None, **kwargs):
		if protected_by:
			kwargs["advisors"] = [
				{
					"project": self.project,
					"advisor": protected_by,
					"protected_until": add_days(nowdate(), 10),
				}
			]
		return make_customer(first_channel=self.channel, **kwargs)

	def report(self, **filters):
		columns, data, _message, chart, summary = execute({"first_channel": self.channel, **filters})
		return columns, {row["life_stage_value"]: row for row in data}, chart, summary

	def test_customers_are_counted_by_life_stage_and_affordability(self):
		for _ in range(3):
			self.customer(**YOUNG_MIDDLE)
		self.customer(**RETIREE_LUXURY)
		self.customer()
		columns, rows, chart, summary = self.report()

		self.assertEqual(
			[c["fieldname"] for c in columns],
			["life_stage", "entry", "middle", "upper", "luxury", "unknown", "total"],
		)
		self.assertEqual((rows["Young Family"]["middle"], rows["Young Family"]["total"]), (3, 3))
		self.assertEqual(rows["Retiree"]["luxury"], 1)
		self.assertEqual(rows["Unknown"]["unknown"], 1)
		# every cell of the grid is shown, empty ones too
		self.assertEqual(len(rows), 9)
		self.assertEqual(rows["Investor"]["total"], 0)

		self.assertEqual(chart["type"], "bar")
		self.assertEqual(len(chart["data"]["labels"]), 9)
		middle = next(d for d in chart["data"]["datasets"] if d["name"] == "Middle")
		self.assertEqual(middle["values"][chart["data"]["labels"].index("Young Family")], 3)
		self.assertEqual(
			[(s["label"], s["value"]) for s in summary],
			[("Customers", 5), ("Largest Segment", "Young Family / Middle"), ("Segment Unknown", 1)],
		)

	def test_the_report_filters_by_grade(self):
		for _ in range(2):
			self.customer(**YOUNG_MIDDLE)
		_columns, rows, _chart, _summary = self.report(value_grade="A")
		self.assertEqual(rows["Young Family"]["total"], 0)
		_columns, rows, _chart, _summary = self.report(value_grade="D")
		self.assertEqual(rows["Young Family"]["total"], 2)

	def test_an_advisor_counts_only_the_customers_they_may_see(self):
		self.customer(protected_by=self.advisor, **YOUNG_MIDDLE)
		self.customer(**YOUNG_MIDDLE)  # the pool
		self.customer(protected_by=self.other_advisor, **YOUNG_MIDDLE)
		self.assertEqual(self.report()[1]["Young Family"]["middle"], 3)
		frappe.set_user(self.advisor)
		self.assertEqual(self.report()[1]["Young Family"]["middle"], 2)
		# as the desk runs it
		result = run("Customer Segments", filters={"first_channel": self.channel})
		young = next(row for row in result["result"] if row.get("life_stage_value") == "Young Family")
		self.assertEqual(young["middle"], 2)

	def test_roles_without_customers_cannot_run_the_report(self):
		frappe.set_user(self.engineer)
		with self.assertRaises(frappe.PermissionError):
			run("Customer Segments", filters={})

	def test_the_workspace_chart_and_cards_count_only_what_the_user_may_see(self):
		mine = self.customer(protected_by=self.advisor)
		theirs = self.customer(protected_by=self.other_advisor)
		self.customer()
		GRADE_A.update({mine.name, theirs.name})
		with patch.object(grading, "value_fact_hooks", return_value=[f"{__name__}.grade_a_facts"]):
			grading.grade_customers([mine.name, theirs.name])
		channel = ["RE Customer", "first_channel", "=", self.channel, False]
		card = frappe.get_doc("Number Card", "Grade A Customers")

		def chart_counts() -> dict:
			chart = get_chart(chart_name="Customers by Grade", filters=[channel])
			return dict(zip(chart["labels"], chart["datasets"][0]["values"], strict=True))

		def grade_a() -> float:
			return get_result(card.as_dict(), [*frappe.parse_json(card.filters_json), channel])

		self.assertEqual(chart_counts(), {"A": 2, "D": 1})
		self.assertEqual(grade_a(), 2)
		frappe.set_user(self.advisor)
		self.assertEqual(chart_counts(), {"A": 1, "D": 1})
		self.assertEqual(grade_a(), 1)

	def test_the_sales_workspace_shows_the_chart_cards_and_report(self):
		workspace = frappe.get_doc("Workspace", "Sales")
		self.assertIn("Customers by Grade", [c.chart_name for c in workspace.charts])
		self.assertTrue(
			{"Grade A Customers", "Grade B Customers"} <= {c.number_card_name for c in workspace.number_cards}
		)
		self.assertIn("Customer Segments", [link.link_to for link in workspace.links])
		self.assertIn("RE Stakeholder", [link.link_to for link in workspace.links])
