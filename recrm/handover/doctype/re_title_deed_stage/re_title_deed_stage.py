# Copyright (c) 2026, recrm developers and contributors
# For license information, please see license.txt

from frappe.model.document import Document


class RETitleDeedStage(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		alerted_on: DF.Date | None
		due_date: DF.Date | None
		parent: DF.Data
		parentfield: DF.Data
		parenttype: DF.Data
		reached_on: DF.Date | None
		responsible: DF.Link | None
		responsible_name: DF.Data | None
		stage: DF.Literal[
			"Online Contract Filed",
			"Contract Registered",
			"Initial Registration",
			"Documents Collected",
			"Submitted to Registry",
			"Taxes Paid",
			"Certificate Collected",
			"Issued to Owner",
		]
	# end: auto-generated types

	pass
