# Copyright (c) 2026, recrm developers and contributors
# For license information, please see license.txt

"""A member's place at a club event: made, cancelled and checked in by recrm.club.events only."""

import frappe
from frappe import _
from frappe.model.document import Document

from recrm.errors import ClubRuleError


class REClubEventRegistration(Document):
	def validate(self):
		self.validate_made_by_events()

	def validate_made_by_events(self):
		if not self.flags.by_events:
			frappe.throw(
				_("Registrations are made on the portal or at the door (Club Check-in)."),
				exc=ClubRuleError,
				title=_("Events"),
			)


def on_doctype_update():
	frappe.db.add_unique(
		"RE Club Event Registration", ["event", "member"], constraint_name="unique_event_member"
	)
