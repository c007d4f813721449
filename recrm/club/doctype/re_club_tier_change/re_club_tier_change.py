# Copyright (c) 2026, recrm developers and contributors
# For license information, please see license.txt

"""A member's move from one tier to another, with its cause (a log, appended)."""

from frappe.model.document import Document


class REClubTierChange(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		cause: DF.Data | None
		changed_on: DF.Date
		from_tier: DF.Link | None
		to_tier: DF.Link | None
		parent: DF.Data
		parentfield: DF.Data
		parenttype: DF.Data
	# end: auto-generated types
