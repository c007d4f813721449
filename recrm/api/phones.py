"""Full phone numbers for the desk, to those who may see them (recrm/sales/phone_privacy.py)."""

import frappe
from frappe import _

from recrm.sales.phone_privacy import full_primary_phones


@frappe.whitelist()
def get_full_phones(customers: list[str] | str) -> dict[str, str]:
	"""{customer: full primary phone} for the customers of a list page that the user may see in
	full: all of them for managers and customer service, an advisor's own customers for an advisor.
	Others are left out; at most 500 customers are answered."""
	if isinstance(customers, str):
		customers = frappe.parse_json(customers)
	if not isinstance(customers, list) or not all(isinstance(name, str) for name in customers):
		frappe.throw(_("Pass a list of customer IDs."), exc=frappe.ValidationError)
	frappe.has_permission("RE Customer", "read", throw=True)
	return full_primary_phones(customers)
