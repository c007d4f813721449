"""Who of the staff sees which members: a member follows their customer's record rule
(``recrm.sales.permissions``: a sales advisor sees the members among the customers they may read);
a points entry follows its member. The club manager and the managers see every member."""

import frappe

from recrm.sales.permissions import customer_has_permission, customer_query, is_restricted_advisor


def member_query(user: str | None = None, doctype: str | None = None) -> str:
	condition = customer_query(user)
	if not condition:
		return ""
	return f"`tabRE Club Member`.customer in (select name from `tabRE Customer` where {condition})"


def entry_query(user: str | None = None, doctype: str | None = None) -> str:
	condition = member_query(user)
	if not condition:
		return ""
	return f"`tabRE Points Entry`.member in (select name from `tabRE Club Member` where {condition})"


def member_has_permission(doc, ptype=None, user=None):
	user = user or frappe.session.user
	if not is_restricted_advisor(user):
		return True
	if not doc.customer or not frappe.db.exists("RE Customer", doc.customer):
		return False
	return bool(customer_has_permission(frappe.get_doc("RE Customer", doc.customer), "read", user))


def entry_has_permission(doc, ptype=None, user=None):
	user = user or frappe.session.user
	if not is_restricted_advisor(user):
		return True
	if not doc.member or not frappe.db.exists("RE Club Member", doc.member):
		return False
	return member_has_permission(frappe.get_doc("RE Club Member", doc.member), "read", user)
