// Copyright (c) 2026, recrm developers and contributors
// For license information, please see license.txt

const COMPLAINT_COLOURS = {
	Open: "red",
	Responded: "orange",
	"In Progress": "blue",
	"Awaiting Customer": "yellow",
	Resolved: "green",
	Closed: "gray",
	Reopened: "purple",
};

frappe.listview_settings["RE Complaint"] = {
	add_fields: ["status", "resolution_status"],
	get_indicator(doc) {
		if (doc.resolution_status === "Breached" && !["Resolved", "Closed"].includes(doc.status)) {
			return [__("Breached"), "red", "resolution_status,=,Breached"];
		}
		return [__(doc.status), COMPLAINT_COLOURS[doc.status] || "gray", "status,=," + doc.status];
	},
};
