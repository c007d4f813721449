from datetime import timedelta

import frappe
from frappe.model.workflow import apply_workflow
from frappe.utils import now_datetime

from recrm.core.compensation import FULL_CHAIN
from recrm.core.roles import CS_MANAGER, ENGINEERING, FINANCE
from recrm.service.report.compensation_step_times.compensation_step_times import execute
from recrm.tests.cases import StaffTestCase
from recrm.tests.factories import make_claim, make_complaint, make_project

CLAIM = "RE Compensation Claim"


class TestCompensationStepTimes(StaffTestCase):
	STAFF_PREFIX = "steps"
	STAFF = ("cs_agent",)

	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.agent = cls.cs_agent
		cls.approver = cls.staff_by_role(*FULL_CHAIN)  # one user per step of the chain
		frappe.db.commit()

	def flow(self, claim: str, steps: int):
		frappe.set_user(self.agent)
		apply_workflow(frappe.get_doc(CLAIM, claim), "Send for Approval")
		for role in FULL_CHAIN[:steps]:
			frappe.set_user(self.approver[role])
			apply_workflow(frappe.get_doc(CLAIM, claim), "Approve")
		frappe.set_user("Administrator")

	def set_hours(self, claim: str, hours: list[float], waiting: float | None = None):
		"""Rewrite the trail's times: each step took ``hours``; the last one waits ``waiting`` hours."""
		rows = frappe.get_all(
			"RE Compensation Step", filters={"parent": claim}, pluck="name", order_by="idx asc"
		)
		spans = [*hours, waiting] if waiting is not None else list(hours)
		at = now_datetime() - timedelta(hours=sum(spans))
		for index, (row, spent) in enumerate(zip(rows, spans, strict=True)):
			still_waiting = waiting is not None and index == len(rows) - 1
			left = None if still_waiting else at + timedelta(hours=spent)
			frappe.db.set_value("RE Compensation Step", row, {"entered_at": at, "left_at": left})
			at += timedelta(hours=spent)

	def test_time_per_step_across_claims_with_the_one_still_waiting(self):
		project = make_project().name
		done = make_claim(make_complaint(project=project).name, amount=3000).name
		self.flow(done, 4)
		self.set_hours(done, [10, 20, 30, 40])
		stuck = make_claim(make_complaint(project=project).name, amount=3000).name
		self.flow(stuck, 1)
		self.set_hours(stuck, [6], waiting=50)

		_columns, data, _message, chart, summary = execute({"project": project})
		by_step = {row["step"]: row for row in data}
		self.assertEqual(list(by_step), list(FULL_CHAIN[:4]))
		self.assertEqual(by_step[CS_MANAGER]["claims"], 2)
		self.assertEqual(by_step[CS_MANAGER]["mean_hours"], 8.0)
		engineering = by_step[ENGINEERING]
		self.assertEqual((engineering["claims"], engineering["waiting_now"]), (2, 1))
		self.assertAlmostEqual(engineering["mean_hours"], 35.0, delta=0.1)
		self.assertAlmostEqual(engineering["p90_hours"], 50.0, delta=0.1)
		self.assertEqual(chart["type"], "bar")
		self.assertEqual(summary[0]["value"], by_step[FINANCE]["step_label"])  # median 40 h against 35 h

		_columns, data, *_ = execute({"project": project, "finished_only": 1})
		self.assertEqual({row["step"]: row["claims"] for row in data}[ENGINEERING], 1)

	def test_a_user_limited_to_another_project_sees_no_steps(self):
		project, other = make_project().name, make_project().name
		claim = make_claim(make_complaint(project=project).name, amount=3000).name
		self.flow(claim, 2)
		finance = self.staff_limited_to("finance", other, name="limited")
		frappe.set_user(finance)
		_columns, data, *_ = execute({})
		self.assertEqual(data, [])
		frappe.set_user("Administrator")
		self.assertTrue(execute({"project": project})[1])
