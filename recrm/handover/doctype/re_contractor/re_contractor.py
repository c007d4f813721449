# Copyright (c) 2026, recrm developers and contributors
# For license information, please see license.txt

from frappe.model.document import Document


class REContractor(Document):
	"""A contractor (施工单位) who fixes handover defects and warranty repairs of its trades; its
	user receives them as assignments."""

	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		from recrm.handover.doctype.re_contractor_trade.re_contractor_trade import REContractorTrade

		contact_person: DF.Data | None
		contractor_name: DF.Data
		email: DF.Data | None
		enabled: DF.Check
		phone: DF.Data | None
		trades: DF.Table[REContractorTrade]
		user: DF.Link | None
	# end: auto-generated types

	def validate(self):
		self.validate_trades_once()

	def validate_trades_once(self):
		seen = set()
		self.trades = [row for row in self.trades if not (row.trade in seen or seen.add(row.trade))]
