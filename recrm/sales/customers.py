"""The customer a portal login is: an ``RE Customer``'s ``portal_user`` (unique), asked once a
request by the portal (``recrm.portal.access``) and by the surveys a buyer answers logged in."""

import frappe

CUSTOMER = "RE Customer"


def _customer_cache() -> dict:
	if not hasattr(frappe.local, "recrm_portal_customers"):
		frappe.local.recrm_portal_customers = {}
	return frappe.local.recrm_portal_customers


def clear_customer_cache() -> None:
	_customer_cache().clear()
	# the buyer's records of the request (recrm.portal.buyer) were read with these
	getattr(frappe.local, "cache", {}).pop("recrm_portal_buyer", None)


def customer_of(user: str | None = None) -> str | None:
	"""The customer whose portal login ``user`` is (None when there is none), once per request."""
	user = user or frappe.session.user
	if not user or user in ("Guest", "Administrator"):
		return None
	cache = _customer_cache()
	if user not in cache:
		cache[user] = frappe.db.get_value(CUSTOMER, {"portal_user": user}, "name")
	return cache[user]
