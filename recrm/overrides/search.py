"""``frappe.desk.search``: link search and the search box without the escalation to no permission.

Frappe 15 turns ``ignore_user_permissions=1`` into ``ignore_permissions`` for whoever may read the
DocType at all, which skips every permission query and the "only if creator" rule: a website user
(who reads Contact, File, ToDo … of their own through the role All) would list everyone's. A
website user's search therefore never ignores permissions (``may_ignore_user_permissions``), runs
no custom query named in the request (a query function does its own SQL, without permissions) and
lists no users (Frappe's user query is the staff directory); for desk users nothing changes.
"""

import frappe
from frappe.desk.search import search_link as frappe_search_link
from frappe.desk.search import search_widget as frappe_search_widget

from recrm.portal.security import is_website_user


def may_ignore_user_permissions(doctype: str, user: str | None = None) -> bool:
	return not is_website_user(user or frappe.session.user)


def website_user_may_search(doctype) -> bool:
	return doctype != "User"


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
	if is_website_user():
		if not website_user_may_search(doctype):
			return []
		query = None
	return frappe_search_link(
		doctype,
		txt,
		query=query,
		filters=filters,
		page_length=page_length,
		searchfield=searchfield,
		reference_doctype=reference_doctype,
		ignore_user_permissions=ignore_user_permissions and may_ignore_user_permissions(doctype),
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
	if is_website_user():
		if not website_user_may_search(doctype):
			return []
		query = None
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
		ignore_user_permissions=ignore_user_permissions and may_ignore_user_permissions(doctype),
	)
