# Copyright (c) 2026, recrm developers and contributors
# For license information, please see license.txt

from frappe.model.document import Document


class RECompensationStep(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		acted_by: DF.Link | None
		action: DF.Literal["", "Approve", "Reject"]
		comment: DF.SmallText | None
		due_at: DF.Datetime | None
		entered_at: DF.Datetime | None
		left_at: DF.Datetime | None
		notified_level: DF.Int
		parent: DF.Data
		parentfield: DF.Data
		parenttype: DF.Data
		step: DF.Link | None
	# end: auto-generated types

	pass
