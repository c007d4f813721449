# Copyright (c) 2026, recrm developers and contributors
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import getdate

from recrm.core import inspection as rules
from recrm.errors import InspectionRuleError, PortalRuleError, rule_errors
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
		buyer_confirmation: DF.Literal["", "Confirmed", "Not Fixed"]
		buyer_confirmed_on: DF.Datetime | None
		buyer_note: DF.SmallText | None
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
		contractor: DF.Link | None
		customer: DF.Link
		department: DF.Literal["", "Project", "Customer Service", "Engineering", "Property Management"]
		description: DF.SmallText
		due_date: DF.Date | None
		escalated_on: DF.Datetime | None
		fixed_on: DF.Date | None
		inspection: DF.Link | None
		internal_notes: DF.SmallText | None
		location: DF.Data | None
		photos: DF.Table[REHandoverDefectPhoto]
		project: DF.Link | None
		reinspected_by: DF.Link | None
		reinspected_on: DF.Date | None
		reinspection_result: DF.Literal["", "Passed", "Failed"]
		reported_on: DF.Date
		resolution: DF.SmallText | None
		responsible: DF.Link | None
		room: DF.Literal[
			"",
			"Living Room",
			"Dining Room",
			"Master Bedroom",
			"Second Bedroom",
			"Third Bedroom",
			"Study",
			"Kitchen",
			"Bathroom",
			"Second Bathroom",
			"Balcony",
			"Hallway",
			"Whole Home",
			"Other",
		]
		status: DF.Literal["Reported", "In Progress", "Fixed", "Verified", "Rejected"]
		trade: DF.Literal[
			"",
			"Civil Works",
			"Plastering and Painting",
			"Tiling and Flooring",
			"Doors and Windows",
			"Carpentry",
			"Plumbing",
			"Electrical",
			"Waterproofing",
			"Heating and Cooling",
			"Fixtures and Fittings",
			"Other",
		]
		unit: DF.Link
	# end: auto-generated types

	def before_validate(self):
		self.set_from_inspection()
		with rule_errors(exc=InspectionRuleError, title=_("Trade")):
			self.trade = rules.trade_of(self.trade, self.category)
		if not self.due_date and self.reported_on:
			self.due_date = rules.deadline(self.trade, getdate(self.reported_on))
		self.set_responsible()
		if self.status not in FIXED_STATUSES:
			self.fixed_on = None

	def validate(self):
		self.validate_move()
		self.validate_dates()
		validate_photo_fields(self)

	def on_update(self):
		from recrm.handover.inspection import assign, close_assignment

		before = self.get_doc_before_save()
		if self.status in (rules.VERIFIED, rules.REJECTED):
			close_assignment(self)
		elif not before or before.responsible != self.responsible or before.due_date != self.due_date:
			assign(self, before.responsible if before else None)

	def set_from_inspection(self):
		if not self.inspection:
			return
		found = frappe.db.get_value(
			"RE Handover Inspection", self.inspection, ["unit", "customer", "appointment"], as_dict=True
		)
		if not found:
			return
		self.unit = self.unit or found.unit
		self.customer = self.customer or found.customer
		self.appointment = self.appointment or found.appointment
		# the links were fetched before the unit came from the inspection
		self.building, self.project = frappe.db.get_value("RE Unit", self.unit, ["building", "project"])
		if (self.unit, self.customer) != (found.unit, found.customer):
			frappe.throw(
				_("Inspection {0} is not of unit {1}.").format(self.inspection, self.unit),
				exc=InspectionRuleError,
				title=_("Inspection"),
			)

	def set_responsible(self):
		from recrm.handover.inspection import responsible_for

		before = None if self.is_new() else self.get_doc_before_save()
		routed = not before or (before.contractor, before.department) != (self.contractor, self.department)
		if routed and (self.contractor or self.department):
			self.responsible = responsible_for(self.contractor, self.department) or self.responsible

	def validate_move(self):
		before = None if self.is_new() else self.get_doc_before_save()
		if before and before.status != self.status:
			with rule_errors(self.name, exc=InspectionRuleError, title=_("Status")):
				rules.check_defect_move(before.status, self.status)

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
