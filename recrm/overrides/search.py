"""``frappe.desk.search``: link search never lifts a record rule.

With ``ignore_user_permissions=1`` (a Link field that may pick values beyond the user's User
Permissions), Frappe 15 searches with ``ignore_permissions`` as soon as the user may read the
DocType, which also skips its ``permission_query_conditions``: a home buyer listed every contract,
an advisor every customer. For a DocType whose records have a rule of their own — every DocType of
recrm, and any DocType an app gives ``permission_query_conditions`` — the search keeps the user's
permissions (``ignore_user_permissions`` is dropped); other DocTypes search as Frappe does.

A website user's search never ignores permissions at all, runs no custom query named in the
request (a query function does its own SQL, without permissions) and lists no users (Frappe's user
query is the staff directory): ``recrm.portal.security.website_user_search``.
"""

import frappe
from frappe.desk.search import search_link as frappe_search_link
from frappe.desk.search import search_widget as frappe_search_widget

from recrm.portal.security import is_recrm_doctype, website_user_search


def has_record_rule(doctype: str) -> bool:
	"""Whether records of ``doctype`` are judged one by one: recrm's own, a hooked condition, or a
	child table of such a DocType."""
	from recrm.record_access import parents_of

	if not isinstance(doctype, str):
		return False
	hooks = frappe.get_hooks("permission_query_conditions") or {}
	if doctype in hooks or is_recrm_doctype(doctype):
		return True
	return frappe.is_table(doctype) and any(has_record_rule(parent) for parent in parents_of(doctype))


def user_permissions_may_be_ignored(doctype, ignore_user_permissions) -> bool:
	return bool(ignore_user_permissions) and not has_record_rule(doctype)


@frappe.whitelist()
def search_link(
	doctype: str,
	txt: str,
	query: str | None = None,
	filters: str | dict | list | None = None,
	page_length: int = 10,
	searchfield: str | None = None,
	reference_doctype: str | None = None,
	ignore_user_permissions: bool = False,
):
	"""``frappe.desk.search.search_link`` without the escalation on record-ruled DocTypes."""
	allowed, query, ignore_user_permissions = website_user_search(doctype, query, ignore_user_permissions)
	if not allowed:
		return []
	return frappe_search_link(
		doctype,
		txt,
		query=query,
		filters=filters,
		page_length=page_length,
		searchfield=searchfield,
		reference_doctype=reference_doctype,
		ignore_user_permissions=user_permissions_may_be_ignored(doctype, ignore_user_permissions),
	)


@frappe.whitelist()
def search_widget(
	doctype: str,
	txt: str,
	query: str | None = None,
	searchfield: str | None = None,
	start: int = 0,
	page_length: int = 10,
	filters: str | None | dict | list = None,  # noqa: RUF036 (as Frappe spells it)
	filter_fields=None,
	as_dict: bool = False,
	reference_doctype: str | None = None,
	ignore_user_permissions: bool = False,
):
	"""``frappe.desk.search.search_widget`` without the escalation on record-ruled DocTypes."""
	allowed, query, ignore_user_permissions = website_user_search(doctype, query, ignore_user_permissions)
	if not allowed:
		return []
	return frappe_search_widget(
		doctype,
		txt,
		query=query,
		searchfield=searchfield,
		start=start,
		page_length=page_length,
		filters=filters,
		filter_fields=filter_fields,
		as_dict=as_dict,
		reference_doctype=reference_doctype,
		ignore_user_permissions=user_permissions_may_be_ignored(doctype, ignore_user_permissions),
	)
