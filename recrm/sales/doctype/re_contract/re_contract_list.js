frappe.listview_settings["RE Contract"] = {
	add_fields: ["status", "is_overdue", "days_overdue"],
	has_indicator_for_draft: true,
	get_indicator(doc) {
		if (doc.docstatus === 1 && doc.is_overdue) {
			return [__("Overdue"), "red", "is_overdue,=,1"];
		}
		const colours = { Draft: "gray", Signed: "blue", "Paid Up": "green", Cancelled: "red" };
		return [__(doc.status), colours[doc.status] || "gray", `status,=,${doc.status}`];
	},
};
