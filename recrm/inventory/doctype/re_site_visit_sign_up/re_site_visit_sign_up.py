# Copyright (c) 2026, recrm developers and contributors
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import get_datetime, now_datetime

from recrm.core import RuleError
from recrm.core.handover import check_bookable, check_party, check_places
from recrm.errors import PortalRuleError, rule_errors
from recrm.inventory.buyers import buildings_of, projects_of
from recrm.inventory.places import SITE_VISIT_PLACES
from recrm.messages import rule_message


class RESiteVisitSignup(Document):
	"""A buyer's places on a site-visit day. The day's row is locked while the places are counted,
	so that of two buyers racing for the last place one gets it and the other is told; the unique
	index (day, customer) keeps one sign-up per buyer and day."""

	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		building: DF.Link | None
		customer: DF.Link
		note: DF.SmallText | None
		persons: DF.Int
		project: DF.Link | None
		signed_up_on: DF.Datetime | None
		site_visit_day: DF.Link
		visit_date: DF.Date | None
	# end: auto-generated types

	def before_insert(self):
		self.signed_up_on = now_datetime()

	def validate(self):
		with rule_errors(exc=PortalRuleError, title=_("Persons")):
			check_party(self.persons)
		if self.is_new() or self.has_value_changed("persons") or self.has_value_changed("site_visit_day"):
			self.validate_places()

	def validate_places(self):
		day = SITE_VISIT_PLACES.lock(
			self.site_visit_day,
			["name", "project", "building", "visit_date", "start_time", "status", "capacity"],
		)
		if not day:
			frappe.throw(
				_("Site-visit day {0} does not exist.").format(self.site_visit_day), frappe.DoesNotExistError
			)
		self.validate_for_their_building(day)
		taken = SITE_VISIT_PLACES.taken(day.name, leaving_out=None if self.is_new() else self.name)
		try:
			check_bookable(
				get_datetime(f"{day.visit_date} {day.start_time}"), now_datetime(), day.status == "Open"
			)
			check_places(day.capacity, taken, self.persons)
		except RuleError as error:
			message = (
				_(
					"This site-visit day is full: {0} places are left. Choose fewer persons or another day."
				).format(error.params["left"])
				if error.code == "no_places_left"
				else rule_message(error)
			)
			frappe.throw(message, exc=PortalRuleError, title=_("Site Visit"))

	def validate_for_their_building(self, day):
		"""A day is for the buyers of its building, or of its project when it names no building."""
		theirs = (
			day.building in buildings_of(self.customer)
			if day.building
			else day.project in projects_of(self.customer)
		)
		if not theirs:
			frappe.throw(
				_("This site-visit day is for the buyers of another building."),
				exc=PortalRuleError,
				title=_("Site Visit"),
			)

	def on_update(self):
		self.update_day()

	def after_delete(self):
		self.update_day()

	def update_day(self):
		SITE_VISIT_PLACES.update_total(self.site_visit_day)


def on_doctype_update():
	frappe.db.add_unique(
		"RE Site Visit Sign-up", ["site_visit_day", "customer"], constraint_name="unique_day_customer"
	)
