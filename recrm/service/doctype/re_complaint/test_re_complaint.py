# Copyright (c) 2026, recrm developers and contributors
# For license information, please see license.txt

from datetime import datetime, time, timedelta

import frappe
from frappe.utils import add_days, get_datetime, now_datetime

from recrm.core.sla import month_end
from recrm.errors import ServiceRuleError
from recrm.tests.cases import StaffTestCase
from recrm.tests.factories import (
	forget_service_settings,
	make_building,
	make_complaint,
	make_customer,
	make_project,
	make_unit,
	move_complaint,
	set_service_settings,
)


def days_ago(days: float) -> datetime:
	return (now_datetime() - timedelta(days=days)).replace(microsecond=0)


class TestREComplaint(StaffTestCase):
	STAFF_PREFIX = "complaint"
	STAFF = ("project_gm", "other_project_gm", "engineer", "cs_agent", "advisor", "manager")

	def tearDown(self):
		super().tearDown()
		forget_service_settings()

	# ---- intake and responsibility -----------------------------------------------------------

	def test_the_project_gm_is_first_responsible_and_gets_the_complaint_assigned(self):
		gm = self.project_gm
		project = make_project(project_gm=gm).name
		complaint = make_complaint(project=project)
		self.assertEqual(complaint.responsible_person, gm)
		self.assertEqual(complaint.responsible_department, "Project")
		self.assertEqual(complaint.status, "Open")
		self.assertEqual(complaint.agent, "Administrator")
		todo = frappe.get_all(
			"ToDo",
			filters={"reference_type": "RE Complaint", "reference_name": complaint.name, "status": "Open"},
			pluck="allocated_to",
		)
		self.assertEqual(todo, [gm])

	def test_a_new_responsible_person_takes_over_the_assignment(self):
		gm = self.project_gm
		engineer = self.engineer
		complaint = make_complaint(project=make_project(project_gm=gm).name)
		complaint.responsible_person = engineer
		complaint.responsible_department = "Engineering"
		complaint.save()
		open_todos = frappe.get_all(
			"ToDo",
			filters={"reference_type": "RE Complaint", "reference_name": complaint.name, "status": "Open"},
			pluck="allocated_to",
		)
		self.assertEqual(open_todos, [engineer])

	def test_a_unit_of_another_project_is_refused(self):
		ours, theirs = make_project().name, make_project().name
		unit = make_unit(make_building(project=theirs).name)
		with self.assertRaisesRegex(ServiceRuleError, "belongs to project"):
			make_complaint(project=ours, unit=unit.name)
		with self.assertRaises(ServiceRuleError):
			make_complaint(project=ours, building=unit.building)
		# the unit's own project is fine, and the building is filled in from the unit
		complaint = make_complaint(project=theirs, unit=unit.name)
		self.assertEqual(complaint.building, unit.building)

	def test_a_group_category_is_refused(self):
		with self.assertRaisesRegex(ServiceRuleError, "group of categories"):
			make_complaint(category="Quality")
		self.assertEqual(make_complaint(category="Heating").category_group, "Quality")
		self.assertEqual(make_complaint(category="Other").category_group, "Other")

	def test_a_complaint_cannot_be_received_in_the_future(self):
		with self.assertRaises(ServiceRuleError):
			make_complaint(received_at=now_datetime() + timedelta(hours=2))

	# ---- statuses ----------------------------------------------------------------------------

	def test_every_change_of_status_is_kept(self):
		agent = self.cs_agent
		customer, project = make_customer().name, make_project().name
		frappe.set_user(agent)
		complaint = make_complaint(customer, project, received_at=days_ago(3))
		t1, t2, t3, t4 = days_ago(2.9), days_ago(2), days_ago(1), days_ago(0.5)
		move_complaint(complaint, "Responded", "In Progress", "Resolved", "Closed", at=[t1, t2, t3, t4])
		log = [
			(r.from_status, r.to_status, get_datetime(r.changed_at), r.changed_by)
			for r in complaint.status_log
		]
		self.assertEqual(
			log,
			[
				("", "Open", get_datetime(complaint.received_at), agent),
				("Open", "Responded", t1, agent),
				("Responded", "In Progress", t2, agent),
				("In Progress", "Resolved", t3, agent),
				("Resolved", "Closed", t4, agent),
			],
		)
		self.assertEqual(get_datetime(complaint.responded_at), t1)
		self.assertEqual(get_datetime(complaint.resolved_at), t3)
		self.assertEqual(get_datetime(complaint.closed_at), t4)

	def test_a_move_the_rules_do_not_allow_is_refused_and_nothing_changes(self):
		complaint = make_complaint()
		with self.assertRaisesRegex(ServiceRuleError, "cannot become"):
			move_complaint(complaint.name, "Closed")
		self.assertEqual(frappe.db.get_value("RE Complaint", complaint.name, "status"), "Open")
		self.assertEqual(len(frappe.get_doc("RE Complaint", complaint.name).status_log), 1)

	def test_resolving_needs_a_resolution(self):
		complaint = make_complaint()
		complaint.status = "Resolved"
		with self.assertRaisesRegex(ServiceRuleError, "Resolution"):
			complaint.save()

	def test_the_status_history_cannot_be_edited(self):
		complaint = move_complaint(make_complaint(received_at=days_ago(1)), "Responded")
		complaint.status_log[1].changed_at = days_ago(0.99)
		with self.assertRaisesRegex(ServiceRuleError, "cannot be edited"):
			complaint.save()

	def test_change_status_keeps_the_note_and_needs_write_permission(self):
		complaint = make_complaint()
		complaint.change_status("Awaiting Customer", note="请客户提供照片")
		self.assertEqual(complaint.status_log[-1].note, "请客户提供照片")
		advisor = self.manager
		frappe.set_user(advisor)
		doc = frappe.get_doc("RE Complaint", complaint.name)
		with self.assertRaises(frappe.PermissionError):
			doc.change_status("In Progress")

	# ---- SLA clocks --------------------------------------------------------------------------

	def test_defaults_answer_within_24_hours_and_resolve_within_the_month(self):
		received = days_ago(0.1)
		complaint = make_complaint(received_at=received)
		self.assertEqual(get_datetime(complaint.response_due), received + timedelta(hours=24))
		self.assertEqual(get_datetime(complaint.resolution_due), month_end(received))
		self.assertEqual(complaint.response_status, "On Track")
		self.assertEqual(complaint.resolution_status, "On Track")
		late = make_complaint(received_at=days_ago(1.5))
		self.assertEqual(late.response_status, "Breached")
		answered = move_complaint(late, "Responded")
		self.assertEqual(answered.response_status, "Met Late")
		self.assertIsNotNone(answered.responded_at)

	def test_awaiting_the_customer_stops_the_resolution_clock(self):
		set_service_settings(resolution_target="Hours", resolution_hours=48)
		t0 = days_ago(3)
		complaint = make_complaint(received_at=t0)
		self.assertEqual(get_datetime(complaint.resolution_due), t0 + timedelta(hours=48))
		move_complaint(complaint, "Awaiting Customer", at=t0 + timedelta(hours=10))
		self.assertIsNone(complaint.resolution_due)
		self.assertEqual(get_datetime(complaint.paused_since), t0 + timedelta(hours=10))
		move_complaint(complaint, "In Progress", at=t0 + timedelta(hours=34))
		# 24 hours stood still: the deadline moved by as much
		self.assertEqual(get_datetime(complaint.resolution_due), t0 + timedelta(hours=72))
		self.assertAlmostEqual(complaint.paused_hours, 24)
		self.assertIsNone(complaint.paused_since)

	def test_a_reopened_complaint_restarts_its_resolution_clock(self):
		set_service_settings(resolution_target="Hours", resolution_hours=48)
		t0 = days_ago(10)
		complaint = make_complaint(received_at=t0)
		move_complaint(
			complaint, "In Progress", "Resolved", at=[t0 + timedelta(hours=1), t0 + timedelta(hours=60)]
		)
		self.assertEqual(complaint.resolution_status, "Met Late")
		frappe.db.set_value("RE Complaint", complaint.name, "resolution_escalation_level", 2)
		complaint.reload()
		reopened_at = days_ago(1)
		move_complaint(complaint, "Reopened", at=reopened_at)
		self.assertEqual(complaint.reopen_count, 1)
		self.assertEqual(get_datetime(complaint.resolution_started_at), reopened_at)
		self.assertEqual(get_datetime(complaint.resolution_due), reopened_at + timedelta(hours=48))
		self.assertIsNone(complaint.resolved_at)
		self.assertEqual(complaint.resolution_status, "On Track")
		self.assertEqual(complaint.resolution_escalation_level, 0)
		# the customer was answered the first time: the response clock does not start again
		self.assertEqual(get_datetime(complaint.responded_at), t0 + timedelta(hours=1))
		# reopening gives the complaint back to its responsible person
		gm_todo = frappe.get_all(
			"ToDo", filters={"reference_name": complaint.name, "status": "Open"}, pluck="allocated_to"
		)
		self.assertEqual(gm_todo, [complaint.responsible_person] if complaint.responsible_person else [])

	def test_a_reopened_month_target_is_the_end_of_the_month_of_the_reopening(self):
		complaint = make_complaint(received_at=days_ago(40))
		move_complaint(complaint, "Resolved", at=days_ago(39))
		reopened_at = days_ago(0.5)
		move_complaint(complaint, "Reopened", at=reopened_at)
		self.assertEqual(get_datetime(complaint.resolution_due), month_end(reopened_at))

	def test_working_time_clocks_skip_nights_weekends_and_holidays(self):
		# a Friday at 17:00 some weeks ago; 8 working hours of 09:00-12:00 and 13:30-18:00
		day = (now_datetime() - timedelta(days=21)).date()
		friday = datetime.combine(day - timedelta(days=(day.weekday() - 4) % 7), time(17, 0))
		saturday, monday = friday.date() + timedelta(days=1), friday.date() + timedelta(days=3)
		set_service_settings(time_basis="Working Time", response_hours=8)
		complaint = make_complaint(received_at=friday)
		self.assertEqual(get_datetime(complaint.response_due), datetime.combine(monday, time(17, 30)))
		set_service_settings(calendar_days=[{"day": monday, "kind": "Holiday"}])
		complaint = make_complaint(received_at=friday)
		tuesday = monday + timedelta(days=1)
		self.assertEqual(get_datetime(complaint.response_due), datetime.combine(tuesday, time(17, 30)))
		set_service_settings(
			calendar_days=[
				{"day": monday, "kind": "Holiday"},
				{"day": saturday, "kind": "Make-up Working Day"},
			]
		)
		complaint = make_complaint(received_at=friday)
		self.assertEqual(get_datetime(complaint.response_due), datetime.combine(saturday, time(17, 30)))

	def test_targets_by_priority_and_category_take_the_most_specific_row(self):
		set_service_settings(
			sla_targets=[
				{
					"priority": "Urgent",
					"response_hours": 2,
					"resolution_target": "Hours",
					"resolution_hours": 24,
				},
				{"category": "Quality", "response_hours": 12, "resolution_target": "End of Month"},
				{
					"category": "Leaks",
					"priority": "Urgent",
					"response_hours": 1,
					"resolution_target": "Hours",
					"resolution_hours": 8,
				},
			]
		)
		t0 = days_ago(0.01)
		leak = make_complaint(received_at=t0, category="Leaks", priority="Urgent")
		self.assertEqual(get_datetime(leak.response_due), t0 + timedelta(hours=1))
		self.assertEqual(get_datetime(leak.resolution_due), t0 + timedelta(hours=8))
		crack = make_complaint(received_at=t0, category="Cracks", priority="Urgent")
		self.assertEqual(get_datetime(crack.response_due), t0 + timedelta(hours=12))
		fees = make_complaint(received_at=t0, category="Property Fees", priority="Urgent")
		self.assertEqual(get_datetime(fees.resolution_due), t0 + timedelta(hours=24))
		plain = make_complaint(received_at=t0, category="Property Fees", priority="Low")
		self.assertEqual(get_datetime(plain.response_due), t0 + timedelta(hours=24))

	def test_settings_that_cannot_work_are_refused(self):
		with self.assertRaisesRegex(ServiceRuleError, "Working hours"):
			set_service_settings(working_hours="9-18")
		forget_service_settings()
		with self.assertRaisesRegex(ServiceRuleError, "Approval thresholds"):
			set_service_settings(
				claim_thresholds=[{"max_amount": 5000, "steps": 4}, {"max_amount": 1000, "steps": 5}]
			)

	# ---- who sees what -----------------------------------------------------------------------

	def test_each_role_sees_the_complaints_it_has_a_reason_to(self):
		gm = self.project_gm
		other_gm = self.other_project_gm
		engineer = self.engineer
		agent = self.cs_agent
		advisor = self.advisor
		project = make_project(project_gm=gm).name
		other_project = make_project(project_gm=other_gm).name
		owned = make_customer(
			advisors=[
				{"project": project, "advisor": advisor, "protected_until": add_days(now_datetime(), 30)}
			]
		).name
		mine = make_complaint(project=project, customer=owned)
		assigned = make_complaint(project=other_project)
		assigned.responsible_person = engineer
		assigned.save()
		elsewhere = make_complaint(project=other_project)
		names = {mine.name, assigned.name, elsewhere.name}

		def visible(user):
			return set(frappe.get_list("RE Complaint", pluck="name", user=user)) & names

		self.assertEqual(visible(agent), names)
		self.assertEqual(visible(gm), {mine.name})
		self.assertEqual(visible(other_gm), {assigned.name, elsewhere.name})
		self.assertEqual(visible(engineer), {assigned.name})
		self.assertEqual(visible(advisor), {mine.name})
		self.assertTrue(frappe.has_permission("RE Complaint", "write", doc=assigned.name, user=engineer))
		self.assertFalse(frappe.has_permission("RE Complaint", "read", doc=elsewhere.name, user=engineer))
		self.assertFalse(frappe.has_permission("RE Complaint", "read", doc=mine.name, user=other_gm))
		self.assertTrue(frappe.has_permission("RE Complaint", "read", doc=mine.name, user=advisor))
		self.assertFalse(frappe.has_permission("RE Complaint", "write", doc=mine.name, user=advisor))
