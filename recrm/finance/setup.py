"""recrm's custom fields on ERPNext's DocTypes: a fixture (recrm/fixtures/custom_field.json).

Frappe syncs it at every migrate where ERPNext is on the site (and skips it where it is not);
``make_custom_fields`` adds the fields at once when ERPNext comes after recrm (``after_app_install``:
Frappe syncs only the new app's fixtures then) or when the books are enabled."""

import frappe

from recrm.fixture_files import CUSTOM_FIELDS, fixture_records, import_fixture


def erpnext_installed() -> bool:
	return "erpnext" in frappe.get_installed_apps()


def make_custom_fields():
	if not erpnext_installed():
		return
	import_fixture(CUSTOM_FIELDS)


def after_app_install(app_name: str):
	if app_name == "erpnext":
		make_custom_fields()


def remove_custom_fields():
	"""On recrm's uninstall: its fields on ERPNext's DocTypes go with it."""
	for field in fixture_records(CUSTOM_FIELDS):
		if frappe.db.exists("Custom Field", field["name"]):
			frappe.delete_doc("Custom Field", field["name"], force=True, ignore_permissions=True)
