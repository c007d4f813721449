"""Phone privacy on existing sites: the masked copies of every customer's numbers, and the numbers
in their change history masked (recrm/sales/phone_privacy.py)."""

import frappe
from frappe.query_builder import Case

from recrm.core.phones import mask_phone
from recrm.sales.phone_privacy import mask_phones_in_version

BATCH = 1000


def execute():
	frappe.reload_doc("sales", "doctype", "re_customer_phone")
	frappe.reload_doc("sales", "doctype", "re_customer")
	set_masked_copies("RE Customer Phone", "normalised_phone", "masked_phone")
	set_masked_copies("RE Customer", "primary_phone", "primary_phone_masked")
	mask_versions()


def set_masked_copies(doctype: str, source: str, target: str):
	table = frappe.qb.DocType(doctype)
	last = ""
	while True:
		rows = (
			frappe.qb.from_(table)
			.select(table.name, table[source])
			.where(table.name > last)
			.orderby(table.name)
			.limit(BATCH)
			.run()
		)
		if not rows:
			return
		# one UPDATE per batch, not one per row
		masked = Case()
		for name, number in rows:
			masked = masked.when(table.name == name, mask_phone(number) or None)
		frappe.qb.update(table).set(table[target], masked).where(table.name.isin([r[0] for r in rows])).run()
		last = rows[-1][0]


def mask_versions():
	for name in frappe.get_all("Version", filters={"ref_doctype": "RE Customer"}, pluck="name"):
		version = frappe.get_doc("Version", name)
		before = version.data
		mask_phones_in_version(version)
		if version.data != before:
			frappe.db.set_value("Version", name, "data", version.data, update_modified=False)
