// Copyright (c) 2026, recrm developers and contributors
// For license information, please see license.txt

frappe.listview_settings["RE Stakeholder"] = {
	add_fields: ["kind"],
	get_indicator(doc) {
		const colours = {
			Supplier: "blue",
			"Sales Agency": "cyan",
			Authority: "purple",
			Media: "orange",
			Competitor: "red",
		};
		return [__(doc.kind), colours[doc.kind] || "gray", `kind,=,${doc.kind}`];
	},
};
