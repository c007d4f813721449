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
# an advisor sees their own customers and the pool; managers see all (recrm/sales/permissions.py)
# complaints: customer service sees all, others by project, assignment or claim (recrm/service/permissions.py)
permission_query_conditions = {
	"RE Customer": "recrm.sales.permissions.customer_query",
	"RE Interaction": "recrm.sales.permissions.interaction_query",
	"RE Complaint": "recrm.service.permissions.complaint_query",
	"RE Compensation Claim": "recrm.service.permissions.claim_query",
	"RE Satisfaction Survey": "recrm.service.permissions.survey_query",
	"RE Knowledge Article": "recrm.service.permissions.article_query",
}
has_permission = {
	"RE Customer": "recrm.sales.permissions.customer_has_permission",
	"RE Interaction": "recrm.sales.permissions.interaction_has_permission",
	"RE Complaint": "recrm.service.permissions.complaint_has_permission",
	"RE Compensation Claim": "recrm.service.permissions.claim_has_permission",
	"RE Satisfaction Survey": "recrm.service.permissions.survey_has_permission",
	"RE Knowledge Article": "recrm.service.permissions.article_has_permission",
}

# the knowledge base and the (anonymised) case library in the awesome bar's full-text search;
# not complaints: global search checks read permission per DocType, not per record
global_search_doctypes = {
	"Default": [
		{"doctype": "RE Knowledge Article"},
		{"doctype": "RE Service Case"},
	]
}

# Scheduled tasks
# ---------------
scheduler_events = {
	"daily": ["recrm.sales.follow_ups.send_overdue_reminders"],
	"cron": {
		# SLA warnings and escalations of complaints; reminders and escalations of late approval steps
		"*/15 * * * *": [
			"recrm.service.escalation.escalate_complaints",
			"recrm.service.compensation.remind_late_steps",
		],
	},
}
