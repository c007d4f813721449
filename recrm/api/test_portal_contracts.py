"""Two buyers' deals, route by route: neither reaches the other's reservation, contract, payment
schedule, loans, receipts or their prints and PDFs; each sees their own on /my-home/contract.

The world of ``recrm.portal.test_portal_access`` (buyers A and B), with for each a reservation, a
contract (A's shared with a co-buyer who has no login) and a receipt. The route checks of that module
run again here over these DocTypes (the classes below inherit them).
"""

import json
from unittest.mock import patch

import frappe
from frappe.utils import set_request
from frappe.utils.print_format import download_pdf
from frappe.website.serve import get_response
from frappe.www.printview import get_html_and_style

from recrm.overrides.client import get_count
from recrm.portal import test_portal_access as base
from recrm.tests.factories import make_contract, make_customer, make_receipt, make_reservation, make_unit
from recrm.tests.portal_factories import make_buyer


def make_deals(world) -> None:
	"""A's and B's deals in the world's building X (new units: their deeds' units stay as they are)."""
	world.a3 = make_unit(world.x, floor=2, unit_number="A-203").name
	world.a4 = make_unit(world.x, floor=4, unit_number="A-404").name
	world.b3 = make_unit(world.x, floor=6, unit_number="B-603").name
	world.b4 = make_unit(world.y, floor=8, unit_number="B-804").name
	world.co_buyer = make_customer(full_name="甲的配偶").name
	world.contract_a = make_contract(
		world.a3,
		buyers=[{"customer": world.a.customer, "share": 60}, {"customer": world.co_buyer, "share": 40}],
	).name
	world.contract_b = make_contract(world.b3, buyers=[world.b.customer]).name
	world.receipt_a = make_receipt(world.contract_a, 100_000).name
	world.receipt_b = make_receipt(world.contract_b, 77_777).name
	world.reservation_a = make_reservation(world.a4, world.a.customer).name
	world.reservation_b = make_reservation(world.b4, world.b.customer).name
	frappe.local.recrm_portal_units = {}


class DealsWorld(base.PortalWorld):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		make_deals(cls)
		# the route checks of the base classes look at these DocTypes only
		cls.theirs = {
			cls.a.user: {
				"RE Reservation": {cls.reservation_a},
				"RE Contract": {cls.contract_a},
				"RE Receipt": {cls.receipt_a},
			},
			cls.b.user: {
				"RE Reservation": {cls.reservation_b},
				"RE Contract": {cls.contract_b},
				"RE Receipt": {cls.receipt_b},
			},
		}


class TestDealsByListsAndQueries(DealsWorld, base.TestListsAndQueries):
	def test_schedule_loans_and_buyers_rows_follow_their_contract(self):
		frappe.set_user(self.a.user)
		for child in (
			"RE Payment Schedule",
			"RE Contract Buyer",
			"RE Contract Loan",
			"RE Receipt Allocation",
		):
			parent = "RE Receipt" if child == "RE Receipt Allocation" else "RE Contract"
			rows = frappe.client.get_list(
				child, fields=["parent"], parent=parent, filters={}, limit_page_length=0
			)
			self.assertNotIn(self.contract_b, {r["parent"] for r in rows}, child)
			self.assertNotIn(self.receipt_b, {r["parent"] for r in rows}, child)
		schedule = frappe.client.get_list(
			"RE Payment Schedule", fields=["parent"], parent="RE Contract", limit_page_length=0
		)
		self.assertEqual({r["parent"] for r in schedule}, {self.contract_a})
		# the co-buyer of A's contract is A's to see; B is nowhere
		buyers = frappe.client.get_list(
			"RE Contract Buyer", fields=["customer"], parent="RE Contract", limit_page_length=0
		)
		self.assertEqual({r["customer"] for r in buyers}, {self.a.customer, self.co_buyer})

	def test_a_buyer_reads_their_own_contract_with_its_schedule(self):
		frappe.set_user(self.a.user)
		contract = frappe.client.get("RE Contract", self.contract_a)
		self.assertTrue(contract["schedule"])
		self.assertEqual(
			frappe.client.get_value("RE Receipt", "amount", {"name": self.receipt_a})["amount"], 100_000
		)
		# frappe.client.get_count as the route serves it (hooks.py overrides it)
		self.assertEqual(get_count("RE Receipt"), 1)
		self.assertEqual(get_count("RE Receipt", {"contract": self.contract_b}), 0)

	def test_a_draft_contract_is_not_yet_the_buyers(self):
		frappe.set_user("Administrator")
		draft = make_contract(make_unit(self.x, floor=9).name, buyers=[self.a.customer], submit=False).name
		frappe.set_user(self.a.user)
		self.assertNotIn(draft, frappe.get_list("RE Contract", pluck="name"))

	def test_staff_with_a_buyers_login_too_are_judged_as_staff(self):
		frappe.set_user(self.staff)
		self.assertTrue(
			{self.contract_a, self.contract_b} <= set(frappe.get_list("RE Contract", pluck="name"))
		)


class TestDealsByPrintAndFiles(DealsWorld, base.TestPrintAndFiles):
	def test_receipt_pdf_and_print_view_only_of_their_own(self):
		frappe.set_user(self.a.user)
		with self.assertRaises(frappe.PermissionError):
			download_pdf("RE Receipt", self.receipt_b, format="RE Receipt Voucher")
		with self.assertRaises(frappe.PermissionError):
			get_html_and_style("RE Receipt", self.receipt_b, print_format="RE Receipt Voucher")
		html = get_html_and_style("RE Receipt", self.receipt_a, print_format="RE Receipt Voucher")["html"]
		self.assertIn(self.receipt_a, html)
		self.assertNotIn(self.b.full_name, html)

	def test_the_receipt_pdf_is_made_for_its_buyer(self):
		# wkhtmltopdf fetches the page's assets from the site, which no server serves during tests:
		# the PDF itself is checked by the browser test (tests/browser/portal.mjs); here, its HTML
		frappe.set_user(self.a.user)
		with patch("frappe.utils.print_format.frappe.get_print", return_value=b"%PDF-fake") as get_print:
			download_pdf("RE Receipt", self.receipt_a, format="RE Receipt Voucher")
		self.assertEqual(get_print.call_args.args[:2], ("RE Receipt", self.receipt_a))
		self.assertEqual(frappe.local.response.type, "pdf")

	def test_the_printview_page_refuses_another_buyers_receipt(self):
		frappe.set_user(self.a.user)
		for name, allowed in ((self.receipt_b, False), (self.receipt_a, True)):
			path = "/printview"
			set_request(method="GET", path=path, query_string=f"doctype=RE+Receipt&name={name}")
			frappe.local.form_dict = frappe._dict(
				doctype="RE Receipt", name=name, format="RE Receipt Voucher"
			)
			with patch("frappe.www.printview.make_access_log"):
				response = get_response(path)
			html = response.get_data(as_text=True)
			if allowed:
				self.assertEqual(response.status_code, 200)
				self.assertIn("100,000", html)
			else:
				self.assertNotEqual(response.status_code, 200)
				self.assertNotIn("77,777", html)
				self.assertNotIn(self.b.full_name, html)


class TestDealsByGuessingNames(DealsWorld, base.TestGuessingNames):
	pass


class TestContractPage(DealsWorld):
	def render(self, user: str, path: str) -> str:
		frappe.set_user(user)
		set_request(method="GET", path=path)
		response = get_response(path)
		self.assertEqual(response.status_code, 200, path)
		return response.get_data(as_text=True)

	def test_each_buyer_sees_their_contract_schedule_receipts_and_reservation(self):
		html = self.render(self.a.user, "/my-home/contract")
		for own in (
			self.contract_a,
			self.receipt_a,
			self.reservation_a,
			"甲的配偶",
			"60%",
			"RE+Receipt+Voucher",
		):
			self.assertIn(own, html)
		for other in (self.contract_b, self.receipt_b, self.reservation_b, self.b.full_name, "77,777"):
			self.assertNotIn(other, html)
		html = self.render(self.b.user, "/my-home/contract")
		self.assertIn(self.contract_b, html)
		self.assertNotIn(self.contract_a, html)

	def test_a_buyer_without_deals_is_told_so(self):
		frappe.set_user("Administrator")
		lonely = make_buyer("lonely")
		html = self.render(lonely.user, "/my-home/contract")
		self.assertIn("recrm-empty", html)


class TestContractStaffOnlyFields(DealsWorld):
	"""A buyer reads their contract, but not how the price was approved inside the office."""

	def test_the_buyer_gets_no_approval_trail_by_frappes_routes(self):
		frappe.db.set_value(
			"RE Contract",
			self.contract_a,
			{"approval_chain": "RE Sales Manager → RE General Manager", "discount_approved_percent": 4},
		)
		frappe.set_user(self.a.user)
		doc = frappe.client.get("RE Contract", self.contract_a)
		self.assertEqual(doc["unit"], self.a3)
		# Frappe blanks fields the user may not read rather than dropping them
		self.assertNotIn("RE General Manager", json.dumps(doc, default=str, ensure_ascii=False))
		self.assertFalse(doc.get("discount_approved_percent"))
		rows = frappe.client.get_list("RE Contract", fields=["name", "approval_chain"], limit_page_length=0)
		self.assertEqual([r.get("approval_chain") for r in rows], [None] * len(rows))
		frappe.set_user(self.staff)
		self.assertEqual(frappe.client.get("RE Contract", self.contract_a)["discount_approved_percent"], 4)
