"""Approvals on every route: a change of approval state of a compensation claim, a contract's
discount or a sales change is refused to the wrong user by each route Frappe offers — a save with
a new ``workflow_state`` (``frappe.client.save``, the desk's ``savedocs``, REST v1 and ``/api/v2``
over HTTP), a submit (``frappe.client.submit``, ``savedocs``), Frappe's Workflow Action
(``apply_workflow``) and the signed e-mail link (``confirm_action`` over HTTP) — and goes through
for the right approver by each of them (``recrm.workflow_guard``).

The wrong users: whoever raised the document (holding the role of the step it waits for), a
holder of a later step's role, and an approver beyond their authority (a chain that needs a
higher step). The HTTP routes answer on their own connections, so these tests commit; what they
insert is deleted after each test (``recrm.tests.race.RaceTestCase``)."""

from unittest.mock import patch
from urllib.parse import urlsplit

import frappe
import frappe.client
from frappe.core.doctype.user.user import generate_keys
from frappe.desk.form.save import savedocs
from frappe.model.workflow import apply_workflow
from frappe.tests.test_api import make_request
from frappe.utils import get_test_client
from frappe.workflow.doctype.workflow_action.workflow_action import get_confirm_workflow_action_url

from recrm.core.roles import CS_MANAGER, FINANCE
from recrm.sales import approval
from recrm.tests.cases import StaffTestCase
from recrm.tests.factories import (
	acting_as,
	make_claim,
	make_complaint,
	make_contract,
	make_reservation,
	make_unit,
)
from recrm.tests.race import RaceTestCase

REFUSED = (frappe.ValidationError, frappe.PermissionError)
SAVES = ("client_save", "savedocs", "rest_v1", "rest_v2")
ACTIONS = ("apply_workflow", "email_link")
SUBMITS = ("client_submit", "savedocs_submit")


class ApprovalRoutesCase(StaffTestCase, RaceTestCase):
	DOCTYPE = ""
	STAFF_PREFIX = "routes"

	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.tokens = {}
		# workflow e-mails attach a PDF print; this bench has no wkhtmltopdf
		attach_print = patch("frappe.attach_print", return_value={"fname": "x.pdf", "fcontent": b"%PDF"})
		attach_print.start()
		cls.addClassCleanup(attach_print.stop)

	@classmethod
	def token(cls, user: str) -> str:
		if user not in cls.tokens:
			secret = generate_keys(user)["api_secret"]
			cls.tokens[user] = f"token {frappe.db.get_value('User', user, 'api_key')}:{secret}"
			frappe.db.commit()
		return cls.tokens[user]

	def state(self, name: str) -> tuple:
		frappe.db.rollback()  # a fresh snapshot: see what the HTTP requests committed
		return tuple(frappe.db.get_value(self.DOCTYPE, name, ["workflow_state", "docstatus"]))

	# --- the routes: each moves ``name`` as ``user``; None when it went through, else the refusal

	def in_process(self, user: str, call) -> str | None:
		frappe.db.commit()
		try:
			with acting_as(user):
				call()
		except REFUSED as error:
			frappe.db.rollback()
			return str(error) or type(error).__name__
		frappe.db.commit()
		return None

	def changed(self, name: str, state: str, docstatus: int = 0) -> dict:
		doc = frappe.get_doc(self.DOCTYPE, name).as_dict(convert_dates_to_str=True)
		doc.update({"workflow_state": state, "docstatus": docstatus})
		return doc

	def http(self, method: str, path: str, user: str | None = None, **kwargs) -> str | None:
		frappe.db.commit()
		headers = {"Authorization": self.token(user)} if user else {}
		response = make_request(
			target=getattr(get_test_client(use_cookies=False), method),
			args=(path,),
			kwargs={"headers": headers, **kwargs},
			site=frappe.local.site,
		)
		body = response.get_data(as_text=True)
		self.assertLess(response.status_code, 500, f"{method} {path}: {body[:500]}")
		if response.status_code < 300:
			return None
		return body or str(response.status_code)

	def by_client_save(self, user, name, state, action):
		return self.in_process(user, lambda: frappe.client.save(self.changed(name, state)))

	def desk_save(self, doc: dict, action: str):
		frappe.local.response = frappe._dict(docs=[])  # as a request starts: savedocs answers there
		savedocs(frappe.as_json(doc), action)

	def by_savedocs(self, user, name, state, action):
		return self.in_process(user, lambda: self.desk_save(self.changed(name, state), "Save"))

	def by_rest_v1(self, user, name, state, action):
		return self.http("put", f"/api/resource/{self.DOCTYPE}/{name}", user, json={"workflow_state": state})

	def by_rest_v2(self, user, name, state, action):
		return self.http(
			"put", f"/api/v2/document/{self.DOCTYPE}/{name}", user, json={"workflow_state": state}
		)

	def by_client_submit(self, user, name, state, action):
		return self.in_process(user, lambda: frappe.client.submit(self.changed(name, state, 1)))

	def by_savedocs_submit(self, user, name, state, action):
		return self.in_process(user, lambda: self.desk_save(self.changed(name, state), "Submit"))

	def by_apply_workflow(self, user, name, state, action):
		return self.in_process(user, lambda: apply_workflow(frappe.get_doc(self.DOCTYPE, name), action))

	def by_email_link(self, user, name, state, action):
		"""The link of the workflow action e-mail, signed for ``user``, opened without logging in."""
		link = urlsplit(get_confirm_workflow_action_url(frappe.get_doc(self.DOCTYPE, name), action, user))
		return self.http("get", f"{link.path}?{link.query}")

	# --- the assertions -------------------------------------------------------------------------

	def assertRefused(self, name, routes, user, state=None, action=None, says=None):
		for route in routes:
			with self.subTest(route=route, user=user, state=state, action=action):
				before = self.state(name)
				refusal = getattr(self, f"by_{route}")(user, name, state, action)
				self.assertIsNotNone(refusal, f"{route}: {user} moved {name} to {state or action}")
				if says and route in SAVES:
					self.assertRegex(refusal, says)
				self.assertEqual(self.state(name), before, f"{route}: {user}")

	def assertMoved(self, make, routes, user, state, action=None, to=None):
		"""Each route on a document of its own (``make()``), as the right approver."""
		for route in routes:
			with self.subTest(route=route, user=user):
				name = make()
				refusal = getattr(self, f"by_{route}")(user, name, state, action)
				self.assertIsNone(refusal, f"{route}: {refusal}")
				self.assertEqual(self.state(name), to or (state, 0), route)


class TestClaimApprovalRoutes(ApprovalRoutesCase):
	"""A claim of 3,000 goes through CS Centre Manager, Engineering, Cost Audit and Finance; one of
	10,000 also through the VP Customer Service. Its raiser is a CS Centre Manager who also works
	in Finance: the role of its first and last steps."""

	DOCTYPE = "RE Compensation Claim"
	STAFF = ("other_cs_manager", "engineer", "cost_audit", "finance", "vp_service")

	@classmethod
	def make_shared_records(cls):
		cls.raiser = cls.staff_with_roles("claim-raiser", CS_MANAGER, FINANCE)
		cls.complaint = make_complaint().name

	def raised(self, amount=3000) -> str:
		with acting_as(self.raiser):
			name = make_claim(self.complaint, amount=amount).name
			apply_workflow(frappe.get_doc(self.DOCTYPE, name), "Send for Approval")
		frappe.db.commit()
		return name

	def at_finance(self, amount=3000) -> str:
		name = self.raised(amount)
		for user in (self.other_cs_manager, self.engineer, self.cost_audit):
			with acting_as(user):
				apply_workflow(frappe.get_doc(self.DOCTYPE, name), "Approve")
		frappe.db.commit()
		return name

	def test_each_route_refuses_the_raiser_a_later_step_and_a_skip_and_lets_the_approver_act(self):
		claim = self.raised()
		self.assertEqual(self.state(claim), ("Awaiting CS Centre Manager", 0))
		step2 = "Awaiting Engineering"
		self.assertRefused(claim, SAVES, self.raiser, step2, says="You raised")
		self.assertRefused(claim, ACTIONS, self.raiser, action="Approve")
		self.assertRefused(claim, SAVES, self.engineer, step2, says="waiting for")
		self.assertRefused(claim, ACTIONS, self.engineer, action="Approve")
		# the amount's chain: the CS Centre Manager alone cannot decide a claim of 3,000
		self.assertRefused(claim, SAVES, self.other_cs_manager, "Approved", says="in order")
		self.assertRefused(claim, SAVES, self.other_cs_manager, "Awaiting Finance", says="goes to|in order")
		self.assertRefused(claim, SAVES, self.other_cs_manager, "no such state", says="Could not find")
		self.assertMoved(self.raised, (*SAVES, *ACTIONS), self.other_cs_manager, step2, "Approve")

	def test_the_last_step_by_submit_is_the_finance_approvers_alone_within_the_chain(self):
		claim, larger = self.at_finance(), self.at_finance(10000)
		self.assertEqual(self.state(claim), ("Awaiting Finance", 0))
		self.assertRefused(claim, (*SUBMITS, *ACTIONS), self.raiser, "Approved", "Approve")
		self.assertRefused(claim, (*SUBMITS, *ACTIONS), self.vp_service, "Approved", "Approve")
		# beyond finance's authority: a claim of 10,000 goes on to the VP Customer Service
		self.assertRefused(larger, SUBMITS, self.finance, "Approved")
		self.assertRefused(larger, SAVES, self.finance, "Approved", says="in order|goes to")
		self.assertMoved(
			self.at_finance, (*SUBMITS, *ACTIONS), self.finance, "Approved", "Approve", ("Approved", 1)
		)

	def test_a_decided_claim_changes_state_by_no_route(self):
		claim = self.at_finance()
		self.assertIsNone(self.by_client_submit(self.finance, claim, "Approved", None))
		for user in (self.finance, self.raiser, self.vp_service):
			self.assertRefused(claim, ("rest_v1", "rest_v2"), user, "Rejected")
		self.assertEqual(self.state(claim), ("Approved", 1))


class SalesApprovalRoutesCase(ApprovalRoutesCase):
	STAFF = ("advisor", "manager", "other_manager", "gm")
	# the move out of a state waiting for the sales manager, for a chain of manager then GM
	FORWARD = "Forward to General Manager"

	def setUp(self):
		super().setUp()
		self.set_up_sale()
		frappe.db.commit()

	def forwarded_and_approved(self) -> str:
		name = self.pending()
		for user, action in ((self.other_manager, self.FORWARD), (self.gm, "Approve")):
			with acting_as(user):
				apply_workflow(frappe.get_doc(self.DOCTYPE, name), action)
		frappe.db.commit()
		return name

	def pending(self) -> str:
		raise NotImplementedError

	def check_every_route(self, done_state: str):
		name = self.pending()
		self.assertEqual(self.state(name), ("Pending Sales Manager", 0))
		to_gm = "Pending General Manager"
		# whoever raised it holds the sales manager's role, and may not decide on it
		self.assertRefused(name, SAVES, self.manager, to_gm, says="You raised")
		self.assertRefused(name, ACTIONS, self.manager, action=self.FORWARD)
		# the general manager's step comes after the sales manager's
		self.assertRefused(
			name, SAVES, self.gm, "Approved", says="Only a user with role|only a user with role"
		)
		self.assertRefused(name, SAVES, self.gm, to_gm, says="Only a user with role|only a user with role")
		self.assertRefused(name, ACTIONS, self.gm, action="Approve")
		# beyond the sales manager's authority: the chain needs the general manager
		self.assertRefused(name, SAVES, self.other_manager, "Approved", says="authority|goes to")
		self.assertRefused(name, ACTIONS, self.other_manager, action="Approve")
		self.assertRefused(name, SAVES, self.other_manager, "Signed", says="goes to")
		self.assertRefused(name, SAVES, self.other_manager, "no such state", says="Could not find")
		# submitting around the chain: nobody
		for user in (self.manager, self.gm, self.other_manager, self.advisor):
			self.assertRefused(name, SUBMITS, user, done_state)
		self.assertMoved(self.pending, (*SAVES, *ACTIONS), self.other_manager, to_gm, self.FORWARD)
		# once approved, the advisor gives it effect by submitting it
		self.assertMoved(self.forwarded_and_approved, SUBMITS, self.advisor, done_state, to=(done_state, 1))


class TestContractApprovalRoutes(SalesApprovalRoutesCase):
	"""A discount of 8 % needs the sales manager, then the general manager. The contract is made by
	a sales manager for the advisor, who asks for the approval."""

	DOCTYPE = "RE Contract"

	def pending(self) -> str:
		unit = make_unit(self.building).name
		with acting_as(self.manager):
			contract = make_contract(
				unit=unit,
				buyers=[self.customer],
				payment_plan=self.plan,
				discount_type="Percentage",
				discount_value=8,
				advisor=self.advisor,
				submit=False,
			)
		self.assertEqual(contract.approval_chain, "RE Sales Manager, RE General Manager")
		with acting_as(self.advisor):
			apply_workflow(frappe.get_doc(self.DOCTYPE, contract.name), "Request Approval")
		frappe.db.commit()
		return contract.name

	def test_every_route_refuses_the_wrong_approver_and_lets_the_right_one_act(self):
		approval.set_default_limits()
		self.check_every_route("Signed")


class TestSalesChangeApprovalRoutes(SalesApprovalRoutesCase):
	"""A cancellation needs the sales manager, then the general manager. A sales manager raises it."""

	DOCTYPE = "RE Sales Change"

	def pending(self) -> str:
		unit = make_unit(self.building).name
		with acting_as(self.advisor):
			reservation = make_reservation(unit, self.customer, deposit=50_000).name
			contract = make_contract(reservation=reservation, payment_plan=self.plan).name
		with acting_as(self.manager):
			change = frappe.get_doc(
				{
					"doctype": self.DOCTYPE,
					"kind": "Cancellation",
					"contract": contract,
					"reason": "客户要求退房",
					"refund_decision": "Refund Everything Paid",
				}
			).insert()
			apply_workflow(change, "Request Approval")
		self.assertEqual(change.approval_chain, "RE Sales Manager, RE General Manager")
		frappe.db.commit()
		return change.name

	def test_every_route_refuses_the_wrong_approver_and_lets_the_right_one_act(self):
		self.check_every_route("Completed")
