# Copyright (c) 2026, recrm developers and contributors
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import get_datetime, get_time

from recrm.errors import PortalRuleError
from recrm.inventory.places import SITE_VISIT_PLACES, validate_building_in_project


class RESiteVisitDay(Document):
	"""A day the buyers of a building (or of the whole project) may visit the site (工地开放日), with
	a number of places; buyers sign up on the portal (RE Site Visit Sign-up)."""

	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		building: DF.Link | None
		capacity: DF.Int
		end_time: DF.Time
		meeting_point: DF.Data | None
		notes: DF.SmallText | None
		project: DF.Link
		signed_up_persons: DF.Int
		start_time: DF.Time
		status: DF.Literal["Open", "Closed", "Cancelled"]
		title: DF.Data
		visit_date: DF.Date
	# end: auto-generated types

	def validate(self):
		self.validate_times()
		validate_building_in_project(self)
		self.validate_capacity()

	def validate_times(self):
		if get_time(self.end_time) <= get_time(self.start_time):
			frappe.throw(
				_("The visit ends at {0}, before it starts at {1}.").format(self.end_time, self.start_time),
				exc=PortalRuleError,
				title=_("Times"),
			)

	def validate_capacity(self):
		if (self.capacity or 0) < 1:
			frappe.throw(_("A site-visit day needs at least one place."), exc=PortalRuleError)
		if self.is_new():
			return
		taken = SITE_VISIT_PLACES.taken(self.name)
		if self.capacity < taken:
			frappe.throw(
				_("{0} persons have signed up; the capacity cannot be lower than that.").format(taken),
				exc=PortalRuleError,
				title=_("Capacity (Persons)"),
			)

	def starts_at(self):
		return get_datetime(f"{self.visit_date} {self.start_time}")
