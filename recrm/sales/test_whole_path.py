# Copyright (c) 2026, recrm developers and contributors
# For license information, please see license.txt

"""The whole path of a sale, as the people who make it: an advisor reserves a unit and signs it
with a discount beyond their authority, the approvers act from the workflow inbox and from the
links of the workflow e-mails, finance receives the money, and the sale ends in a cancellation
(退房) or moves to another unit (换房). After each step: the unit's status and its history, the
customer's lifecycle stage, and the schedule's and receipts' totals."""

import email
from decimal import Decimal
from unittest.mock import patch
from urllib.parse import parse_qsl, urlsplit

import frappe
from frappe.model.workflow import WorkflowTransitionError, apply_workflow, get_transitions
from frappe.utils import add_days, nowdate
from frappe.workflow.doctype.workflow_action import workflow_action
from werkzeug.test import EnvironBuilder
from werkzeug.wrappers import Request

from recrm.core.roles import GENERAL_MANAGER, SALES_MANAGER
from recrm.errors import SalesRuleError
from recrm.sales import approval
from recrm.tests.cases import StaffTestCase
from recrm.tests.factories import (
	forget_email_accounts,
	make_contract,
	make_customer,
	make_outgoing_email_account,
	make_receipt,
	make_reservation,
	make_sales_change,
	make_unit,
)

APPLY_ACTION = "frappe.workflow.doctype.workflow_action.workflow_action.apply_action"
CONFIRM_ACTION = "frappe.workflow.doctype.workflow_action.workflow_action.confirm_action"


def money(value) -> Decimal:
	return Decimal(str(value or 0)).quantize(Decimal("0.01"))


class TestWholePath(StaffTestCase):
	STAFF_PREFIX = "wp"
	STAFF = ("advisor", "manager", "gm", "finance")

	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		approval.set_default_limits()
		approval.ensure_workflows()
		frappe.db.commit()
		# the workflow e-mail attaches the document's print as a PDF: not what is tested here
		cls.attach_print = patch(
			"frappe.attach_print", return_value={"fname": "print.pdf", "fcontent": b"%PDF-1.4"}
		)
		cls.attach_print.start()

	@classmethod
	def tearDownClass(cls):
		cls.attach_print.stop()
		super().tearDownClass()

	def setUp(self):
		# the plan: 30 % within 7 days, the balance after 30
		self.set_up_sale(unit={"floor": 3})
		self.other_unit = make_unit(self.building, floor=5, list_price=1_100_000).name
		# workflow e-mails need an outgoing account: without one Frappe logs an error and sends none
		forget_email_accounts()
		make_outgoing_email_account()

	def tearDown(self):
		frappe.set_user("Administrator")
		frappe.local.request = None
		frappe.local.flags.signed_query_string = None
		frappe.db.rollback()
		forget_email_accounts()

	# --- helpers ------------------------------------------------------------------------------------

	def as_user(self, user, fn, *args, **kwargs):
		frappe.set_user(user)
		try:
			return fn(*args, **kwargs)
		finally:
			frappe.set_user("Administrator")

	def act(self, user, doctype, name, action):
		return self.as_user(user, lambda: apply_workflow(frappe.get_doc(doctype, name), action))

	def actions(self, user, doctype, name) -> set[str]:
		return self.as_user(user, lambda: {t.action for t in get_transitions(frappe.get_doc(doctype, name))})

	def inbox(self, user, doctype, name) -> list[str]:
		"""The open entries of the user's workflow inbox (Workflow Action list) for a document."""
		return self.as_user(
			user,
			lambda: frappe.get_list(
				"Workflow Action",
				filters={"reference_doctype": doctype, "reference_name": name, "status": "Open"},
				pluck="workflow_state",
			),
		)

	def mails(self, doctype, name) -> dict[str, list[str]]:
		"""The workflow e-mails queued about a document since the last call: recipient -> the
		action links in them."""
		found = {}
		seen = self.__dict__.setdefault("seen_mails", set())
		for queue in frappe.get_all(
			"Email Queue",
			filters={"reference_doctype": doctype, "reference_name": name},
			fields=["name", "message"],
			order_by="creation asc",
		):
			if queue.name in seen:
				continue
			seen.add(queue.name)
			recipients = frappe.get_all(
				"Email Queue Recipient", filters={"parent": queue.name}, pluck="recipient"
			)
			links = action_links(queue.message)
			for recipient in recipients:
				found.setdefault(recipient, []).extend(links)
		return found

	def assert_asked(self, mails: dict, user: str, role: str):
		"""``user`` got an e-mail; everyone who did holds ``role`` (other tests' users may too);
		neither the advisor who asked nor an approver of another step did."""
		self.assertIn(user, mails)
		for recipient in mails:
			self.assertIn(role, frappe.get_roles(recipient), recipient)
		others = {self.advisor, self.manager, self.gm} - {user}
		self.assertFalse(others & set(mails), others & set(mails))

	def follow(self, link: str):
		"""Open a link of a workflow e-mail as its recipient would, not logged in: Frappe's
		``apply_action`` shows the confirmation page, whose button runs ``confirm_action``."""
		method, params = split_link(link)
		self.assertEqual(method, APPLY_ACTION)
		frappe.set_user("Guest")
		try:
			signed_get(link)
			frappe.local.response = frappe._dict()
			workflow_action.apply_action(**params)
			page = frappe.local.response
			confirm = page.get("context", {}).get("action_link")
			if not confirm:
				return page  # the link expired or was refused: no button
			signed_get(confirm)
			method, params = split_link(confirm)
			self.assertEqual(method, CONFIRM_ACTION)
			frappe.local.response = frappe._dict()
			with patch.object(frappe.db, "commit"):  # the test's transaction is rolled back instead
				workflow_action.confirm_action(**params)
			return frappe.local.response
		finally:
			frappe.local.request = None
			frappe.local.flags.signed_query_string = None
			frappe.set_user("Administrator")

	def unit_state(self, unit) -> tuple[str, list[tuple]]:
		"""The unit's status and its history: (from, to, reference document type)."""
		history = frappe.get_all(
			"RE Unit Status Log",
			filters={"unit": unit},
			fields=["from_status", "to_status", "reference_doctype"],
			order_by="creation asc, name asc",
		)
		return (
			frappe.db.get_value("RE Unit", unit, "status"),
			[(h.from_status, h.to_status, h.reference_doctype) for h in history],
		)

	def stage(self, customer=None) -> str:
		return frappe.db.get_value("RE Customer", customer or self.customer, "lifecycle_stage")

	def totals(self, contract):
		doc = frappe.get_doc("RE Contract", contract)
		receipts = frappe.get_all(
			"RE Receipt", filters={"contract": contract, "docstatus": 1}, fields=["amount", "credit"]
		)
		return frappe._dict(
			status=doc.status,
			price=money(doc.final_price),
			scheduled=sum((money(r.amount) for r in doc.schedule), Decimal(0)),
			paid_rows=sum((money(r.paid) for r in doc.schedule), Decimal(0)),
			paid=money(doc.paid_amount),
			outstanding=money(doc.outstanding_amount),
			credit=money(doc.credit_balance),
			received=sum((money(r.amount) for r in receipts), Decimal(0)),
			deposit=money(doc.deposit_credited),
		)

	def assert_books_balance(self, contract):
		t = self.totals(contract)
		self.assertEqual(t.scheduled, t.price, "the schedule adds up to the price")
		self.assertEqual(t.paid, t.paid_rows)
		self.assertEqual(t.outstanding, t.price - t.paid)
		# every yuan paid came from the deposit or a receipt, and what was received beyond is credit
		self.assertEqual(t.paid + t.credit, t.deposit + t.received)
		return t

	# --- the steps ----------------------------------------------------------------------------------

	def reserve_and_draft(self, discount: int = 80_000):
		"""Reserve at ``discount`` below the list price and draft the contract on the reservation."""
		self.assertEqual(self.unit_state(self.unit)[0], "Available")
		reservation = self.as_user(
			self.advisor,
			make_reservation,
			self.unit,
			self.customer,
			agreed_price=1_000_000 - discount,
			deposit=50_000,
		)
		status, history = self.unit_state(self.unit)
		self.assertEqual(status, "Subscribed")
		self.assertEqual(history[-1], ("Available", "Subscribed", "RE Reservation"))
		self.assertEqual(self.stage(), "Qualified")
		contract = self.as_user(
			self.advisor,
			make_contract,
			reservation=reservation.name,
			payment_plan=self.plan,
			submit=False,
		)
		self.assertEqual(contract.workflow_state, "Draft")
		self.assertEqual(money(contract.final_price), money(1_000_000 - discount))
		self.assertEqual(money(contract.deposit_credited), money(50_000))
		return reservation, contract

	def approve_in_the_inbox_and_sign(self, contract):
		"""8 %: beyond the advisor (2 %) and the sales manager (5 %): the general manager approves."""
		name = contract.name
		self.assertEqual(contract.approval_chain, "RE Sales Manager, RE General Manager")
		# the advisor can only ask; signing straight away or skipping a step is refused
		self.assertEqual(self.actions(self.advisor, "RE Contract", name), {"Request Approval"})
		with self.assertRaises(SalesRuleError):
			self.as_user(self.advisor, lambda: frappe.get_doc("RE Contract", name).submit())
		doc = self.as_user(self.advisor, frappe.get_doc, "RE Contract", name)
		doc.workflow_state = "Pending General Manager"
		with self.assertRaises(frappe.ValidationError):
			self.as_user(self.advisor, doc.save)

		self.act(self.advisor, "RE Contract", name, "Request Approval")
		# in the sales manager's inbox, not the general manager's yet
		self.assertEqual(self.inbox(self.manager, "RE Contract", name), ["Pending Sales Manager"])
		self.assertEqual(self.inbox(self.gm, "RE Contract", name), [])
		# the manager cannot approve beyond 5 %: neither in the inbox nor by setting the state
		self.assertEqual(
			self.actions(self.manager, "RE Contract", name), {"Forward to General Manager", "Reject"}
		)
		with self.assertRaises(WorkflowTransitionError):
			self.act(self.manager, "RE Contract", name, "Approve")
		doc = self.as_user(self.manager, frappe.get_doc, "RE Contract", name)
		doc.workflow_state = "Approved"
		with self.assertRaises(frappe.ValidationError):
			self.as_user(self.manager, doc.save)
		self.act(self.manager, "RE Contract", name, "Forward to General Manager")
		self.assertEqual(self.inbox(self.gm, "RE Contract", name), ["Pending General Manager"])
		self.assertEqual(self.actions(self.manager, "RE Contract", name), set())
		self.assertEqual(self.actions(self.advisor, "RE Contract", name), set())
		self.act(self.gm, "RE Contract", name, "Approve")
		approved = frappe.get_doc("RE Contract", name)
		self.assertEqual((approved.workflow_state, approved.discount_approved_by), ("Approved", self.gm))
		self.assertEqual(self.inbox(self.gm, "RE Contract", name), [])
		# still a draft: the unit waits on the reservation
		self.assertEqual(self.unit_state(self.unit)[0], "Subscribed")
		signed = self.act(self.advisor, "RE Contract", name, "Sign")
		self.assertEqual((signed.docstatus, signed.status, signed.workflow_state), (1, "Signed", "Signed"))
		return signed

	def assert_signed(self, contract, reservation):
		status, history = self.unit_state(self.unit)
		self.assertEqual(status, "Contracted")
		self.assertEqual(history[-1], ("Subscribed", "Contracted", "RE Contract"))
		self.assertEqual(
			frappe.db.get_value("RE Reservation", reservation.name, ["status", "contract"]),
			("Converted", contract.name),
		)
		self.assertEqual(self.stage(), "Contracted")
		t = self.assert_books_balance(contract.name)
		self.assertEqual(t.paid, money(50_000))  # the deposit, credited on the first instalment
		return t

	def receive(self, contract, amount, **kwargs):
		return self.as_user(self.finance, make_receipt, contract, amount, **kwargs)

	# --- the paths ----------------------------------------------------------------------------------

	def test_reserve_sign_with_an_approved_discount_pay_and_cancel(self):
		reservation, contract = self.reserve_and_draft()
		signed = self.approve_in_the_inbox_and_sign(contract)
		t = self.assert_signed(signed, reservation)
		self.assertEqual(t.price, money(920_000))

		# a partial payment: the down payment is 276,000, of which the deposit paid 50,000
		self.receive(signed.name, 100_000)
		t = self.assert_books_balance(signed.name)
		self.assertEqual((t.status, t.paid, t.outstanding), ("Signed", money(150_000), money(770_000)))
		self.assertEqual(self.stage(), "Contracted")
		# more than is due is refused, and nothing is written
		receipts = frappe.db.count("RE Receipt", {"contract": signed.name})
		with self.assertRaises(SalesRuleError):
			self.receive(signed.name, 770_000.01)
		self.assertEqual(frappe.db.count("RE Receipt", {"contract": signed.name}), receipts)
		self.assertEqual(self.totals(signed.name).paid, money(150_000))
		# the rest, and 500 more held as credit: paid up, the buyer awaits the handover
		self.receive(signed.name, 770_500, hold_as_credit=1)
		t = self.assert_books_balance(signed.name)
		self.assertEqual(
			(t.status, t.paid, t.outstanding, t.credit),
			("Paid Up", money(920_000), money(0), money(500)),
		)
		self.assertEqual(self.stage(), "Awaiting Handover")

		# 退房: the buyer withdraws; the deposit is forfeited, the rest refunded with the credit
		change = self.as_user(
			self.advisor,
			lambda: make_sales_change(
				signed.name,
				"Cancellation",
				"客户资金周转困难，申请退房",
				refund_decision="Withhold Deposit or Penalty",
				forfeit_deposit=50_000,
			),
		)
		self.assertEqual(change.approval_chain, "RE Sales Manager, RE General Manager")
		self.assertEqual(money(change.paid_amount), money(920_500))
		self.assertEqual(money(change.refund_to_buyer), money(870_500))
		self.act(self.advisor, "RE Sales Change", change.name, "Request Approval")
		with self.assertRaises(WorkflowTransitionError):
			self.act(self.manager, "RE Sales Change", change.name, "Approve")
		with self.assertRaises(WorkflowTransitionError):
			self.act(self.advisor, "RE Sales Change", change.name, "Complete")
		self.act(self.manager, "RE Sales Change", change.name, "Forward to General Manager")
		# nothing has moved while it waits
		self.assertEqual(self.unit_state(self.unit)[0], "Contracted")
		self.act(self.gm, "RE Sales Change", change.name, "Approve")
		done = self.act(self.advisor, "RE Sales Change", change.name, "Complete")
		self.assertEqual((done.docstatus, done.approved_by), (1, self.gm))

		status, history = self.unit_state(self.unit)
		self.assertEqual(status, "Available")
		self.assertEqual(history[-1], ("Contracted", "Available", "RE Sales Change"))
		self.assertEqual(
			[h[1] for h in history], ["Subscribed", "Contracted", "Available"], "no step left out"
		)
		cancelled = frappe.get_doc("RE Contract", signed.name)
		self.assertEqual(
			(cancelled.docstatus, cancelled.status, cancelled.active_unit), (2, "Cancelled", None)
		)
		self.assertEqual(money(cancelled.credit_balance), money(0))
		self.assertEqual(money(done.deposit_forfeited), money(50_000))
		self.assertEqual(money(done.refund_to_buyer), money(870_500))
		self.assertEqual(
			money(done.refund_to_buyer) + money(done.deposit_forfeited) + money(done.penalty_amount),
			money(done.paid_amount),
		)
		# the receipts stay: the money trail is kept
		self.assertEqual(frappe.db.count("RE Receipt", {"contract": signed.name, "docstatus": 1}), 2)
		# the buyer goes back to Qualified (they reserved and signed once), the unit is for sale again
		self.assertEqual(self.stage(), "Qualified")
		self.assertEqual(
			frappe.db.get_value(
				"RE Customer Stage Log",
				{"parent": self.customer, "to_stage": "Qualified"},
				"from_stage",
				order_by="idx desc",
			),
			"Awaiting Handover",
		)
		self.as_user(self.advisor, make_reservation, self.unit, make_customer().name)

	def test_reserve_sign_pay_part_and_change_unit(self):
		reservation, contract = self.reserve_and_draft(discount=20_000)  # 2 %: the advisor's own
		self.assertFalse(contract.approval_chain)
		self.assertEqual(self.actions(self.advisor, "RE Contract", contract.name), {"Sign"})
		signed = self.act(self.advisor, "RE Contract", contract.name, "Sign")
		self.assert_signed(signed, reservation)
		self.receive(signed.name, 250_000)
		before = self.assert_books_balance(signed.name)
		self.assertEqual(before.paid, money(300_000))

		# 换房 to a dearer unit: the sales manager and the general manager approve
		change = self.as_user(
			self.advisor,
			lambda: make_sales_change(
				signed.name,
				"Unit Change",
				"客户希望换到高楼层",
				new_unit=self.other_unit,
				disclosures_acknowledged=1,
			),
		)
		self.act(self.advisor, "RE Sales Change", change.name, "Request Approval")
		self.assertEqual(self.inbox(self.manager, "RE Sales Change", change.name), ["Pending Sales Manager"])
		self.act(self.manager, "RE Sales Change", change.name, "Forward to General Manager")
		self.assertEqual(self.actions(self.advisor, "RE Sales Change", change.name), set())
		self.act(self.gm, "RE Sales Change", change.name, "Approve")
		done = self.act(self.advisor, "RE Sales Change", change.name, "Complete")

		old_status, old_history = self.unit_state(self.unit)
		new_status, new_history = self.unit_state(self.other_unit)
		self.assertEqual(old_status, "Available")
		self.assertEqual(old_history[-1], ("Contracted", "Available", "RE Sales Change"))
		self.assertEqual(new_status, "Contracted")
		self.assertEqual(new_history[-1], ("Available", "Contracted", "RE Contract"))
		self.assertEqual(frappe.db.get_value("RE Contract", signed.name, "status"), "Cancelled")
		new = frappe.get_doc("RE Contract", done.new_contract)
		self.assertEqual((new.docstatus, new.unit, new.active_unit), (1, self.other_unit, self.other_unit))
		self.assertEqual([b.customer for b in new.buyers], [self.customer])
		# the same 2 % on the new price; the 300,000 paid moved onto the new schedule
		self.assertEqual(money(new.final_price), money(1_078_000))
		self.assertEqual(money(done.moved_amount), money(300_000))
		self.assertEqual(money(new.paid_amount), money(300_000))
		self.assertEqual(money(new.outstanding_amount), money(1_078_000 - 300_000))
		self.assertEqual(money(done.to_pay), money(new.outstanding_amount))
		self.assertEqual(sum((money(r.amount) for r in new.schedule), Decimal(0)), money(new.final_price))
		self.assertEqual(self.stage(), "Contracted")
		# and the money keeps coming on the new contract
		self.receive(new.name, new.outstanding_amount)
		self.assertEqual(frappe.db.get_value("RE Contract", new.name, "status"), "Paid Up")
		self.assertEqual(self.stage(), "Awaiting Handover")

	# --- by e-mail ----------------------------------------------------------------------------------

	def test_approvers_are_asked_by_e_mail_and_act_through_its_links_only_as_themselves(self):
		_reservation, contract = self.reserve_and_draft()
		name = contract.name
		self.act(self.advisor, "RE Contract", name, "Request Approval")
		mails = self.mails("RE Contract", name)
		# the sales managers are asked, with the actions that are theirs; nobody else yet
		self.assert_asked(mails, self.manager, SALES_MANAGER)
		manager_links = {split_link(link)[1]["action"]: link for link in mails[self.manager]}
		self.assertEqual(set(manager_links), {"Forward to General Manager", "Reject"})
		self.assertTrue(all(split_link(link)[1]["user"] == self.manager for link in manager_links.values()))

		# a link made for the manager, edited to another user, is refused: the signature covers the user
		forged = manager_links["Forward to General Manager"].replace(
			frappe.utils.quote(self.manager, safe=""), frappe.utils.quote(self.gm, safe="")
		)
		self.assertNotEqual(forged, manager_links["Forward to General Manager"])
		self.follow(forged)
		self.assertEqual(frappe.db.get_value("RE Contract", name, "workflow_state"), "Pending Sales Manager")

		# the manager forwards it from the e-mail: as the manager, who is recorded
		self.follow(manager_links["Forward to General Manager"])
		self.assertEqual(
			frappe.db.get_value("RE Contract", name, "workflow_state"), "Pending General Manager"
		)
		self.assertEqual(
			frappe.db.get_value(
				"Workflow Action",
				{"reference_name": name, "workflow_state": "Pending Sales Manager"},
				["status", "completed_by"],
			),
			("Completed", self.manager),
		)
		# the general manager is asked in turn
		mails = self.mails("RE Contract", name)
		self.assert_asked(mails, self.gm, GENERAL_MANAGER)
		gm_links = {split_link(link)[1]["action"]: link for link in mails.get(self.gm, [])}
		self.assertEqual(set(gm_links), {"Approve", "Reject"})
		# a manager's old link no longer acts: the document moved on
		self.follow(manager_links["Reject"])
		self.assertEqual(
			frappe.db.get_value("RE Contract", name, "workflow_state"), "Pending General Manager"
		)
		# the manager's own (validly signed) link cannot approve beyond 5 %
		approve_as_manager = workflow_action.get_workflow_action_url(
			"Approve", frappe.get_doc("RE Contract", name), self.manager
		)
		with self.assertRaises(WorkflowTransitionError):
			self.follow(approve_as_manager)
		self.assertEqual(
			frappe.db.get_value("RE Contract", name, "workflow_state"), "Pending General Manager"
		)

		self.follow(gm_links["Approve"])
		approved = frappe.get_doc("RE Contract", name)
		self.assertEqual((approved.workflow_state, approved.discount_approved_by), ("Approved", self.gm))
		self.assertEqual(self.act(self.advisor, "RE Contract", name, "Sign").docstatus, 1)

	def test_sales_change_approvers_are_asked_by_e_mail(self):
		reservation, contract = self.reserve_and_draft(discount=0)
		signed = self.act(self.advisor, "RE Contract", contract.name, "Sign")
		change = self.as_user(
			self.advisor,
			lambda: make_sales_change(
				signed.name, "Cancellation", "客户申请退房", refund_decision="Refund Everything Paid"
			),
		)
		self.act(self.advisor, "RE Sales Change", change.name, "Request Approval")
		mails = self.mails("RE Sales Change", change.name)
		self.assert_asked(mails, self.manager, SALES_MANAGER)
		links = {split_link(link)[1]["action"]: link for link in mails[self.manager]}
		self.assertEqual(set(links), {"Forward to General Manager", "Reject"})
		self.follow(links["Reject"])
		self.assertEqual(frappe.db.get_value("RE Sales Change", change.name, "workflow_state"), "Rejected")
		self.assertEqual(frappe.db.get_value("RE Contract", signed.name, "status"), "Signed")
		self.assertEqual(self.unit_state(self.unit)[0], "Contracted")
		self.assertEqual(frappe.db.get_value("RE Reservation", reservation.name, "status"), "Converted")

	def test_a_reservation_that_lapses_frees_the_unit_and_the_customer_moves_back(self):
		from recrm.sales.reservations import expire_lapsed_reservations

		reservation = self.as_user(self.advisor, make_reservation, self.unit, self.customer)
		frappe.db.set_value("RE Reservation", reservation.name, "valid_until", add_days(nowdate(), -1))
		# as the daily job, twice, without its commits (the test's transaction is rolled back)
		expire_lapsed_reservations(commit=False)
		expire_lapsed_reservations(commit=False)
		status, history = self.unit_state(self.unit)
		self.assertEqual(status, "Available")
		self.assertEqual([h[1] for h in history], ["Subscribed", "Available"])
		self.assertEqual(frappe.db.get_value("RE Reservation", reservation.name, "status"), "Expired")
		self.assertEqual(self.stage(), "Qualified")  # reserved once: still a qualified buyer


# --- the links of a workflow e-mail -----------------------------------------------------------------


def action_links(message: str) -> list[str]:
	"""The action links (``apply_action``) in a queued e-mail's HTML part."""
	import re

	parsed = email.message_from_string(message or "")
	html = ""
	for part in parsed.walk():
		if part.get_content_type() == "text/html":
			html += part.get_payload(decode=True).decode(part.get_content_charset() or "utf-8")
	return [
		frappe.utils.html2text(link).strip() if "<" in link else link.replace("&amp;", "&")
		for link in re.findall(r'href="([^"]*apply_action[^"]*)"', html)
	]


def split_link(link: str) -> tuple[str, dict]:
	parts = urlsplit(link)
	params = {k: v for k, v in parse_qsl(parts.query) if k != "_signature"}
	return parts.path.rsplit("/", 1)[-1], params


def signed_get(link: str):
	"""Make the link the current request, as Frappe's ``verify_request`` reads it."""
	query = urlsplit(link).query
	frappe.local.request = Request(EnvironBuilder(method="GET", query_string=query).get_environ())
	frappe.local.flags.signed_query_string = query
