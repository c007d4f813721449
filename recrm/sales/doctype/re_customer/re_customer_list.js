frappe.listview_settings["RE Customer"] = {
	onload(listview) {
		// the pool (公海): customers returned to the pool of the projects the user works in
		listview.page.add_inner_button(__("Pool"), () => {
			frappe.call("recrm.sales.pool.pool_filters").then((r) => {
				listview.filter_area.clear(false).then(() => listview.filter_area.add(r.message));
			});
		});
	},
};
