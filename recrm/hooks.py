app_name = "recrm"
app_title = "Real Estate CRM"
app_publisher = "recrm developers"
app_description = "Real-estate CRM for property developers: inventory, sales, service, portal and club"
app_email = "dev@recrm.example"
app_license = "mit"
app_logo_url = "/assets/recrm/images/recrm-logo.svg"


add_to_apps_screen = [
	{
		"name": "recrm",
		"logo": "/assets/recrm/images/recrm-logo.svg",
		"title": "Real Estate CRM",
		"route": "/app/inventory",
	}
]

app_include_css = "recrm.bundle.css"
app_include_js = "recrm.bundle.js"

# frappe is implied; listing it in required_apps makes install-app look it up on GitHub

# Installation
# ------------
# roles exist before the DocTypes that grant them permissions are synced
before_install = "recrm.setup.install.before_install"
after_install = "recrm.setup.install.after_install"
after_migrate = "recrm.setup.install.after_migrate"
before_uninstall = "recrm.setup.install.before_uninstall"

# Bench commands (`bench --site SITE recrm-demo`) are picked up from recrm/commands.py.

# Testing
# -------
before_tests = "recrm.setup.install.before_tests"

# Permissions
# -----------
# an advisor sees their own customers and the pool, and the deals of their customers; managers see
# all (recrm/sales/permissions.py)
permission_query_conditions = {
	"RE Customer": "recrm.sales.permissions.customer_query",
	"RE Customer Phone": "recrm.sales.phone_privacy.customer_phone_query",
	"RE Interaction": "recrm.sales.permissions.interaction_query",
	"RE Reservation": "recrm.sales.permissions.reservation_query",
	"RE Contract": "recrm.sales.permissions.contract_query",
	"RE Receipt": "recrm.sales.permissions.receipt_query",
	# adds no condition: drops and refuses what would read a hidden phone number (phone_privacy.py)
	"*": "recrm.sales.phone_privacy.phone_query_guard",
}
has_permission = {
	"RE Customer": "recrm.sales.permissions.customer_has_permission",
	"RE Interaction": "recrm.sales.permissions.interaction_has_permission",
	"RE Reservation": "recrm.sales.permissions.reservation_has_permission",
	"RE Contract": "recrm.sales.permissions.contract_has_permission",
	"RE Receipt": "recrm.sales.permissions.receipt_has_permission",
}

# Phone privacy (recrm/sales/phone_privacy.py): Frappe methods that read past field-level
# permissions, each replaced by one that applies them to the customer's phone numbers
override_whitelisted_methods = {
	"frappe.client.get_count": "recrm.sales.phone_privacy.get_count",
	"frappe.core.doctype.data_import.data_import.download_template": "recrm.sales.phone_privacy.download_template",
	"frappe.core.doctype.data_export.exporter.export_data": "recrm.sales.phone_privacy.export_data",
}
# Document events
# ---------------
# - phone privacy: the form history keeps numbers masked
# - a construction stage recorded on a building dates the instalments waiting for it (Sales reacts
#   to Inventory; the building knows nothing of contracts)
# - value grading: a change of a customer's facts grades them again (recrm/sales/grading.py)
doc_events = {
	"Version": {"before_insert": "recrm.sales.phone_privacy.mask_phones_in_version"},
	"RE Building": {"on_update": "recrm.sales.schedule.on_building_update"},
	"RE Interaction": {
		"on_update": "recrm.sales.grading.on_interaction_update",
		"after_delete": "recrm.sales.grading.on_interaction_delete",
	},
	"RE Customer": {
		"on_update": "recrm.sales.grading.on_customer_update",
		"after_delete": "recrm.sales.grading.on_customer_delete",
	},
}

# Scheduled tasks
# ---------------
scheduler_events = {
	"daily": [
		"recrm.sales.follow_ups.send_overdue_reminders",
		"recrm.sales.pool.return_lapsed_to_pool",
		"recrm.sales.reservations.expire_lapsed_reservations",
		"recrm.sales.receivables.update_overdue_and_remind",
	],
	"daily_long": ["recrm.sales.grading.grade_everyone"],
}

# Value grading: apps add value facts (contracts, club membership …) with
# recrm_value_facts = ["app.module.function"]; see recrm/sales/grading.py
