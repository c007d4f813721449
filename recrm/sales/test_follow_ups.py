import frappe
from frappe.utils import add_days, now_datetime

from recrm.sales.follow_ups import send_overdue_reminders
from recrm.tests.cases import StaffTestCase
from recrm.tests.factories import make_interaction, make_project


class TestOverdueFollowUps(StaffTestCase):
	STAFF_PREFIX = "follow-up"
	STAFF = ("advisor", "other_advisor", "owner")

	def test_the_daily_reminder_run_twice_sends_one_reminder_per_advisor(self):
		project = make_project().name
		advisors = [self.advisor, self.other_advisor]
		past = add_days(now_datetime(), -5)
		for advisor in advisors:
			for _ in range(2):
				make_interaction(
					project=project,
					advisor=advisor,
					interaction_time=past,
					next_follow_up_date=add_days(past, 1),
					next_follow_up_action="Call back about the 3-room layout",
				)
		# done or not yet due: no reminder
		make_interaction(
			project=project,
			advisor=advisors[0],
			interaction_time=past,
			next_follow_up_date=add_days(past, 1),
			follow_up_done=1,
		)
		send_overdue_reminders()
		send_overdue_reminders()
		for advisor in advisors:
			logs = frappe.get_all(
				"Notification Log",
				filters={"for_user": advisor, "document_type": "RE Interaction"},
				pluck="subject",
			)
			self.assertEqual(len(logs), 1, advisor)
			self.assertIn("2", logs[0])

	def test_an_advisor_counts_their_own_overdue_follow_ups(self):
		project = make_project().name
		advisor = self.owner  # a third advisor
		past = add_days(now_datetime(), -3)
		make_interaction(
			project=project, advisor=advisor, interaction_time=past, next_follow_up_date=add_days(past, 1)
		)
		make_interaction(project=project, interaction_time=past, next_follow_up_date=add_days(past, 1))
		frappe.set_user(advisor)
		overdue = frappe.get_list(
			"RE Interaction",
			filters={"follow_up_done": 0, "next_follow_up_date": ("<", frappe.utils.nowdate())},
			pluck="advisor",
		)
		self.assertEqual(overdue, [advisor])
