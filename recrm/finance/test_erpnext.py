# Copyright (c) 2026, recrm developers and contributors
# For license information, please see license.txt

"""The books in ERPNext, on a real ERPNext site: a contract's instalments become Sales Invoices,
its deposit and receipts Payment Entries, and what finance does in ERPNext comes back.

Each test is skipped, with the reason, where ERPNext is not installed (the project's CI has none).
Prepare an ERPNext site with

	bench --site SITE execute recrm.finance.test_erpnext.prepare_site

(ERPNext's setup wizard for a company in CNY, China, standard chart of accounts), or let
``setUpClass`` do it. Each test rolls back what it posted.
"""

from decimal import Decimal

import frappe
from frappe.utils import add_days, flt, getdate, nowdate

from recrm.finance import erpnext as books
from recrm.tests.cases import StaffTestCase
from recrm.tests.factories import (
	make_building,
	make_contract,
	make_customer,
	make_payment_plan,
	make_project,
	make_receipt,
	make_reservation,
	make_unit,
)

COMPANY = "recrm Books"
ABBR = "RB"


def prepare_site():
	"""ERPNext's setup wizard (a company in CNY, China, standard chart) where none was run, and a
	CNY company for the tests; both once. Commits."""
	from frappe.desk.page.setup_wizard.setup_wizard import setup_complete

	year = getdate(nowdate()).year
	if not frappe.db.a_row_exists("Company"):
		setup_complete(
			{
				"currency": "CNY",
				"full_name": "recrm Finance",
				"company_name": COMPANY,
				"timezone": "Asia/Shanghai",
				"company_abbr": ABBR,
				"country": "China",
				"fy_start_date": f"{year}-01-01",
				"fy_end_date": f"{year}-12-31",
				"language": "english",
				"company_tagline": "recrm",
				"email": "finance@recrm.test",
				"password": "recrm-finance",
				"chart_of_accounts": "Standard",
			}
		)
	if not frappe.db.exists("Company", COMPANY):
		frappe.get_doc(
			{
				"doctype": "Company",
				"company_name": COMPANY,
				"abbr": ABBR,
				"default_currency": "CNY",
				"country": "China",
				"chart_of_accounts": "Standard",
				"create_chart_of_accounts_based_on": "Standard Template",
			}
		).insert(ignore_permissions=True)
	if not frappe.db.get_value(
		"Fiscal Year", {"year_start_date": ("<=", nowdate()), "year_end_date": (">=", nowdate())}
	):
		frappe.get_doc(
			{
				"doctype": "Fiscal Year",
				"year": str(year),
				"year_start_date": f"{year}-01-01",
				"year_end_date": f"{year}-12-31",
			}
		).insert(ignore_permissions=True)
	from recrm.finance.setup import make_custom_fields

	make_custom_fields()
	frappe.db.commit()


def money(value) -> Decimal:
	return Decimal(str(flt(value, 2))).quantize(Decimal("0.01"))


# each test of the class is skipped with this reason (not the class once): the runner's skipped count
# is the number of ERPNext tests not run, which scripts/test reports as such
ERPNEXT_MISSING = "ERPNext is not installed on this site: nothing to post to"


class ERPNextBooksTestCase(StaffTestCase):
	STAFF_PREFIX = "books"
	STAFF = ("finance",)

	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.erpnext = "erpnext" in frappe.get_installed_apps()
		if not cls.erpnext:
			return
		prepare_site()
		frappe.db.commit()

	def setUp(self):
		if not self.erpnext:
			self.skipTest(ERPNEXT_MISSING)
		frappe.set_user("Administrator")
		settings = frappe.get_doc("RE Finance Settings")
		settings.update({"enabled": 1, "company": COMPANY})
		settings.save()
		frappe.clear_document_cache("RE Finance Settings", "RE Finance Settings")
		self.receivable = frappe.db.get_value("Company", COMPANY, "default_receivable_account")
		self.project = make_project().name
		self.building = make_building(project=self.project).name
		self.customer = make_customer().name
		# 1,000,000: down payment 30% today, 30% in 30 days, the balance in 60
		self.plan = make_payment_plan(
			self.project,
			method="Instalments",
			instalments=[
				{"purpose": "Down Payment", "share_type": "Percentage", "value": 30, "days": 0},
				{"purpose": "Instalment", "share_type": "Percentage", "value": 30, "days": 30},
				{"purpose": "Balance", "share_type": "Remainder", "days": 60},
			],
		).name

	def tearDown(self):
		super().tearDown()
		frappe.clear_document_cache("RE Finance Settings", "RE Finance Settings")

	# --- helpers ------------------------------------------------------------------------------------

	def sign(self, deposit=50_000):
		unit = make_unit(self.building).name
		reservation = make_reservation(unit, self.customer, deposit=deposit).name if deposit else None
		return make_contract(
			unit, buyers=[self.customer], reservation=reservation, payment_plan=self.plan
		).name

	def receive(self, contract, amount, **kwargs):
		frappe.set_user(self.finance)  # recrm's finance role, no ERPNext role: the posting still runs
		try:
			return make_receipt(contract, amount, **kwargs)
		finally:
			frappe.set_user("Administrator")

	def rows(self, contract):
		return frappe.get_doc("RE Contract", contract).schedule

	def invoices(self, contract):
		return {
			row.recrm_schedule_row: row
			for row in frappe.get_all(
				"Sales Invoice",
				filters={"recrm_contract": contract, "docstatus": 1},
				fields=[
					"name",
					"recrm_schedule_row",
					"grand_total",
					"outstanding_amount",
					"status",
					"customer",
				],
			)
		}

	def counts(self, contract):
		return (
			frappe.db.count("Sales Invoice", {"recrm_contract": contract}),
			frappe.db.count("Payment Entry", {"recrm_contract": contract}),
			frappe.db.count("Customer", {"recrm_customer": self.customer}),
		)

	def party_balance(self, customer) -> Decimal:
		"""The customer's receivable in ERPNext's general ledger."""
		rows = frappe.get_all(
			"GL Entry",
			filters={
				"party_type": "Customer",
				"party": customer,
				"account": self.receivable,
				"is_cancelled": 0,
			},
			fields=["sum(debit) as debit", "sum(credit) as credit"],
		)
		return money(flt(rows[0].debit) - flt(rows[0].credit))

	def assert_books_match(self, contract):
		"""Each invoiced instalment's outstanding in ERPNext is the one recrm holds, and the GL's
		receivable of the customer is their sum."""
		invoices = self.invoices(contract)
		expected = Decimal("0.00")
		for row in self.rows(contract):
			inv = invoices.get(row.idx)
			if inv:
				self.assertEqual(row.erpnext_invoice, inv.name)
				self.assertEqual(money(inv.grand_total), money(row.amount))
				self.assertEqual(
					money(inv.outstanding_amount), money(row.outstanding), f"instalment {row.idx}"
				)
				self.assertEqual(row.invoice_status, inv.status)
				expected += money(row.outstanding)
		customer = frappe.db.get_value("Customer", {"recrm_customer": self.customer})
		credit = money(frappe.db.get_value("RE Contract", contract, "credit_balance"))
		self.assertEqual(self.party_balance(customer), expected - credit)

	# --- the tests ----------------------------------------------------------------------------------

	def test_contract_to_invoices_receipts_and_cancellation_round_trip(self):
		contract = self.sign(deposit=50_000)
		rows = self.rows(contract)
		self.assertEqual([money(r.amount) for r in rows], [money(300_000), money(300_000), money(400_000)])

		# signed: the customer, the first instalment (due today, the deposit on it) and the deposit
		customer = frappe.db.get_value("Customer", {"recrm_customer": self.customer})
		self.assertTrue(customer)
		self.assertEqual(frappe.db.get_value("RE Customer", self.customer, "erpnext_customer"), customer)
		invoices = self.invoices(contract)
		self.assertEqual(sorted(invoices), [1])
		self.assertEqual(invoices[1].customer, customer)
		deposit_entry = frappe.db.get_value("RE Contract", contract, "erpnext_deposit_entry")
		self.assertEqual(
			money(frappe.db.get_value("Payment Entry", deposit_entry, "paid_amount")), money(50_000)
		)
		self.assertEqual(money(invoices[1].outstanding_amount), money(250_000))
		self.assert_books_match(contract)

		# posting again posts nothing
		before = self.counts(contract)
		self.assertEqual(
			books.sync_contract(contract),
			{"invoices": [], "cancelled": [], "payments": [], "payments_cancelled": []},
		)
		self.assertEqual(self.counts(contract), before)

		# a receipt paying the first instalment off and part of the second: the second is invoiced
		# at once, one Payment Entry allocated to both invoices
		receipt = self.receive(contract, 350_000)
		entry = frappe.db.get_value("RE Receipt", receipt.name, "erpnext_payment_entry")
		self.assertTrue(entry)
		pe = frappe.get_doc("Payment Entry", entry)
		self.assertEqual(pe.recrm_receipt, receipt.name)
		invoices = self.invoices(contract)
		self.assertEqual(
			sorted((r.reference_name, money(r.allocated_amount)) for r in pe.references),
			sorted([(invoices[1].name, money(250_000)), (invoices[2].name, money(100_000))]),
		)
		self.assertEqual(invoices[1].status, "Paid")
		self.assert_books_match(contract)
		before = self.counts(contract)
		books.sync_contract(contract)
		books.post_due_instalments(commit=False)
		self.assertEqual(self.counts(contract), before)

		# the balance falls due: the daily job invoices it, once
		row3 = self.rows(contract)[2]
		frappe.db.set_value("RE Payment Schedule", row3.name, "due_date", nowdate())
		books.post_due_instalments(commit=False)
		books.post_due_instalments(commit=False)
		self.assertEqual(sorted(self.invoices(contract)), [1, 2, 3])
		self.assertEqual(frappe.db.count("Sales Invoice", {"recrm_contract": contract}), 3)
		self.assert_books_match(contract)

		# the receipt cancelled in recrm: its Payment Entry is cancelled, the invoices owe again
		receipt.reload()
		receipt.cancel()
		self.assertEqual(frappe.db.get_value("Payment Entry", entry, "docstatus"), 2)
		self.assertEqual(money(self.invoices(contract)[1].outstanding_amount), money(250_000))
		self.assert_books_match(contract)
		before = self.counts(contract)
		books.sync_contract(contract)
		self.assertEqual(self.counts(contract), before)

	def test_payment_entry_cancelled_in_erpnext_cancels_the_receipt(self):
		contract = self.sign(deposit=0)
		receipt = self.receive(contract, 120_000)
		entry = frappe.db.get_value("RE Receipt", receipt.name, "erpnext_payment_entry")
		self.assertEqual(money(self.rows(contract)[0].paid), money(120_000))
		self.assert_books_match(contract)

		frappe.get_doc("Payment Entry", entry).cancel()
		self.assertEqual(frappe.db.get_value("RE Receipt", receipt.name, "docstatus"), 2)
		self.assertEqual(money(self.rows(contract)[0].paid), money(0))
		self.assertEqual(money(frappe.db.get_value("RE Contract", contract, "paid_amount")), money(0))
		self.assert_books_match(contract)
		# and nothing is posted again for the cancelled receipt
		before = self.counts(contract)
		books.sync_contract(contract)
		self.assertEqual(self.counts(contract), before)

	def test_invoice_cancelled_and_amended_in_erpnext(self):
		contract = self.sign(deposit=0)
		invoice = self.invoices(contract)[1].name
		frappe.get_doc("Sales Invoice", invoice).cancel()
		row = self.rows(contract)[0]
		self.assertEqual(row.invoice_status, "Cancelled")
		# finance cancelled it: recrm does not post it again behind their back
		books.sync_contract(contract)
		self.assertEqual(self.invoices(contract), {})

		# finance amends it: the amendment takes over the instalment
		amended = frappe.copy_doc(frappe.get_doc("Sales Invoice", invoice))
		amended.docstatus = 0
		amended.amended_from = invoice
		amended.insert()
		amended.submit()
		row = self.rows(contract)[0]
		self.assertEqual(row.erpnext_invoice, amended.name)
		self.assertEqual(frappe.db.get_value("Sales Invoice", amended.name, "recrm_key"), f"{contract}#1")
		books.sync_contract(contract)
		self.assertEqual(frappe.db.count("Sales Invoice", {"recrm_contract": contract, "docstatus": 1}), 1)

		# paid in recrm: the amended invoice is the one paid
		self.receive(contract, 300_000)
		self.assertEqual(self.invoices(contract)[1].status, "Paid")
		self.assert_books_match(contract)

	def test_excess_held_as_credit_stays_an_advance(self):
		contract = self.sign(deposit=0)
		# the whole price and 5,000 more, held as credit: every instalment is invoiced and paid,
		# the 5,000 stays unallocated on the Payment Entry
		receipt = self.receive(contract, 1_005_000, hold_as_credit=1)
		pe = frappe.get_doc(
			"Payment Entry", frappe.db.get_value("RE Receipt", receipt.name, "erpnext_payment_entry")
		)
		self.assertEqual(money(pe.unallocated_amount), money(5_000))
		self.assertEqual(sorted(self.invoices(contract)), [1, 2, 3])
		self.assertTrue(all(inv.status == "Paid" for inv in self.invoices(contract).values()))
		self.assert_books_match(contract)

	def test_nothing_is_posted_when_disabled(self):
		frappe.db.set_single_value("RE Finance Settings", "enabled", 0)
		frappe.clear_document_cache("RE Finance Settings", "RE Finance Settings")
		contract = self.sign(deposit=50_000)
		self.receive(contract, 100_000)
		self.assertEqual(self.counts(contract)[:2], (0, 0))
		self.assertFalse(frappe.db.get_value("RE Contract", contract, "erpnext_deposit_entry"))

	def test_a_changed_amount_replaces_the_invoice(self):
		contract = self.sign(deposit=0)
		old = self.invoices(contract)[1].name
		rows = self.rows(contract)
		# the schedule re-cut after signing (still adding up): 1,000 moves from the balance
		frappe.db.set_value("RE Payment Schedule", rows[0].name, {"amount": 301_000, "outstanding": 301_000})
		frappe.db.set_value("RE Payment Schedule", rows[2].name, {"amount": 399_000, "outstanding": 399_000})
		done = books.sync_contract(contract)
		self.assertEqual(done["cancelled"], [old])
		self.assertEqual(frappe.db.get_value("Sales Invoice", old, "docstatus"), 2)
		new = self.invoices(contract)[1]
		self.assertEqual(money(new.grand_total), money(301_000))
		self.assertEqual(frappe.db.get_value("Sales Invoice", new.name, "recrm_key"), f"{contract}#1")
		self.assert_books_match(contract)
		self.assertEqual(books.sync_contract(contract)["invoices"], [])

	def test_a_cancelled_contract_cancels_its_unpaid_invoices_and_keeps_the_paid(self):
		contract = self.sign(deposit=0)
		self.receive(contract, 300_000)  # the first instalment paid
		row2 = self.rows(contract)[1]
		frappe.db.set_value("RE Payment Schedule", row2.name, "due_date", nowdate())
		books.post_due_instalments(commit=False)
		invoices = self.invoices(contract)
		self.assertEqual(sorted(invoices), [1, 2])
		doc = frappe.get_doc("RE Contract", contract)
		doc.flags.via_sales_change = True  # as a cancellation request (退房) does
		doc.flags.ignore_links = True
		doc.cancel()
		self.assertEqual(frappe.db.get_value("Sales Invoice", invoices[2].name, "docstatus"), 2)
		self.assertEqual(frappe.db.get_value("Sales Invoice", invoices[1].name, "status"), "Paid")
		self.assertEqual(self.rows(contract)[1].invoice_status, "Cancelled")
		before = self.counts(contract)
		books.sync_contract(contract)
		books.post_due_instalments(commit=False)
		self.assertEqual(self.counts(contract), before)

	def test_a_payment_entered_in_erpnext_becomes_receipts(self):
		contract = self.sign(deposit=0)
		row2 = self.rows(contract)[1]
		frappe.db.set_value("RE Payment Schedule", row2.name, "due_date", nowdate())
		books.sync_contract(contract)
		invoices = self.invoices(contract)
		customer = invoices[1].customer
		# finance receives 400,000 by bank in ERPNext: 300,000 on the first invoice, 100,000 on the second
		from erpnext.accounts.doctype.payment_entry.payment_entry import get_payment_entry

		pe = get_payment_entry("Sales Invoice", invoices[1].name)
		pe.paid_amount = pe.received_amount = 400_000
		pe.references[0].allocated_amount = 300_000
		pe.append(
			"references",
			{
				"reference_doctype": "Sales Invoice",
				"reference_name": invoices[2].name,
				"allocated_amount": 100_000,
			},
		)
		pe.reference_no = "BANK-0001"
		pe.reference_date = nowdate()
		pe.insert()
		pe.submit()
		self.assertEqual(pe.party, customer)
		receipts = frappe.get_all(
			"RE Receipt",
			filters={"erpnext_payment_entry": pe.name, "docstatus": 1},
			fields=["name", "schedule_row", "amount"],
			order_by="schedule_row",
		)
		self.assertEqual(
			[(r.schedule_row, money(r.amount)) for r in receipts], [(1, money(300_000)), (2, money(100_000))]
		)
		self.assertEqual(
			[money(r.paid) for r in self.rows(contract)], [money(300_000), money(100_000), money(0)]
		)
		self.assert_books_match(contract)
		# the posting job does not post those receipts again
		before = self.counts(contract)
		books.sync_contract(contract)
		self.assertEqual(self.counts(contract), before)
		# cancelled where it began, in ERPNext; refused in recrm
		with self.assertRaises(frappe.ValidationError):
			frappe.get_doc("RE Receipt", receipts[0].name).cancel()
		frappe.get_doc("Payment Entry", pe.name).cancel()
		self.assertEqual(
			frappe.get_all("RE Receipt", filters={"erpnext_payment_entry": pe.name}, pluck="docstatus"),
			[2, 2],
		)
		self.assertEqual([money(r.paid) for r in self.rows(contract)], [money(0)] * 3)
		self.assert_books_match(contract)

	def test_a_payment_recrm_refuses_is_refused_in_erpnext_too(self):
		contract = self.sign(deposit=0)
		invoice = self.invoices(contract)[1].name
		from erpnext.accounts.doctype.payment_entry.payment_entry import get_payment_entry

		# dated the day before the contract was signed: recrm refuses such a receipt
		pe = get_payment_entry("Sales Invoice", invoice)
		pe.posting_date = add_days(nowdate(), -1)
		pe.reference_no = "BANK-0002"
		pe.reference_date = pe.posting_date
		pe.insert()
		frappe.db.savepoint("before_submit")  # what a request rolls back when it fails
		with self.assertRaises(frappe.ValidationError):
			pe.submit()
		frappe.db.rollback(save_point="before_submit")
		self.assertEqual(frappe.db.get_value("Payment Entry", pe.name, "docstatus"), 0)
		self.assertFalse(frappe.db.exists("RE Receipt", {"erpnext_payment_entry": pe.name}))
		self.assertEqual(money(self.rows(contract)[0].paid), money(0))
