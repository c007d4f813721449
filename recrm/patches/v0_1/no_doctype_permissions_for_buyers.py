"""Home buyers hold no DocType permission (the portal reads through recrm/portal/buyer.py): the
rows that gave RE Home Buyer read on recrm's DocTypes go, from the standard permissions (which the
DocType sync replaces anyway) and from any Custom DocPerm a site added on any DocType."""

import frappe

from recrm.core.roles import BUYER_ROLE


def execute():
	for doctype in ("DocPerm", "Custom DocPerm"):
		frappe.db.delete(doctype, {"role": BUYER_ROLE})
	frappe.clear_cache()
