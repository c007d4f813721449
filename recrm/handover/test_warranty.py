"""Warranty repairs (房修) end to end: the components of 建设工程质量管理条例 第四十条, a repair in
warranty (free, routed to the component's contractor, on the service desk's SLA clocks) and one out
of warranty (chargeable, started once the owner accepted the quote), and the bad input: a unit not
handed over, another buyer's unit — each refused with nothing written."""

import frappe
from frappe.utils import add_days, add_years, getdate, nowdate

from recrm.api import portal_handover
from recrm.errors import InspectionRuleError
from recrm.handover import warranty
from recrm.handover.report.warranty_repairs import warranty_repairs
from recrm.portal.buyer import NotTheirsError
from recrm.tests.cases import StaffTestCase
from recrm.tests.factories import make_building, make_project, make_unit
from recrm.tests.portal_factories import make_appointment, make_buyer, make_handover_slot, make_title_deed

REPAIR = "RE Repair Request"


class WarrantyCase(StaffTestCase):
	STAFF_PREFIX = "h2warr"
	STAFF = ("engineer",)

	def setUp(self):
		warranty.ensure_defaults()
		self.project = make_project().name
		self.building = make_building(project=self.project).name
		self.buyer = make_buyer("warr")
		self.unit = make_unit(self.building, floor=3).name
		make_title_deed(self.unit, [self.buyer.customer])
		self.contractor = frappe.get_doc(
			{
				"doctype": "RE Contractor",
				"contractor_name": frappe.generate_hash(length=8) + " 机电",
				"user": self.engineer,
			}
		).insert()
		frappe.db.set_value("RE Warranty Component", "Electrical", "contractor", self.contractor.name)

	def hand_over(self, unit: str, customer: str, on):
		slot = make_handover_slot(self.project, self.building, capacity=5).name
		appointment = make_appointment(customer, unit, slot)
		appointment.db_set({"status": "Completed", "keys_handed_over_on": on})

	def counts(self) -> tuple[int, int]:
		return frappe.db.count(REPAIR), frappe.db.count("RE Complaint")


class TestComponents(WarrantyCase):
	def test_the_defaults_of_article_40_are_installed(self):
		rows = {
			r.name: (r.period, r.period_unit, r.basis)
			for r in frappe.get_all(
				"RE Warranty Component", fields=["name", "period", "period_unit", "basis"]
			)
		}
		self.assertEqual(rows["Structure and Foundations"], (50, "Years", "From Handover Date"))
		self.assertEqual(rows["Roof Waterproofing"][:2], (5, "Years"))
		self.assertEqual(rows["Wet-Room Waterproofing"][:2], (5, "Years"))
		self.assertEqual(rows["Heating and Cooling"][:2], (2, "Heating Seasons"))
		for name in ("Electrical", "Plumbing and Drainage", "Equipment", "Fit-out"):
			self.assertEqual(rows[name][:2], (2, "Years"))

	def test_a_period_of_zero_is_refused(self):
		doc = frappe.get_doc("RE Warranty Component", "Electrical")
		doc.period = 0
		with self.assertRaises(InspectionRuleError):
			doc.save()


class TestRepairs(WarrantyCase):
	def test_a_repair_in_warranty_is_free_routed_and_on_the_sla_clocks(self):
		self.hand_over(self.unit, self.buyer.customer, add_days(nowdate(), -365))
		frappe.set_user(self.buyer.user)
		result = portal_handover.submit_repair_request(self.unit, "Electrical", "Kitchen", "厨房插座没电")
		frappe.set_user("Administrator")
		self.assertEqual((result["in_warranty"], result["charge"]), (1, "Free"))
		repair = frappe.get_doc(REPAIR, result["repair"])
		self.assertEqual(repair.contractor, self.contractor.name)
		self.assertEqual(
			getdate(repair.warranty_ends_on), getdate(add_days(add_years(add_days(nowdate(), -365), 2), -1))
		)
		self.assertEqual(repair.channel, "Portal")
		# the service desk's case: its clocks run, its escalation job sees it
		case = frappe.get_doc("RE Complaint", repair.complaint)
		self.assertEqual(
			(case.category, case.responsible_person, case.unit),
			("Warranty Repairs", self.engineer, self.unit),
		)
		self.assertTrue(case.response_due and case.resolution_due)
		self.assertEqual(repair.response_due, case.response_due)
		repair.status = "In Progress"
		repair.save()
		self.assertEqual(frappe.db.get_value("RE Complaint", case.name, "status"), "In Progress")
		repair.status = "Completed"
		repair.resolution = "更换插座"
		repair.save()
		self.assertEqual(frappe.db.get_value("RE Complaint", case.name, "status"), "Resolved")
		self.assertEqual(getdate(repair.completed_on), getdate(nowdate()))

	def test_a_repair_out_of_warranty_is_chargeable_with_a_quote_the_owner_accepts(self):
		self.hand_over(self.unit, self.buyer.customer, add_days(nowdate(), -3 * 365))
		repair = frappe.get_doc(
			{
				"doctype": REPAIR,
				"unit": self.unit,
				"customer": self.buyer.customer,
				"component": "Electrical",
				"room": "Living Room",
				"description": "客厅灯不亮",
			}
		).insert()
		self.assertEqual((repair.in_warranty, repair.charge), (0, "Chargeable"))
		repair.status = "In Progress"
		with self.assertRaises(InspectionRuleError):
			repair.save()
		repair.reload()
		repair.quote_amount = -5
		with self.assertRaises(InspectionRuleError):
			repair.save()
		repair.reload()
		repair.quote_amount = 280
		repair.save()
		self.assertEqual(repair.status, "Quoted")
		frappe.set_user(self.buyer.user)
		portal_handover.accept_repair_quote(repair.name)
		with self.assertRaises(frappe.ValidationError):
			portal_handover.accept_repair_quote(repair.name)
		frappe.set_user("Administrator")
		repair.reload()
		self.assertTrue(repair.quote_accepted and repair.quote_accepted_on)
		repair.status = "In Progress"
		repair.save()
		# structure is still in warranty after 3 years
		frappe.set_user(self.buyer.user)
		result = portal_handover.submit_repair_request(
			self.unit, "Structure and Foundations", "Living Room", "承重墙裂缝"
		)
		self.assertEqual(result["charge"], "Free")

	def test_heating_is_counted_in_seasons(self):
		# handed over in a summer three winters ago: two seasons are over
		summer = getdate(nowdate()).replace(month=7, day=1)
		self.hand_over(self.unit, self.buyer.customer, add_years(summer, -3))
		frappe.set_user(self.buyer.user)
		result = portal_handover.submit_repair_request(
			self.unit, "Heating and Cooling", "Bathroom", "暖气片不热"
		)
		self.assertEqual(result["charge"], "Chargeable")


class TestBadInput(WarrantyCase):
	def test_a_unit_not_handed_over_is_refused_in_its_words_and_nothing_written(self):
		before = self.counts()
		frappe.set_user(self.buyer.user)
		frappe.local.lang = "zh"
		try:
			with self.assertRaises(InspectionRuleError) as error:
				portal_handover.submit_repair_request(self.unit, "Electrical", "Kitchen", "插座没电")
		finally:
			frappe.local.lang = "en"
		self.assertIn("尚未交钥匙", str(error.exception))
		frappe.set_user("Administrator")
		self.assertEqual(self.counts(), before)

	def test_another_buyers_unit_is_refused(self):
		other = make_buyer("warr-other")
		other_unit = make_unit(self.building, floor=4).name
		make_title_deed(other_unit, [other.customer])
		self.hand_over(other_unit, other.customer, add_days(nowdate(), -100))
		before = self.counts()
		frappe.set_user(self.buyer.user)
		with self.assertRaises(NotTheirsError):
			portal_handover.submit_repair_request(other_unit, "Electrical", "Kitchen", "插座没电")
		frappe.set_user("Administrator")
		# on the desk too: the unit must be a home of the customer named
		with self.assertRaises(InspectionRuleError):
			frappe.get_doc(
				{
					"doctype": REPAIR,
					"unit": other_unit,
					"customer": self.buyer.customer,
					"component": "Electrical",
					"room": "Kitchen",
					"description": "插座没电",
				}
			).insert()
		self.assertEqual(self.counts(), before)

	def test_a_component_or_room_not_in_the_list_is_refused(self):
		self.hand_over(self.unit, self.buyer.customer, add_days(nowdate(), -10))
		frappe.set_user(self.buyer.user)
		with self.assertRaises(frappe.ValidationError):
			portal_handover.submit_repair_request(self.unit, "Magic", "Kitchen", "x")
		with self.assertRaises(frappe.ValidationError):
			portal_handover.submit_repair_request(self.unit, "Electrical", "Attic", "x")
		with self.assertRaises(frappe.ValidationError):
			portal_handover.submit_repair_request(self.unit, "Electrical", "Kitchen", "  ")


class TestRepairReport(WarrantyCase):
	def test_repairs_in_and_out_of_warranty_by_component(self):
		self.hand_over(self.unit, self.buyer.customer, add_days(nowdate(), -3 * 365))
		for component in ("Electrical", "Electrical", "Structure and Foundations"):
			frappe.get_doc(
				{
					"doctype": REPAIR,
					"unit": self.unit,
					"customer": self.buyer.customer,
					"component": component,
					"room": "Kitchen",
					"description": "报修",
				}
			).insert()
		_columns, data, _message, chart = warranty_repairs.execute({"building": self.building})[:4]
		rows = {row["component"]: row for row in data}
		self.assertEqual((rows["Electrical"]["out_of_warranty"], rows["Electrical"]["in_warranty"]), (2, 0))
		self.assertEqual(rows["Structure and Foundations"]["in_warranty"], 1)
		self.assertEqual(rows["Electrical"]["status_open"], 2)
		self.assertTrue(chart)
		frappe.set_user(self.buyer.user)
		with self.assertRaises(frappe.PermissionError):
			warranty_repairs.execute({"building": self.building})
