// Copyright (c) 2026, recrm developers and contributors
// For license information, please see license.txt

frappe.ui.form.on("RE Customer", {
	refresh(frm) {
		const owners = (frm.doc.__onload && frm.doc.__onload.owners) || {};
		// advisors change owners by Claim and interactions, never by editing the rows (checked on save too)
		frm.set_df_property("advisors", "read_only", owners.locked ? 1 : 0);
		if (frm.is_new()) return;
		if (owners.can_claim) {
			frm.add_custom_button(__("Claim"), () => recrm_claim_customer(frm, owners.claimable || []));
		}
	},
});

function recrm_claim_customer(frm, claimable) {
	frappe.prompt(
		{
			fieldname: "project",
			fieldtype: "Link",
			options: "RE Project",
			label: __("Project"),
			reqd: 1,
			default: claimable[0],
			description: __("You own the customer in this project, protected for the project's days."),
		},
		({ project }) =>
			frappe
				.call({
					method: "recrm.sales.pool.claim",
					args: { customer: frm.doc.name, project },
					freeze: true,
				})
				.then((r) => {
					if (r.message && r.message.claimed) {
						frappe.show_alert({ message: __("Claimed"), indicator: "green" });
					}
					frm.reload_doc();
				}),
		__("Claim Customer"),
		__("Claim")
	);
}
