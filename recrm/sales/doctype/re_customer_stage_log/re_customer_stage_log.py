# Copyright (c) 2026, recrm developers and contributors
# For license information, please see license.txt

from frappe.model.document import Document


class RECustomerStageLog(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		cause: DF.Data | None
		changed_by: DF.Link | None
		changed_on: DF.Date | None
		from_stage: DF.Data | None
		parent: DF.Data
		parentfield: DF.Data
		parenttype: DF.Data
		to_stage: DF.Data | None
	# end: auto-generated types

	pass
