"""/buyer-login: the buyer portal's login without a password — phone and one-time code where the
site has SMS set up, an e-mail link where System Settings allows it, and Frappe's login page with a
password always (``recrm.portal.phone_login``)."""

import frappe
from frappe import _

from recrm.portal.access import LANGUAGES
from recrm.portal.pages import LANGUAGE_NAMES
from recrm.portal.phone_login import email_link_enabled, sms_configured

no_cache = 1


def get_context(context):
	if frappe.session.user != "Guest":
		frappe.local.flags.redirect_location = "/my-home"
		raise frappe.Redirect
	context.no_breadcrumbs = True
	context.title = _("Buyer Portal Login")
	context.sms = sms_configured()
	context.email_link = email_link_enabled()
	context.language = frappe.local.lang if frappe.local.lang in LANGUAGES else "zh"
	context.languages = [{"code": code, "name": LANGUAGE_NAMES[code]} for code in LANGUAGES]
	return context
