import frappe

from recrm.setup.roles import ALL_ROLES, DESK_ROLES

RECRM_DOCTYPES_WITH_USER_PERMISSIONS = ("RE Project", "RE Building", "RE Unit", "RE Unit Type")


def before_install():
	create_roles()


def after_install():
	create_roles()


def after_migrate():
	create_roles()


def before_tests():
	# Frappe's own before_tests completes the setup wizard; recrm only needs its roles
	create_roles()
	frappe.db.commit()


def create_roles():
	for role_name in ALL_ROLES:
		if frappe.db.exists("Role", role_name):
			continue
		frappe.get_doc(
			{
				"doctype": "Role",
				"role_name": role_name,
				"desk_access": 1 if role_name in DESK_ROLES else 0,
			}
		).insert(ignore_permissions=True)


def before_uninstall():
	# user permissions and default values pointing at recrm records would outlive the DocTypes
	for doctype in RECRM_DOCTYPES_WITH_USER_PERMISSIONS:
		frappe.db.delete("User Permission", {"allow": doctype})
		frappe.db.delete("DefaultValue", {"defkey": doctype})
	# before, not after: Frappe commits the uninstall before after_uninstall runs and not after it
	delete_roles()


def delete_roles():
	for role_name in ALL_ROLES:
		frappe.db.delete("Has Role", {"role": role_name})
		frappe.db.delete("Custom DocPerm", {"role": role_name})
		frappe.db.delete("DocPerm", {"role": role_name})
		if frappe.db.exists("Role", role_name):
			frappe.delete_doc("Role", role_name, force=True, ignore_permissions=True)
	frappe.clear_cache()


def leftovers_after_uninstall() -> list[str]:
	"""What an uninstalled recrm left behind; the test command expects an empty list."""
	found = []
	for table in frappe.db.get_tables():
		if table.startswith("tabRE "):
			found.append(table)
	for doctype, filters in (
		("Role", {"name": ("in", ALL_ROLES)}),
		("Has Role", {"role": ("in", ALL_ROLES)}),
		("User Permission", {"allow": ("in", RECRM_DOCTYPES_WITH_USER_PERMISSIONS)}),
		("DocType", {"module": ("in", ("Inventory", "Sales", "Service", "Club", "Insights"))}),
		("Module Def", {"app_name": "recrm"}),
		("Page", {"module": ("in", ("Inventory", "Sales", "Service", "Club", "Insights"))}),
		("Workspace", {"module": ("in", ("Inventory", "Sales", "Service", "Club", "Insights"))}),
	):
		found += [f"{doctype}: {name}" for name in frappe.get_all(doctype, filters=filters, pluck="name")]
	return found
