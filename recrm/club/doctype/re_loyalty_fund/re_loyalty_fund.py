# Copyright (c) 2026, recrm developers and contributors
# For license information, please see license.txt

"""The loyalty maintenance fund (忠诚度维修基金) of one project: its balance, kept by its submitted
entries under a lock of this row (recrm/club/doctype/re_loyalty_fund_entry)."""

from frappe.model.document import Document


class RELoyaltyFund(Document):
	def before_insert(self):
		self.balance = self.contributed = self.paid_out = self.owners_paid = 0
