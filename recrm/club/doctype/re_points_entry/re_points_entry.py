# Copyright (c) 2026, recrm developers and contributors
# For license information, please see license.txt

"""One entry of the club's points ledger: append-only (see recrm.club.points)."""

import frappe
from frappe import _
from frappe.model.document import Document


class REPointsEntry(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		cause: DF.Data | None
		expires_on: DF.Date | None
		kind: DF.Literal["Earn", "Spend", "Expire", "Adjust"]
		member: DF.Link
		note: DF.SmallText | None
		points: DF.Int
		posted_on: DF.Date
		reference_doctype: DF.Link | None
		reference_name: DF.DynamicLink | None
	# end: auto-generated types

	def before_insert(self):
		from recrm.club.points import lock_and_check

		lock_and_check(self)

	def validate(self):
		self.validate_not_edited()

	def after_insert(self):
		from recrm.club.points import add_to_balance

		add_to_balance(self)

	def validate_not_edited(self):
		if not self.is_new():
			refuse_change()

	def on_trash(self):
		refuse_change()


def on_doctype_update():
	"""The nightly reads of the ledger, from indexes alone: a member's entries in the order posted
	(expiry, reconciliation's sums) and the earns past their date (who has points to expire)."""
	frappe.db.add_index(
		"RE Points Entry", ["member", "posted_on", "creation", "points", "expires_on"], "member_ledger"
	)
	frappe.db.add_index("RE Points Entry", ["kind", "expires_on", "member"], "kind_expiry")


def refuse_change():
	from recrm.errors import ClubRuleError

	frappe.throw(
		_("A points entry is never changed or deleted: correct it with an adjust entry."),
		exc=ClubRuleError,
		title=_("Points"),
	)
