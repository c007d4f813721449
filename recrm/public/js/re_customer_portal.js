// Copyright (c) 2026, recrm developers and contributors
// For license information, please see license.txt

// Invite to Portal (recrm/portal/access.py): staff who may edit the customer create the buyer's
// website login from the customer's e-mail address and send the welcome e-mail.
frappe.ui.form.on("RE Customer", {
	refresh(frm) {
		if (frm.is_new() || !frm.perm[0] || !frm.perm[0].write) return;
		const label = frm.doc.portal_user ? __("Invite to Portal Again") : __("Invite to Portal");
		frm.add_custom_button(label, () => recrm_invite_to_portal(frm), __("Actions"));
	},
});

function recrm_invite_to_portal(frm) {
	const email = frm.doc.portal_user || frm.doc.email;
	if (!email) {
		frappe.msgprint({
			title: __("Invite to Portal"),
			message: __("Enter the customer's e-mail address and save before inviting them."),
			indicator: "orange",
		});
		return;
	}
	frappe.confirm(
		__("Send {0} an invitation to the buyer portal at {1}?", [
			`<b>${frappe.utils.escape_html(frm.doc.full_name)}</b>`,
			`<b>${frappe.utils.escape_html(email)}</b>`,
		]),
		() =>
			frappe
				.call({
					method: "recrm.portal.access.invite_to_portal",
					args: { customer: frm.doc.name },
					freeze: true,
				})
				.then((r) => {
					if (!r.message) return;
					frappe.show_alert({
						message: __("Invitation sent to {0}", [r.message.user]),
						indicator: "green",
					});
					frm.reload_doc();
				}),
	);
}
