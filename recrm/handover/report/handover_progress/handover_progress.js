// Copyright (c) 2026, recrm developers and contributors
// For license information, please see license.txt

frappe.query_reports["Handover Progress"] = {
	filters: [
		{ fieldname: "project", label: __("Project"), fieldtype: "Link", options: "RE Project" },
		{ fieldname: "building", label: __("Building"), fieldtype: "Link", options: "RE Building" },
	],
};
