# Copyright (c) 2026, recrm developers and contributors
# For license information, please see license.txt

from frappe.model.document import Document


class RETitleDeedMove(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		from_stage: DF.Data | None
		kind: DF.Literal["Forward", "Skip", "Back"]
		moved_at: DF.Datetime | None
		moved_by: DF.Link | None
		moved_on: DF.Date | None
		parent: DF.Data
		parentfield: DF.Data
		parenttype: DF.Data
		reason: DF.SmallText | None
		to_stage: DF.Data | None
	# end: auto-generated types

	pass
