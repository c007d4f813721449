"""RE Referral: a friend brought by a club member (老带新). The rules live in recrm.club.referrals
(recording and attribution) and recrm.core.referrals (on plain values)."""

import frappe
from frappe import _
from frappe.model.document import Document

from recrm.club import referrals
from recrm.errors import ClubRuleError


class REReferral(Document):
	def before_insert(self):
		referrals.record(self)

	def validate(self):
		self.validate_phone_not_kept()
		self.validate_record_unchanged()

	def validate_phone_not_kept(self):
		if self.phone:
			frappe.throw(
				_("The friend's phone is given once, when the referral is recorded."),
				exc=ClubRuleError,
				title=_("Referral"),
			)

	def validate_record_unchanged(self):
		"""Who referred whom, and how it went, is written by the club's code only."""
		if self.is_new():
			return
		before = self.get_doc_before_save()
		for field in ("referrer", "friend_name", "friend_customer", "status", "contract", "channel"):
			if before and before.get(field) != self.get(field):
				frappe.throw(
					_("{0} of a recorded referral cannot be changed.").format(_(self.meta.get_label(field))),
					exc=ClubRuleError,
					title=_("Referral"),
				)
