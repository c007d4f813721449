// Copyright (c) 2026, recrm developers and contributors
// For license information, please see license.txt

frappe.query_reports["Defects by Trade and Age"] = {
	filters: [
		{ fieldname: "project", label: __("Project"), fieldtype: "Link", options: "RE Project" },
		{ fieldname: "building", label: __("Building"), fieldtype: "Link", options: "RE Building" },
		{ fieldname: "contractor", label: __("Contractor"), fieldtype: "Link", options: "RE Contractor" },
	],
};
