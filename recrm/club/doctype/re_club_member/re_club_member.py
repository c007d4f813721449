# Copyright (c) 2026, recrm developers and contributors
# For license information, please see license.txt

"""A member of the club (万客会); the rules are recrm.club.membership's and recrm.club.points's."""

import frappe
from frappe import _
from frappe.model.document import Document


class REClubMember(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		from recrm.club.doctype.re_club_consent.re_club_consent import REClubConsent
		from recrm.club.doctype.re_club_tier_change.re_club_tier_change import REClubTierChange

		birthday: DF.Date | None
		channel: DF.Literal["Desk", "Reception", "Portal"]
		consent_data: DF.Check
		consent_marketing: DF.Check
		consents: DF.Table[REClubConsent]
		customer: DF.Link
		customer_name: DF.Data | None
		joined_on: DF.Date | None
		leave_reason: DF.SmallText | None
		left_on: DF.Date | None
		member_number: DF.Data | None
		points_balance: DF.Int
		status: DF.Literal["Active", "Left"]
		tier: DF.Link | None
		tier_log: DF.Table[REClubTierChange]
		tier_since: DF.Date | None
	# end: auto-generated types

	def before_insert(self):
		self.set_member_number()

	def before_validate(self):
		self.set_ledger_fields()
		self.set_consent_flags()

	def validate(self):
		self.validate_made_by_the_club()
		self.validate_consent_log_appended()

	def set_member_number(self):
		from recrm.club.membership import new_member_number

		if not self.member_number:
			self.member_number = new_member_number()

	def set_ledger_fields(self):
		"""What the ledger and the tiers keep is never taken from the form: the stored values stay."""
		if self.is_new():
			self.points_balance = 0
			return
		stored = frappe.db.sql(
			"select points_balance, tier, tier_since from `tabRE Club Member` where name = %s for update",
			self.name,
			as_dict=True,
		)
		if stored:
			self.points_balance = stored[0].points_balance
			self.tier, self.tier_since = stored[0].tier, stored[0].tier_since

	def set_consent_flags(self):
		latest = {}
		for row in self.consents or []:
			latest[row.purpose] = row.action == "Given"
		self.consent_data = 1 if latest.get("Club Use of Data") else 0
		self.consent_marketing = 1 if latest.get("Marketing Messages") else 0

	def validate_made_by_the_club(self):
		"""Joining, leaving and consents go through recrm.club.membership (the lifecycle moves with them)."""
		from recrm.errors import ClubRuleError

		if self.flags.club_change:
			return
		before = self.get_doc_before_save()
		if self.is_new() or (before and before.status != self.status):
			frappe.throw(
				_("Use Join the Club on the customer's form, or Leave the Club on the member's."),
				exc=ClubRuleError,
				title=_("Club"),
			)

	def validate_consent_log_appended(self):
		"""Consent history is appended, never rewritten."""
		from recrm.errors import ClubRuleError

		before = self.get_doc_before_save()
		if not before:
			return
		old = [(r.name, r.purpose, r.action, str(r.recorded_at), r.method) for r in before.consents]
		new = [(r.name, r.purpose, r.action, str(r.recorded_at), r.method) for r in self.consents[: len(old)]]
		if old != new:
			frappe.throw(
				_(
					"The consent history is kept as it was given: record a new consent or a withdrawal instead."
				),
				exc=ClubRuleError,
				title=_("Club"),
			)
