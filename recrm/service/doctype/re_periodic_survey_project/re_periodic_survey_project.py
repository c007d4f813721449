# Copyright (c) 2026, recrm developers and contributors
# For license information, please see license.txt

from frappe.model.document import Document


class REPeriodicSurveyProject(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		interval: DF.Literal["Off", "Quarterly", "Half-Yearly", "Yearly"]
		parent: DF.Data
		parentfield: DF.Data
		parenttype: DF.Data
		project: DF.Link
	# end: auto-generated types

	pass
