// Copyright (c) 2026, recrm developers and contributors
// For license information, please see license.txt

frappe.query_reports["Receivables"] = {
	filters: [
		{ fieldname: "project", label: __("Project"), fieldtype: "Link", options: "RE Project" },
		{
			fieldname: "as_of",
			label: __("As of"),
			fieldtype: "Date",
			default: frappe.datetime.get_today(),
			reqd: 1,
		},
		{ fieldname: "advisor", label: __("Advisor"), fieldtype: "Link", options: "User" },
		{ fieldname: "overdue_only", label: __("Overdue Only"), fieldtype: "Check" },
	],
	formatter(value, row, column, data, default_formatter) {
		value = default_formatter(value, row, column, data);
		if (data && column.fieldname === "overdue" && data.overdue > 0) {
			value = `<span style="color: var(--red-600)">${value}</span>`;
		}
		return value;
	},
};
