# Copyright (c) 2026, recrm developers and contributors
# For license information, please see license.txt

"""A receipt (收款): money received against a signed contract's payment schedule.

On submit the contract's row is locked, so receipts of one contract are applied one after the
other, and the amount is allocated by ``recrm.core.contracts.allocate_receipt``: to the named
instalment, or to the buyer's instalments oldest due first (a loan's row only when named). More
than what is due is refused, or kept as credit on the contract when "hold the excess as credit" is
ticked. The allocation is stored on the receipt; cancelling it takes exactly those amounts (and
that credit) back off the contract.
"""

from dataclasses import replace

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import cint, flt, getdate, nowdate

from recrm.core import contracts as rules
from recrm.core import payment_schedule as ps
from recrm.errors import SalesRuleError, rule_errors
from recrm.sales.receivables import refresh_contract
from recrm.sales.schedule import lock_contract, schedule_row, stored_schedule, write_changed_rows


class REReceipt(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		from recrm.sales.doctype.re_receipt_allocation.re_receipt_allocation import REReceiptAllocation

		allocations: DF.Table[REReceiptAllocation]
		amended_from: DF.Link | None
		amount: DF.Currency
		buyer_names: DF.Data | None
		contract: DF.Link
		credit: DF.Currency
		hold_as_credit: DF.Check
		payment_method: DF.Literal["Cash", "Card", "Bank Transfer", "WeChat Pay", "Alipay"]
		project: DF.Link | None
		received_on: DF.Date
		reference_no: DF.Data | None
		remarks: DF.SmallText | None
		schedule_row: DF.Int
		unit: DF.Link | None

	# end: auto-generated types
	def before_insert(self):
		# the contract's row first, before the receipt's name and row are taken: every receipt of a
		# contract then takes its locks in the same order, and concurrent receipts queue instead of
		# deadlocking
		if self.contract:
			self.lock_contract()

	def before_validate(self):
		if self.docstatus == 1 and self.contract:
			self.lock_contract()  # submitting: the same order as on insert
		if self.docstatus == 0:
			# the allocation is made on submit, under the contract's lock
			self.set("allocations", [])
			self.credit = 0

	def validate(self):
		self.validate_contract_signed()
		self.validate_received_on()
		self.validate_allocation()

	def before_submit(self):
		self.lock_contract()
		self.set_allocations()

	def on_submit(self):
		self.apply_to_contract(sign=1)

	def before_cancel(self):
		self.lock_contract()
		self.validate_credit_still_held()

	def on_cancel(self):
		self.apply_to_contract(sign=-1)

	@property
	def label(self) -> str:
		return _("Receipt {0}").format(self.name) if not self.is_new() else _("The receipt")

	# --- checks -------------------------------------------------------------------------------------

	def contract_row(self, for_update: bool = False):
		return frappe.db.get_value(
			"RE Contract",
			self.contract,
			["name", "docstatus", "status", "signed_on", "credit_balance"],
			as_dict=True,
			for_update=for_update,
		)

	def validate_contract_signed(self):
		contract = self.contract_row()
		if not contract or contract.docstatus != 1:
			frappe.throw(
				_("Contract {0} is not signed: money is received only against a signed contract.").format(
					self.contract
				),
				exc=SalesRuleError,
				title=_("Contract Not Signed"),
			)

	def validate_received_on(self):
		signed_on = self.contract_row().signed_on
		received = getdate(self.received_on)
		if received > getdate(nowdate()):
			frappe.throw(
				_("{0} cannot be received on {1}, a day still to come.").format(
					self.label, frappe.utils.formatdate(self.received_on)
				),
				exc=SalesRuleError,
				title=_("Receipt Date"),
			)
		if received < getdate(signed_on):
			frappe.throw(
				_(
					"{0} is dated {1}, before contract {2} was signed on {3}. The reservation's deposit is already credited."
				).format(
					self.label,
					frappe.utils.formatdate(self.received_on),
					self.contract,
					frappe.utils.formatdate(signed_on),
				),
				exc=SalesRuleError,
				title=_("Receipt Date"),
			)

	def validate_allocation(self):
		"""Refuse early what the allocation would refuse (an amount that is not money, more than is
		due); the allocation itself is made on submit, under the contract's lock."""
		self.allocate(stored_schedule(self.contract))

	def validate_credit_still_held(self):
		held = flt(lock_contract(self.contract, ["credit_balance"]).credit_balance)
		if flt(self.credit) > held:
			frappe.throw(
				_(
					"{0} left {1} as credit, but contract {2} holds only {3} now. Undo what used the credit first."
				).format(
					self.label,
					frappe.utils.fmt_money(self.credit, precision=2),
					self.contract,
					frappe.utils.fmt_money(held, precision=2),
				),
				exc=SalesRuleError,
				title=_("Credit Used"),
			)

	# --- allocation ---------------------------------------------------------------------------------

	def lock_contract(self):
		# receipts of one contract wait for each other here
		lock_contract(self.contract)

	def allocate(self, stored: list[dict]) -> rules.Receipt:
		with rule_errors(self.label, exc=SalesRuleError, title=_("Receipt")):
			return rules.allocate_receipt(
				[schedule_row(row) for row in stored],
				self.amount,
				row_idx=cint(self.schedule_row) or None,
				hold_credit=bool(self.hold_as_credit),
			)

	def set_allocations(self):
		stored = stored_schedule(self.contract, for_update=True)
		receipt = self.allocate(stored)
		purposes = {cint(row.idx): row.purpose for row in stored}
		self.set(
			"allocations",
			[
				{"schedule_row": a.idx, "purpose": purposes[a.idx], "amount": float(a.amount)}
				for a in receipt.allocations
			],
		)
		self.credit = float(receipt.credit)

	def apply_to_contract(self, sign: int):
		"""Add (sign 1) or take back (sign -1) exactly the stored allocations and credit."""
		stored = stored_schedule(self.contract, for_update=True)
		amounts = {row.schedule_row: ps.money(row.amount) for row in self.allocations}
		rows = []
		for row in (schedule_row(r) for r in stored):
			paid = row.paid + sign * amounts.get(row.idx, ps.ZERO)
			if not ps.ZERO <= paid <= row.amount:
				frappe.throw(
					_("Instalment {0} of contract {1} would have {2} paid of {3}.").format(
						row.idx, self.contract, paid, row.amount
					),
					exc=SalesRuleError,
				)
			rows.append(replace(row, paid=paid))
		write_changed_rows(stored, rows)
		if flt(self.credit):
			credit = flt(lock_contract(self.contract, ["credit_balance"]).credit_balance)
			frappe.db.set_value(
				"RE Contract",
				self.contract,
				"credit_balance",
				float(ps.money(credit) + sign * ps.money(self.credit)),
				update_modified=False,
			)
		refresh_contract(self.contract)
