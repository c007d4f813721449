"""/merchant: a partner merchant's own page — type a member's code to redeem it; the merchant's
offers and the codes redeemed so far. Read through ``current_merchant()`` only
(``recrm.portal.merchant``); the form calls ``recrm.api.portal_merchant.redeem_code``."""

from urllib.parse import urlencode

import frappe
from frappe import _
from frappe.utils import getdate

from recrm.core import redemption
from recrm.portal.access import LANGUAGES
from recrm.portal.merchant import current_merchant
from recrm.portal.pages import LANGUAGE_NAMES, date_text, datetime_text, person_name

no_cache = 1


def get_context(context):
	if frappe.session.user == "Guest":
		frappe.local.flags.redirect_location = "/login?" + urlencode({"redirect-to": "/merchant"})
		raise frappe.Redirect
	merchant = current_merchant()
	context.no_cache = 1
	context.show_sidebar = False
	context.title = _("Partner Merchant")
	context.customer_name = merchant.merchant_name
	context.language = frappe.local.lang if frappe.local.lang in LANGUAGES else "zh"
	context.languages = [{"code": code, "name": LANGUAGE_NAMES[code]} for code in LANGUAGES]
	offers = merchant.offers()
	titles = {row.name: row.title for row in offers}
	context.offers = [
		frappe._dict(
			title=row.title,
			# an offer past its last day reads as ended whatever its stored status
			status=_("Ended") if row.valid_to and getdate(row.valid_to) < getdate() else _(row.status),
			valid=" – ".join(x for x in (date_text(row.valid_from), date_text(row.valid_to)) if x),
			tier=_(row.minimum_tier) if row.minimum_tier else _("Every member"),
		)
		for row in offers
	]
	context.redemptions = [
		frappe._dict(
			code=redemption.display(row.code),
			offer=titles.get(row.offer, ""),
			on=datetime_text(row.redeemed_on),
			by=person_name(row.redeemed_by),
		)
		for row in merchant.redemptions()
	]
	return context
