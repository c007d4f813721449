"""recrm's custom fields on ERPNext's DocTypes: made when both apps are on the site.

``after_install`` of recrm (ERPNext installed before), ``after_app_install`` (ERPNext installed
after recrm) and ``after_migrate`` call ``make_custom_fields``; each is a no-op without ERPNext."""

import frappe

FIELDS_OWNER = "recrm"  # Custom Field.module is a Module Def: none, these belong to no recrm module


def custom_fields() -> dict[str, list[dict]]:
	key = {
		"fieldname": "recrm_key",
		"label": "recrm Posting Key",
		"fieldtype": "Data",
		# one live posting per key: cancelling releases it (recrm.finance.erpnext.release_key)
		"unique": 1,
		"no_copy": 1,
		"read_only": 1,
		"hidden": 1,
		"print_hide": 1,
		"allow_on_submit": 1,
	}
	contract = {
		"fieldname": "recrm_contract",
		"label": "RE Contract",
		"fieldtype": "Link",
		"options": "RE Contract",
		"read_only": 1,
		"search_index": 1,
		"print_hide": 1,
	}
	return {
		"Customer": [
			{
				"fieldname": "recrm_customer",
				"label": "RE Customer",
				"fieldtype": "Link",
				"options": "RE Customer",
				"unique": 1,
				"no_copy": 1,
				"read_only": 1,
				"insert_after": "customer_name",
			}
		],
		"Sales Invoice": [
			{**contract, "insert_after": "customer"},
			{
				"fieldname": "recrm_schedule_row",
				"label": "Instalment No.",
				"fieldtype": "Int",
				"read_only": 1,
				"print_hide": 1,
				"insert_after": "recrm_contract",
			},
			{**key, "insert_after": "recrm_schedule_row"},
		],
		"Payment Entry": [
			{**contract, "insert_after": "party_name"},
			{
				"fieldname": "recrm_receipt",
				"label": "RE Receipt",
				"fieldtype": "Link",
				"options": "RE Receipt",
				"read_only": 1,
				"no_copy": 1,
				"search_index": 1,
				"print_hide": 1,
				"insert_after": "recrm_contract",
			},
			{**key, "insert_after": "recrm_receipt"},
		],
	}


def erpnext_installed() -> bool:
	return "erpnext" in frappe.get_installed_apps()


def make_custom_fields():
	if not erpnext_installed():
		return
	from frappe.custom.doctype.custom_field.custom_field import create_custom_fields

	create_custom_fields(custom_fields(), ignore_validate=True, update=True)


def after_app_install(app_name: str):
	if app_name == "erpnext":
		make_custom_fields()


def remove_custom_fields():
	"""On recrm's uninstall: its fields on ERPNext's DocTypes go with it."""
	for doctype, fields in custom_fields().items():
		for field in fields:
			name = frappe.db.get_value("Custom Field", {"dt": doctype, "fieldname": field["fieldname"]})
			if name:
				frappe.delete_doc("Custom Field", name, force=True, ignore_permissions=True)
