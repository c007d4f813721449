from datetime import timedelta

import frappe
from frappe.utils import now_datetime

from recrm.core.roles import ENGINEERING, PROJECT_GM
from recrm.service.escalation import escalate_complaints
from recrm.tests.cases import StaffTestCase
from recrm.tests.factories import (
	emails_muted,
	forget_service_settings,
	make_complaint,
	make_project,
	move_complaint,
	set_service_settings,
)

SUBJECT = "升级测试：卫生间渗水"


def notifications(user: str, subject: str) -> list[str]:
	"""The alerts ``user`` got about this test's complaints (a site with the demo has others)."""
	rows = frappe.get_all(
		"Notification Log",
		filters={"for_user": user, "document_type": "RE Complaint", "type": "Alert"},
		fields=["subject", "email_content"],
		order_by="creation asc",
	)
	mine = set(frappe.get_all("RE Complaint", filters={"subject": subject}, pluck="name"))
	return [row.subject for row in rows if any(name in (row.email_content or "") for name in mine)]


class TestEscalation(StaffTestCase):
	STAFF_PREFIX = "escalation"

	@classmethod
	def setUpClass(cls):
		cls.addClassCleanup(forget_service_settings)  # runs last: after the rollback
		super().setUpClass()  # rolls back what the class made when it is done
		cls.enterClassContext(emails_muted())  # sending would commit and end each test's savepoint
		run = frappe.generate_hash(length=6)  # a failed run's leftovers must not reach this run's people
		cls.subject = f"{SUBJECT} {run}"
		# made in the class's transaction and rolled back with it
		cls.gm = cls.staff_with_roles(f"gm-{run}", PROJECT_GM)
		cls.engineer = cls.staff_with_roles(f"engineer-{run}", ENGINEERING)
		cls.manager = cls.staff_with_roles(f"manager-{run}", ENGINEERING)
		set_service_settings(
			resolution_target="Hours",
			resolution_hours=48,
			response_hours=24,
			warning_percent=80,
			time_basis="Calendar Time",
			assignee_after_hours=0,
			manager_after_hours=24,
			project_gm_after_hours=72,
			department_managers=[{"department": "Engineering", "manager": cls.manager}],
		)
		cls.project = make_project(project_gm=cls.gm).name

	def setUp(self):
		frappe.db.savepoint("escalation_test")
		self.t0 = (now_datetime() - timedelta(hours=1)).replace(microsecond=0)

	def tearDown(self):  # the class's records stay for the next test
		frappe.set_user("Administrator")
		frappe.db.rollback(save_point="escalation_test")

	def complaint(self, answered: bool = True):
		doc = make_complaint(
			subject=self.subject,
			project=self.project,
			received_at=self.t0,
			responsible_person=self.engineer,
			responsible_department="Engineering",
		)
		if answered:
			move_complaint(doc, "In Progress", at=self.t0 + timedelta(minutes=30))
		return doc

	def at(self, hours: float):
		return self.t0 + timedelta(hours=hours)

	def test_a_breach_is_warned_then_escalated_level_by_level_and_never_twice(self):
		complaint = self.complaint()
		escalate_complaints(now=self.at(30))
		self.assertEqual(notifications(self.engineer, self.subject), [])

		escalate_complaints(now=self.at(40))  # 80 % of 48 hours used
		self.assertEqual(len(notifications(self.engineer, self.subject)), 1)
		self.assertIn("Breach in sight", notifications(self.engineer, self.subject)[0])
		self.assertEqual(
			frappe.db.get_value("RE Complaint", complaint.name, "resolution_status"), "Breach in Sight"
		)
		escalate_complaints(now=self.at(41))
		self.assertEqual(len(notifications(self.engineer, self.subject)), 1)

		escalate_complaints(now=self.at(49))  # due at 48 hours: the assignee hears of the breach
		self.assertEqual(len(notifications(self.engineer, self.subject)), 2)
		self.assertIn("not resolved in time", notifications(self.engineer, self.subject)[1])
		self.assertEqual(notifications(self.manager, self.subject), [])

		escalate_complaints(now=self.at(73))  # a day late: the manager
		self.assertEqual(len(notifications(self.manager, self.subject)), 1)
		self.assertEqual(notifications(self.gm, self.subject), [])

		escalate_complaints(now=self.at(121))  # three days late: the project GM
		self.assertEqual(len(notifications(self.gm, self.subject)), 1)
		self.assertIn("project GM", notifications(self.gm, self.subject)[0])

		for hours in (121, 122, 500):
			result = escalate_complaints(now=self.at(hours))
			self.assertNotIn(complaint.name, str(result))
		self.assertEqual(
			[len(notifications(u, self.subject)) for u in (self.engineer, self.manager, self.gm)], [2, 1, 1]
		)
		values = frappe.db.get_value(
			"RE Complaint",
			complaint.name,
			["resolution_status", "resolution_escalation_level", "resolution_warned"],
			as_dict=True,
		)
		self.assertEqual(
			values,
			{"resolution_status": "Breached", "resolution_escalation_level": 3, "resolution_warned": 1},
		)

	def test_a_missed_run_catches_up_on_every_level_at_once(self):
		self.complaint()
		escalate_complaints(now=self.at(200))
		self.assertEqual(len(notifications(self.engineer, self.subject)), 1)
		self.assertIn("not resolved in time", notifications(self.engineer, self.subject)[0])
		self.assertEqual(len(notifications(self.manager, self.subject)), 1)
		self.assertEqual(len(notifications(self.gm, self.subject)), 1)
		escalate_complaints(now=self.at(201))
		self.assertEqual(
			[len(notifications(u, self.subject)) for u in (self.engineer, self.manager, self.gm)], [1, 1, 1]
		)

	def test_an_unanswered_complaint_escalates_on_its_response_clock(self):
		complaint = self.complaint(answered=False)
		escalate_complaints(now=self.at(20))  # in sight at 19.2 hours
		self.assertIn("must be answered soon", notifications(self.engineer, self.subject)[0])
		escalate_complaints(now=self.at(25))  # breached at 24 hours
		self.assertEqual(len(notifications(self.engineer, self.subject)), 2)
		self.assertIn("not answered in time", notifications(self.engineer, self.subject)[1])
		self.assertEqual(frappe.db.get_value("RE Complaint", complaint.name, "response_escalation_level"), 1)

	def test_a_complaint_awaiting_the_customer_is_not_escalated(self):
		complaint = self.complaint()
		move_complaint(complaint, "Awaiting Customer", at=self.t0 + timedelta(minutes=40))
		escalate_complaints(now=self.at(300))
		self.assertEqual(notifications(self.engineer, self.subject), [])
		self.assertEqual(notifications(self.gm, self.subject), [])

	def test_several_complaints_make_one_notification_per_person_and_kind(self):
		for _i in range(3):
			self.complaint()
		escalate_complaints(now=self.at(49))
		subjects = notifications(self.engineer, self.subject)
		self.assertEqual(len(subjects), 1)
		self.assertIn("3", subjects[0])
