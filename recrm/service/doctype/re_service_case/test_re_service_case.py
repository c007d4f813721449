# Copyright (c) 2026, recrm developers and contributors
# For license information, please see license.txt

import frappe

from recrm.errors import ServiceRuleError
from recrm.service.cases import publish_case
from recrm.tests.cases import StaffTestCase
from recrm.tests.factories import (
	make_building,
	make_complaint,
	make_customer,
	make_unit,
	move_complaint,
)


class TestREServiceCase(StaffTestCase):
	STAFF_PREFIX = "case"
	STAFF = ("advisor",)

	def resolved_complaint(self):
		customer = make_customer(full_name="王建国", phone="138 0013 8000", email="wang.jg@example.cn")
		building = make_building()
		unit = make_unit(building.name, floor=8, unit_number="802")
		complaint = make_complaint(
			customer.name,
			building.project,
			unit=unit.name,
			subject="王先生家802室卫生间渗水",
			description="业主王建国（电话 13800138000，邮箱 wang.jg@example.cn）反映 802 室卫生间渗水到楼下；"
			"其家人另留电话 139-1234-5678。",
		)
		complaint.cause = "防水层施工时破损。"
		complaint.save()
		return move_complaint(complaint, "In Progress", "Resolved")

	def test_a_resolved_complaint_is_published_anonymised(self):
		complaint = self.resolved_complaint()
		case = frappe.get_doc(
			"RE Service Case",
			publish_case(complaint.name, lessons="交付前做闭水试验。王建国表示满意。", tags="渗水, 防水"),
		)
		text = " ".join(case.get(f) or "" for f in ("title", "summary", "cause", "solution", "lessons"))
		for secret in (
			"王建国",
			"王先生",
			"13800138000",
			"138 0013 8000",
			"139-1234-5678",
			"1202",
			"wang.jg@",
		):
			self.assertNotIn(secret, text)
		self.assertIn("[customer]", case.summary)
		self.assertIn("[phone]", case.summary)
		self.assertIn("[unit]", case.summary)
		self.assertEqual(case.category, "Leaks")
		self.assertEqual(case.category_group, "Quality")
		self.assertEqual(case.solution, complaint.resolution)
		self.assertEqual(frappe.db.get_value("RE Complaint", complaint.name, "service_case"), case.name)
		self.assertEqual(set(case.get_tags()), {"渗水", "防水"})

	def test_only_a_resolved_complaint_goes_to_the_library_and_only_once(self):
		open_complaint = make_complaint()
		with self.assertRaisesRegex(ServiceRuleError, "resolved or closed"):
			publish_case(open_complaint.name)
		complaint = self.resolved_complaint()
		publish_case(complaint.name)
		with self.assertRaisesRegex(ServiceRuleError, "already in the case library"):
			publish_case(complaint.name)

	def test_a_case_written_by_hand_must_be_anonymous(self):
		with self.assertRaisesRegex(ServiceRuleError, "anonymous"):
			frappe.get_doc(
				{
					"doctype": "RE Service Case",
					"title": "窗户渗水",
					"category": "Leaks",
					"summary": "客户电话 0514-8796 1234，反映窗户渗水。",
				}
			).insert()

	def test_everyone_reads_cases_but_only_customer_service_sees_the_source(self):
		complaint = self.resolved_complaint()
		case = publish_case(complaint.name)
		advisor = self.advisor
		frappe.set_user(advisor)
		doc = frappe.get_doc("RE Service Case", case)
		doc.apply_fieldlevel_read_permissions()
		self.assertFalse(doc.get("complaint"))
		self.assertTrue(doc.summary)
		with self.assertRaises(frappe.PermissionError):
			publish_case(complaint.name)
