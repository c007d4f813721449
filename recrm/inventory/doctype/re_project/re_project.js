// Copyright (c) 2026, recrm developers and contributors
// For license information, please see license.txt

frappe.ui.form.on("RE Project", {
	refresh(frm) {
		if (!frm.is_new()) {
			frm.add_custom_button(__("Buildings"), () =>
				frappe.set_route("List", "RE Building", { project: frm.doc.name })
			);
			frm.add_custom_button(__("Units"), () =>
				frappe.set_route("List", "RE Unit", { project: frm.doc.name })
			);
		}
	},
});
