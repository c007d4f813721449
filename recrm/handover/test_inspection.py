"""The handover inspection end to end: defects by room and trade routed to their contractor or
department with a deadline from the trade, re-inspected, confirmed by the buyer on the portal
(another buyer refused), escalated when overdue, and the outcomes with what the keys wait for."""

import frappe
from frappe.utils import add_days, getdate, nowdate, set_request
from frappe.website.serve import get_response

from recrm.api import portal_handover
from recrm.errors import InspectionRuleError, PortalRuleError
from recrm.handover import inspection
from recrm.handover.report.defects_by_trade_and_age import defects_by_trade_and_age
from recrm.portal.buyer import NotTheirsError
from recrm.tests.cases import StaffTestCase
from recrm.tests.factories import make_building, make_project, make_unit, set_service_settings
from recrm.tests.portal_factories import make_buyer, make_title_deed

DEFECT = "RE Handover Defect"


class InspectionCase(StaffTestCase):
	STAFF_PREFIX = "h2insp"
	STAFF = ("engineer", "cs_manager", "service")

	def setUp(self):
		self.project = make_project().name
		self.building = make_building(project=self.project).name
		self.unit = make_unit(self.building, floor=2).name
		self.buyer = make_buyer("insp")
		make_title_deed(self.unit, [self.buyer.customer])
		self.contractor = frappe.get_doc(
			{
				"doctype": "RE Contractor",
				"contractor_name": frappe.generate_hash(length=8) + " 水电安装",
				"user": self.engineer,
				"trades": [{"trade": "Plumbing"}, {"trade": "Electrical"}],
			}
		).insert()

	def inspect(self, **kwargs):
		return frappe.get_doc(
			{
				"doctype": "RE Handover Inspection",
				"unit": self.unit,
				"customer": self.buyer.customer,
				"inspector": self.service,
				**kwargs,
			}
		).insert()

	def defect(self, inspection_name: str, **kwargs):
		return frappe.get_doc(
			{
				"doctype": DEFECT,
				"inspection": inspection_name,
				"category": kwargs.pop("category", "Plumbing"),
				"room": kwargs.pop("room", "Kitchen"),
				"description": kwargs.pop("description", "水槽下水管渗漏"),
				**kwargs,
			}
		).insert()

	def open_todos(self, defect: str) -> list[dict]:
		return frappe.get_all(
			"ToDo",
			filters={"reference_type": DEFECT, "reference_name": defect, "status": "Open"},
			fields=["allocated_to", "date"],
		)


class TestRouting(InspectionCase):
	def test_a_defect_goes_to_its_contractor_with_the_deadline_of_its_trade(self):
		insp = self.inspect()
		defect = self.defect(insp.name, contractor=self.contractor.name)
		# filled from the inspection, the trade from the category, the deadline from the trade
		self.assertEqual((defect.unit, defect.customer), (self.unit, self.buyer.customer))
		self.assertEqual(defect.trade, "Plumbing")
		self.assertEqual(getdate(defect.due_date), getdate(add_days(nowdate(), 7)))
		self.assertEqual(defect.responsible, self.engineer)
		self.assertEqual(
			self.open_todos(defect.name), [{"allocated_to": self.engineer, "date": getdate(defect.due_date)}]
		)

	def test_a_defect_of_a_department_goes_to_its_manager(self):
		set_service_settings(department_managers=[{"department": "Engineering", "manager": self.cs_manager}])
		defect = self.defect(self.inspect().name, department="Engineering", trade="Waterproofing")
		self.assertEqual(defect.responsible, self.cs_manager)
		self.assertEqual(getdate(defect.due_date), getdate(add_days(nowdate(), 30)))
		# moved to the contractor: the manager's ToDo is closed, the contractor's opened
		defect.contractor = self.contractor.name
		defect.save()
		self.assertEqual([t.allocated_to for t in self.open_todos(defect.name)], [self.engineer])

	def test_reinspection_passes_or_sends_it_back(self):
		defect = self.defect(self.inspect().name, contractor=self.contractor.name)
		defect.status = "Fixed"
		defect.fixed_on = nowdate()
		defect.save()
		result = inspection.reinspect(defect.name, "Failed", "仍渗漏")
		self.assertEqual(result["status"], "In Progress")
		defect.reload()
		self.assertEqual((defect.reinspection_result, defect.reinspected_by), ("Failed", "Administrator"))
		defect.status = "Fixed"
		defect.fixed_on = nowdate()
		defect.save()
		self.assertEqual(inspection.reinspect(defect.name, "Passed")["status"], "Verified")
		self.assertEqual(self.open_todos(defect.name), [])
		# only a fixed defect is re-inspected, and a move out of order is refused
		with self.assertRaises(InspectionRuleError):
			inspection.reinspect(defect.name, "Passed")
		other = self.defect(self.inspect().name)
		other.status = "Verified"
		with self.assertRaises(InspectionRuleError) as error:
			other.save()
		self.assertIn("Verified", str(error.exception))

	def test_overdue_defects_escalate_once(self):
		# the site's other defects (the demo's) are out of this test (the rollback restores them)
		frappe.db.sql("update `tabRE Handover Defect` set escalated_on = now() where escalated_on is null")
		defect = self.defect(self.inspect().name, contractor=self.contractor.name)
		frappe.db.set_value(
			DEFECT,
			defect.name,
			{"reported_on": add_days(nowdate(), -20), "due_date": add_days(nowdate(), -2)},
		)
		first = inspection.escalate_overdue_defects()
		self.assertEqual(first["escalated"], 1)
		self.assertGreaterEqual(first["notifications"], 1)
		self.assertTrue(frappe.db.get_value(DEFECT, defect.name, "escalated_on"))
		self.assertEqual(inspection.escalate_overdue_defects()["escalated"], 0)


class TestOutcome(InspectionCase):
	def test_outcomes_and_what_the_keys_wait_for(self):
		self.assertTrue(inspection.readiness_check("any", self.unit))
		insp = self.inspect()
		self.assertIn(insp.name, inspection.readiness_check("any", self.unit)[0])
		defect = self.defect(insp.name)
		# Accepted while a defect is open is refused: it is Accepted with Open Defects
		insp.outcome = "Accepted"
		with self.assertRaises(InspectionRuleError):
			insp.save()
		insp.reload()
		insp.outcome = "Accepted with Open Defects"
		insp.save()
		self.assertEqual(insp.open_defects, 1)
		self.assertIn(defect.name, insp.open_defect_list)
		self.assertEqual(inspection.readiness_check("any", self.unit), [])

	def test_a_refusal_needs_its_reason_and_keeps_the_keys_back(self):
		insp = self.inspect()
		insp.outcome = "Refused"
		frappe.local.lang = "zh"
		try:
			with self.assertRaises(InspectionRuleError) as error:
				insp.save()
		finally:
			frappe.local.lang = "en"
		self.assertIn("拒绝收房的原因", str(error.exception))
		self.assertFalse(frappe.db.get_value("RE Handover Inspection", insp.name, "outcome"))
		insp.reload()
		insp.outcome = "Refused"
		insp.refusal_reason = "客厅地面空鼓面积大"
		insp.save()
		missing = inspection.readiness_check("any", self.unit)
		self.assertEqual(len(missing), 1)
		self.assertIn("客厅地面空鼓面积大", missing[0])

	def test_accepted_with_open_defects_needs_an_open_defect(self):
		insp = self.inspect()
		insp.outcome = "Accepted with Open Defects"
		with self.assertRaises(InspectionRuleError):
			insp.save()
		insp.reload()
		insp.outcome = "Accepted"
		insp.save()
		self.assertEqual(inspection.readiness_check("any", self.unit), [])


class TestBuyerConfirmation(InspectionCase):
	def fixed_defect(self):
		defect = self.defect(self.inspect().name, contractor=self.contractor.name)
		defect.status = "Fixed"
		defect.fixed_on = nowdate()
		defect.save()
		return defect

	def test_the_buyer_confirms_a_fixed_defect(self):
		defect = self.fixed_defect()
		inspection.reinspect(defect.name, "Passed")
		frappe.set_user(self.buyer.user)
		result = portal_handover.confirm_defect(defect.name, fixed=1)
		self.assertEqual(result, {"defect": defect.name, "status": "Verified", "confirmation": "Confirmed"})
		frappe.set_user("Administrator")
		self.assertTrue(frappe.db.get_value(DEFECT, defect.name, "buyer_confirmed_on"))

	def test_not_fixed_needs_a_note_and_goes_back_to_the_contractor(self):
		defect = self.fixed_defect()
		frappe.set_user(self.buyer.user)
		with self.assertRaises(InspectionRuleError):
			portal_handover.confirm_defect(defect.name, fixed=0, note=" ")
		self.assertEqual(frappe.db.get_value(DEFECT, defect.name, "status"), "Fixed")
		result = portal_handover.confirm_defect(defect.name, fixed=0, note="水管接口还在滴水")
		self.assertEqual(result["status"], "In Progress")
		frappe.set_user("Administrator")
		doc = frappe.get_doc(DEFECT, defect.name)
		self.assertEqual((doc.buyer_confirmation, doc.buyer_note), ("Not Fixed", "水管接口还在滴水"))

	def test_another_buyer_and_an_open_defect_are_refused(self):
		defect = self.fixed_defect()
		open_one = self.defect(self.inspect().name)
		other = make_buyer("insp-other")
		frappe.set_user(other.user)
		with self.assertRaises(NotTheirsError):
			portal_handover.confirm_defect(defect.name, fixed=1)
		with self.assertRaises(NotTheirsError):
			portal_handover.confirm_defect("DEF-NOT-THERE", fixed=1)
		frappe.set_user(self.buyer.user)
		with self.assertRaises(InspectionRuleError):
			portal_handover.confirm_defect(open_one.name, fixed=1)
		with self.assertRaises(PortalRuleError):
			portal_handover.confirm_defect(defect.name, fixed=0, note="x" * 3000)
		frappe.set_user("Administrator")
		self.assertFalse(frappe.db.get_value(DEFECT, defect.name, "buyer_confirmation"))

	def test_the_portal_page_shows_the_inspection_and_defects_by_room(self):
		defect = self.fixed_defect()
		self.defect(defect.inspection, room="Master Bedroom", category="Electrical")
		frappe.set_user(self.buyer.user)
		set_request(method="GET", path="/my-home/handover")
		response = get_response("/my-home/handover")
		html = response.get_data(as_text=True)
		self.assertEqual(response.status_code, 200)
		# by room, in the rooms' order; the fixed one with its confirmation form
		self.assertLess(html.index("Master Bedroom"), html.index("Kitchen"))
		self.assertIn(f'data-defect="{defect.name}"', html)
		self.assertIn('data-recrm-form="confirm-defect"', html)
		self.assertIn(defect.inspection, html)


class TestDefectReport(InspectionCase):
	def test_open_defects_by_trade_and_age(self):
		insp = self.inspect()
		old = self.defect(insp.name)
		frappe.db.set_value(
			DEFECT, old.name, {"reported_on": add_days(nowdate(), -40), "due_date": add_days(nowdate(), -33)}
		)
		self.defect(insp.name)
		self.defect(insp.name, category="Electrical")
		_columns, data, _message, chart = defects_by_trade_and_age.execute({"building": self.building})[:4]
		rows = {row["trade"]: row for row in data}
		self.assertEqual(rows["Plumbing"]["open"], 2)
		self.assertEqual(rows["Plumbing"]["age_31_90_days"], 1)
		self.assertEqual(rows["Plumbing"]["overdue"], 1)
		self.assertEqual(rows["Electrical"]["age_0_7_days"], 1)
		self.assertTrue(chart)
		# permission-aware: a website user reads nothing
		frappe.set_user(self.buyer.user)
		with self.assertRaises(frappe.PermissionError):
			defects_by_trade_and_age.execute({"building": self.building})
