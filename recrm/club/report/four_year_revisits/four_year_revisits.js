// Copyright (c) 2026, recrm developers and contributors
// For license information, please see license.txt

frappe.query_reports["Four-Year Revisits"] = {
	filters: [
		{ fieldname: "project", label: __("Project"), fieldtype: "Link", options: "RE Project" },
		{ fieldname: "due_from", label: __("Due From"), fieldtype: "Date" },
		{ fieldname: "due_to", label: __("Due To"), fieldtype: "Date" },
	],
};
