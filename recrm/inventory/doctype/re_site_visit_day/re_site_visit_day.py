# Copyright (c) 2026, recrm developers and contributors
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.query_builder.functions import Sum
from frappe.utils import get_datetime, get_time

from recrm.utils import PortalRuleError


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
		self.validate_building_in_project()
		self.validate_capacity()

	def validate_times(self):
		if get_time(self.end_time) <= get_time(self.start_time):
			frappe.throw(
				_("The visit ends at {0}, before it starts at {1}.").format(self.end_time, self.start_time),
				exc=PortalRuleError,
				title=_("Times"),
			)

	def validate_building_in_project(self):
		if self.building and frappe.db.get_value("RE Building", self.building, "project") != self.project:
			frappe.throw(
				_("Building {0} is not in project {1}.").format(self.building, self.project),
				exc=PortalRuleError,
			)

	def validate_capacity(self):
		if (self.capacity or 0) < 1:
			frappe.throw(_("A site-visit day needs at least one place."), exc=PortalRuleError)
		if self.is_new():
			return
		taken = signed_up_persons(self.name)
		if self.capacity < taken:
			frappe.throw(
				_("{0} persons have signed up; the capacity cannot be lower than that.").format(taken),
				exc=PortalRuleError,
				title=_("Capacity (Persons)"),
			)

	def starts_at(self):
		return get_datetime(f"{self.visit_date} {self.start_time}")


def signed_up_persons(day: str, leaving_out: str | None = None) -> int:
	"""The persons signed up for ``day`` as committed now: a locking read, which sees what other
	transactions committed since this one began (a plain read would see this transaction's
	snapshot and let two buyers count the same free place)."""
	sign_up = frappe.qb.DocType("RE Site Visit Sign-up")
	query = frappe.qb.from_(sign_up).select(Sum(sign_up.persons)).where(sign_up.site_visit_day == day)
	if leaving_out:
		query = query.where(sign_up.name != leaving_out)
	return int(query.for_update().run()[0][0] or 0)
