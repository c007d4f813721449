# Copyright (c) 2026, recrm developers and contributors
# For license information, please see license.txt

from frappe.model.document import Document


class REUnitStatusLog(Document):
	"""Written only by recrm.inventory.status.change_unit_status; no role may create, edit or delete."""

	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		building: DF.Link | None
		changed_at: DF.Datetime | None
		changed_by: DF.Link | None
		from_status: DF.Data | None
		project: DF.Link | None
		reason: DF.SmallText | None
		reference_doctype: DF.Link | None
		reference_name: DF.DynamicLink | None
		to_status: DF.Data | None
		unit: DF.Link
	# end: auto-generated types

	pass
