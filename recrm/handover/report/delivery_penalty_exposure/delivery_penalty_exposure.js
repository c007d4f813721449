frappe.query_reports["Delivery Penalty Exposure"] = {
	filters: [
		{ fieldname: "project", label: __("Project"), fieldtype: "Link", options: "RE Project" },
		{ fieldname: "building", label: __("Building"), fieldtype: "Link", options: "RE Building" },
	],
};
