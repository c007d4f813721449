frappe.query_reports["Referrals"] = {
	filters: [
		{
			fieldname: "group_by",
			label: __("Group By"),
			fieldtype: "Select",
			options: [
				{ value: "month", label: __("Month") },
				{ value: "project", label: __("Project") },
				{ value: "referrer", label: __("Referrer") },
			],
			default: "month",
		},
		{ fieldname: "from_date", label: __("From Date"), fieldtype: "Date" },
		{ fieldname: "to_date", label: __("To Date"), fieldtype: "Date" },
	],
};
