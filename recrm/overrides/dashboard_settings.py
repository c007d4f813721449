"""``frappe.desk.doctype.dashboard_settings``: a user makes their own dashboard settings only.

Frappe 15 makes the settings of any user named (with ``ignore_permissions``) and answers whether
they had some: who is a user, and who has used the desk, could be told apart.
"""

import frappe
from frappe import _

from recrm.errors import throw_not_permitted


@frappe.whitelist()
def create_dashboard_settings(user):
	"""``frappe.desk.doctype.dashboard_settings.dashboard_settings.create_dashboard_settings`` for
	the session's own user."""
	from frappe.desk.doctype.dashboard_settings.dashboard_settings import (
		create_dashboard_settings as frappe_create_dashboard_settings,
	)

	if user != frappe.session.user:
		throw_not_permitted(_("You can only set up your own dashboard."))
	return frappe_create_dashboard_settings(user)
