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
	"RE Interaction": "recrm.sales.permissions.interaction_query",
	"RE Reservation": "recrm.sales.permissions.reservation_query",
	"RE Contract": "recrm.sales.permissions.contract_query",
	"RE Receipt": "recrm.sales.permissions.receipt_query",
}
has_permission = {
	"RE Customer": "recrm.sales.permissions.customer_has_permission",
	"RE Interaction": "recrm.sales.permissions.interaction_has_permission",
	"RE Reservation": "recrm.sales.permissions.reservation_has_permission",
	"RE Contract": "recrm.sales.permissions.contract_has_permission",
	"RE Receipt": "recrm.sales.permissions.receipt_has_permission",
}

# Document events
# ---------------
# a construction stage recorded on a building dates the instalments waiting for it (Sales reacts to
# Inventory; the building knows nothing of contracts)
doc_events = {
	"RE Building": {"on_update": "recrm.sales.schedule.on_building_update"},
}

# Scheduled tasks
# ---------------
scheduler_events = {
	"daily": [
		"recrm.sales.follow_ups.send_overdue_reminders",
		"recrm.sales.reservations.expire_lapsed_reservations",
		"recrm.sales.receivables.update_overdue_and_remind",
	],
}
