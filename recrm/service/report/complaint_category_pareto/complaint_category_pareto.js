// Copyright (c) 2026, recrm developers and contributors
// For license information, please see license.txt

frappe.query_reports["Complaint Category Pareto"] = {
	filters: [
		{
			fieldname: "from_date",
			label: __("From Date"),
			fieldtype: "Date",
			default: frappe.datetime.add_months(frappe.datetime.get_today(), -12),
		},
		{ fieldname: "to_date", label: __("To Date"), fieldtype: "Date", default: frappe.datetime.get_today() },
		{ fieldname: "project", label: __("Project"), fieldtype: "Link", options: "RE Project" },
		{
			fieldname: "level",
			label: __("Group By"),
			fieldtype: "Select",
			options: ["Category", "Category Group"],
			default: "Category",
		},
		{ fieldname: "vital_share", label: __("Vital Few Up To (%)"), fieldtype: "Percent", default: 80 },
	],
};
