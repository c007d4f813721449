"""Care after move-in on a real bench: customer managers, the four-year revisit scheduled from the
keys and by the catch-up job once, reminders once a year, and a fund that is never overdrawn."""

from datetime import date

import frappe
from frappe.utils import add_days, add_years, getdate, nowdate

from recrm.club import care
from recrm.club.doctype.re_loyalty_fund_entry.re_loyalty_fund_entry import FundError
from recrm.handover.test_keys import key_handover, paid_up_contract
from recrm.tests.cases import StaffTestCase
from recrm.tests.factories import make_customer, make_sale_ground
from recrm.tests.race import Race, RaceTestCase

ROLE = "RE Care Test Manager"


def managers(case) -> list[str]:
	"""Two customer managers holding a role of their own (other tests' CS agents stay out)."""
	if not frappe.db.exists("Role", ROLE):
		frappe.get_doc({"doctype": "Role", "role_name": ROLE, "desk_access": 1}).insert(
			ignore_permissions=True
		)
	users = [case.staff_with_roles(f"m{i}", ROLE) for i in range(2)]
	frappe.db.set_single_value("RE Club Settings", "customer_manager_role", ROLE)
	frappe.db.set_single_value("RE Club Settings", "reminder_days_ahead", 3)
	frappe.db.set_single_value("RE Club Settings", "revisit_task_days", 30)
	frappe.clear_document_cache("RE Club Settings", "RE Club Settings")
	return sorted(users)


def revisits_of(unit: str) -> list:
	return frappe.get_all(
		"RE Owner Revisit", {"unit": unit}, ["name", "customer", "due_date", "assigned_to", "status"]
	)


class TestRevisits(StaffTestCase):
	STAFF_PREFIX = "h6care"

	def setUp(self):
		super().setUp()
		self.set_up_sale()
		self.managers = managers(self)

	def test_keys_give_managers_and_one_revisit_per_owner(self):
		co_buyer = make_customer().name
		paid_up_contract(self.unit, [self.customer, co_buyer], self.plan)
		key_handover(self.unit, submit=True)
		rows = revisits_of(self.unit)
		self.assertEqual(sorted(r.customer for r in rows), sorted([self.customer, co_buyer]))
		for row in rows:
			self.assertEqual(getdate(row.due_date), getdate(add_years(nowdate(), 4)))
			self.assertEqual(row.status, "Scheduled")
			manager = frappe.db.get_value("RE Customer", row.customer, "customer_manager")
			self.assertIn(manager, self.managers)
			self.assertEqual(row.assigned_to, manager)
		# round robin: two owners, two managers
		self.assertEqual(
			sorted(
				frappe.db.get_value("RE Customer", c, "customer_manager") for c in (self.customer, co_buyer)
			),
			self.managers,
		)
		# the catch-up job finds nothing more to do; a second scheduling returns the same one
		self.assertEqual(care.catch_up_revisits(), 0)
		self.assertEqual(
			care.schedule_revisit(self.customer, self.unit, nowdate()),
			rows[0].name if rows[0].customer == self.customer else rows[1].name,
		)
		self.assertEqual(len(revisits_of(self.unit)), 2)

	def test_the_database_refuses_a_second_revisit(self):
		paid_up_contract(self.unit, [self.customer], self.plan)
		key_handover(self.unit, submit=True)
		doc = frappe.get_doc(
			{
				"doctype": "RE Owner Revisit",
				"customer": self.customer,
				"unit": self.unit,
				"handover_date": nowdate(),
			}
		)
		with self.assertRaises(frappe.UniqueValidationError):
			doc.insert(ignore_permissions=True)

	def test_catch_up_schedules_owners_without_one_once(self):
		paid_up_contract(self.unit, [self.customer], self.plan)
		key_handover(self.unit, submit=True)
		frappe.db.delete("RE Owner Revisit", {"unit": self.unit})  # as before this feature
		self.assertEqual(revisits_of(self.unit), [])
		self.assertGreaterEqual(care.catch_up_revisits(), 1)
		self.assertEqual(len(revisits_of(self.unit)), 1)
		self.assertEqual(care.catch_up_revisits(), 0)
		self.assertEqual(len(revisits_of(self.unit)), 1)

	def test_task_when_due_and_survey_when_visited(self):
		paid_up_contract(self.unit, [self.customer], self.plan)
		key_handover(self.unit, submit=True)
		name = revisits_of(self.unit)[0].name
		due = getdate(frappe.db.get_value("RE Owner Revisit", name, "due_date"))
		care.assign_due_tasks(add_days(due, -31))
		self.assertFalse(frappe.db.get_value("RE Owner Revisit", name, "task"))
		care.assign_due_tasks(add_days(due, -30))
		task = frappe.db.get_value("RE Owner Revisit", name, "task")
		self.assertTrue(task)
		todo = frappe.db.get_value("ToDo", task, ["allocated_to", "reference_name", "status"], as_dict=True)
		self.assertEqual((todo.reference_name, todo.status), (name, "Open"))
		care.assign_due_tasks(add_days(due, -29))
		self.assertEqual(
			frappe.db.count("ToDo", {"reference_type": "RE Owner Revisit", "reference_name": name}), 1
		)

		doc = frappe.get_doc("RE Owner Revisit", name)
		doc.status = "Visited"
		doc.notes = "业主满意"
		doc.save()
		doc.reload()
		self.assertEqual(str(doc.visited_on), nowdate())
		survey = frappe.db.get_value(
			"RE Satisfaction Survey", doc.survey, ["customer", "survey_type"], as_dict=True
		)
		self.assertEqual((survey.customer, survey.survey_type), (self.customer, "Four-Year Revisit"))
		self.assertEqual(frappe.db.get_value("ToDo", task, "status"), "Closed")
		doc.save()
		self.assertEqual(frappe.db.count("RE Satisfaction Survey", {"period": name}), 1)

	def test_a_visit_in_the_future_is_refused(self):
		paid_up_contract(self.unit, [self.customer], self.plan)
		key_handover(self.unit, submit=True)
		doc = frappe.get_doc("RE Owner Revisit", revisits_of(self.unit)[0].name)
		doc.status, doc.visited_on = "Visited", add_days(nowdate(), 2)
		with self.assertRaises(frappe.ValidationError):
			doc.save()

	def test_cancelled_keys_take_the_scheduled_revisit_away(self):
		paid_up_contract(self.unit, [self.customer], self.plan)
		doc = key_handover(self.unit, submit=True)
		doc.cancel_reason = "录入错误"
		doc.cancel()
		self.assertEqual(revisits_of(self.unit), [])

	def test_reminders_once_per_year(self):
		paid_up_contract(self.unit, [self.customer], self.plan)
		key_handover(self.unit, submit=True, handover_date=add_days(add_years(nowdate(), -1), 2))
		today = getdate(nowdate())
		self.assertEqual(
			care.remind(
				"Handover Anniversary", self.customer, getdate(add_days(add_years(today, -1), 2)), today, 3
			),
			1,
		)
		self.assertEqual(
			care.remind(
				"Handover Anniversary",
				self.customer,
				getdate(add_days(add_years(today, -1), 2)),
				add_days(today, 1),
				3,
			),
			0,
		)
		self.assertEqual(care.create_reminders(today), 0)
		keys = frappe.get_all("RE Care Reminder", {"customer": self.customer}, ["kind", "task"])
		self.assertEqual(len(keys), 1)
		manager = frappe.db.get_value("RE Customer", self.customer, "customer_manager")
		self.assertEqual(frappe.db.get_value("ToDo", keys[0].task, "allocated_to"), manager)
		# next year it comes again
		next_year = getdate(add_years(today, 1))
		self.assertEqual(
			care.remind(
				"Handover Anniversary",
				self.customer,
				getdate(add_days(add_years(today, -1), 2)),
				next_year,
				3,
			),
			1,
		)

	def test_report_counts_per_project(self):
		from recrm.club.report.four_year_revisits.four_year_revisits import execute

		paid_up_contract(self.unit, [self.customer], self.plan)
		key_handover(self.unit, submit=True)
		_columns, data, _message, chart = execute({"project": self.project})
		self.assertEqual(len(data), 1)
		self.assertEqual((data[0].project, data[0].revisits, data[0].visited), (self.project, 1, 0))
		self.assertTrue(chart)


def make_fund(project: str) -> str:
	return (
		frappe.get_doc({"doctype": "RE Loyalty Fund", "project": project})
		.insert(ignore_permissions=True)
		.name
	)


def fund_entry(fund: str, kind: str, amount, submit: bool = True, **kwargs):
	doc = frappe.get_doc(
		{
			"doctype": "RE Loyalty Fund Entry",
			"fund": fund,
			"kind": kind,
			"amount": amount,
			"posting_date": nowdate(),
			**kwargs,
		}
	).insert(ignore_permissions=True)
	if submit:
		doc.submit()
	return doc


class TestLoyaltyFund(StaffTestCase):
	STAFF_PREFIX = "h6fund"

	def tearDown(self):
		frappe.set_user("Administrator")
		frappe.db.rollback()

	def test_balance_and_overspend(self):
		fund = make_fund(make_sale_ground()["project"])
		fund_entry(fund, "Contribution", 100000)
		works = fund_entry(fund, "Works", 60000, works_cost=80000)
		self.assertEqual(works.owners_share, 20000)
		values = frappe.db.get_value(
			"RE Loyalty Fund", fund, ["balance", "contributed", "paid_out", "owners_paid"], as_dict=True
		)
		self.assertEqual(
			(values.balance, values.contributed, values.paid_out, values.owners_paid),
			(40000, 100000, 60000, 20000),
		)
		with self.assertRaises(FundError) as caught:
			fund_entry(fund, "Works", 40000.01)
		self.assertIn("40,000", str(caught.exception))
		self.assertEqual(frappe.db.get_value("RE Loyalty Fund", fund, "balance"), 40000)

	def test_a_spent_contribution_cannot_be_cancelled(self):
		fund = make_fund(make_sale_ground()["project"])
		contribution = fund_entry(fund, "Contribution", 1000)
		fund_entry(fund, "Works", 800)
		with self.assertRaises(FundError):
			contribution.cancel()
		self.assertEqual(frappe.db.get_value("RE Loyalty Fund", fund, "balance"), 200)

	def test_bad_amounts(self):
		fund = make_fund(make_sale_ground()["project"])
		for amount in (0, -5):
			with self.assertRaises(FundError):
				fund_entry(fund, "Contribution", amount, submit=False)
		with self.assertRaises(FundError):
			fund_entry(fund, "Works", 100, submit=False, works_cost=50)


class TestParallelFund(RaceTestCase):
	def test_two_payments_at_once_never_overdraw(self):
		fund = make_fund(make_sale_ground()["project"])
		fund_entry(fund, "Contribution", 1000)
		drafts = [fund_entry(fund, "Works", 700, submit=False).name for _ in range(2)]
		frappe.db.commit()

		def pay(name):
			return lambda: frappe.get_doc("RE Loyalty Fund Entry", name).submit()

		race = Race([("Administrator", pay(n)) for n in drafts], expected=(FundError,)).run()
		self.assertEqual(sorted(race.results()), ["refused", "won"], race.report("two payments"))
		self.assertEqual(frappe.db.get_value("RE Loyalty Fund", fund, "balance"), 300)
		self.assertEqual(frappe.db.count("RE Loyalty Fund Entry", {"fund": fund, "docstatus": 1}), 2)
