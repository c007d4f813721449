"""The full phone numbers of customers move into RE Customer Number (recrm/sales/phone_privacy.py):
the customers and their phone rows keep the masked number only, the columns that held the full
ones are dropped, the Frappe Contacts recrm made for its customers go, complaints keep the masked
number, and the change history of customers is masked.

Numbers that two customers share (registered twice before the unique index) stay with the customer
registered first; the others are listed for a manager to merge them."""

import json

import frappe
from frappe.query_builder import Case

from recrm.core import RuleError
from recrm.core.phones import mask_phone, normalise_phone, phone_tail

CUSTOMER = "RE Customer"
CUSTOMER_PHONE = "RE Customer Phone"
NUMBER = "RE Customer Number"
BATCH = 1000
# the columns that held full numbers or the Contact, by table
DROPPED = {CUSTOMER: ("primary_phone", "contact"), CUSTOMER_PHONE: ("normalised_phone",)}


def execute():
	frappe.reload_doc("sales", "doctype", "re_customer_number")
	frappe.reload_doc("sales", "doctype", "re_customer_phone")
	frappe.reload_doc("sales", "doctype", "re_customer")
	shared = store_numbers()
	set_masked_copies()
	mask_complaints()
	mask_versions()
	remove_contacts()
	mask_deleted_documents()
	drop_columns()
	if shared:
		print("Customers sharing a phone number with an earlier customer (merge them):")
		for customer, number, first in shared:
			print(f"  {customer}: {mask_phone(number)} belongs to {first}")


def number_of(row) -> str | None:
	for value in (row.get("normalised_phone"), row.get("phone")):
		if not value:
			continue
		try:
			return normalise_phone(value)
		except RuleError:
			continue
	return None


def store_numbers() -> list[tuple[str, str, str]]:
	"""Every phone row's number into the store, the oldest customer first; the rows left without a
	number (shared with an earlier customer) are returned."""
	columns = set(frappe.db.get_table_columns(CUSTOMER_PHONE))
	fields = ["name", "parent", "is_primary", *({"phone", "normalised_phone"} & columns)]
	phone, customer = frappe.qb.DocType(CUSTOMER_PHONE), frappe.qb.DocType(CUSTOMER)
	rows = (
		frappe.qb.from_(phone)
		.join(customer)
		.on(customer.name == phone.parent)
		.select(*(phone[field] for field in fields))
		.where(phone.parenttype == CUSTOMER)
		.orderby(customer.creation)
		.orderby(phone.idx)
		.run(as_dict=True)
	)
	owners = dict(frappe.get_all(NUMBER, fields=["number", "customer"], as_list=True))
	stored = set(frappe.get_all(NUMBER, pluck="name"))
	shared = []
	for row in rows:
		number = number_of(row)
		if not number or row.name in stored:
			continue
		if owners.get(number, row.parent) != row.parent:
			shared.append((row.parent, number, owners[number]))
			continue
		owners[number] = row.parent
		frappe.get_doc(
			{
				"doctype": NUMBER,
				"name": row.name,
				"customer": row.parent,
				"number": number,
				"is_primary": row.is_primary,
			}
		).db_insert()
	return shared


def set_masked_copies():
	"""The masked number and tail on each row, the masked primary on each customer, from the store;
	the rows' typed column emptied."""
	numbers = dict(frappe.get_all(NUMBER, fields=["name", "number"], as_list=True))
	primaries = dict(
		frappe.get_all(NUMBER, filters={"is_primary": 1}, fields=["customer", "number"], as_list=True)
	)
	_update_in_batches(
		CUSTOMER_PHONE,
		{"masked_phone": lambda name: mask_phone(numbers.get(name)) or None},
		{"phone_tail": lambda name: phone_tail(numbers[name]) if name in numbers else None},
	)
	_update_in_batches(
		CUSTOMER, {"primary_phone_masked": lambda name: mask_phone(primaries.get(name)) or None}
	)
	frappe.db.sql("update `tabRE Customer Phone` set phone = null where parenttype = %s", CUSTOMER)


def _update_in_batches(doctype: str, *setters: dict):
	table = frappe.qb.DocType(doctype)
	names = frappe.get_all(doctype, pluck="name", order_by="name")
	for start in range(0, len(names), BATCH):
		batch = names[start : start + BATCH]
		query = frappe.qb.update(table).where(table.name.isin(batch))
		for setter in setters:
			for column, value_of in setter.items():
				case = Case()
				for name in batch:
					case = case.when(table.name == name, value_of(name))
				query = query.set(table[column], case)
		query.run()


def mask_complaints():
	"""A complaint kept a copy of its customer's full number: the masked one instead."""
	masked = dict(frappe.get_all(CUSTOMER, fields=["name", "primary_phone_masked"], as_list=True))
	for name, customer in frappe.get_all(
		"RE Complaint", filters={"customer_phone": ("is", "set")}, fields=["name", "customer"], as_list=True
	):
		frappe.db.set_value(
			"RE Complaint", name, "customer_phone", masked.get(customer), update_modified=False
		)


def _mask_changes(changes: list, fields) -> None:
	for change in changes:
		if change and change[0] in fields:
			change[1:] = [mask_phone(value) for value in change[1:]]


def masked_version_data(data: str) -> str:
	"""A customer's Version data with every number masked (the fields that held them before)."""
	values = json.loads(data)
	phone_fields = ("phone", "normalised_phone")
	_mask_changes(values.get("changed") or [], ("primary_phone",))
	for key in ("added", "removed"):
		for table, row in values.get(key) or []:
			if table == "phones" and isinstance(row, dict):
				for field in phone_fields:
					if row.get(field):
						row[field] = mask_phone(row[field])
	for table, _idx, _name, changes in values.get("row_changed") or []:
		if table == "phones":
			_mask_changes(changes, phone_fields)
	return frappe.as_json(values, indent=None, separators=(",", ":"))


def mask_versions():
	for name, data in frappe.get_all(
		"Version", filters={"ref_doctype": CUSTOMER}, fields=["name", "data"], as_list=True
	):
		if not data:
			continue
		masked = masked_version_data(data)
		if masked != data:
			frappe.db.set_value("Version", name, "data", masked, update_modified=False)


def remove_contacts():
	"""The Contacts linked to customers: deleted when a customer is all they link to; otherwise the
	link to the customer and the customer's numbers are taken off."""
	numbers = set(frappe.get_all(NUMBER, pluck="number"))
	contacts = frappe.get_all(
		"Dynamic Link",
		filters={"parenttype": "Contact", "link_doctype": CUSTOMER},
		pluck="parent",
		distinct=True,
	)
	for name in contacts:
		contact = frappe.get_doc("Contact", name)
		if all(link.link_doctype == CUSTOMER for link in contact.links):
			# with its versions; permanently: a Deleted Document would keep the numbers
			frappe.delete_doc("Contact", name, ignore_permissions=True, force=True, delete_permanently=True)
			continue
		contact.links = [link for link in contact.links if link.link_doctype != CUSTOMER]
		contact.phone_nos = [row for row in contact.phone_nos if number_of(row) not in numbers]
		contact.flags.ignore_mandatory = True
		contact.save(ignore_permissions=True, ignore_version=True)
		frappe.db.delete("Version", {"ref_doctype": "Contact", "docname": name})


def mask_deleted_documents():
	"""Deleted customers keep masked numbers; the deleted Contacts of customers go."""
	for name, doctype, data in frappe.get_all(
		"Deleted Document",
		filters={"deleted_doctype": ("in", (CUSTOMER, "Contact"))},
		fields=["name", "deleted_doctype", "data"],
		as_list=True,
	):
		values = json.loads(data or "{}")
		if doctype == "Contact":
			if any(link.get("link_doctype") == CUSTOMER for link in values.get("links") or []):
				frappe.db.delete("Deleted Document", {"name": name})
			continue
		values.pop("primary_phone", None)
		for row in values.get("phones") or []:
			row["phone"] = mask_phone(row.get("normalised_phone") or row.get("phone")) or None
			row.pop("normalised_phone", None)
		masked = frappe.as_json(values)
		if masked != data:
			frappe.db.set_value("Deleted Document", name, "data", masked, update_modified=False)


def drop_columns():
	for doctype, columns in DROPPED.items():
		existing = set(frappe.db.get_table_columns(doctype))
		for column in columns:
			if column in existing:
				frappe.db.sql_ddl(f"alter table `tab{doctype}` drop column `{column}`")
		# Frappe caches the columns of each table
		frappe.cache.hdel("table_columns", f"tab{doctype}")
