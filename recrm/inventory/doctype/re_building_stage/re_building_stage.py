# Copyright (c) 2026, recrm developers and contributors
# For license information, please see license.txt

from frappe.model.document import Document


class REBuildingStage(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		parent: DF.Data
		parentfield: DF.Data
		parenttype: DF.Data
		reached_on: DF.Date | None
		recorded_by: DF.Link | None
		stage: DF.Literal["Foundation", "Structure", "Topped Out", "Fit-out", "Completed", "Handed Over"]
	# end: auto-generated types
	pass
