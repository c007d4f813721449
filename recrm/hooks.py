# underscored: Frappe takes every public name of this module for a hook
from recrm.core import roles as _roles

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
		# the desk as Frappe opens it, at the user's default workspace (Frappe's login redirects here)
		"route": "/app",
		# staff only: a buyer who logs in lands on their home page (recrm/portal/access.py)
		"has_permission": "recrm.portal.access.may_open_desk_app",
	}
]

app_include_css = "recrm.bundle.css"
app_include_js = "recrm.bundle.js"

# frappe is implied; listing it in required_apps makes install-app look it up on GitHub

# Installation
# ------------
# Fixtures (recrm/fixtures/, `bench --site SITE export-fixtures --app recrm` writes them): the records
# recrm owns outright. Frappe re-imports every file there at each install and migrate with force
# (frappe.utils.fixtures.sync_fixtures -> data_import.import_doc -> import_file_by_path(force=True):
# delete and insert, whatever the record's `modified`), so a fixture is recrm's to overwrite: its
# roles (desk access as shipped), the workflow states and actions its workflows name (Frappe's own
# Pending/Approved/Rejected and Approve/Reject/Review are not ours), and its custom fields on
# ERPNext's DocTypes (skipped by Frappe while ERPNext is absent; export them from a site with ERPNext).
# The workflows are NOT fixtures: an administrator edits an approval chain in the Workflow editor and
# that edit must survive `bench migrate` and an app update, which a fixture's forced re-import would
# undo. They are made once when missing: at install (recrm/setup/install.py) and on sites installed
# before by a patch; a change to a shipped workflow reaches existing sites only through a new patch.
fixtures = [
	{"dt": "Role", "filters": [["name", "like", "RE %"]]},
	{
		"dt": "Workflow State",
		"filters": [
			[
				"name",
				"in",
				[
					"Draft",
					"Pending Sales Manager",
					"Pending General Manager",
					"Signed",
					"Completed",
					"Cancelled",
					"Awaiting CS Centre Manager",
					"Awaiting Engineering",
					"Awaiting Cost Audit",
					"Awaiting Finance",
					"Awaiting VP Customer Service",
					"Awaiting VP Finance",
					"Awaiting General Manager",
					"Pending Approval",
				],
			]
		],
	},
	{
		"dt": "Workflow Action Master",
		"filters": [
			[
				"name",
				"in",
				[
					"Request Approval",
					"Forward to General Manager",
					"Revise",
					"Sign",
					"Complete",
					"Send for Approval",
				],
			]
		],
	},
	{"dt": "Custom Field", "filters": [["fieldname", "like", "recrm\\_%"]]},
]
# the roles exist before the DocTypes that grant them permissions are synced (Frappe syncs the
# fixtures only after after_install): both import recrm's fixture files themselves first
before_install = "recrm.setup.install.before_install"
after_install = "recrm.setup.install.after_install"
after_migrate = "recrm.setup.install.after_migrate"
# ERPNext installed after recrm: recrm's custom fields on its DocTypes (recrm/finance/setup.py)
after_app_install = "recrm.finance.setup.after_app_install"
before_uninstall = "recrm.setup.install.before_uninstall"

# Bench commands (`bench --site SITE recrm-demo`) are picked up from recrm/commands.py.

# Testing
# -------
before_tests = "recrm.setup.install.before_tests"

# Permissions
# -----------
# an advisor sees their own customers and the pool, and the deals of their customers; managers see
# all (recrm/sales/permissions.py)
# complaints: customer service sees all, others by project, assignment or claim (recrm/service/permissions.py)
# home buyers hold no DocType permission on recrm's records: the portal reads for them through
# recrm/portal/buyer.py, and these hooks concern staff alone
permission_query_conditions = {
	"RE Customer": "recrm.sales.permissions.customer_query",
	"RE Customer Phone": "recrm.sales.phone_privacy.customer_phone_query",
	"RE Interaction": "recrm.sales.permissions.interaction_query",
	"RE Reservation": "recrm.sales.permissions.reservation_query",
	"RE Contract": "recrm.sales.permissions.contract_query",
	"RE Receipt": "recrm.sales.permissions.receipt_query",
	"RE Complaint": "recrm.service.permissions.complaint_query",
	"RE Compensation Claim": "recrm.service.permissions.claim_query",
	"RE Satisfaction Survey": "recrm.service.permissions.survey_query",
	"RE Knowledge Article": "recrm.service.permissions.article_query",
	"RE Sales Change": "recrm.sales.permissions.sales_change_query",
	"RE Club Member": "recrm.club.permissions.member_query",
	"RE Points Entry": "recrm.club.permissions.entry_query",
	"*": [
		# child rows follow their parent record's rule, Frappe's child tables too (recrm/record_access.py)
		"recrm.record_access.child_row_query",
		# a file, comment, version or log entry about a record follows that record
		"recrm.record_access.following_query",
		# website users list no child rows of Frappe's DocTypes at all (recrm/portal/security.py)
		"recrm.portal.security.website_user_child_rows",
	],
	# Tag Link repeats the titles of tagged documents: none for website users
	"Tag Link": "recrm.portal.security.tag_link_query_conditions",
}
has_permission = {
	"RE Customer": "recrm.sales.permissions.customer_has_permission",
	"RE Interaction": "recrm.sales.permissions.interaction_has_permission",
	"RE Reservation": "recrm.sales.permissions.reservation_has_permission",
	"RE Contract": "recrm.sales.permissions.contract_has_permission",
	"RE Receipt": "recrm.sales.permissions.receipt_has_permission",
	"RE Complaint": "recrm.service.permissions.complaint_has_permission",
	"RE Compensation Claim": "recrm.service.permissions.claim_has_permission",
	"RE Satisfaction Survey": "recrm.service.permissions.survey_has_permission",
	"RE Knowledge Article": "recrm.service.permissions.article_has_permission",
	"RE Club Member": "recrm.club.permissions.member_has_permission",
	"RE Points Entry": "recrm.club.permissions.entry_has_permission",
	"RE Sales Change": "recrm.sales.permissions.sales_change_has_permission",
	# a website user's files are those they uploaded (the portal serves their records' files);
	# nobody's refusal names the record a file is attached to (recrm/portal/security.py)
	"File": "recrm.portal.security.file_has_permission",
	"Tag Link": "recrm.portal.security.tag_link_has_permission",
}

# the knowledge base and the (anonymised) case library in the awesome bar's full-text search;
# not complaints: global search checks read permission per DocType, not per record
global_search_doctypes = {
	"Default": [
		{"doctype": "RE Knowledge Article"},
		{"doctype": "RE Service Case"},
	]
}


# REST document routes and run_doc_method: the record they name must be one the user may read (a
# child row by its parent), or they answer as for a missing record; runs once the user is known
auth_hooks = ["recrm.record_access.guard_document_route"]

# Frappe methods replaced (recrm/overrides/, each with a test of its signature). The full phone
# numbers need none: they are kept where no generic route reaches (recrm/sales/phone_privacy.py)
override_whitelisted_methods = {
	# one rule per record whatever the route: counts count what the user may list, link search lifts
	# no record rule, group-by counts and linked documents only over records the user may read
	"frappe.client.get_count": "recrm.overrides.client.get_count",
	"frappe.desk.search.search_link": "recrm.overrides.search.search_link",
	"frappe.desk.search.search_widget": "recrm.overrides.search.search_widget",
	"frappe.desk.listview.get_group_by_count": "recrm.overrides.listview.get_group_by_count",
	"frappe.desk.form.linked_with.get_submitted_linked_docs": "recrm.overrides.linked_with.get_submitted_linked_docs",
	"frappe.desk.form.linked_with.get": "recrm.overrides.linked_with.get",
	"frappe.desk.doctype.dashboard_settings.dashboard_settings.create_dashboard_settings": "recrm.overrides.dashboard_settings.create_dashboard_settings",
	# print previews of a document built from request JSON: refused to website users (recrm/overrides/printview.py)
	"frappe.www.printview.get_html_and_style": "recrm.overrides.printview.get_html_and_style",
	"frappe.www.printview.get_rendered_raw_commands": "recrm.overrides.printview.get_rendered_raw_commands",
	# desk forms (comments, versions, communications) of recrm's documents: desk users only
	"frappe.desk.form.load.getdoc": "recrm.overrides.load.getdoc",
	"frappe.desk.form.load.get_docinfo": "recrm.overrides.load.get_docinfo",
}
# Document events
# ---------------
# - a construction stage recorded on a building dates the instalments waiting for it (Sales reacts
#   to Inventory; the building knows nothing of contracts)
# - value grading: a change of a customer's facts grades them again (recrm/sales/grading.py)
# amounts in figures and in Chinese capitals (大写), dates as 2026年11月23日, for the print formats
jinja = {
	"methods": [
		"recrm.core.amount_words.rmb_capital",
		"recrm.core.amount_words.rmb_figures",
		"recrm.core.amount_words.cn_date",
	]
}

doc_events = {
	"RE Building": {
		"on_update": [
			"recrm.sales.receivables.on_building_update",
			# handover: money — a newly set actual handover date drafts the late-delivery penalties
			"recrm.handover.penalty.on_building_update",
		]
	},
	"RE Interaction": {
		"on_update": "recrm.sales.grading.on_interaction_update",
		"after_delete": "recrm.sales.grading.on_interaction_delete",
	},
	"RE Customer": {
		"validate": "recrm.portal.access.validate_portal_user",
		"on_update": "recrm.sales.grading.on_customer_update",
		"after_delete": "recrm.sales.grading.on_customer_delete",
	},
	# files of the records buyers read are private; photos are images of at most 10 MB
	"File": {"validate": "recrm.portal.uploads.validate_file"},
	# the books in ERPNext (recrm/finance/erpnext.py): each returns at once unless ERPNext is on the
	# site and RE Finance Settings enable posting; ERPNext's DocTypes fire only where it is installed
	"RE Contract": {
		# handover: money — empty handover terms take RE Handover Settings' defaults
		"before_validate": "recrm.handover.terms.set_contract_terms",
		"on_submit": [
			"recrm.finance.erpnext.on_contract_event",
			"recrm.club.points.on_contract_submit",
			"recrm.club.referrals.on_contract_submit",
		],
		"on_cancel": [
			"recrm.finance.erpnext.on_contract_event",
			"recrm.club.points.on_contract_cancel",
			"recrm.club.referrals.on_contract_cancel",
		],
	},
	# care after move-in: the keys give the owner a customer manager and the four-year revisit
	"RE Key Handover": {
		"on_submit": "recrm.club.care.on_key_handover_submit",
		"on_cancel": "recrm.club.care.on_key_handover_cancel",
	},
	# the club's points: a survey answered earns them once (recrm/club/points.py)
	"RE Satisfaction Survey": {"on_update": "recrm.club.points.on_survey_update"},
	"RE Receipt": {
		"before_cancel": "recrm.finance.erpnext.before_receipt_cancel",
		"on_submit": "recrm.finance.erpnext.on_receipt_event",
		"on_cancel": "recrm.finance.erpnext.on_receipt_event",
	},
	"Sales Invoice": {
		"on_submit": "recrm.finance.erpnext.on_sales_invoice_submit",
		"on_cancel": "recrm.finance.erpnext.on_sales_invoice_cancel",
	},
	"Payment Entry": {
		"on_submit": "recrm.finance.erpnext.on_payment_entry_submit",
		"on_cancel": "recrm.finance.erpnext.on_payment_entry_cancel",
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
		"recrm.service.surveys.schedule_periodic_surveys",
		# handover defects past their deadline go to the manager (recrm/handover/inspection.py)
		"recrm.handover.inspection.escalate_overdue_defects",
		# instalments falling due become Sales Invoices in ERPNext (when enabled)
		"recrm.finance.erpnext.post_due_instalments",
		# handover: deed — overdue title deeds, once per deed and stage
		"recrm.handover.deed.send_overdue_alerts",
		# care after move-in: revisits caught up and due, birthday and anniversary reminders (recrm/club/care.py)
		"recrm.club.care.run_daily",
	],
	"daily_long": [
		"recrm.sales.grading.grade_everyone",
		# the club: expiry, tiers, birthdays and the ledger's reconciliation (recrm/club/nightly.py)
		"recrm.club.nightly.run",
	],
	"cron": {
		# SLA warnings and escalations of complaints; reminders and escalations of late approval steps
		"*/15 * * * *": [
			"recrm.service.escalation.escalate_complaints",
			"recrm.service.compensation.remind_late_steps",
		],
	},
}

# Value grading: apps add value facts (contracts, club membership …) with
# recrm_value_facts = ["app.module.function"]; see recrm/sales/grading.py
recrm_value_facts = ["recrm.club.membership.value_facts"]

# The buyer portal (recrm/portal, recrm/www/my-home)
# ---------------------------------------------------
# Invite to Portal on the customer's form
doctype_js = {"RE Customer": ["public/js/re_customer_portal.js", "public/js/re_customer_club.js"]}
# "/" and the landing page after logging in: my-home for a buyer, the desk for staff
get_website_user_home_page = "recrm.portal.access.home_page"
# the portal's sidebar: from hooks rather than standard_portal_menu_items, which Portal Settings
# drops on sync unless an item names a DocType
portal_menu_items = [
	{"title": "My Home", "route": "/my-home", "role": _roles.BUYER_ROLE},
	{"title": "Construction Progress", "route": "/my-home/progress", "role": _roles.BUYER_ROLE},
	{"title": "Contract and Payments", "route": "/my-home/contract", "role": _roles.BUYER_ROLE},
	{"title": "Handover and Title Deed", "route": "/my-home/handover", "role": _roles.BUYER_ROLE},
	{"title": "Complaints and Surveys", "route": "/my-home/complaints", "role": _roles.BUYER_ROLE},
	{"title": "Owners' Club", "route": "/my-home/club", "role": _roles.BUYER_ROLE},
	{"title": "Partner Merchant", "route": "/merchant", "role": _roles.MERCHANT_ROLE},
]
# more units of a buyer: recrm_portal_unit_sources = ["app.module.function"] (see recrm/inventory/buyers.py);
# more sections of the My Home page: recrm_portal_home_sections = ["app.module.function"] (recrm/www/my-home/index.py)
# the owner's customer manager (care after move-in)
recrm_portal_home_sections = ["recrm.portal.care.manager_section"]

# What stands between a buyer and the keys (recrm.handover.readiness.missing_for_keys): dotted paths
# of ``check(contract: str, unit: str) -> list[str]`` returning translated "what is missing" lines.
recrm_handover_readiness = [
	"recrm.handover.area.readiness_check",
	"recrm.handover.inspection.readiness_check",
]
