// Copyright (c) 2026, recrm developers and contributors
// For license information, please see license.txt

frappe.ui.form.on("RE Site Visit Day", {
	setup(frm) {
		frm.set_query("building", () => ({ filters: { project: frm.doc.project || "" } }));
	},
});
