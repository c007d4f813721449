# Copyright (c) 2026, recrm developers and contributors
# For license information, please see license.txt

"""An offer of a partner merchant to the club's members of a tier and up (recrm.club.merchants)."""

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import getdate


class REMerchantOffer(Document):
	def validate(self):
		self.validate_dates()

	def validate_dates(self):
		if self.valid_from and self.valid_to and getdate(self.valid_to) < getdate(self.valid_from):
			frappe.throw(_("An offer's Valid To cannot be before its Valid From."), title=_("Offer"))
