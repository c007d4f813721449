# Copyright (c) 2026, recrm developers and contributors
# For license information, please see license.txt

"""One consent given or withdrawn by a member: what, when, how and by whom (a log, appended)."""

from frappe.model.document import Document


class REClubConsent(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		action: DF.Literal["Given", "Withdrawn"]
		method: DF.Literal["Signed Form", "Portal Tick", "Phone", "Desk"]
		purpose: DF.Literal["Club Use of Data", "Marketing Messages"]
		recorded_at: DF.Datetime
		recorded_by: DF.Link | None
		parent: DF.Data
		parentfield: DF.Data
		parenttype: DF.Data
	# end: auto-generated types
