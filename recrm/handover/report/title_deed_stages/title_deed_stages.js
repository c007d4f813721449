// Copyright (c) 2026, recrm developers and contributors
// For license information, please see license.txt

frappe.query_reports["Title Deed Stages"] = {
	filters: [
		{ fieldname: "project", label: __("Project"), fieldtype: "Link", options: "RE Project" },
		{
			fieldname: "building",
			label: __("Building"),
			fieldtype: "Link",
			options: "RE Building",
			get_query: () => {
				const project = frappe.query_report.get_filter_value("project");
				return project ? { filters: { project } } : {};
			},
		},
		{ fieldname: "overdue_only", label: __("Overdue Only"), fieldtype: "Check" },
	],
};
