"""``frappe.client``: a count counts only what the user may list (a record by name is judged in
``recrm.record_access.guard_document_route``).

- ``get_count`` counts through ``frappe.get_list`` for every DocType: Frappe's ``frappe.db.count``
  checks no permission at all (a count by name or phone tells whether a record exists). Filters
  that are not filters are refused clearly.
"""

import frappe
from frappe import _


def parse_filters(filters):
	"""Filters as a dict or list; anything else refused in words (not a 5xx)."""
	from frappe.utils import get_safe_filters

	filters = get_safe_filters(filters)
	if filters in (None, "", {}, []):
		return None
	if not isinstance(filters, dict | list):
		frappe.throw(
			_("Filters must be a list or a dictionary of conditions."),
			exc=frappe.ValidationError,
			title=_("Invalid Filters"),
		)
	return filters


@frappe.whitelist()
def get_count(doctype, filters=None, debug=False, cache=False):
	"""``frappe.client.get_count``, counting only the records the user may list (hooked over it)."""
	from recrm.record_access import parents_of

	if not isinstance(doctype, str) or not frappe.db.exists("DocType", doctype):
		frappe.throw(_("DocType {0} not found").format(doctype), exc=frappe.DoesNotExistError)
	filters = parse_filters(filters)
	parent = None
	if frappe.is_table(doctype):
		parents = parents_of(doctype)
		parent = parents[0] if parents else None
	rows = frappe.get_list(
		doctype,
		filters=filters,
		fields=["count(*) as count"],
		parent_doctype=parent,
		order_by=None,
	)
	return rows[0].count if rows else 0
