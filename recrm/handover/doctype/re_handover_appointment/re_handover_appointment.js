// Copyright (c) 2026, recrm developers and contributors
// For license information, please see license.txt

frappe.ui.form.on("RE Handover Appointment", {
	setup(frm) {
		// slots of the unit's project that are open; the server checks the building and the places
		frm.set_query("slot", () => ({
			filters: { project: frm.doc.project || "", status: "Open" },
		}));
	},
});
