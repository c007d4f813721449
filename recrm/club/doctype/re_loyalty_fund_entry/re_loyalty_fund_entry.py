# Copyright (c) 2026, recrm developers and contributors
# For license information, please see license.txt

"""An entry of a project's loyalty maintenance fund: the developer's yearly contribution (in) or
works on older buildings paid from it (out), with the owners' share of the works recorded.

Submitting or cancelling locks the fund's row (SELECT … FOR UPDATE), re-reads its balance and
refuses a balance below zero: two payments at once cannot both spend the last of it."""

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import flt, getdate

from recrm.core import care as rules
from recrm.errors import rule_errors

FUND = "RE Loyalty Fund"


class FundError(frappe.ValidationError):
	pass


class RELoyaltyFundEntry(Document):
	def validate(self):
		self.validate_amount()
		self.set_owners_share()
		self.set_contribution_year()

	def validate_amount(self):
		with rule_errors(_("Loyalty Fund"), exc=FundError, title=_("Loyalty Fund")):
			rules.fund_delta(self.kind, self.amount)

	def set_owners_share(self):
		if self.kind != rules.FUND_OUT:
			self.works_cost = self.owners_share = 0
			return
		if not self.works_cost:
			self.works_cost = self.amount
		with rule_errors(_("Loyalty Fund"), exc=FundError, title=_("Loyalty Fund")):
			self.owners_share = flt(rules.owners_share(self.works_cost, self.amount))

	def set_contribution_year(self):
		if self.kind == rules.FUND_IN:
			self.contribution_year = self.contribution_year or getdate(self.posting_date).year
		else:
			self.contribution_year = None

	def on_submit(self):
		self.post(1)

	def on_cancel(self):
		self.post(-1)

	def post(self, sign: int):
		"""Apply the entry (sign 1) or take it back (-1) to the locked fund row."""
		fund = frappe.db.get_value(
			FUND,
			self.fund,
			["balance", "contributed", "paid_out", "owners_paid"],
			as_dict=True,
			for_update=True,
		)
		delta = flt(rules.fund_delta(self.kind, self.amount)) * sign
		if delta < 0:
			with rule_errors(_("Loyalty Fund"), exc=FundError, title=_("Loyalty Fund")):
				rules.check_withdrawal(fund.balance, -delta)
		values = {"balance": flt(fund.balance) + delta}
		if self.kind == rules.FUND_IN:
			values["contributed"] = flt(fund.contributed) + flt(self.amount) * sign
		else:
			values["paid_out"] = flt(fund.paid_out) + flt(self.amount) * sign
			values["owners_paid"] = flt(fund.owners_paid) + flt(self.owners_share) * sign
		frappe.db.set_value(FUND, self.fund, values)
		if sign > 0:
			self.db_set("balance_after", values["balance"], update_modified=False)
