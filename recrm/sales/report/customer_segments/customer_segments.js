// Copyright (c) 2026, recrm developers and contributors
// For license information, please see license.txt

frappe.query_reports["Customer Segments"] = {
	filters: [
		{
			fieldname: "value_grade",
			label: __("Value Grade"),
			fieldtype: "Select",
			options: ["", "A", "B", "C", "D"],
		},
		{
			fieldname: "lifecycle_stage",
			label: __("Lifecycle Stage"),
			fieldtype: "Select",
			options: [
				"",
				"Prospect",
				"Interested",
				"Qualified",
				"Contracted",
				"Awaiting Handover",
				"Owner",
				"Member",
			],
		},
		{
			fieldname: "first_channel",
			label: __("First Channel"),
			fieldtype: "Link",
			options: "RE Channel",
		},
	],

	// a count opens the customer list of its cell, with the report's filters
	formatter(value, row, column, data, default_formatter) {
		const formatted = default_formatter(value, row, column, data);
		const band = column.label && column.fieldtype === "Int" && column.fieldname !== "total";
		if (!band || !value || !data || !data.life_stage_value) {
			return formatted;
		}
		const bands = {
			entry: "Entry",
			middle: "Middle",
			upper: "Upper",
			luxury: "Luxury",
			unknown: "Unknown",
		};
		const route_options = {
			life_stage: data.life_stage_value,
			affordability: bands[column.fieldname],
		};
		for (const field of ["value_grade", "lifecycle_stage", "first_channel"]) {
			const filter_value = frappe.query_report.get_filter_value(field);
			if (filter_value) route_options[field] = filter_value;
		}
		const query = new URLSearchParams(route_options).toString();
		return `<a href="/app/re-customer?${query}">${formatted}</a>`;
	},
};
