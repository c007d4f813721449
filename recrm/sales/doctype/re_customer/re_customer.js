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
		if (owners.can_merge) {
			frm.add_custom_button(__("Merge"), () => recrm_merge_customer(frm));
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

// managers only (checked on the server too): the duplicate chosen here goes, this record stays
function recrm_merge_customer(frm) {
	frappe.prompt(
		{
			fieldname: "source",
			fieldtype: "Link",
			options: "RE Customer",
			label: __("Duplicate Customer"),
			reqd: 1,
			get_query: () => ({ filters: { name: ["!=", frm.doc.name] } }),
			description: __(
				"The duplicate is removed: its phones, interactions, owners and history move to this customer."
			),
		},
		({ source }) => {
			const names = [source, frm.doc.name].map((name) => `<b>${frappe.utils.escape_html(name)}</b>`);
			frappe.confirm(__("Merge {0} into {1}? This cannot be undone.", names), () =>
				frappe
					.call({
						method: "recrm.sales.merge.merge_customers",
						args: { source, target: frm.doc.name },
						freeze: true,
					})
					.then(() => {
						frappe.show_alert({
							message: __("{0} merged into this customer", [source]),
							indicator: "green",
						});
						frm.reload_doc();
					})
			);
		},
		__("Merge a Duplicate into {0}", [frm.doc.full_name]),
		__("Merge")
	);
}
