"""A year of deals on the demo projects: reservations (认购), contracts (签约), receipts (收款), and
the sales changes and discount approvals a sales office has on its desk.

Every deal is made through the documents themselves, as the demo users who would make it (the
advisor reserves and signs, finance receives, the managers approve in the workflow), so units,
customers' lifecycle stages, schedules and the approval inbox are exactly what the application
makes of them; afterwards the dates are set back to when each step happened.

- Reservations over the past year: most signed, some expired unsigned, some cancelled with the
  deposit refunded or (by a manager) forfeited; the last fortnight's still active.
- Contracts of every payment method (full payment, instalments, mortgage, housing-fund loan, the
  two combined), their loans approved and disbursed once old enough; a few discounts approved by
  the sales manager or the general manager before signing.
- Receipts on the instalments that fell due, most on time, a few partial, some not yet: those
  contracts are overdue.
- Sales changes at every step (a cancellation and a unit change completed, others pending or
  rejected), and discounts waiting in the approvers' inbox.

Deals use only units the status plan leaves available, so the plan's units and the portal
buyer's homes are never touched. Each deal is keyed by its deposit receipt number
(``deposit_reference``): a deal that exists is skipped, so a second run creates nothing.
"""

import random
import time as clock
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from unittest.mock import patch

import frappe
from frappe.model.workflow import apply_workflow
from frappe.utils import add_days, getdate, now_datetime

from recrm.core.roles import SALES_ADVISOR
from recrm.demo import data
from recrm.sales.doctype.re_disclosure.re_disclosure import current_disclosures, disclosure_fingerprint
from recrm.sales.doctype.re_reservation.re_reservation import cancel_reservation
from recrm.sales.reservations import expire_reservation

DEALS = 60  # reservations over the year, at scale 1: five a month
MINIMUM_DEALS = 16
ACTIVE_DAYS = 14  # reservations of the last fortnight are still active
VALID_DAYS = 10  # how long a reservation holds its unit

# payment method -> (weight, plan name suffix)
METHODS = {
	"Full Payment": 15,
	"Instalments": 20,
	"Mortgage": 40,
	"Housing Fund Loan": 10,
	"Mortgage and Housing Fund (Combined)": 15,
}
PLAN_NAMES = {
	"Full Payment": "一次性付款",
	"Instalments": "分期付款",
	"Mortgage": "商业按揭",
	"Housing Fund Loan": "公积金贷款",
	"Mortgage and Housing Fund (Combined)": "组合贷款",
}
BANKS = ["中国建设银行扬州分行", "中国工商银行扬州分行", "中国银行扬州分行", "江苏银行扬州分行"]
FUND_CENTRE = "扬州市住房公积金管理中心"
FUND_CAP = 600_000  # a housing-fund loan's ceiling
DISCLOSURES = {
	0: [
		("Unfavourable Facility Within 1 km", "项目北侧规划110kV变电站一座", 820, 300),
		("Planning Change", "东侧规划道路由双向四车道调整为双向六车道", None, 120),
	],
	1: [
		("Unfavourable Facility Within 1 km", "项目西侧为京沪高速公路扬州段，存在交通噪声", 450, 330),
		("Known Defect", "2号楼地下车库局部净高2.1米，低于样板展示", None, 60),
	],
}
# the sales changes the office has on its desk: (kind, how far it got)
CHANGES = [
	("Cancellation", "Completed"),
	("Unit Change", "Completed"),
	("Change of Buyer", "Completed"),
	("Cancellation", "Pending General Manager"),
	("Change of Buyer", "Pending Sales Manager"),
	("Unit Change", "Rejected"),
]
REASONS = {
	"Cancellation": "客户家庭资金安排变化，申请退房",
	"Unit Change": "客户希望换到更高楼层的同户型房源",
	"Change of Buyer": "客户申请增加配偶为共同买受人",
}
# draft contracts whose discount waits in the inbox: (discount %, the state it waits in)
PENDING_DISCOUNTS = [
	(3.5, "Pending Sales Manager"),
	(6.0, "Pending General Manager"),
	(4.0, "Pending Sales Manager"),
]


@dataclass
class Deal:
	index: int
	project: int
	reserved_on: date
	outcome: str  # Active, Signed, Expired, Refunded, Forfeited, Pending Approval
	discount: float  # percent off the list price
	deposit: int
	deposit_method: str
	method: str = ""
	signed_after: int = 0
	pay_on_time: list = field(default_factory=list)  # one draw per instalment
	change: tuple | None = None
	pending: tuple | None = None

	@property
	def key(self) -> str:
		return f"DJ-{self.index + 1:05d}"


def demo_email(prefix: str) -> str:
	return f"{prefix}@{data.EMAIL_DOMAIN}"


def down_to_10k(amount) -> int:
	"""Banks lend in whole 10,000s, never above the share of the price they agreed to."""
	return int(amount // 10_000) * 10_000


def at(day, hour=10, minute=0) -> datetime:
	return datetime.combine(getdate(day), time(hour, minute))


class DealsDemo:
	def __init__(self, builder):
		self.builder = builder
		self.today = getdate()
		self.created = {
			"payment_plans": 0,
			"disclosures": 0,
			"reservations": 0,
			"contracts": 0,
			"receipts": 0,
			"sales_changes": 0,
		}
		self.manager = demo_email("sales.manager")
		self.gm = demo_email("gm")
		self.finance = demo_email("finance")
		self.seconds = 0.0

	def rng(self, *parts) -> random.Random:
		return self.builder.rng("deals", *parts)

	def say(self, message):
		self.builder.say(message)

	# --- the whole ----------------------------------------------------------------------------------

	def build(self) -> dict:
		caller = frappe.session.user
		# the demo asks nobody by e-mail (a demo site has no outgoing mail account); the approvals
		# still wait in the workflow inbox
		with patch(
			"frappe.workflow.doctype.workflow_action.workflow_action.send_email_alert", return_value=False
		):
			try:
				self.make_plans()
				self.make_disclosures()
				deals = self.plan()
				# the deals are made together, in the demo's one transaction: once one exists, all
				# that could be made are (a deal the free units ran out for is not made later either)
				done = frappe.db.exists(
					"RE Reservation", {"deposit_reference": ("in", [d.key for d in deals])}
				)
				todo = [] if done else deals
				if todo:
					started = clock.monotonic()
					self.units = self.free_units()
					self.customers = self.free_customers()
					for deal in todo:
						self.make_deal(deal)
					self.seconds = round(clock.monotonic() - started, 1)
			finally:
				if frappe.session.user != caller:
					frappe.set_user(caller)
		self.say(
			frappe._(
				"Demo deals: {0} reservations, {1} contracts, {2} receipts, {3} sales changes created in {4} s."
			).format(
				self.created["reservations"],
				self.created["contracts"],
				self.created["receipts"],
				self.created["sales_changes"],
				self.seconds,
			)
		)
		return self.created

	# --- what every deal needs ----------------------------------------------------------------------

	def plan_name(self, project_index: int, method: str) -> str:
		return f"{PLAN_NAMES[method]}（{data.PROJECTS[project_index]['project_name']}）"

	def make_plans(self):
		for index, spec in enumerate(data.PROJECTS):
			for method, instalments, minimum in (
				(
					"Full Payment",
					[{"purpose": "Balance", "share_type": "Remainder", "days": 7}],
					0,
				),
				(
					"Instalments",
					[
						{"purpose": "Down Payment", "share_type": "Percentage", "value": 30, "days": 7},
						{"purpose": "Instalment", "share_type": "Percentage", "value": 30, "days": 90},
						{"purpose": "Balance", "share_type": "Remainder", "days": 180},
					],
					0,
				),
				("Mortgage", [{"purpose": "Down Payment", "share_type": "Remainder", "days": 7}], 30),
				(
					"Housing Fund Loan",
					[{"purpose": "Down Payment", "share_type": "Remainder", "days": 7}],
					20,
				),
				(
					"Mortgage and Housing Fund (Combined)",
					[{"purpose": "Down Payment", "share_type": "Remainder", "days": 7}],
					30,
				),
			):
				name = self.plan_name(index, method)
				if frappe.db.exists("RE Payment Plan", name):
					continue
				frappe.get_doc(
					{
						"doctype": "RE Payment Plan",
						"plan_name": name,
						"project": spec["project_name"],
						"payment_method": method,
						"min_down_payment_percent": minimum,
						"instalments": instalments,
					}
				).insert(ignore_permissions=True)
				self.created["payment_plans"] += 1

	def make_disclosures(self):
		for index, facts in DISCLOSURES.items():
			project = data.PROJECTS[index]["project_name"]
			for category, description, distance, days_ago in facts:
				if frappe.db.exists("RE Disclosure", {"project": project, "description": description}):
					continue
				frappe.get_doc(
					{
						"doctype": "RE Disclosure",
						"project": project,
						"category": category,
						"description": description,
						"distance_m": distance,
						"published_on": add_days(self.today, -days_ago),
						"active": 1,
					}
				).insert(ignore_permissions=True)
				self.created["disclosures"] += 1

	def plan(self) -> list[Deal]:
		"""Every deal of the year, from the seed alone (not from what the site holds)."""
		count = max(round(DEALS * self.builder.scale), MINIMUM_DEALS)
		deals = []
		for i in range(count):
			rng = self.rng(i)
			age = (
				ACTIVE_DAYS + int(rng.random() * (365 - ACTIVE_DAYS))
				if i >= 4
				else rng.randrange(1, ACTIVE_DAYS)
			)
			outcome = (
				"Active"
				if age < ACTIVE_DAYS
				else rng.choices(["Signed", "Expired", "Refunded", "Forfeited"], weights=[74, 12, 9, 5])[0]
			)
			discount = rng.choices([0, 1, 1.5, 2, 3, 4.5], weights=[30, 25, 20, 15, 6, 4])[0]
			deals.append(
				Deal(
					index=i,
					project=0 if rng.random() < 0.55 else 1,
					reserved_on=add_days(self.today, -age),
					outcome=outcome,
					discount=discount,
					deposit=rng.choice([20_000, 30_000, 50_000]),
					deposit_method=rng.choice(["WeChat Pay", "Alipay", "Bank Transfer", "Card"]),
					method=rng.choices(list(METHODS), weights=list(METHODS.values()))[0],
					signed_after=rng.randrange(1, VALID_DAYS),
					pay_on_time=[rng.random() for _ in range(4)],
				)
			)
		# one instalment buyer who has not paid their down payment: an overdue contract, whatever the seed
		late = next(
			(d for d in deals if d.outcome == "Signed" and d.reserved_on < add_days(self.today, -30)),
			None,
		)
		if late:
			late.method, late.pay_on_time[0] = "Instalments", 0.95
		# the changes go to contracts signed long enough ago to have money on them, the pending
		# discounts to the active reservations
		old = [
			d
			for d in deals
			if d.outcome == "Signed" and (self.today - d.reserved_on).days > 60 and d is not late
		]
		for deal, change in zip(old, CHANGES, strict=False):
			deal.change = change
		active = [d for d in deals if d.outcome == "Active"]
		for deal, pending in zip(active, PENDING_DISCOUNTS, strict=False):
			deal.pending = pending
			deal.outcome = "Pending Approval"
			deal.discount = pending[0]
		return deals

	def free_units(self) -> dict[int, list[str]]:
		"""Per project, the apartments the status plan leaves available, in a shuffled fixed order,
		in the buildings already sold under contract (a building still in subscription is not)."""
		planned = self.builder.planned
		units = {}
		for index, spec in enumerate(data.PROJECTS):
			selling = [
				f"{spec['project_name']}-{b['building_number']}"
				for b in spec["buildings"]
				if b["sales"].get("Contracted")
			]
			names = [
				u
				for u in frappe.get_all(
					"RE Unit",
					filters={"building": ("in", selling), "kind": "Apartment", "status": "Available"},
					pluck="name",
					order_by="name asc",
				)
				if u not in planned
			]
			self.rng("units", index).shuffle(names)
			units[index] = names
		return units

	def free_customers(self) -> dict[int, list[tuple[str, str]]]:
		"""Per project, (customer, advisor) of the demo's customers without a deal whom one advisor
		alone looks after (a customer another advisor protects is not theirs to sign), in a fixed order."""
		advisors = {demo_email(u["email"]) for u in data.USERS if u["role"] == SALES_ADVISOR}
		busy = set(frappe.get_all("RE Reservation", pluck="customer"))
		busy |= set(
			frappe.get_all("RE Contract Buyer", filters={"parenttype": "RE Contract"}, pluck="customer")
		)
		owners: dict[str, set[str]] = {}
		project_of: dict[str, set[str]] = {}
		for row in frappe.get_all(
			"RE Customer Advisor",
			filters={"parenttype": "RE Customer"},
			fields=["parent", "advisor", "project"],
			order_by="parent asc",
		):
			owners.setdefault(row.parent, set()).add(row.advisor)
			project_of.setdefault(row.parent, set()).add(row.project)
		customers = {}
		for index, spec in enumerate(data.PROJECTS):
			pairs = sorted(
				(name, next(iter(advisor)))
				for name, advisor in owners.items()
				if len(advisor) == 1
				and advisor <= advisors
				and project_of[name] == {spec["project_name"]}
				and name not in busy
			)
			self.rng("customers", index).shuffle(pairs)
			customers[index] = pairs
		return customers

	# --- one deal -----------------------------------------------------------------------------------

	def as_user(self, user):
		if frappe.session.user != user:
			frappe.set_user(user)

	def make_deal(self, deal: Deal):
		if not self.units[deal.project] or not self.customers[deal.project]:
			# a small demo runs out of free units in the busier project: the deal goes to the other
			other = 1 - deal.project
			if not self.units[other] or not self.customers[other]:
				return
			deal.project = other
		unit = self.units[deal.project].pop()
		customer, advisor = self.customers[deal.project].pop()
		list_price = frappe.db.get_value("RE Unit", unit, "list_price")
		agreed = round(list_price * (100 - deal.discount) / 100, -2)
		valid_until = add_days(deal.reserved_on, VALID_DAYS)
		self.as_user(advisor)
		reservation = frappe.get_doc(
			{
				"doctype": "RE Reservation",
				"customer": customer,
				"unit": unit,
				"advisor": advisor,
				"agreed_price": agreed,
				"deposit": deal.deposit,
				"deposit_payment_method": deal.deposit_method,
				"deposit_reference": deal.key,
				"reserved_on": deal.reserved_on,
				# submitted as if today; its own validity is set back below
				"valid_until": max(getdate(valid_until), self.today),
			}
		)
		reservation.insert()
		reservation.submit()
		self.created["reservations"] += 1
		self.backdate("RE Reservation", reservation.name, at(deal.reserved_on, 10 + deal.index % 7))
		stage_rows = self.stage_rows(customer)
		if deal.outcome == "Pending Approval":
			self.pending_discount(deal, reservation, advisor)
		elif deal.outcome == "Signed":
			contract = self.sign(deal, reservation, advisor)
			frappe.db.set_value(
				"RE Reservation", reservation.name, "valid_until", valid_until, update_modified=False
			)
			self.receive(deal, contract)
			if deal.change:
				self.change(deal, contract, advisor)
		elif deal.outcome == "Expired":
			frappe.db.set_value(
				"RE Reservation", reservation.name, "valid_until", valid_until, update_modified=False
			)
			expire_reservation(reservation.name, now=at(add_days(valid_until, 1), 0, 5))
		elif deal.outcome in ("Refunded", "Forfeited"):
			frappe.db.set_value(
				"RE Reservation", reservation.name, "valid_until", valid_until, update_modified=False
			)
			self.as_user(self.manager if deal.outcome == "Forfeited" else advisor)
			fate = "Forfeit" if deal.outcome == "Forfeited" else "Refund"
			reason = (
				"客户逾期未签约，定金不予退还"
				if fate == "Forfeit"
				else "客户因贷款资格问题放弃购买，定金退还"
			)
			cancel_reservation(reservation.name, fate, reason)
			self.backdate("RE Reservation", reservation.name, at(add_days(deal.reserved_on, 3), 15))
		self.date_stages(customer, stage_rows, deal)

	def acknowledged(self, project: str) -> dict:
		facts = current_disclosures(project)
		return {
			"disclosures": [
				{
					"disclosure": r.name,
					"category": r.category,
					"description": r.description,
					"published_on": r.published_on,
				}
				for r in facts
			],
			"disclosure_fingerprint": disclosure_fingerprint(facts),
		}

	def loans(self, deal: Deal, price: float) -> list[dict]:
		rng = self.rng("loans", deal.index)
		bank = rng.choice(BANKS)
		term = rng.choice([240, 300, 360])
		if deal.method == "Mortgage":
			share = rng.choice([0.6, 0.65, 0.7])
			return [
				{
					"kind": "Mortgage Loan",
					"lender": bank,
					"amount": down_to_10k(price * share),
					"term_months": term,
				}
			]
		if deal.method == "Housing Fund Loan":
			return [
				{
					"kind": "Housing Fund Loan",
					"lender": FUND_CENTRE,
					"amount": min(down_to_10k(price * 0.6), FUND_CAP),
					"term_months": term,
				}
			]
		if deal.method == "Mortgage and Housing Fund (Combined)":
			fund = min(down_to_10k(price * 0.3), FUND_CAP)
			return [
				{"kind": "Housing Fund Loan", "lender": FUND_CENTRE, "amount": fund, "term_months": term},
				{
					"kind": "Mortgage Loan",
					"lender": bank,
					"amount": down_to_10k(price * 0.65) - fund,
					"term_months": term,
				},
			]
		return []

	def new_contract(self, deal: Deal, reservation, advisor: str, signed_on) -> "frappe.Document":
		project = data.PROJECTS[deal.project]["project_name"]
		price = reservation.agreed_price
		contract = frappe.get_doc(
			{
				"doctype": "RE Contract",
				"unit": reservation.unit,
				"reservation": reservation.name,
				"advisor": advisor,
				"payment_plan": self.plan_name(deal.project, deal.method),
				"signed_on": signed_on,
				"loans": self.loans(deal, price),
				"disclosure_acknowledged_on": at(signed_on, 9, 30),
				"disclosure_recorded_by": advisor,
				**self.acknowledged(project),
			}
		)
		contract.insert()
		self.created["contracts"] += 1
		return contract

	def sign(self, deal: Deal, reservation, advisor: str):
		signed_on = min(add_days(deal.reserved_on, deal.signed_after), self.today)
		contract = self.new_contract(deal, reservation, advisor, signed_on)
		if contract.approval_chain:
			self.approve_discount(contract, advisor)
		self.as_user(advisor)
		contract.reload()
		signed = apply_workflow(contract, "Sign")
		self.backdate("RE Contract", signed.name, at(signed_on, 14, 30))
		return signed

	def approve_discount(self, contract, advisor, until: str | None = None):
		"""Through the workflow, as each approver; ``until`` stops it waiting in that state."""
		steps = [(advisor, "Request Approval")]
		if "General Manager" in contract.approval_chain:
			steps += [(self.manager, "Forward to General Manager"), (self.gm, "Approve")]
		else:
			steps += [(self.manager, "Approve")]
		for user, action in steps:
			self.as_user(user)
			doc = apply_workflow(frappe.get_doc("RE Contract", contract.name), action)
			if until and doc.workflow_state == until:
				return

	def pending_discount(self, deal: Deal, reservation, advisor: str):
		contract = self.new_contract(deal, reservation, advisor, self.today)
		self.approve_discount(contract, advisor, until=deal.pending[1])

	def receive(self, deal: Deal, contract):
		"""Receipts on the instalments that fell due; loans approved and disbursed once old enough."""
		rng = self.rng("receipts", deal.index)
		signed_on = getdate(contract.signed_on)
		age = (self.today - signed_on).days
		self.as_user(self.finance)
		for loan in contract.loans:
			if age < 20:
				continue
			doc = frappe.get_doc("RE Contract", contract.name)
			doc.record_loan_progress(loan.name, "Approved")
			if age >= 45:
				doc.record_loan_progress(
					loan.name, "Disbursed", str(add_days(signed_on, rng.randrange(30, 45)))
				)
		rows = frappe.get_all(
			"RE Payment Schedule",
			filters={"parenttype": "RE Contract", "parent": contract.name},
			fields=["idx", "purpose", "amount", "paid", "due_date"],
			order_by="idx asc",
		)
		stopped = False
		for row, draw in zip(rows, deal.pay_on_time + [0.5] * len(rows), strict=False):
			due = row.amount - row.paid
			if not row.due_date or getdate(row.due_date) > self.today or due <= 0:
				continue
			loan_row = row.purpose in ("Mortgage Loan", "Housing Fund Loan")
			if not loan_row and (stopped or draw > 0.9):
				# not paid, nor the buyer's later instalments (money goes to the oldest due first):
				# overdue; a lender that disbursed has paid all the same
				stopped = True
				continue
			amount = due if loan_row or draw < 0.85 else round(due / 2, -2)
			received = max(signed_on, min(self.today, add_days(row.due_date, rng.randrange(-3, 3))))
			receipt = frappe.get_doc(
				{
					"doctype": "RE Receipt",
					"contract": contract.name,
					"amount": amount,
					"schedule_row": row.idx if loan_row else 0,
					"payment_method": "Bank Transfer"
					if loan_row
					else rng.choice(["Bank Transfer", "Card", "WeChat Pay"]),
					"reference_no": f"{deal.key}-{row.idx}",
					"received_on": received,
				}
			)
			receipt.insert()
			receipt.submit()
			self.created["receipts"] += 1
			self.backdate("RE Receipt", receipt.name, at(received, 11))

	def change(self, deal: Deal, contract, advisor: str):
		kind, until = deal.change
		# a unit change signs its new contract today: it was asked for lately
		requested_on = (
			self.today if kind == "Unit Change" else min(self.today, add_days(contract.signed_on, 45))
		)
		values = {
			"doctype": "RE Sales Change",
			"kind": kind,
			"contract": contract.name,
			"requested_on": requested_on,
			"reason": REASONS[kind],
		}
		if kind == "Cancellation":
			values.update({"refund_decision": "Withhold Deposit or Penalty", "forfeit_deposit": deal.deposit})
		elif kind == "Unit Change":
			if not self.units[deal.project]:
				return
			values.update({"new_unit": self.units[deal.project].pop(), "disclosures_acknowledged": 1})
		else:
			if not self.customers[deal.project]:
				return
			spouse, _advisor = self.customers[deal.project].pop()
			buyer = contract.buyers[0].customer
			values["new_buyers"] = [{"customer": buyer, "share": 50}, {"customer": spouse, "share": 50}]
		self.as_user(advisor)
		change = frappe.get_doc(values).insert()
		self.created["sales_changes"] += 1
		steps = [
			(advisor, "Request Approval"),
			(self.manager, "Forward to General Manager"),
			(self.gm, "Approve"),
		]
		if "General Manager" not in change.approval_chain:
			steps = [(advisor, "Request Approval"), (self.manager, "Approve")]
		if until == "Rejected":
			steps = [(advisor, "Request Approval"), (self.manager, "Reject")]
		elif until == "Completed":
			steps.append((advisor, "Complete"))
		for user, action in steps:
			self.as_user(user)
			doc = apply_workflow(frappe.get_doc("RE Sales Change", change.name), action)
			if doc.workflow_state == until:
				break
		self.backdate("RE Sales Change", change.name, at(requested_on, 16))

	# --- dates --------------------------------------------------------------------------------------

	def backdate(self, doctype: str, name: str, when: datetime):
		"""Date a document, and the unit moves it made, to when it happened."""
		frappe.db.set_value(doctype, name, {"creation": when, "modified": when}, update_modified=False)
		logs = frappe.get_all(
			"RE Unit Status Log", filters={"reference_doctype": doctype, "reference_name": name}, pluck="name"
		)
		for log in logs:
			frappe.db.set_value(
				"RE Unit Status Log",
				log,
				{"changed_at": when, "creation": when, "modified": when},
				update_modified=False,
			)

	def stage_rows(self, customer: str) -> set[str]:
		return set(frappe.get_all("RE Customer Stage Log", filters={"parent": customer}, pluck="name"))

	def date_stages(self, customer: str, before: set[str], deal: Deal):
		"""The stage changes the deal made happened on its days, not today."""
		days = {
			"reservation": deal.reserved_on,
			"reservation_ended": add_days(deal.reserved_on, VALID_DAYS + 1),
			"contract_signed": add_days(deal.reserved_on, deal.signed_after),
		}
		for row in frappe.get_all(
			"RE Customer Stage Log", filters={"parent": customer}, fields=["name", "cause"]
		):
			if row.name not in before and row.cause in days:
				frappe.db.set_value(
					"RE Customer Stage Log",
					row.name,
					"changed_on",
					min(getdate(days[row.cause]), self.today),
					update_modified=False,
				)
