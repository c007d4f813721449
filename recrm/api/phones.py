"""Full phone numbers for the desk, to those who may see them (recrm/sales/phone_privacy.py)."""

import json

import frappe
from frappe import _

from recrm.sales.phone_privacy import MAX_ROWS, full_primary_phones


def _customer_ids(customers) -> list[str]:
	if isinstance(customers, str):
		try:
			customers = json.loads(customers)
		except ValueError:
			customers = None
	if not isinstance(customers, list) or not all(
		isinstance(name, str) and name.strip() for name in customers
	):
		frappe.throw(
			_('Pass a list of customer IDs, such as ["CUS-00001"].'),
			exc=frappe.ValidationError,
			title=_("Phone Numbers"),
		)
	if len(customers) > MAX_ROWS:
		frappe.throw(
			_("Ask for the phones of at most {0} customers at a time.").format(MAX_ROWS),
			exc=frappe.ValidationError,
			title=_("Phone Numbers"),
		)
	return [name.strip() for name in customers]


@frappe.whitelist()
def get_full_phones(customers: list[str] | str) -> dict[str, str]:
	"""{customer: full primary phone} for the customers of a list page that the user may see in
	full: all of them for managers and customer service, an advisor's own customers for an advisor.
	The others, and IDs of no customer, are left out alike (whether a customer exists is not told);
	at most 500 customers are asked for at a time."""
	names = _customer_ids(customers)
	frappe.has_permission("RE Customer", "read", throw=True)
	return full_primary_phones(names)
