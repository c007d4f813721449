// Copyright (c) 2026, recrm developers and contributors
// For license information, please see license.txt

frappe.ui.form.on("RE Price Adjustment", {
	refresh(frm) {
		if (frm.doc.docstatus === 0 && !frm.is_new()) {
			frm.add_custom_button(__("Refresh Units"), () =>
				frm.call("refresh_units").then(() => frm.refresh_fields())
			);
		}
	},
	building(frm) {
		frm.clear_table("items");
		frm.refresh_field("items");
	},
	kind(frm) {
		frm.clear_table("items");
		frm.refresh_field("items");
	},
	only_available(frm) {
		frm.clear_table("items");
		frm.refresh_field("items");
	},
});
