# Copyright (c) 2026, recrm developers and contributors
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import getdate, now_datetime, nowdate

from recrm.core import warranty as rules
from recrm.errors import InspectionRuleError, rule_errors
from recrm.photos import validate_photo_fields

OPEN = "Open"
QUOTED = "Quoted"
IN_PROGRESS = "In Progress"
COMPLETED = "Completed"


class RERepairRequest(Document):
	"""A repair after handover (房修): found in or out of warranty when it is made, from the unit's
	handover date and the component's period — free and routed to the component's contractor, or
	chargeable with a quote the owner accepts — and run on the service desk's SLA clocks through
	its case (``recrm.handover.warranty``)."""

	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		from recrm.handover.doctype.re_repair_request_photo.re_repair_request_photo import (
			RERepairRequestPhoto,
		)

		building: DF.Link | None
		channel: DF.Literal["Desk", "Portal"]
		charge: DF.Literal["Free", "Chargeable"]
		complaint: DF.Link | None
		completed_on: DF.Date | None
		component: DF.Link
		contractor: DF.Link | None
		customer: DF.Link
		description: DF.SmallText
		handover_date: DF.Date | None
		in_warranty: DF.Check
		photos: DF.Table[RERepairRequestPhoto]
		project: DF.Link | None
		quote_accepted: DF.Check
		quote_accepted_on: DF.Datetime | None
		quote_amount: DF.Currency
		requested_on: DF.Date
		resolution: DF.SmallText | None
		resolution_due: DF.Datetime | None
		response_due: DF.Datetime | None
		room: DF.Literal[
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
		status: DF.Literal["Open", "Quoted", "In Progress", "Completed", "Cancelled"]
		unit: DF.Link
		warranty_ends_on: DF.Date | None
	# end: auto-generated types

	def validate(self):
		self.validate_owner()
		if self.is_new() or self.has_value_changed("component"):
			self.set_warranty()
		self.validate_quote()
		self.set_dates()
		validate_photo_fields(self)

	def validate_owner(self):
		from recrm.inventory.buyers import units_of

		if self.unit not in [row.unit for row in units_of(self.customer)]:
			frappe.throw(
				_("Unit {0} is not a home of customer {1}.").format(self.unit, self.customer),
				exc=InspectionRuleError,
				title=_("Repair Request"),
			)

	def set_warranty(self):
		from recrm.handover.warranty import handover_date_of

		component = frappe.db.get_value(
			"RE Warranty Component",
			self.component,
			["period", "period_unit", "contractor", "enabled"],
			as_dict=True,
		)
		if not component or not component.enabled:
			frappe.throw(
				_("Choose a component from the list."), exc=InspectionRuleError, title=_("Repair Request")
			)
		handover = handover_date_of(self.unit)
		with rule_errors(self.unit, exc=InspectionRuleError, title=_("Repair Request")):
			inside = rules.in_warranty(
				getdate(handover) if handover else None,
				component.period,
				component.period_unit,
				getdate(self.requested_on or nowdate()),
			)
			ends = rules.warranty_ends(getdate(handover), component.period, component.period_unit)
		self.handover_date = handover
		self.warranty_ends_on = ends
		self.in_warranty = 1 if inside else 0
		self.charge = "Free" if inside else "Chargeable"
		if inside:
			self.contractor = self.contractor or component.contractor
			self.quote_amount = None
			self.quote_accepted = 0

	def validate_quote(self):
		if self.charge != "Chargeable":
			return
		if self.quote_amount:
			with rule_errors(exc=InspectionRuleError, title=_("Quote")):
				rules.check_quote(self.quote_amount)
			if self.status == OPEN:
				self.status = QUOTED
		before = None if self.is_new() else self.get_doc_before_save()
		if (
			before
			and before.quote_amount
			and before.quote_amount != self.quote_amount
			and not self.has_value_changed("quote_accepted")
		):
			# a new amount needs the owner's word again
			self.quote_accepted = 0
		if self.quote_accepted and not self.quote_amount:
			frappe.throw(
				_("Enter the quote before it is accepted."), exc=InspectionRuleError, title=_("Quote")
			)
		if self.status in (IN_PROGRESS, COMPLETED) and not self.quote_accepted:
			frappe.throw(
				_("An out-of-warranty repair starts after the owner accepted its quote."),
				exc=InspectionRuleError,
				title=_("Quote"),
			)

	def set_dates(self):
		if self.quote_accepted and not self.quote_accepted_on:
			self.quote_accepted_on = now_datetime()
		if not self.quote_accepted:
			self.quote_accepted_on = None
		if self.status == COMPLETED and not self.completed_on:
			self.completed_on = nowdate()
		if self.status != COMPLETED:
			self.completed_on = None

	def after_insert(self):
		from recrm.handover.warranty import open_case

		case = open_case(self)
		self.db_set("complaint", case)
		due = frappe.db.get_value("RE Complaint", case, ["response_due", "resolution_due"], as_dict=True)
		self.db_set({"response_due": due.response_due, "resolution_due": due.resolution_due})

	def on_update(self):
		from recrm.handover.warranty import move_case

		if not self.is_new() and self.has_value_changed("status"):
			move_case(self)
