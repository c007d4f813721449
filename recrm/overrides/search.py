"""``frappe.desk.search``: link search and the search box without the escalation to no permission.

Frappe 15 turns ``ignore_user_permissions=1`` into ``ignore_permissions`` for whoever may read the
DocType at all, which skips every permission query and the "only if creator" rule: a website user
(who reads Contact, File, ToDo … of their own through the role All) would list everyone's. A
website user's search never ignores permissions, runs no custom query named in the request (a
query function does its own SQL, without permissions) and lists no users (Frappe's user query is
the staff directory): ``recrm.portal.security.website_user_search``. For desk users nothing changes.
"""

import frappe
from frappe.desk.search import search_link as frappe_search_link
from frappe.desk.search import search_widget as frappe_search_widget

from recrm.portal.security import website_user_search


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
		ignore_user_permissions=ignore_user_permissions,
	)


@frappe.whitelist()
def search_widget(
	doctype: str,
	txt: str,
	query: str | None = None,
	searchfield: str | None = None,
	start: int = 0,
	page_length: int = 10,
	filters: str | dict | list | None = None,
	filter_fields=None,
	as_dict: bool = False,
	reference_doctype: str | None = None,
	ignore_user_permissions: bool = False,
):
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
		ignore_user_permissions=ignore_user_permissions,
	)
