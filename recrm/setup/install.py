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


def after_uninstall():
	for role_name in ALL_ROLES:
		frappe.db.delete("Has Role", {"role": role_name})
		frappe.db.delete("Custom DocPerm", {"role": role_name})
		frappe.db.delete("DocPerm", {"role": role_name})
		if frappe.db.exists("Role", role_name):
			frappe.delete_doc("Role", role_name, force=True, ignore_permissions=True)
	frappe.clear_cache()
