# Copyright (c) 2026, recrm developers and contributors
# For license information, please see license.txt

"""A sales change (销售变更) on a signed contract: cancellation (退房), unit change (换房) or change
of buyer (更名).

A change is requested on a draft, approved through the ``RE Sales Change Approval`` workflow (the
sales manager, then the general manager for cancellations and unit changes; see
``recrm.sales.approval``) and takes effect when submitted from Approved:

- **Cancellation**: the refund is computed by ``recrm.core.contracts.cancellation_refund`` (the
  deposit forfeited and a penalty withheld from the buyer's own money only, the lenders' money back
  to them); the contract is cancelled (``flags.via_sales_change``), its unit freed, its buyers'
  stages revised.
- **Unit change**: a new contract for the new unit is generated from the old one (buyers, plan,
  loans, the same discount), the money paid moved onto its schedule by
  ``recrm.core.contracts.change_unit``; the old contract is cancelled and its unit freed, the new
  unit contracted. The contract's row is locked first, then both units in name order.
- **Change of buyer**: the contract's buyers are replaced after ``recrm.core.contracts.change_buyers``
  checks them; the buyers added and removed move in their lifecycle.

A change that took effect is final: it is not cancelled, a new change follows it.
"""

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import flt, nowdate

from recrm.core import contracts as rules
from recrm.core import keys, unit_status
from recrm.core import lifecycle as stages
from recrm.core.payment_schedule import money as ps_money
from recrm.core.roles import GENERAL_MANAGER, SALES_MANAGER
from recrm.errors import SalesRuleError, UnitStatusError, rule_errors, throw_not_permitted
from recrm.inventory.status import change_unit_status
from recrm.sales import approval, deals
from recrm.sales.doctype.re_disclosure.re_disclosure import current_disclosures, disclosure_fingerprint
from recrm.sales.lifecycle import update_stages
from recrm.sales.receivables import SIGNED, refresh_contract
from recrm.sales.schedule import lock_contract, schedule_row, stored_schedule, write_changed_rows
from recrm.workflow_guard import check_move

CANCELLATION = "Cancellation"
UNIT_CHANGE = "Unit Change"
CHANGE_OF_BUYER = "Change of Buyer"
CONTRACT_CANCELLED = "Cancelled"
# a cancellation of a contract with money paid on it needs one of these decisions
REFUND_ALL = "Refund Everything Paid"
WITHHOLD = "Withhold Deposit or Penalty"
# the approvers each kind needs, lowest first
CHAINS = {
	CANCELLATION: [SALES_MANAGER, GENERAL_MANAGER],
	UNIT_CHANGE: [SALES_MANAGER, GENERAL_MANAGER],
	CHANGE_OF_BUYER: [SALES_MANAGER],
}
# the fields an approval was given on: changing one sends the request back to a draft
APPROVED_FIELDS = (
	"kind",
	"contract",
	"refund_decision",
	"forfeit_deposit",
	"penalty_type",
	"penalty_value",
	"new_unit",
	"full_transfer",
)


class RESalesChange(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		from recrm.sales.doctype.re_contract_buyer.re_contract_buyer import REContractBuyer

		amended_from: DF.Link | None
		approval_chain: DF.Data | None
		approved_by: DF.Link | None
		buyer_names: DF.Data | None
		contract: DF.Link
		deposit_forfeited: DF.Currency
		disclosures_acknowledged: DF.Check
		forfeit_deposit: DF.Currency
		full_transfer: DF.Check
		kind: DF.Literal["Cancellation", "Unit Change", "Change of Buyer"]
		loan_paid: DF.Currency
		moved_amount: DF.Currency
		new_buyers: DF.Table[REContractBuyer]
		new_contract: DF.Link | None
		new_list_price: DF.Currency
		new_unit: DF.Link | None
		paid_amount: DF.Currency
		penalty_amount: DF.Currency
		penalty_type: DF.Literal["Percentage", "Amount"]
		penalty_value: DF.Float
		previous_buyers: DF.SmallText | None
		price_difference: DF.Currency
		project: DF.Link | None
		reason: DF.SmallText
		refund_decision: DF.Literal["", "Refund Everything Paid", "Withhold Deposit or Penalty"]
		refund_to_buyer: DF.Currency
		refund_to_lender: DF.Currency
		requested_by: DF.Link | None
		requested_on: DF.Date
		to_pay: DF.Currency
		unit: DF.Link | None
		workflow_state: DF.Link | None
	# end: auto-generated types

	@property
	def label(self) -> str:
		return _("Sales change {0}").format(self.name) if not self.is_new() else _("The sales change")

	def before_validate(self):
		self.requested_by = self.requested_by or frappe.session.user
		if self.docstatus == 0:
			self.approval_chain = approval.chain_text(CHAINS.get(self.kind, []))
			if self.refund_decision == REFUND_ALL or self.kind != CANCELLATION:
				self.forfeit_deposit = self.penalty_value = 0
			self.set_preview()

	def validate(self):
		self.validate_contract_signed()
		self.validate_no_other_open_change()
		if self.kind == CANCELLATION:
			self.validate_refund_decision()
		if self.kind == UNIT_CHANGE:
			self.validate_new_unit()
		if self.kind == CHANGE_OF_BUYER:
			self.buyer_change()
		self.validate_approval_step()
		self.validate_approval_move()

	def before_update_after_submit(self):
		self.validate_approval_move()

	def before_submit(self):
		approval.check_approved(self)

	def on_submit(self):
		{
			CANCELLATION: self.cancel_contract,
			UNIT_CHANGE: self.change_unit,
			CHANGE_OF_BUYER: self.change_buyers,
		}[self.kind]()

	def before_cancel(self):
		frappe.throw(
			_("{0} took effect and is final: request a new sales change instead.").format(self.label),
			exc=SalesRuleError,
			title=_("Sales Change"),
		)

	# --- derived values -----------------------------------------------------------------------------

	def contract_row(self, for_update: bool = False):
		return frappe.db.get_value(
			"RE Contract",
			self.contract,
			["name", "docstatus", "status", "unit", "final_price", "advisor", "project"],
			as_dict=True,
			for_update=for_update,
		)

	def old_rows(self, for_update: bool = False):
		return [schedule_row(r) for r in stored_schedule(self.contract, for_update=for_update)]

	def paid_split(self, rows):
		"""What was paid on the contract and how much of it lenders paid: the schedule's payments
		and the credit the contract holds (the buyer's own money beyond the schedule)."""
		paid, lent = rules.paid_split(rows)
		credit = frappe.db.get_value("RE Contract", self.contract, "credit_balance") or 0
		return paid + ps_money(credit), lent

	def refund(self, rows) -> rules.Refund:
		paid, lent = self.paid_split(rows)
		with rule_errors(self.label, exc=SalesRuleError, title=_("Refund")):
			return rules.cancellation_refund(
				paid,
				frappe.db.get_value("RE Contract", self.contract, "final_price"),
				loan_paid=lent,
				forfeit_deposit=self.forfeit_deposit or 0,
				penalty=self.penalty_value or 0,
				penalty_type=keys.key(keys.VALUE_TYPE, self.penalty_type or keys.VALUE_TYPE[rules.PERCENT]),
			)

	def set_refund(self, refund: rules.Refund):
		self.deposit_forfeited = float(refund.deposit_forfeited)
		self.penalty_amount = float(refund.penalty)
		self.refund_to_buyer = float(refund.to_buyer)
		self.refund_to_lender = float(refund.to_lender)

	def set_preview(self):
		"""What the change would do with the money paid so far; computed again when it takes effect."""
		if not self.contract or not frappe.db.exists("RE Contract", self.contract):
			return
		rows = self.old_rows()
		paid, lent = self.paid_split(rows) if self.kind == CANCELLATION else rules.paid_split(rows)
		self.paid_amount, self.loan_paid = float(paid), float(lent)
		if self.kind == CANCELLATION:
			self.set_refund(self.refund(rows))
		else:
			self.deposit_forfeited = self.penalty_amount = 0
			self.refund_to_buyer = 0
			self.refund_to_lender = float(lent) if self.kind == UNIT_CHANGE else 0
		if self.kind == CHANGE_OF_BUYER and not self.previous_buyers:
			self.previous_buyers = self.buyers_text(self.current_buyers())

	def current_buyers(self) -> list[rules.Buyer]:
		return [
			rules.Buyer(r.customer, r.share)
			for r in frappe.get_all(
				"RE Contract Buyer",
				filters={"parenttype": "RE Contract", "parent": self.contract},
				fields=["customer", "share"],
				order_by="idx",
			)
		]

	@staticmethod
	def buyers_text(buyers) -> str:
		return "\n".join(f"{b.customer}: {flt(b.share, 2)}%" for b in buyers)

	# --- checks -------------------------------------------------------------------------------------

	def validate_contract_signed(self):
		contract = self.contract_row()
		if not contract or contract.docstatus != 1 or contract.status not in (SIGNED, "Paid Up"):
			frappe.throw(
				_(
					"Contract {0} is not signed and in force: a sales change applies to signed contracts only."
				).format(self.contract),
				exc=SalesRuleError,
				title=_("Sales Change"),
			)
		if not frappe.has_permission("RE Contract", "read", doc=self.contract):
			throw_not_permitted(
				_("You cannot request a change of contract {0}: it is not one of yours.").format(
					self.contract
				)
			)

	def validate_no_other_open_change(self):
		"""One open change per contract: the contract's row is locked first, so that of two changes
		asked for at once the second waits and then sees the first (a locking read, not this
		transaction's snapshot)."""
		if self.contract:
			frappe.db.get_value("RE Contract", self.contract, "name", for_update=True)
		other = frappe.db.get_value(
			"RE Sales Change",
			{
				"contract": self.contract,
				"docstatus": 0,
				"name": ("!=", self.name or ""),
				"workflow_state": ("not in", (approval.REJECTED,)),
			},
			"name",
			for_update=True,
		)
		if other:
			frappe.throw(
				_("Contract {0} already has an open sales change {1}: finish or reject it first.").format(
					self.contract, other
				),
				exc=SalesRuleError,
				title=_("Sales Change"),
			)

	def validate_refund_decision(self):
		"""Money paid on the contract is refunded or withheld by a decision someone made, never by
		default: the refund is what the approvers approve."""
		if self.docstatus != 0 or not flt(self.paid_amount):
			return
		if not self.refund_decision:
			frappe.throw(
				_(
					"Contract {0} has {1} paid on it: decide the refund first, either refund everything paid or withhold the deposit and/or a penalty."
				).format(self.contract, frappe.utils.fmt_money(self.paid_amount, currency="CNY")),
				exc=SalesRuleError,
				title=_("Refund Decision Required"),
			)
		if self.refund_decision == WITHHOLD and not (flt(self.forfeit_deposit) or flt(self.penalty_value)):
			frappe.throw(
				_(
					"Enter the deposit to forfeit or the penalty to withhold, or decide to refund everything paid."
				),
				exc=SalesRuleError,
				title=_("Refund Decision Required"),
			)

	def validate_new_unit(self):
		if not self.new_unit:
			frappe.throw(_("Choose the new unit."), exc=SalesRuleError, title=_("Unit Change"))
		if self.new_unit == self.unit:
			frappe.throw(
				_("The new unit is the contract's own unit {0}.").format(self.unit),
				exc=SalesRuleError,
				title=_("Unit Change"),
			)
		deals.check_unit_readable(
			self.new_unit, _("Unit {0} is not in one of your projects.").format(self.new_unit)
		)
		status, number = deals.unit_status(self.new_unit)
		if self.docstatus == 0 and status != unit_status.AVAILABLE:
			frappe.throw(
				_("Unit {0} is {1}: a contract can move only to an available unit.").format(
					number, _(status)
				),
				exc=UnitStatusError,
				title=_("Unit Taken"),
			)

	def buyer_change(self) -> rules.BuyerChange:
		with rule_errors(self.label, exc=SalesRuleError, title=_("Buyers")):
			return rules.change_buyers(
				self.current_buyers(),
				[rules.Buyer(r.customer or "", r.share) for r in self.new_buyers],
				full_transfer=bool(self.full_transfer),
			)

	def validate_approval_move(self):
		"""Every change of the approval state, by whatever route: a next state of the workflow, by
		the role of the step, not by whoever requested the change."""
		before = self.get_doc_before_save()
		raisers = (self.owner, self.requested_by, before and before.requested_by)
		check_move(self, raisers, exc=SalesRuleError, record=self.label)

	def validate_approval_step(self):
		if self.docstatus != 0:
			return
		before = self.get_doc_before_save()
		changed = bool(before) and (
			any(before.get(f) != self.get(f) for f in APPROVED_FIELDS)
			or [(r.customer, flt(r.share)) for r in before.new_buyers]
			!= [(r.customer, flt(r.share)) for r in self.new_buyers]
		)
		role = approval.check_step(self, changed)
		if role:
			self.approved_by = frappe.session.user
		elif changed:
			self.approved_by = None

	# --- taking effect ------------------------------------------------------------------------------

	def lock(self):
		"""The contract's row, then its schedule rows: what the change reads stays as it is until it
		commits. Re-checked under the lock: a change racing another on one contract is refused."""
		contract = self.contract_row(for_update=True)
		if contract.docstatus != 1 or contract.status not in (SIGNED, "Paid Up"):
			frappe.throw(
				_("Contract {0} is no longer in force: refresh.").format(self.contract),
				exc=SalesRuleError,
				title=_("Sales Change"),
			)
		lock_contract(self.contract)
		return contract, self.old_rows(for_update=True)

	def end_contract(self, contract, unit_to: str | None = unit_status.AVAILABLE):
		"""Cancel the contract (a sales change may) and free its unit."""
		doc = frappe.get_doc("RE Contract", contract.name)
		doc.flags.via_sales_change = True
		doc.flags.ignore_permissions = True
		doc.flags.ignore_links = True  # its receipts stay: the money trail is kept, the refund recorded here
		doc.cancel()
		frappe.db.set_value(
			"RE Contract",
			contract.name,
			# nothing of a cancelled contract is due any more
			{
				"status": CONTRACT_CANCELLED,
				"active_unit": None,
				"is_overdue": 0,
				"overdue_amount": 0,
				"days_overdue": 0,
				"next_due_date": None,
			},
			update_modified=False,
		)
		if unit_to:
			change_unit_status(
				contract.unit,
				unit_to,
				_("Sales change {0}: {1}").format(self.name, _(self.kind)),
				"RE Sales Change",
				self.name,
				expected_from=unit_status.CONTRACTED,
			)
		doc.add_comment("Info", _("Cancelled by sales change {0} ({1}).").format(self.name, _(self.kind)))
		return doc

	def cancel_contract(self):
		contract, rows = self.lock()
		self.set_refund(self.refund(rows))
		paid, lent = self.paid_split(rows)
		self.paid_amount, self.loan_paid = float(paid), float(lent)
		self.db_update()
		doc = self.end_contract(contract)
		# the credit it held is refunded with the rest
		frappe.db.set_value("RE Contract", contract.name, "credit_balance", 0, update_modified=False)
		update_stages([row.customer for row in doc.buyers], stages.CONTRACT_CANCELLED)

	def change_unit(self):
		contract, old_rows = self.lock()
		# both units in name order, as every unit change does: two changes swapping units never deadlock
		for unit in sorted({contract.unit, self.new_unit}):
			frappe.db.get_value("RE Unit", unit, "name", for_update=True)
		status, number = deals.unit_status(self.new_unit)
		if status != unit_status.AVAILABLE:
			frappe.throw(
				_("Unit {0} is {1}: a contract can move only to an available unit.").format(
					number, _(status)
				),
				exc=UnitStatusError,
				title=_("Unit Taken"),
			)
		old = self.end_contract(contract)
		new = self.new_contract_from(old)
		stored = stored_schedule(new.name, for_update=True)
		with rule_errors(self.label, exc=SalesRuleError, title=_("Unit Change")):
			moved = rules.change_unit(old_rows, [schedule_row(r) for r in stored])
		write_changed_rows(stored, list(moved.rows))
		# the credit the old contract held is the buyer's money too: it moves with them
		credit = frappe.db.get_value("RE Contract", old.name, "credit_balance") or 0
		if credit:
			frappe.db.set_value("RE Contract", new.name, "credit_balance", credit, update_modified=False)
			frappe.db.set_value("RE Contract", old.name, "credit_balance", 0, update_modified=False)
		refresh_contract(new.name)
		paid, lent = rules.paid_split(old_rows)
		self.update(
			{
				"new_contract": new.name,
				"paid_amount": float(paid),
				"loan_paid": float(lent),
				"moved_amount": float(moved.moved),
				"refund_to_buyer": float(moved.to_buyer),
				"refund_to_lender": float(moved.to_lender),
				"price_difference": float(moved.price_difference),
				"to_pay": float(moved.to_pay),
			}
		)
		self.db_update()
		new.add_comment(
			"Info", _("Generated by sales change {0} from contract {1}.").format(self.name, old.name)
		)

	def new_contract_from(self, old):
		"""The old contract on the new unit: the same buyers, advisor, plan, loans and discount (as a
		percentage, so the approval it had still covers it), signed today."""
		new = frappe.get_doc(
			{
				"doctype": "RE Contract",
				"unit": self.new_unit,
				"advisor": old.advisor,
				"signed_on": nowdate(),
				"buyers": [{"customer": r.customer, "share": r.share} for r in old.buyers],
				"payment_plan": old.payment_plan,
				"discount_type": keys.VALUE_TYPE[rules.PERCENT],
				"discount_value": old.discount_percent,
				"loans": [
					{"kind": r.kind, "lender": r.lender, "amount": r.amount, "term_months": r.term_months}
					for r in old.loans
				],
				"discount_approved_by": old.discount_approved_by or self.approved_by,
				"discount_approved_percent": old.discount_percent,
			}
		)
		new.flags.ignore_permissions = True
		new.insert()
		if not self.disclosures_acknowledged:
			frappe.throw(
				_("Record that the buyer acknowledged the disclosures of the new unit's project first."),
				exc=SalesRuleError,
				title=_("Disclosure Before Signing"),
			)
		facts = current_disclosures(new.project)
		new.set(
			"disclosures",
			[
				{
					"disclosure": r.name,
					"category": r.category,
					"description": r.description,
					"published_on": r.published_on,
				}
				for r in facts
			],
		)
		new.disclosure_fingerprint = disclosure_fingerprint(facts)
		new.disclosure_acknowledged_on = frappe.utils.now_datetime()
		new.disclosure_recorded_by = self.requested_by
		new.flags.ignore_permissions = True
		new.submit()
		return new

	def change_buyers(self):
		self.lock()
		change = self.buyer_change()
		contract = frappe.get_doc("RE Contract", self.contract)
		frappe.db.delete("RE Contract Buyer", {"parenttype": "RE Contract", "parent": self.contract})
		for idx, buyer in enumerate(change.buyers, start=1):
			frappe.get_doc(
				{
					"doctype": "RE Contract Buyer",
					"parenttype": "RE Contract",
					"parentfield": "buyers",
					"parent": self.contract,
					"idx": idx,
					"docstatus": 1,
					"customer": buyer.customer,
					"customer_name": frappe.db.get_value("RE Customer", buyer.customer, "full_name"),
					"share": float(buyer.share),
				}
			).db_insert()
		names = [
			frappe.db.get_value("RE Customer", b.customer, "full_name") or b.customer for b in change.buyers
		]
		frappe.db.set_value("RE Contract", self.contract, "buyer_names", ", ".join(names)[:140])
		self.db_set(
			"previous_buyers", self.buyers_text([rules.Buyer(r.customer, r.share) for r in contract.buyers])
		)
		if change.added:
			update_stages(change.added, stages.CONTRACT_SIGNED)
		if change.removed:
			update_stages(change.removed, stages.CONTRACT_CANCELLED)
		contract.add_comment(
			"Info",
			_("Buyers changed by sales change {0}: {1}.").format(
				self.name,
				", ".join(f"{n} {flt(b.share, 2)}%" for n, b in zip(names, change.buyers, strict=True)),
			),
		)
