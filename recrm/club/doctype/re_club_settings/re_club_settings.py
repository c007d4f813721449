# Copyright (c) 2026, recrm developers and contributors
# For license information, please see license.txt

"""The club's earning and expiry rules (recrm.club.points)."""

import frappe
from frappe import _
from frappe.model.document import Document


class REClubSettings(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		expiry_years: DF.Int
		loyalty_program: DF.Data | None
		mirror_loyalty_program: DF.Check
		points_birthday: DF.Int
		points_event: DF.Int
		points_per_10k: DF.Float
		points_referral: DF.Int
		points_survey: DF.Int
	# end: auto-generated types

	def validate(self):
		self.validate_referral_accounts()

	def validate_referral_accounts(self):
		"""The reward's Journal Entry (recrm.club.referrals.post_journal_entry) is posted in the
		friend's contract's submit: an account ERPNext would refuse there is refused here."""
		if "erpnext" not in frappe.get_installed_apps():
			return
		company = frappe.db.get_single_value("RE Finance Settings", "company")
		for field, root_types in (
			("referral_expense_account", ("Expense",)),
			("referral_payable_account", ("Liability", "Asset")),
		):
			account = self.get(field)
			if not account:
				continue
			row = frappe.db.get_value(
				"Account", account, ["is_group", "root_type", "account_type", "company"], as_dict=True
			)
			label = _(self.meta.get_label(field))
			if not row or row.is_group:
				frappe.throw(_("{0}: {1} is no ledger account in ERPNext.").format(label, account))
			if company and row.company != company:
				frappe.throw(_("{0}: {1} is not an account of {2}.").format(label, account, company))
			if row.root_type not in root_types:
				frappe.throw(
					_("{0}: {1} is not an account of type {2}.").format(label, account, "/".join(root_types))
				)
			if field == "referral_payable_account" and row.account_type == "Payable":
				frappe.throw(
					_(
						"{0}: {1} is a Payable account, which ERPNext posts only with a supplier, "
						"employee or shareholder, not the referrer. Choose a liability account "
						"without an account type, or the receivable account to credit the referrer."
					).format(label, account)
				)
