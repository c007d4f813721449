# Copyright (c) 2026, recrm developers and contributors
# For license information, please see license.txt

"""A club event (说明会, 联谊会, 酒会, owners' day); registration and the door are recrm.club.events'."""

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import cint, get_datetime

from recrm.errors import ClubRuleError


class REClubEvent(Document):
	def validate(self):
		self.validate_times()
		self.validate_audience()
		self.validate_numbers()

	def on_update(self):
		self.promote_on_more_seats()

	def validate_times(self):
		if get_datetime(self.ends_at) <= get_datetime(self.starts_at):
			frappe.throw(_("The event must end after it starts."), exc=ClubRuleError, title=_("Events"))
		opens, closes = self.registration_opens, self.registration_closes
		if opens and closes and get_datetime(closes) <= get_datetime(opens):
			frappe.throw(_("Registration must close after it opens."), exc=ClubRuleError, title=_("Events"))
		if closes and get_datetime(closes) > get_datetime(self.ends_at):
			frappe.throw(
				_("Registration must close before the event ends."), exc=ClubRuleError, title=_("Events")
			)

	def validate_audience(self):
		if self.audience == "Minimum Tier" and not self.min_tier:
			frappe.throw(_("Choose the minimum tier."), exc=ClubRuleError, title=_("Events"))
		if self.audience == "Owners of the Project" and not self.project:
			frappe.throw(
				_("Choose the project whose owners are invited."), exc=ClubRuleError, title=_("Events")
			)

	def validate_numbers(self):
		if cint(self.capacity) < 0 or cint(self.points) < 0:
			frappe.throw(_("Capacity and points cannot be negative."), exc=ClubRuleError, title=_("Events"))

	def promote_on_more_seats(self):
		before = self.get_doc_before_save()
		if (
			before
			and self.status == "Published"
			and (not cint(self.capacity) or cint(self.capacity) > cint(before.capacity))
		):
			from recrm.club.events import on_capacity_change

			on_capacity_change(self.name)
