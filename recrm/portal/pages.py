"""What every page of the buyer portal shares: who may open it, its frame, dates and files.

A guest is sent to the login page and back; a logged-in user who is not a buyer gets Frappe's
"not permitted" page from ``current_buyer``. Pages read only through the ``Buyer`` it returns
(``recrm.portal.buyer``) — never by anything in the request — and link files through
``recrm.portal.files``.
"""

from urllib.parse import urlencode

import frappe
from frappe import _
from frappe.utils import format_date, format_datetime, format_time, get_fullname

from recrm.portal.access import LANGUAGES
from recrm.portal.buyer import Buyer, current_buyer
from recrm.portal.files import file_src

LANGUAGE_NAMES = {"zh": "中文", "en": "English"}


def buyer_page(context, title: str, route: str) -> Buyer:
	"""Set up ``context`` for a portal page and return the buyer."""
	if frappe.session.user == "Guest":
		frappe.local.flags.redirect_location = "/login?" + urlencode({"redirect-to": route})
		raise frappe.Redirect
	buyer = current_buyer()
	context.no_cache = 1
	context.show_sidebar = True
	context.title = title
	context.route_of_page = route
	context.customer_name = buyer.full_name
	context.language = frappe.local.lang if frappe.local.lang in LANGUAGES else "zh"
	context.languages = [{"code": code, "name": LANGUAGE_NAMES[code]} for code in LANGUAGES]
	return buyer


def date_text(value) -> str:
	return format_date(value) if value else ""


def datetime_text(value) -> str:
	return format_datetime(value, "yyyy-MM-dd HH:mm") if value else ""


def time_text(value) -> str:
	return format_time(value, "HH:mm") if value else ""


def person_name(user: str | None) -> str:
	return get_fullname(user) if user else ""


def floor_plan_src(url: str | None) -> str:
	"""A public plan's own URL; a private one through the method that serves the buyer's files."""
	return file_src(url)


def unit_title(row) -> str:
	return _("{0} {1}, unit {2}").format(row.project, row.building_name or row.building, row.unit_number)
