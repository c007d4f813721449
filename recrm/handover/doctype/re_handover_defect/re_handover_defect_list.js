// Copyright (c) 2026, recrm developers and contributors
// For license information, please see license.txt

frappe.listview_settings["RE Handover Defect"] = {
	get_indicator(doc) {
		const colours = {
			Reported: "orange",
			"In Progress": "blue",
			Fixed: "green",
			Verified: "green",
			Rejected: "gray",
		};
		if (
			["Reported", "In Progress"].includes(doc.status) &&
			doc.due_date &&
			doc.due_date < frappe.datetime.get_today()
		) {
			return [__("Overdue"), "red", "due_date,<," + frappe.datetime.get_today()];
		}
		return [__(doc.status), colours[doc.status] || "gray", "status,=," + doc.status];
	},
};
