"""Two buyers' deals, route by route: neither reaches the other's reservation, contract, payment
schedule, loans, receipts or their prints and PDFs; each sees their own on /my-home/contract.

The world of ``recrm.portal.test_portal_access`` (buyers A and B), with for each a reservation, a
contract (A's shared with a co-buyer who has no login) and a receipt. The route checks of that module
run again here over these DocTypes (the classes below inherit them).
"""

from unittest.mock import patch

import frappe
from frappe.utils import set_request
from frappe.utils.print_format import download_pdf
from frappe.website.serve import get_response

from recrm.core.roles import GENERAL_MANAGER
from recrm.portal import files
from recrm.portal import test_portal_access as base
from recrm.portal.buyer import NotTheirsError, current_buyer
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


class TestDealsThroughTheBuyerLayer(DealsWorld, base.TestTheBuyerLayer):
	def test_schedule_loans_and_buyers_rows_follow_their_contract(self):
		frappe.set_user(self.a.user)
		me = current_buyer()
		contracts = [self.contract_a, self.contract_b]
		for child in ("RE Payment Schedule", "RE Contract Buyer", "RE Contract Loan"):
			self.assertNotIn(self.contract_b, me.children(child, contracts, ["name"]), child)
		allocations = me.children("RE Receipt Allocation", [self.receipt_a, self.receipt_b], ["name"])
		self.assertNotIn(self.receipt_b, allocations)
		self.assertEqual(set(me.children("RE Payment Schedule", contracts, ["name"])), {self.contract_a})
		# the co-buyer of A's contract is A's to see; B is nowhere
		buyers = me.children("RE Contract Buyer", contracts, ["customer"])[self.contract_a]
		self.assertEqual({r.customer for r in buyers}, {self.a.customer, self.co_buyer})

	def test_a_co_buyer_with_a_login_sees_the_contract_too(self):
		frappe.set_user("Administrator")
		spouse = make_buyer("portal-spouse", full_name="甲的配偶二")
		contract = make_contract(
			make_unit(self.x, floor=1).name,
			buyers=[{"customer": self.a.customer, "share": 50}, {"customer": spouse.customer, "share": 50}],
		).name
		for user in (self.a.user, spouse.user):
			frappe.set_user(user)
			self.assertIn(contract, current_buyer().names("RE Contract"), user)
			set_request(method="GET", path="/my-home/contract")
			html = get_response("/my-home/contract").get_data(as_text=True)
			self.assertIn(contract, html, user)
			self.assertIn("甲的配偶二", html, user)
		frappe.set_user(self.b.user)
		self.assertNotIn(contract, current_buyer().names("RE Contract"))
		set_request(method="GET", path="/my-home/contract")
		self.assertNotIn(contract, get_response("/my-home/contract").get_data(as_text=True))

	def test_a_draft_contract_is_not_yet_the_buyers(self):
		frappe.set_user("Administrator")
		draft = make_contract(make_unit(self.x, floor=9).name, buyers=[self.a.customer], submit=False).name
		frappe.set_user(self.a.user)
		self.assertNotIn(draft, current_buyer().names("RE Contract"))

	def test_staff_with_a_buyers_login_too_are_judged_as_staff(self):
		frappe.set_user(self.staff)
		self.assertTrue(
			{self.contract_a, self.contract_b} <= set(frappe.get_list("RE Contract", pluck="name"))
		)


class TestDealsByFrappesRoutes(DealsWorld, base.TestFrappeRoutesRefuseBuyers):
	def test_the_printview_page_refuses_a_buyers_receipts(self):
		frappe.set_user(self.a.user)
		for name in (self.receipt_b, self.receipt_a):
			path = "/printview"
			set_request(method="GET", path=path, query_string=f"doctype=RE+Receipt&name={name}")
			frappe.local.form_dict = frappe._dict(
				doctype="RE Receipt", name=name, format="RE Receipt Voucher"
			)
			with patch("frappe.www.printview.make_access_log"):
				response = get_response(path)
			html = response.get_data(as_text=True)
			self.assertNotEqual(response.status_code, 200)
			self.assertNotIn("77,777", html)
			self.assertNotIn(self.b.full_name, html)
		with self.assertRaises(frappe.PermissionError):
			download_pdf("RE Receipt", self.receipt_a, format="RE Receipt Voucher")


class TestDealsPdfs(DealsWorld):
	"""The contract summary and receipts as PDFs, through the portal's file method only."""

	def test_a_buyer_gets_the_pdf_of_their_receipt_and_contract(self):
		# wkhtmltopdf fetches the page's assets from the site, which no server serves during tests:
		# the PDF itself is checked by the browser test (tests/browser/portal.mjs); here, the rendering
		frappe.set_user(self.a.user)
		for doctype, name, print_format in (
			("RE Receipt", self.receipt_a, "RE Receipt Voucher"),
			("RE Contract", self.contract_a, "RE Contract Summary"),
		):
			frappe.local.response.filecontent = None
			with patch("recrm.portal.files.frappe.get_print", return_value=b"%PDF-fake") as get_print:
				files.pdf(doctype, name)
			self.assertEqual(get_print.call_args.args, (doctype, name, print_format))
			self.assertEqual(frappe.local.response.type, "pdf")
			self.assertFalse(frappe.flags.ignore_print_permissions)

	def test_the_receipt_html_shows_nothing_of_the_other_buyer(self):
		frappe.set_user(self.a.user)
		frappe.local.response.filecontent = None
		original = frappe.get_print

		def as_html(*args, **kwargs):
			return original(*args, **{**kwargs, "as_pdf": False}).encode()

		with patch("recrm.portal.files.frappe.get_print", side_effect=as_html):
			files.pdf("RE Receipt", self.receipt_a)
		html = frappe.local.response.filecontent.decode()
		self.assertIn(self.receipt_a, html)
		self.assertNotIn(self.b.full_name, html)

	def test_another_buyers_pdf_is_refused_like_a_missing_one(self):
		frappe.set_user(self.a.user)
		texts = []
		for doctype, name in (
			("RE Receipt", self.receipt_b),
			("RE Receipt", "RCT-2026-99999"),
			("RE Contract", self.contract_b),
			("RE Customer", self.b.customer),
		):
			frappe.clear_messages()
			with self.assertRaises(NotTheirsError) as error:
				files.pdf(doctype, name)
			texts.append(base.refusal_text(error.exception, name))
			self.assertNotIn(self.b.full_name, texts[-1])
		self.assertEqual(len(set(texts)), 1, texts)


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
			frappe.utils.escape_html(files.pdf_src("RE Receipt", self.receipt_a)),
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
	"""A buyer reads their contract on the portal, but not how the price was approved in the office."""

	def test_the_buyer_gets_no_approval_trail(self):
		frappe.db.set_value(
			"RE Contract",
			self.contract_a,
			{"approval_chain": "RE Sales Manager → RE General Manager", "discount_approved_percent": 4},
		)
		frappe.set_user(self.a.user)
		with self.assertRaises(frappe.PermissionError):
			frappe.client.get("RE Contract", self.contract_a)
		with self.assertRaises(frappe.PermissionError):
			frappe.client.get_list("RE Contract", fields=["name", "approval_chain"], limit_page_length=0)
		set_request(method="GET", path="/my-home/contract")
		html = get_response("/my-home/contract").get_data(as_text=True)
		self.assertIn(self.contract_a, html)
		self.assertNotIn(GENERAL_MANAGER, html)
		frappe.set_user(self.staff)
		self.assertEqual(frappe.client.get("RE Contract", self.contract_a)["discount_approved_percent"], 4)
