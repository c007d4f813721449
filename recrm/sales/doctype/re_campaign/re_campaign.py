# Copyright (c) 2026, recrm developers and contributors
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import getdate

from recrm.errors import SalesRuleError


class RECampaign(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		campaign_name: DF.Data
		channel: DF.Link
		end_date: DF.Date | None
		project: DF.Link | None
		spend: DF.Currency
		start_date: DF.Date
	# end: auto-generated types

	def before_validate(self):
		self.campaign_name = (self.campaign_name or "").strip()

	def validate(self):
		self.validate_dates()
		self.validate_spend()

	def validate_dates(self):
		if self.end_date and getdate(self.end_date) < getdate(self.start_date):
			frappe.throw(
				_("Campaign {0} ends on {1}, before it starts on {2}.").format(
					self.campaign_name, self.end_date, self.start_date
				),
				exc=SalesRuleError,
				title=_("Campaign Dates"),
			)

	def validate_spend(self):
		if (self.spend or 0) < 0:
			frappe.throw(
				_("The spend of campaign {0} cannot be negative ({1}).").format(
					self.campaign_name, self.spend
				),
				exc=SalesRuleError,
			)
