// Copyright (c) 2026, recrm developers and contributors
// For license information, please see license.txt

// Leave the Club, and consents given or withdrawn, through recrm/club/membership.py
frappe.ui.form.on("RE Club Member", {
	refresh(frm) {
		if (frm.is_new() || !frm.perm[0].write) return;
		if (frm.doc.status === "Active") {
			frm.add_custom_button(__("Leave the Club"), () => {
				frappe.prompt(
					[{ fieldname: "reason", fieldtype: "Small Text", label: __("Reason for Leaving") }],
					(values) =>
						frappe
							.call({ method: "recrm.club.membership.leave_from_desk", args: { member: frm.doc.name, reason: values.reason } })
							.then(() => frm.reload_doc()),
					__("Leave the Club")
				);
			});
		}
		frm.add_custom_button(__("Record Consent"), () => {
			frappe.prompt(
				[
					{ fieldname: "purpose", fieldtype: "Select", label: __("Consent To"), options: ["Club Use of Data", "Marketing Messages"], reqd: 1 },
					{ fieldname: "given", fieldtype: "Select", label: __("Action"), options: ["Given", "Withdrawn"], reqd: 1 },
					{ fieldname: "method", fieldtype: "Select", label: __("How"), options: ["Signed Form", "Phone", "Desk"], default: "Desk" },
				],
				(values) =>
					frappe
						.call({
							method: "recrm.club.membership.consent_from_desk",
							args: { member: frm.doc.name, purpose: values.purpose, given: values.given === "Given" ? 1 : 0, method: values.method },
						})
						.then(() => frm.reload_doc()),
				__("Record Consent")
			);
		});
	},
});
