frappe.listview_settings["RE Reservation"] = {
	add_fields: ["status", "valid_until"],
	has_indicator_for_draft: true,
	get_indicator(doc) {
		const colours = {
			Draft: "gray",
			Active: "blue",
			Converted: "green",
			Expired: "orange",
			Cancelled: "red",
		};
		return [__(doc.status), colours[doc.status] || "gray", `status,=,${doc.status}`];
	},
};
