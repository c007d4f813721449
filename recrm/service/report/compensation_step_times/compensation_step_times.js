// Copyright (c) 2026, recrm developers and contributors
// For license information, please see license.txt

frappe.query_reports["Compensation Step Times"] = {
	filters: [
		{
			fieldname: "from_date",
			label: __("From Date"),
			fieldtype: "Date",
			default: frappe.datetime.add_months(frappe.datetime.get_today(), -12),
		},
		{
			fieldname: "to_date",
			label: __("To Date"),
			fieldtype: "Date",
			default: frappe.datetime.get_today(),
		},
		{
			fieldname: "project",
			label: __("Project"),
			fieldtype: "Link",
			options: "RE Project",
		},
		{
			fieldname: "time_basis",
			label: __("Measure In"),
			fieldtype: "Select",
			options: ["Calendar Time", "Working Time"],
			default: "Calendar Time",
		},
		{
			fieldname: "finished_only",
			label: __("Finished Steps Only"),
			fieldtype: "Check",
			default: 0,
		},
	],
};
