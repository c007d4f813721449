# Copyright (c) 2026, recrm developers and contributors
# For license information, please see license.txt

from frappe.model.document import Document


class REBuildingStack(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		kind: DF.Literal["Apartment", "Shop", "Office", "Parking Space", "Storage"]
		orientation: DF.Literal[
			"",
			"South",
			"North",
			"East",
			"West",
			"South-East",
			"South-West",
			"North-East",
			"North-West",
			"North-South",
			"East-West",
		]
		orientation_premium_percent: DF.Percent
		parent: DF.Data
		parentfield: DF.Data
		parenttype: DF.Data
		position: DF.Int
		unit_type: DF.Link | None
	# end: auto-generated types

	pass
