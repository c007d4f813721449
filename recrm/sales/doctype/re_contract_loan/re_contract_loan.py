# Copyright (c) 2026, recrm developers and contributors
# For license information, please see license.txt

from frappe.model.document import Document


class REContractLoan(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		amount: DF.Currency
		approval_stage: DF.Literal["Applied", "Approved", "Disbursed"]
		disbursed_on: DF.Date | None
		kind: DF.Literal["Mortgage Loan", "Housing Fund Loan"]
		lender: DF.Data
		parent: DF.Data
		parentfield: DF.Data
		parenttype: DF.Data
		term_months: DF.Int
	# end: auto-generated types
	pass
