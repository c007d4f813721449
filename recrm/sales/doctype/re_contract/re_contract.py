# Copyright (c) 2026, recrm developers and contributors
# For license information, please see license.txt

"""A contract of sale (签约): buyers and their shares, the price after discount, the payment plan
and loans, and the payment schedule they generate.

While a draft, the contract derives its price (``recrm.core.contracts.final_price``) and
regenerates its schedule (``recrm.core.payment_schedule.generate_schedule``) on every save: the
rows always add up to the final price, and the reservation's deposit is credited on the first
instalments. A price below the unit's floor is refused unless the general manager gives it. A
discount beyond the advisor's authority is approved through the ``RE Contract Approval`` workflow
before signing (``recrm.sales.approval``).

Submitting signs it, once the buyer has acknowledged the project's current disclosures: the
reservation it converts is locked and re-read (it must still be active), then the unit is moved to
Contracted through ``change_unit_status`` (Subscribed → Contracted with a reservation, Available →
Contracted without), so a contract, a new reservation and the expiry job racing for one unit have
exactly one winner. ``active_unit`` holds the unit under a UNIQUE index while the contract is in
force.

A signed contract is not cancelled with the Cancel button: its unit, buyers and money are settled
by a cancellation request (退房), which sets ``flags.via_sales_change`` before cancelling it.
"""

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import flt, getdate, now_datetime, nowdate

from recrm.core import RuleError, keys, unit_status
from recrm.core import contracts as rules
from recrm.core import lifecycle as stages
from recrm.core import payment_schedule as ps
from recrm.core.roles import FLOOR_PRICE_ROLES, LOAN_ROLES
from recrm.errors import SalesRuleError, UnitStatusError, rule_errors, throw_not_permitted
from recrm.inventory.status import change_unit_status
from recrm.sales import approval, deals
from recrm.sales.doctype.re_disclosure.re_disclosure import current_disclosures, disclosure_fingerprint
from recrm.sales.lifecycle import update_stages
from recrm.sales.permissions import is_restricted_advisor
from recrm.sales.receivables import SIGNED, contract_totals, refresh_contract
from recrm.sales.schedule import (
	apply_stages,
	loans,
	lock_contract,
	payment_plan,
	row_values,
	schedule_row,
	stages_of_building,
	stored_schedule,
	write_changed_rows,
)
from recrm.workflow_guard import check_move

DRAFT = "Draft"
LOAN_STAGES = ("Applied", "Approved", "Disbursed")
DISBURSED = "Disbursed"


class REContract(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		from recrm.sales.doctype.re_contract_buyer.re_contract_buyer import REContractBuyer
		from recrm.sales.doctype.re_contract_disclosure.re_contract_disclosure import REContractDisclosure
		from recrm.sales.doctype.re_contract_loan.re_contract_loan import REContractLoan
		from recrm.sales.doctype.re_payment_schedule.re_payment_schedule import REPaymentSchedule

		active_unit: DF.Link | None
		advisor: DF.Link
		amended_from: DF.Link | None
		approval_chain: DF.Data | None
		building: DF.Link | None
		buyer_names: DF.Data | None
		buyers: DF.Table[REContractBuyer]
		credit_balance: DF.Currency
		days_overdue: DF.Int
		deposit_credited: DF.Currency
		disclosure_acknowledged_on: DF.Datetime | None
		disclosure_fingerprint: DF.Data | None
		disclosure_recorded_by: DF.Link | None
		disclosures: DF.Table[REContractDisclosure]
		discount_amount: DF.Currency
		discount_approved_by: DF.Link | None
		discount_approved_percent: DF.Percent
		discount_percent: DF.Percent
		discount_type: DF.Literal["Percentage", "Amount"]
		discount_value: DF.Float
		final_price: DF.Currency
		floor_approved_by: DF.Link | None
		is_overdue: DF.Check
		list_price: DF.Currency
		loans: DF.Table[REContractLoan]
		next_due_date: DF.Date | None
		outstanding_amount: DF.Currency
		overdue_amount: DF.Currency
		paid_amount: DF.Currency
		payment_method: DF.Literal[
			"",
			"Full Payment",
			"Instalments",
			"Mortgage",
			"Housing Fund Loan",
			"Mortgage and Housing Fund (Combined)",
		]
		payment_plan: DF.Link
		project: DF.Link | None
		reservation: DF.Link | None
		schedule: DF.Table[REPaymentSchedule]
		signed_on: DF.Date
		status: DF.Literal["Draft", "Signed", "Paid Up", "Cancelled"]
		unit: DF.Link
		workflow_state: DF.Link | None

	# end: auto-generated types
	def before_validate(self):
		self.advisor = self.advisor or frappe.session.user
		self.signed_on = self.signed_on or nowdate()
		self.status = DRAFT
		self.active_unit = None
		self.set_from_reservation()
		self.set_buyer_names()
		self.set_price()
		self.set_approval_chain()
		self.set_schedule()
		# a draft shows what its schedule says is paid (the deposit) and due, as a signed one does;
		# nothing is overdue before it is signed
		self.set_totals()
		if self.docstatus == 0:
			self.update({"overdue_amount": 0, "days_overdue": 0, "is_overdue": 0})

	def validate(self):
		self.validate_unit_readable()
		self.validate_buyers()
		self.validate_advisor()
		self.validate_reservation()
		self.validate_unit_available()
		self.validate_floor_price()
		self.validate_payment_plan()
		self.validate_loans()
		self.validate_approval_step()
		self.validate_approval_move()

	def before_update_after_submit(self):
		self.validate_approval_move()

	def before_submit(self):
		self.validate_discount_approved()
		self.validate_signed_on()
		self.validate_disclosures_acknowledged()
		self.status = SIGNED
		self.set_totals()

	def on_submit(self):
		self.take_unit()
		update_stages([row.customer for row in self.buyers], stages.CONTRACT_SIGNED)

	def before_cancel(self):
		if not self.flags.via_sales_change:
			frappe.throw(
				_(
					"{0} is signed: its unit, buyers and payments are settled by a cancellation request, not by the Cancel button."
				).format(self.label),
				exc=SalesRuleError,
				title=_("Cancellation Request Needed"),
			)

	@property
	def label(self) -> str:
		return _("Contract {0}").format(self.name) if not self.is_new() else _("The contract")

	# --- derived values -----------------------------------------------------------------------------

	def reservation_row(self, for_update: bool = False):
		if not self.reservation:
			return None
		return frappe.db.get_value(
			"RE Reservation",
			self.reservation,
			["name", "docstatus", "status", "unit", "customer", "agreed_price", "deposit", "reserved_on"],
			as_dict=True,
			for_update=for_update,
		)

	def set_from_reservation(self):
		"""A contract on a reservation starts from it: the customer as sole buyer, the agreed price
		as the discount from the list price; its deposit is credited."""
		res = self.reservation_row()
		self.deposit_credited = flt(res.deposit) if res else 0
		if not res or not (self.is_new() or self.has_value_changed("reservation")):
			return
		if not self.buyers:
			self.append("buyers", {"customer": res.customer, "share": 100})
		if not self.discount_value and flt(res.agreed_price) < flt(self.list_price):
			self.discount_type = keys.VALUE_TYPE[rules.AMOUNT]
			self.discount_value = flt(flt(self.list_price) - flt(res.agreed_price), 2)

	def set_buyer_names(self):
		# rows added in before_validate (from the reservation) come after Frappe fetched the names
		for row in self.buyers:
			if row.customer and not row.customer_name:
				row.customer_name = frappe.db.get_value("RE Customer", row.customer, "full_name")
		self.buyer_names = ", ".join(row.customer_name or row.customer or "" for row in self.buyers)[:140]

	def price(self, floor_price=None, approved_by=None) -> rules.Price:
		return rules.final_price(
			self.list_price,
			self.discount_value or 0,
			keys.key(keys.VALUE_TYPE, self.discount_type or keys.VALUE_TYPE[rules.PERCENT]),
			floor_price=floor_price,
			approved_by=approved_by,
		)

	def set_price(self):
		with rule_errors(self.label, exc=SalesRuleError, title=_("Price")):
			price = self.price()
		self.discount_amount = float(price.discount_amount)
		self.discount_percent = float(price.discount_percent)
		self.final_price = float(price.final_price)

	def set_approval_chain(self):
		"""The roles that must approve the discount, above the advisor's own authority."""
		if self.docstatus == 0:
			self.approval_chain = approval.chain_text(
				approval.discount_chain(self.discount_percent, self.advisor)
			)

	def set_schedule(self):
		"""Generate the payment schedule from the plan, the final price and the loans, with the
		stages the building has already reached and the loans already disbursed dated."""
		if not self.payment_plan or not self.final_price:
			self.set("schedule", [])
			return
		plan = frappe.get_doc("RE Payment Plan", self.payment_plan)
		self.payment_method = plan.payment_method
		with rule_errors(self.label, exc=SalesRuleError, title=_("Payment Schedule")):
			rows = ps.generate_schedule(
				payment_plan(plan),
				self.final_price,
				self.signed_on,
				loans=loans(self),
				deposit_paid=self.deposit_credited or 0,
				min_down_payment_percent=plan.min_down_payment_percent or 0,
			)
			if self.building:
				rows = apply_stages(rows, stages_of_building(self.building), self.signed_on)
			for loan in self.loans:
				if loan.approval_stage == DISBURSED and loan.disbursed_on:
					rows = ps.record_disbursal(rows, keys.key(keys.LOAN_KIND, loan.kind), loan.disbursed_on)
		self.write_schedule([row_values(row) for row in rows])

	def write_schedule(self, values: list[dict]):
		"""Update the schedule's rows in place when their number is unchanged (as on submit).
		Replacing them would make the save delete and re-insert rows, and concurrent saves of
		neighbouring contracts then deadlock on the child table's ``parent`` index."""
		if len(values) != len(self.schedule):
			self.set("schedule", values)
			return
		for row, new in zip(self.schedule, values, strict=True):
			row.update(new)

	def set_totals(self):
		self.update(contract_totals([schedule_row(row) for row in self.schedule]))

	# --- checks -------------------------------------------------------------------------------------

	def validate_unit_readable(self):
		deals.check_unit_readable(
			self.unit,
			_("You cannot sign a contract for unit {0}: it is not in one of your projects.").format(
				self.unit
			),
		)

	def validate_buyers(self):
		with rule_errors(self.label, exc=SalesRuleError, title=_("Buyers")):
			rules.check_buyers([rules.Buyer(row.customer or "", row.share) for row in self.buyers])
		if not is_restricted_advisor():
			return
		for row in self.buyers:
			deals.check_customer_readable(
				row.customer,
				_("You cannot sign a contract with customer {0}: another advisor protects them.").format(
					row.customer
				),
			)

	def validate_advisor(self):
		if is_restricted_advisor() and self.advisor != frappe.session.user:
			throw_not_permitted(
				_("A sales advisor signs contracts in their own name, not in the name of {0}.").format(
					self.advisor
				)
			)

	def validate_reservation(self):
		res = self.reservation_row()
		if not res:
			return
		if res.docstatus != 1 or res.status != rules.RESERVATION_ACTIVE:
			frappe.throw(
				_("Reservation {0} is {1}: only an active reservation can be signed.").format(
					res.name, _(res.status)
				),
				exc=SalesRuleError,
				title=_("Reservation"),
			)
		if res.unit != self.unit:
			frappe.throw(
				_("Reservation {0} is for unit {1}, not {2}.").format(res.name, res.unit, self.unit),
				exc=SalesRuleError,
				title=_("Reservation"),
			)
		if res.customer not in {row.customer for row in self.buyers}:
			frappe.throw(
				_("The customer of reservation {0} must be one of the buyers.").format(res.name),
				exc=SalesRuleError,
				title=_("Buyers"),
			)
		if getdate(self.signed_on) < getdate(res.reserved_on):
			frappe.throw(
				_("The contract is signed on {0}, before reservation {1} was made on {2}.").format(
					frappe.utils.formatdate(self.signed_on),
					res.name,
					frappe.utils.formatdate(res.reserved_on),
				),
				exc=SalesRuleError,
				title=_("Signing Date"),
			)

	def validate_unit_available(self):
		"""Early and without a lock, for a clear message while drafting; decided under the lock on
		submit."""
		if self.docstatus != 0:
			return
		status, number = deals.unit_status(self.unit)
		expected = unit_status.SUBSCRIBED if self.reservation else unit_status.AVAILABLE
		if status == expected:
			return
		holder = frappe.db.get_value("RE Reservation", {"active_unit": self.unit}, "name")
		if holder and not self.reservation:
			message = _("Unit {0} is reserved by {1}: sign the contract on that reservation.").format(
				number, holder
			)
		else:
			message = _("Unit {0} is {1}: it cannot be signed. Choose another unit.").format(
				number, _(status)
			)
		frappe.throw(message, exc=UnitStatusError, title=_("Unit Taken"))

	def validate_floor_price(self):
		"""Below the unit's floor price only with the general manager's say: the general manager
		saving the contract, or a contract the general manager allowed whose price has not changed
		since."""
		floor = frappe.db.get_value("RE Unit", self.unit, "floor_price")
		before = self.get_doc_before_save()
		kept = (
			self.floor_approved_by
			and before
			and flt(before.final_price) == flt(self.final_price)
			and before.floor_approved_by == self.floor_approved_by
		)
		approver = deals.floor_role() or (FLOOR_PRICE_ROLES[0] if kept else None)
		try:
			price = self.price(floor_price=floor or None, approved_by=approver)
		except RuleError as error:
			deals.throw_below_floor(error, self.label)
		if not price.below_floor:
			self.floor_approved_by = None
		elif not kept:
			self.floor_approved_by = frappe.session.user

	def validate_payment_plan(self):
		project, disabled = frappe.db.get_value("RE Payment Plan", self.payment_plan, ["project", "disabled"])
		if disabled:
			frappe.throw(
				_("Payment plan {0} is disabled. Choose another plan.").format(self.payment_plan),
				exc=SalesRuleError,
				title=_("Payment Plan"),
			)
		if project and project != self.project:
			frappe.throw(
				_("Payment plan {0} belongs to project {1}, not {2}.").format(
					self.payment_plan, project, self.project
				),
				exc=SalesRuleError,
				title=_("Payment Plan"),
			)

	def validate_loans(self):
		for row in self.loans:
			validate_loan_stage(self, row.approval_stage, row.disbursed_on, row.idx)

	def validate_approval_move(self):
		"""Every change of the approval state, by whatever route: a next state of the workflow, by
		the role of the step, not by the advisor who asks nor whoever made the contract."""
		before = self.get_doc_before_save()
		raisers = (self.owner, self.advisor, before and before.advisor)
		check_move(self, raisers, exc=SalesRuleError, record=self.label)

	def validate_approval_step(self):
		"""Every move of the approval workflow, checked on the server: no step skipped, nobody
		approving beyond their limit, and nothing approved changed afterwards. An approver whose
		authority covers the discount may also set it on the draft themselves, as for the floor
		price: that is their approval, kept while the discount is not raised."""
		if self.docstatus != 0:
			return
		before = self.get_doc_before_save()
		changed = bool(before) and (
			flt(before.discount_percent) != flt(self.discount_percent) or before.advisor != self.advisor
		)
		moved = bool(before) and before.workflow_state != self.workflow_state
		limits = approval.authority_limits()

		def covers(role):
			return rules.can_approve(role, self.discount_percent, limits)

		role = approval.check_step(self, changed, covers)
		if not role and changed and self.approval_chain and self.advisor != frappe.session.user:
			roles = set(frappe.get_roles())
			role = next((r for r in approval.chain_of(self) if r in roles and covers(r)), None)
		if role:
			self.discount_approved_by = frappe.session.user
			self.discount_approved_percent = self.discount_percent
		elif changed or (moved and self.workflow_state in (approval.DRAFT, approval.REJECTED)):
			self.discount_approved_by = None
			self.discount_approved_percent = 0

	def validate_discount_approved(self):
		"""Signed only with the discount approved: through the workflow or by an approver who set it."""
		if not self.approval_chain:
			return
		if not self.discount_approved_by or flt(self.discount_percent) > flt(self.discount_approved_percent):
			frappe.throw(
				_("{0} needs the approval of {1} before it takes effect. Request approval first.").format(
					self.label, ", ".join(_(r) for r in approval.chain_of(self))
				),
				exc=SalesRuleError,
				title=_("Approval"),
			)

	def validate_signed_on(self):
		if getdate(self.signed_on) > getdate(nowdate()):
			frappe.throw(
				_("{0} cannot be signed on {1}, a day still to come.").format(
					self.label, frappe.utils.formatdate(self.signed_on)
				),
				exc=SalesRuleError,
				title=_("Signing Date"),
			)

	def validate_disclosures_acknowledged(self):
		if not self.disclosure_fingerprint:
			frappe.throw(
				_(
					"The buyer has not acknowledged the disclosures of project {0}. Show them the list and record the acknowledgement before signing."
				).format(self.project),
				exc=SalesRuleError,
				title=_("Disclosure Before Signing"),
			)
		if disclosure_fingerprint(current_disclosures(self.project)) != self.disclosure_fingerprint:
			frappe.throw(
				_(
					"The disclosures of project {0} changed after the buyer acknowledged them on {1}. Show the buyer the current list and record the acknowledgement again."
				).format(self.project, frappe.utils.format_datetime(self.disclosure_acknowledged_on)),
				exc=SalesRuleError,
				title=_("Disclosure Before Signing"),
			)

	# --- signing ------------------------------------------------------------------------------------

	def take_unit(self):
		"""Convert the reservation (its row locked first) and move the unit to Contracted under its
		row lock: the same order as the expiry job, so the two wait for each other, never deadlock."""
		reason = _("Contract {0}: {1}").format(self.name, self.buyer_names)
		if self.reservation:
			res = self.reservation_row(for_update=True)
			if res.docstatus != 1 or res.status != rules.RESERVATION_ACTIVE:
				frappe.throw(
					_(
						"Reservation {0} is {1} now: it can no longer be signed. Refresh; if the unit is still available, reserve it again."
					).format(res.name, _(res.status)),
					exc=UnitStatusError,
					title=_("Reservation Ended"),
				)
			change_unit_status(
				self.unit,
				unit_status.CONTRACTED,
				reason,
				"RE Contract",
				self.name,
				expected_from=unit_status.SUBSCRIBED,
			)
			frappe.db.set_value(
				"RE Reservation",
				res.name,
				{"status": rules.RESERVATION_CONVERTED, "active_unit": None, "contract": self.name},
			)
		else:
			change_unit_status(
				self.unit,
				unit_status.CONTRACTED,
				reason,
				"RE Contract",
				self.name,
				expected_from=unit_status.AVAILABLE,
			)
		deals.claim_unit(self)

	# --- actions ------------------------------------------------------------------------------------

	@frappe.whitelist()
	def disclosures_to_acknowledge(self) -> dict:
		"""The project's current disclosed facts, to show the buyer, with their fingerprint."""
		self.check_permission("read")
		rows = current_disclosures(self.project)
		return {"facts": rows, "fingerprint": disclosure_fingerprint(rows)}

	@frappe.whitelist()
	def acknowledge_disclosures(self, shown_fingerprint: str | None = None) -> dict:
		"""Record that the buyer acknowledged the project's current list of disclosed facts. With
		``shown_fingerprint`` (the list the desk showed), a list that changed meanwhile is refused:
		the buyer acknowledges only what they saw."""
		self.check_permission("write")
		if self.docstatus != 0:
			frappe.throw(
				_("{0} is signed: the acknowledgement it was signed with stays as it is.").format(self.label),
				exc=SalesRuleError,
			)
		rows = current_disclosures(self.project)
		if shown_fingerprint and shown_fingerprint != disclosure_fingerprint(rows):
			frappe.throw(
				_(
					"The disclosures of project {0} changed while they were shown. Show the buyer the current list again."
				).format(self.project),
				exc=SalesRuleError,
				title=_("Disclosure Before Signing"),
			)
		self.set(
			"disclosures",
			[
				{
					"disclosure": row.name,
					"category": row.category,
					"description": row.description,
					"published_on": row.published_on,
				}
				for row in rows
			],
		)
		self.disclosure_fingerprint = disclosure_fingerprint(rows)
		self.disclosure_acknowledged_on = now_datetime()
		self.disclosure_recorded_by = frappe.session.user
		self.save()
		return {"facts": len(rows), "fingerprint": self.disclosure_fingerprint}

	@frappe.whitelist()
	def record_loan_progress(self, loan: str, approval_stage: str, disbursed_on: str | None = None) -> dict:
		"""Record a loan's approval or disbursal on a signed contract; a disbursal dates the loan's
		row of the schedule, so the bank's money can be received against it."""
		self.check_permission("read")
		if not (self.advisor == frappe.session.user or deals.has_any_role(LOAN_ROLES)):
			throw_not_permitted(
				_("Only the contract's advisor, sales managers and finance record a loan's progress.")
			)
		if self.docstatus != 1:
			frappe.throw(
				_("Save the loan's progress on the draft itself; this records it on a signed contract."),
				exc=SalesRuleError,
			)
		row = next((r for r in self.loans if r.name == loan), None)
		if row is None:
			frappe.throw(_("{0} has no loan {1}.").format(self.label, loan), exc=SalesRuleError)
		validate_loan_stage(self, approval_stage, disbursed_on, row.idx)
		if LOAN_STAGES.index(approval_stage) < LOAN_STAGES.index(row.approval_stage or LOAN_STAGES[0]):
			frappe.throw(
				_("The loan is {0} already: its progress does not go back to {1}.").format(
					_(row.approval_stage), _(approval_stage)
				),
				exc=SalesRuleError,
				title=_("Loans"),
			)
		frappe.db.set_value(
			"RE Contract Loan",
			row.name,
			{"approval_stage": approval_stage, "disbursed_on": disbursed_on or None},
			update_modified=False,
		)
		if approval_stage == DISBURSED:
			lock_contract(self.name)
			stored = stored_schedule(self.name, for_update=True)
			with rule_errors(self.label, exc=SalesRuleError):
				rows = ps.record_disbursal(
					[schedule_row(r) for r in stored], keys.key(keys.LOAN_KIND, row.kind), disbursed_on
				)
			write_changed_rows(stored, rows)
			refresh_contract(self.name)
		self.add_comment("Info", _("Loan {0} ({1}): {2}").format(row.idx, _(row.kind), _(approval_stage)))
		return {"approval_stage": approval_stage, "disbursed_on": disbursed_on}


def validate_loan_stage(contract, approval_stage, disbursed_on, idx):
	if approval_stage not in LOAN_STAGES:
		frappe.throw(
			_("Loan row {0}: '{1}' is not an approval stage.").format(idx, approval_stage),
			exc=SalesRuleError,
			title=_("Loans"),
		)
	if approval_stage == DISBURSED and not disbursed_on:
		frappe.throw(
			_("Loan row {0} is disbursed: enter the day the lender paid.").format(idx),
			exc=SalesRuleError,
			title=_("Loans"),
		)
	if disbursed_on and not (getdate(contract.signed_on) <= getdate(disbursed_on) <= getdate(nowdate())):
		frappe.throw(
			_("Loan row {0}: the disbursal day {1} must be between the signing day and today.").format(
				idx, frappe.utils.formatdate(disbursed_on)
			),
			exc=SalesRuleError,
			title=_("Loans"),
		)


def on_doctype_update():
	# one contract in force per unit: NULL once it is cancelled, and a UNIQUE index allows many NULLs
	frappe.db.add_unique("RE Contract", ["active_unit"], constraint_name="unique_active_contract")
