"""Replacements of ``frappe.client`` methods (hooked in override_whitelisted_methods)."""

import frappe


@frappe.whitelist()
def get_count(doctype, filters=None, debug=False, cache=False):
	"""``frappe.client.get_count``, which counts with ``frappe.db.count`` and no permission at all,
	counting recrm's DocTypes through ``get_list``: only what the user may list is counted
	(recrm/portal/security.py). Other DocTypes are Frappe's."""
	from frappe.client import get_count as frappe_get_count

	from recrm.portal.security import count_with_permissions, is_recrm_doctype

	if not is_recrm_doctype(doctype):
		return frappe_get_count(doctype, filters=filters, debug=debug, cache=cache)
	return count_with_permissions(doctype, filters)
