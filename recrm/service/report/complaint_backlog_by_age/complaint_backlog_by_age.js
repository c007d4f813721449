// Copyright (c) 2026, recrm developers and contributors
// For license information, please see license.txt

frappe.query_reports["Complaint Backlog by Age"] = {
	filters: [
		{ fieldname: "project", label: __("Project"), fieldtype: "Link", options: "RE Project" },
		{
			fieldname: "category_group",
			label: __("Category Group"),
			fieldtype: "Link",
			options: "RE Complaint Category",
			get_query: () => ({ filters: { is_group: 1 } }),
		},
		{ fieldname: "responsible_person", label: __("Responsible Person"), fieldtype: "Link", options: "User" },
	],
};
