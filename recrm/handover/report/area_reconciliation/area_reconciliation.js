frappe.query_reports["Area Reconciliation"] = {
	filters: [
		{ fieldname: "project", label: __("Project"), fieldtype: "Link", options: "RE Project" },
		{ fieldname: "building", label: __("Building"), fieldtype: "Link", options: "RE Building" },
	],
};
