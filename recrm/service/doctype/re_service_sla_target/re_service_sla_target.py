# Copyright (c) 2026, recrm developers and contributors
# For license information, please see license.txt

from frappe.model.document import Document


class REServiceSLATarget(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		category: DF.Link | None
		month_min_days: DF.Int
		parent: DF.Data
		parentfield: DF.Data
		parenttype: DF.Data
		priority: DF.Literal["", "Low", "Medium", "High", "Urgent"]
		resolution_hours: DF.Float
		resolution_target: DF.Literal["End of Month", "Hours"]
		response_hours: DF.Float
	# end: auto-generated types

	pass
