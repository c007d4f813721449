// Phone privacy (recrm/sales/phone_privacy.py): the list shows masked numbers; the full ones of
// the rows on screen that the user may see (all for managers and customer service, an advisor's
// own customers) are asked for after each refresh and put in their place.
frappe.listview_settings["RE Customer"] = {
	add_fields: ["primary_phone_masked"],
	formatters: {
		primary_phone_masked(value, df, doc) {
			const customer = frappe.utils.escape_html(doc.name);
			const masked = frappe.utils.escape_html(value || "");
			return `<span class="recrm-phone" data-customer="${customer}">${masked}</span>`;
		},
	},
	refresh(listview) {
		const customers = (listview.data || []).map((doc) => doc.name);
		if (!customers.length) return;
		frappe
			.xcall("recrm.api.phones.get_full_phones", { customers })
			.then((phones) => {
				listview.$result.find(".recrm-phone").each(function () {
					const phone = phones[this.dataset.customer];
					if (phone) this.textContent = phone;
				});
			})
			.catch(() => {});
	},
	onload(listview) {
		// the pool (公海): customers returned to the pool of the projects the user works in
		listview.page.add_inner_button(__("Pool"), () => {
			frappe.call("recrm.sales.pool.pool_filters").then((r) => {
				listview.filter_area.clear(false).then(() => listview.filter_area.add(r.message));
			});
		});
	},
};
