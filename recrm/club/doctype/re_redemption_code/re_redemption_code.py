# Copyright (c) 2026, recrm developers and contributors
# For license information, please see license.txt

"""A member's one-time code for a merchant's offer: issued once per member and offer (a unique
index), redeemed once (a conditional update): see recrm.club.merchants."""

import frappe
from frappe.model.document import Document


class RERedemptionCode(Document):
	pass


def on_doctype_update():
	frappe.db.add_unique("RE Redemption Code", ["member", "offer"], "member_offer")
