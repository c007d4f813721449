"""Handover money in ERPNext's books: an approved refund or penalty is a Journal Entry crediting the
buyer's receivable; an approved charge is a new schedule row the contract's sync invoices. Each test
is skipped, with the reason, where ERPNext is not installed (as recrm/finance/test_erpnext.py)."""

import frappe
from frappe.model.workflow import apply_workflow
from frappe.utils import flt

from recrm.core.roles import CS_MANAGER, VP_FINANCE
from recrm.finance import test_erpnext as books_tests
from recrm.handover import area, booking
from recrm.handover.test_handover_money import attach_report
from recrm.tests.factories import acting_as, make_contract, make_unit, make_user


class TestHandoverMoneyBooks(books_tests.ERPNextBooksTestCase):
	def setUp(self):
		super().setUp()
		booking.ensure_workflows()
		self.raiser = make_user("books-money-cs@recrm.test", [CS_MANAGER])
		self.approver = make_user("books-money-vpf@recrm.test", [VP_FINANCE])

	def settle(self, surveyed: str):
		unit = make_unit(self.building)
		contract = make_contract(unit.name, buyers=[self.customer], payment_plan=self.plan).name
		with acting_as(self.raiser):
			url = attach_report(self.building, [(unit.unit_number, surveyed)])
			survey = frappe.get_doc(
				{"doctype": "RE Area Survey", "building": self.building, "survey_file": url}
			).insert()
			area.start_import(survey.name)
			doc = frappe.get_doc("RE Area Settlement", {"active_contract": contract})
			apply_workflow(doc, "Send for Approval")
		with acting_as(self.approver):
			return apply_workflow(frappe.get_doc(doc.doctype, doc.name), "Approve")

	def test_refund_is_a_journal_entry_crediting_the_receivable(self):
		doc = self.settle("98")
		self.assertTrue(doc.erpnext_entry or frappe.db.get_value(doc.doctype, doc.name, "erpnext_entry"))
		entry = frappe.get_doc("Journal Entry", frappe.db.get_value(doc.doctype, doc.name, "erpnext_entry"))
		self.assertEqual(entry.docstatus, 1)
		credit = sum(
			flt(a.credit_in_account_currency) for a in entry.accounts if a.account == self.receivable
		)
		self.assertAlmostEqual(credit, 20000.0, 2)

	def test_charge_is_invoiced_with_the_schedule(self):
		doc = self.settle("102")
		self.assertEqual(doc.booked_as, "Instalment")
		self.assertFalse(frappe.db.get_value(doc.doctype, doc.name, "erpnext_entry"))
