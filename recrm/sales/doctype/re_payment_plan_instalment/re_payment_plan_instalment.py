# Copyright (c) 2026, recrm developers and contributors
# For license information, please see license.txt

from frappe.model.document import Document


class REPaymentPlanInstalment(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		days: DF.Int
		due_date: DF.Date | None
		due_rule: DF.Literal["Days after Signing", "On a Date", "At a Construction Stage"]
		parent: DF.Data
		parentfield: DF.Data
		parenttype: DF.Data
		purpose: DF.Literal["Deposit", "Down Payment", "Instalment", "Balance"]
		share_type: DF.Literal["Percentage", "Fixed Amount", "Remainder"]
		stage: DF.Literal["", "Foundation", "Structure", "Topped Out", "Fit-out", "Completed", "Handed Over"]
		value: DF.Float
	# end: auto-generated types
	pass
