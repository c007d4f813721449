// Copyright (c) 2026, recrm developers and contributors
// For license information, please see license.txt

frappe.ui.form.on("RE Handover Slot", {
	setup(frm) {
		frm.set_query("building", () => ({ filters: { project: frm.doc.project || "" } }));
	},
});
