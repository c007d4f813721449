# Copyright (c) 2026, recrm developers and contributors
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import getdate

from recrm.errors import PortalRuleError
from recrm.photos import validate_photo_fields

FIXED_STATUSES = ("Fixed", "Verified")


class REHandoverDefect(Document):
	"""A defect found at the handover inspection (验房问题): staff keep it in the desk — who fixes it
	by when — and the buyer follows it on the portal."""

	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		from recrm.handover.doctype.re_handover_defect_photo.re_handover_defect_photo import (
			REHandoverDefectPhoto,
		)

		appointment: DF.Link | None
		building: DF.Link | None
		category: DF.Literal[
			"Walls and Ceilings",
			"Floors and Tiles",
			"Doors and Windows",
			"Plumbing",
			"Electrical",
			"Waterproofing and Leaks",
			"Fixtures and Fittings",
			"Other",
		]
		customer: DF.Link
		description: DF.SmallText
		due_date: DF.Date | None
		fixed_on: DF.Date | None
		internal_notes: DF.SmallText | None
		location: DF.Data | None
		photos: DF.Table[REHandoverDefectPhoto]
		project: DF.Link | None
		reported_on: DF.Date
		resolution: DF.SmallText | None
		responsible: DF.Link | None
		status: DF.Literal["Reported", "In Progress", "Fixed", "Verified", "Rejected"]
		unit: DF.Link
	# end: auto-generated types

	def before_validate(self):
		if self.status not in FIXED_STATUSES:
			self.fixed_on = None

	def validate(self):
		self.validate_dates()
		validate_photo_fields(self)

	def validate_dates(self):
		if self.due_date and self.reported_on and getdate(self.due_date) < getdate(self.reported_on):
			frappe.throw(
				_("The due date {0} is before the defect was reported ({1}).").format(
					self.due_date, self.reported_on
				),
				exc=PortalRuleError,
				title=_("Due Date"),
			)
		if self.status in FIXED_STATUSES and not self.fixed_on:
			frappe.throw(_("Enter the date the defect was fixed."), exc=PortalRuleError, title=_("Fixed On"))
		if self.fixed_on and self.reported_on and getdate(self.fixed_on) < getdate(self.reported_on):
			frappe.throw(
				_("The defect cannot be fixed ({0}) before it was reported ({1}).").format(
					self.fixed_on, self.reported_on
				),
				exc=PortalRuleError,
				title=_("Fixed On"),
			)
