# Copyright (c) 2026, recrm developers and contributors
# For license information, please see license.txt

import frappe
from frappe.utils import add_days, nowdate

from recrm.errors import SalesRuleError
from recrm.tests.cases import StaffTestCase
from recrm.tests.factories import unique

KIND_FIELDS = {
	"Supplier": {"services": "电梯供应与安装"},
	"Sales Agency": {"services": "二手房渠道分销", "contract_terms": "佣金 1.5%"},
	"Authority": {"department": "扬州市住房和城乡建设局", "relationship_owner": "Administrator"},
	"Media": {"department": "扬州晚报 房产版", "relationship_owner": "Administrator"},
	"Competitor": {"their_projects": "东方花园 二期, 均价 1.2 万/m²"},
}


def make_stakeholder(kind: str = "Supplier", **kwargs):
	return frappe.get_doc(
		{
			"doctype": "RE Stakeholder",
			"organisation": unique("扬州建材有限公司"),
			"kind": kind,
			**KIND_FIELDS[kind],
			**kwargs,
		}
	).insert()


class TestREStakeholder(StaffTestCase):
	STAFF_PREFIX = "stakeholder"
	STAFF = ("manager", "advisor", "gm")

	def test_every_kind_is_recorded_with_its_own_fields(self):
		for kind in KIND_FIELDS:
			stakeholder = make_stakeholder(kind, contact_person="李经理")
			self.assertEqual((stakeholder.kind, stakeholder.contact_person), (kind, "李经理"))

	def test_phones_are_stored_normalised(self):
		stakeholder = make_stakeholder(phone="0514-8796 1234", mobile="+86 138 0013 8000")
		self.assertEqual(stakeholder.phone, "+8651487961234")
		self.assertEqual(stakeholder.mobile, "+8613800138000")
		stakeholder.mobile = "  "
		stakeholder.save()
		self.assertIsNone(stakeholder.mobile)

	def test_a_malformed_phone_is_refused_naming_it(self):
		with self.assertRaises(SalesRuleError) as error:
			make_stakeholder(phone="138 0013")
		self.assertIn("138 0013", str(error.exception))
		self.assertIn("Phone", str(error.exception))

	def test_each_kind_needs_its_own_fields(self):
		for kind, fields in KIND_FIELDS.items():
			required = [f for f in fields if f != "contract_terms"]
			with self.assertRaises(SalesRuleError, msg=kind) as error:
				make_stakeholder(kind, **{field: None for field in required})
			message = str(error.exception)
			for field in required:
				self.assertIn(frappe.get_meta("RE Stakeholder").get_label(field), message)

	def test_the_fields_of_another_kind_are_not_required(self):
		# a competitor needs no services, a supplier no department
		make_stakeholder("Competitor", services=None)
		make_stakeholder("Supplier", department=None, relationship_owner=None)

	def test_a_contract_cannot_end_before_it_starts(self):
		with self.assertRaises(SalesRuleError):
			make_stakeholder(contract_start="2026-06-01", contract_end="2026-05-31")
		make_stakeholder(contract_start="2026-06-01", contract_end="2026-06-01")

	def test_the_last_contact_cannot_be_in_the_future(self):
		with self.assertRaises(SalesRuleError):
			make_stakeholder("Media", last_contact=add_days(nowdate(), 1))
		make_stakeholder("Media", last_contact=nowdate(), sensitivity="High")

	def test_managers_keep_stakeholders_advisors_and_the_gm_read_them(self):
		supplier = make_stakeholder()
		manager = self.manager
		readers = [self.advisor, self.gm]
		frappe.set_user(manager)
		make_stakeholder("Competitor", partnership_potential="High")
		for reader in readers:
			frappe.set_user(reader)
			self.assertIn(supplier.name, frappe.get_list("RE Stakeholder", pluck="name"))
			self.assertFalse(frappe.has_permission("RE Stakeholder", "write", doc=supplier.name))
			with self.assertRaises(frappe.PermissionError):
				make_stakeholder()
