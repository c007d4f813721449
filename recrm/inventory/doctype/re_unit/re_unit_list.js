frappe.listview_settings["RE Unit"] = {
	add_fields: ["status"],
	get_indicator(doc) {
		const colors = {
			Available: "green",
			Held: "orange",
			Reserved: "yellow",
			Subscribed: "cyan",
			Contracted: "blue",
			"Handed Over": "purple",
			"Not For Sale": "gray",
		};
		return [__(doc.status), colors[doc.status] || "gray", "status,=," + doc.status];
	},
};
