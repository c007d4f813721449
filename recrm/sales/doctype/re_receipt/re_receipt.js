// Copyright (c) 2026, recrm developers and contributors
// For license information, please see license.txt

frappe.ui.form.on("RE Receipt", {
	setup(frm) {
		frm.set_query("contract", () => ({ filters: { docstatus: 1 } }));
	},
});
