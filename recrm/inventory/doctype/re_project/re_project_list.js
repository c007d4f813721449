frappe.listview_settings["RE Project"] = {
	get_indicator(doc) {
		const colors = {
			Planning: "gray",
			"On Sale": "green",
			"Sold Out": "blue",
			"Handed Over": "purple",
			Closed: "darkgrey",
		};
		return [__(doc.status), colors[doc.status] || "gray", "status,=," + doc.status];
	},
};
