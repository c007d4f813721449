# Copyright (c) 2026, recrm developers and contributors
# For license information, please see license.txt

from frappe.model.document import Document


class REContractorTrade(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		parent: DF.Data
		parentfield: DF.Data
		parenttype: DF.Data
		trade: DF.Literal[
			"Civil Works",
			"Plastering and Painting",
			"Tiling and Flooring",
			"Doors and Windows",
			"Carpentry",
			"Plumbing",
			"Electrical",
			"Waterproofing",
			"Heating and Cooling",
			"Fixtures and Fittings",
			"Other",
		]
	# end: auto-generated types
	pass
