# Copyright (c) 2026, recrm developers and contributors
# For license information, please see license.txt

"""A partner merchant of the club (商业联盟) and its logins: website users who redeem the members'
codes on /merchant (recrm.portal.merchant), holding the role RE Partner Merchant and no DocType
permission."""

import frappe
from frappe import _
from frappe.model.document import Document

from recrm.core.roles import MERCHANT_ROLE


class REClubMerchant(Document):
	def validate(self):
		self.validate_users()

	def on_update(self):
		self.set_merchant_role()

	def validate_users(self):
		seen = set()
		for row in self.users:
			if row.user in seen:
				frappe.throw(_("{0} is listed twice among the merchant's logins.").format(row.user))
			seen.add(row.user)
			if row.user in ("Administrator", "Guest") or (
				frappe.db.get_value("User", row.user, "user_type") != "Website User"
			):
				frappe.throw(
					_(
						"{0} is not a website user: a merchant logs in with a website user of their own."
					).format(row.user),
					title=_("Merchant Logins"),
				)

	def set_merchant_role(self):
		for row in self.users:
			if not frappe.db.exists(
				"Has Role", {"parent": row.user, "parenttype": "User", "role": MERCHANT_ROLE}
			):
				user = frappe.get_doc("User", row.user)
				user.flags.ignore_permissions = True
				user.add_roles(MERCHANT_ROLE)
