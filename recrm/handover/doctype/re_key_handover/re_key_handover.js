// Copyright (c) 2026, recrm developers and contributors
// For license information, please see license.txt

frappe.ui.form.on("RE Key Handover", {
	refresh(frm) {
		if (frm.doc.docstatus === 0 && frm.doc.unit) {
			frappe
				.call("recrm.handover.readiness.readiness", { unit: frm.doc.unit })
				.then(({ message }) => {
					if (message && message.length) {
						frm.dashboard.set_headline_alert(
							`${__("Missing before the keys")}: ${message.map(frappe.utils.escape_html).join("; ")}`,
							"orange"
						);
					}
				});
		}
	},
	before_cancel(frm) {
		if (!frm.doc.cancel_reason) {
			frappe.throw(__("Say why the key handover is cancelled: the reason is kept in the unit's history."));
		}
	},
});
