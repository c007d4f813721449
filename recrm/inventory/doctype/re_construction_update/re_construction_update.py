# Copyright (c) 2026, recrm developers and contributors
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document

from recrm.errors import PortalRuleError
from recrm.photos import validate_photo_fields


class REConstructionUpdate(Document):
	"""Construction progress (亲密接触) told to the buyers of a building: staff write it, **Publish**
	shows it on the buyers' progress page and e-mails them (recrm/inventory/construction_updates.py)."""

	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		from recrm.inventory.doctype.re_construction_update_photo.re_construction_update_photo import (
			REConstructionUpdatePhoto,
		)

		as_of: DF.Date
		building: DF.Link
		buyers_notified: DF.Int
		content: DF.TextEditor
		percent_complete: DF.Percent
		photos: DF.Table[REConstructionUpdatePhoto]
		project: DF.Link | None
		published: DF.Check
		published_by: DF.Link | None
		published_on: DF.Datetime | None
		stage: DF.Literal[
			"Not Started", "Foundation", "Structure", "Topped Out", "Fit-out", "Completed", "Handed Over"
		]
		title: DF.Data
		update_building: DF.Check
	# end: auto-generated types

	def before_validate(self):
		self.title = (self.title or "").strip()

	def validate(self):
		self.validate_percent_complete()
		validate_photo_fields(self)

	def validate_percent_complete(self):
		if not 0 <= (self.percent_complete or 0) <= 100:
			frappe.throw(
				_("Progress must be between 0 and 100%, not {0}%.").format(self.percent_complete),
				exc=PortalRuleError,
				title=_("Progress %"),
			)


def on_doctype_update():
	# the progress page: a building's published updates, newest first
	frappe.db.add_index("RE Construction Update", ["building", "published", "as_of"])
