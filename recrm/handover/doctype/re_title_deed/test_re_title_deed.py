# Copyright (c) 2026, recrm developers and contributors
# For license information, please see license.txt

import frappe
from frappe.tests.utils import FrappeTestCase
from frappe.utils import add_days, getdate, nowdate, set_request
from frappe.website.serve import get_response

from recrm.core.deed import DEED_STAGES, STAGE_DAYS
from recrm.errors import PortalRuleError
from recrm.handover import deed as deeds
from recrm.handover.deed import DeedRuleError, apply_deed_move, bulk_move, move_deed, send_overdue_alerts
from recrm.handover.report.title_deed_stages import title_deed_stages as report
from recrm.inventory.buyers import units_of
from recrm.patches.v0_4.title_deed_eight_stages import migrate
from recrm.tests.factories import acting_as, make_building, make_customer, make_project, make_staff, make_unit
from recrm.tests.portal_factories import make_buyer, make_title_deed


def today():
	return getdate(nowdate())


class DeedCase(FrappeTestCase):
	def setUp(self):
		frappe.set_user("Administrator")
		self.staff = make_staff("deed", "cs_agent", "cs_manager", "finance")
		frappe.db.set_value("User", self.staff.cs_agent, {"first_name": "王", "last_name": "办证"})
		self.building = make_building(project=make_project().name).name
		self.unit = make_unit(self.building).name
		self.owners = [make_customer().name, make_customer().name]

	def tearDown(self):
		frappe.set_user("Administrator")
		frappe.db.rollback()

	def deed(self, unit=None, owners=None, **kwargs):
		return make_title_deed(
			unit or self.unit, owners or self.owners, handled_by=self.staff.cs_agent, **kwargs
		)

	def notifications(self, deed: str) -> list[str]:
		return frappe.get_all(
			"Notification Log",
			filters={"document_type": "RE Title Deed", "document_name": deed},
			pluck="for_user",
		)


class TestTitleDeedStages(DeedCase):
	def test_a_new_deed_is_filed_online_today_with_its_eight_stages(self):
		deed = self.deed()
		self.assertEqual(deed.stage, DEED_STAGES[0])
		self.assertEqual([row.stage for row in deed.stages], list(DEED_STAGES))
		self.assertEqual(getdate(deed.stages[0].reached_on), today())
		self.assertEqual(getdate(deed.next_due_date), getdate(add_days(today(), STAGE_DAYS[DEED_STAGES[1]])))

	def test_a_deed_walks_to_issued_stage_by_stage(self):
		deed = self.deed()
		start = add_days(today(), -30)
		deed.stages[0].reached_on = start
		deed.save()
		with acting_as(self.staff.cs_agent):
			for index, stage in enumerate(DEED_STAGES[1:], start=1):
				move_deed(deed.name, stage, add_days(start, index), responsible=self.staff.cs_agent)
		deed.reload()
		self.assertEqual(deed.stage, "Issued to Owner")
		self.assertTrue(all(row.reached_on for row in deed.stages))
		self.assertEqual(len(deed.moves), 7)
		self.assertTrue(all(m.kind == "Forward" and m.moved_by == self.staff.cs_agent for m in deed.moves))
		self.assertIsNone(deed.next_due_date)

	def test_a_skip_or_a_move_back_needs_a_reason_and_is_logged(self):
		deed = self.deed()
		with self.assertRaises(DeedRuleError):
			move_deed(deed.name, DEED_STAGES[3], nowdate())
		deed.reload()
		self.assertEqual((deed.stage, len(deed.moves)), (DEED_STAGES[0], 0))
		move_deed(deed.name, DEED_STAGES[3], nowdate(), reason="备案与首次登记由开发商统一办理")
		deed.reload()
		self.assertEqual(deed.stage, DEED_STAGES[3])
		self.assertEqual(
			(deed.moves[-1].kind, deed.moves[-1].reason), ("Skip", "备案与首次登记由开发商统一办理")
		)
		self.assertEqual(deed.moves[-1].moved_by, "Administrator")
		with self.assertRaises(DeedRuleError):
			move_deed(deed.name, DEED_STAGES[2], nowdate())
		move_deed(deed.name, DEED_STAGES[2], nowdate(), reason="资料不全，退回")
		deed.reload()
		self.assertEqual((deed.stage, deed.moves[-1].kind), (DEED_STAGES[2], "Back"))
		self.assertFalse(deed.stages[3].reached_on)

	def test_a_stage_dated_in_the_future_is_refused(self):
		deed = self.deed()
		with self.assertRaises(DeedRuleError):
			move_deed(deed.name, DEED_STAGES[1], add_days(nowdate(), 1))
		self.assertEqual(frappe.db.get_value("RE Title Deed", deed.name, "stage"), DEED_STAGES[0])

	def test_the_stage_is_not_changed_by_saving_the_form(self):
		deed = self.deed()
		deed.stage = DEED_STAGES[1]
		with self.assertRaises(DeedRuleError):
			deed.save()

	def test_the_messages_are_translated(self):
		deed = self.deed()
		frappe.local.lang = "zh"
		try:
			with self.assertRaises(DeedRuleError) as raised:
				move_deed(deed.name, DEED_STAGES[2], nowdate())
		finally:
			frappe.local.lang = "en"
		self.assertIn("首次登记", str(raised.exception))
		self.assertIn("备案", str(raised.exception))

	def test_only_staff_who_may_write_move_a_deed(self):
		deed = self.deed()
		with acting_as(self.staff.finance), self.assertRaises(frappe.PermissionError):
			move_deed(deed.name, DEED_STAGES[1], nowdate())

	def test_owners_once_each_and_shares_that_add_up(self):
		with self.assertRaises(PortalRuleError):
			make_title_deed(self.unit, [self.owners[0], self.owners[0]])
		deed = frappe.get_doc(
			{
				"doctype": "RE Title Deed",
				"unit": self.unit,
				"handled_by": "Administrator",
				"owners": [
					{"customer": self.owners[0], "share": 60},
					{"customer": self.owners[1], "share": 30},
				],
			}
		)
		with self.assertRaises(PortalRuleError):
			deed.insert()
		deed.owners[1].share = 40
		deed.insert()

	def test_every_owner_sees_the_unit_as_theirs(self):
		self.deed()
		for owner in self.owners:
			self.assertEqual([(r.unit, r.relation) for r in units_of(owner)], [(self.unit, "Owner")])


class TestBulkProgress(DeedCase):
	def test_every_deed_of_a_building_at_a_stage_moves_and_the_refused_are_listed(self):
		names = [self.deed(make_unit(self.building, floor=f).name).name for f in range(2, 6)]
		# one deed was filed only today: moving it on a date before that is refused
		late = names[-1]
		for name in names[:-1]:
			frappe.db.set_value(
				"RE Title Deed Stage",
				{"parent": name, "stage": DEED_STAGES[0]},
				"reached_on",
				add_days(nowdate(), -20),
			)
		frappe.db.set_value(
			"RE Title Deed Stage", {"parent": late, "stage": DEED_STAGES[0]}, "reached_on", nowdate()
		)
		frappe.db.set_value("RE Title Deed", late, "stage_reached_on", nowdate())
		elsewhere = self.deed(make_unit(make_building().name).name).name
		on = add_days(nowdate(), -5)
		result = bulk_move(self.building, DEED_STAGES[0], on, self.staff.cs_agent)
		self.assertEqual(result["moved"], 3)
		self.assertEqual([row["deed"] for row in result["refused"]], [late])
		self.assertTrue(result["refused"][0]["reason"])
		for name in names[:-1]:
			doc = frappe.get_doc("RE Title Deed", name)
			self.assertEqual(doc.stage, DEED_STAGES[1])
			self.assertEqual(doc.stages[1].responsible, self.staff.cs_agent)
		self.assertEqual(frappe.db.get_value("RE Title Deed", late, "stage"), DEED_STAGES[0])
		self.assertEqual(frappe.db.get_value("RE Title Deed", elsewhere, "stage"), DEED_STAGES[0])
		# idempotent: run again, nothing more moves (the refused one is refused again)
		again = bulk_move(self.building, DEED_STAGES[0], on, self.staff.cs_agent)
		self.assertEqual((again["moved"], len(again["refused"])), (0, 1))
		self.assertEqual(len(frappe.get_doc("RE Title Deed", names[0]).moves), 1)

	def test_a_bulk_move_to_a_future_date_is_refused_before_anything_moves(self):
		self.deed()
		with self.assertRaises(DeedRuleError):
			deeds.start_bulk_move(self.building, DEED_STAGES[0], add_days(nowdate(), 2))

	def test_a_large_building_is_moved_in_the_background_with_a_report(self):
		for floor in range(2, 5):
			self.deed(make_unit(self.building, floor=floor).name)
		limit = deeds.BULK_NOW_LIMIT
		deeds.BULK_NOW_LIMIT = 1
		try:
			result = deeds.start_bulk_move(self.building, DEED_STAGES[0], nowdate())
		finally:
			deeds.BULK_NOW_LIMIT = limit
		# tests run the job at once (recrm.jobs.enqueue_job)
		self.assertEqual(result, {"queued": True, "count": 3})
		self.assertEqual(
			frappe.db.count("RE Title Deed", {"building": self.building, "stage": DEED_STAGES[1]}), 3
		)


class TestOverdueAlerts(DeedCase):
	def test_an_overdue_deed_alerts_its_responsible_and_the_manager_once(self):
		deed = self.deed()
		frappe.db.set_value(
			"RE Title Deed Stage",
			{"parent": deed.name, "stage": DEED_STAGES[1]},
			"responsible",
			self.staff.cs_agent,
		)
		frappe.db.set_value(
			"RE Title Deed Stage",
			{"parent": deed.name, "stage": DEED_STAGES[1]},
			"due_date",
			add_days(nowdate(), -1),
		)
		frappe.db.set_value("RE Title Deed", deed.name, "next_due_date", add_days(nowdate(), -1))
		on_time = self.deed(make_unit(self.building, floor=3).name).name
		send_overdue_alerts()
		alerted = self.notifications(deed.name)
		self.assertIn(self.staff.cs_agent, alerted)
		self.assertIn(self.staff.cs_manager, alerted)
		self.assertEqual(self.notifications(on_time), [])
		count = len(alerted)
		send_overdue_alerts()
		self.assertEqual(len(self.notifications(deed.name)), count)
		# reaching the stage and falling behind on the next one alerts again, for that stage
		move_deed(deed.name, DEED_STAGES[1], nowdate())
		frappe.db.set_value(
			"RE Title Deed Stage",
			{"parent": deed.name, "stage": DEED_STAGES[2]},
			"due_date",
			add_days(nowdate(), -1),
		)
		frappe.db.set_value("RE Title Deed", deed.name, "next_due_date", add_days(nowdate(), -1))
		send_overdue_alerts()
		self.assertGreater(len(self.notifications(deed.name)), count)


class TestTitleDeedReport(DeedCase):
	def test_deeds_per_building_and_stage_with_the_overdue(self):
		first = self.deed()
		self.deed(make_unit(self.building, floor=3).name)
		frappe.db.set_value("RE Title Deed", first.name, "next_due_date", add_days(nowdate(), -3))
		columns, data, _m, chart, _summary = report.execute({"building": self.building})
		self.assertEqual(len(data), 1)
		self.assertEqual((data[0]["stage_1"], data[0]["total"], data[0]["overdue"]), (2, 2, 1))
		self.assertEqual(len(chart["data"]["labels"]), 8)
		self.assertEqual(len(columns), 11)

	def test_a_user_without_access_counts_nothing(self):
		self.deed()
		buyer = make_buyer("deedrep")
		with acting_as(buyer.user), self.assertRaises(frappe.PermissionError):
			report.execute({"building": self.building})


class TestOldDeeds(DeedCase):
	def test_old_four_step_deeds_are_carried_over_to_the_eight_stages(self):
		issued = self.deed()
		collecting = self.deed(make_unit(self.building, floor=4).name)
		for doc in (issued, collecting):
			frappe.db.delete("RE Title Deed Stage", {"parent": doc.name})
		old = [
			{
				"name": issued.name,
				"stage": "Issued",
				"documents_collected_on": getdate("2025-01-10"),
				"submitted_on": getdate("2025-02-01"),
				"issued_on": getdate("2025-05-01"),
				"handed_over_on": None,
			},
			{"name": collecting.name, "stage": "Collecting Documents"},
		]
		self.assertEqual(migrate(old), 2)
		doc = frappe.get_doc("RE Title Deed", issued.name)
		self.assertEqual(doc.stage, "Certificate Collected")
		dated = {row.stage: str(row.reached_on) for row in doc.stages if row.reached_on}
		self.assertEqual(
			dated,
			{
				"Documents Collected": "2025-01-10",
				"Submitted to Registry": "2025-02-01",
				"Certificate Collected": "2025-05-01",
			},
		)
		self.assertEqual(str(doc.next_due_date), str(add_days("2025-05-01", STAGE_DAYS["Issued to Owner"])))
		self.assertEqual(
			frappe.db.get_value("RE Title Deed", collecting.name, "stage"), "Initial Registration"
		)
		# twice: nothing more
		self.assertEqual(migrate(old), 0)


class TestDeedOnThePortal(DeedCase):
	def render(self, user, path="/my-home/handover"):
		frappe.set_user(user)
		set_request(method="GET", path=path)
		response = get_response(path)
		return response.status_code, response.get_data(as_text=True)

	def test_the_buyer_sees_the_stage_the_steps_and_who_handles_it_not_another_buyers(self):
		buyer, other = make_buyer("deedp"), make_buyer("deedq")
		mine = self.deed(owners=[buyer.customer])
		move_deed(mine.name, DEED_STAGES[1], nowdate(), responsible=self.staff.cs_agent)
		frappe.db.set_value("User", self.staff.cs_manager, {"first_name": "李", "last_name": "经办"})
		theirs = self.deed(
			make_unit(self.building, floor=7).name, owners=[other.customer], note="乙的办证说明"
		)
		apply_deed_move(theirs, DEED_STAGES[3], nowdate(), reason="x")
		status, html = self.render(buyer.user)
		frappe.set_user("Administrator")
		self.assertEqual(status, 200)
		self.assertIn(frappe.utils.escape_html(frappe.utils.formatdate(nowdate())), html)
		self.assertEqual(html.count('class="done'), 2)
		self.assertIn("王", html)
		self.assertNotIn(self.staff.cs_agent, html)
		self.assertNotIn(theirs.name, html)
		self.assertNotIn("乙的办证说明", html)
		frappe.local.lang = "zh"
		try:
			status, html = self.render(buyer.user)
		finally:
			frappe.set_user("Administrator")
			frappe.local.lang = "en"
		for label in ("网签", "备案", "首次登记", "资料收集", "递件", "缴税", "领证", "发证"):
			self.assertIn(label, html)
