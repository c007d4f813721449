# Copyright (c) 2026, recrm developers and contributors
# For license information, please see license.txt

from frappe.model.document import Document


class RECustomerOwnerLog(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		cause: DF.Literal["Registered", "Claimed", "Lapsed to Pool", "Reassigned", "Merged"]
		changed_at: DF.Datetime | None
		changed_by: DF.Link | None
		from_advisor: DF.Link | None
		note: DF.SmallText | None
		parent: DF.Data
		parentfield: DF.Data
		parenttype: DF.Data
		project: DF.Link | None
		to_advisor: DF.Link | None
	# end: auto-generated types

	pass
