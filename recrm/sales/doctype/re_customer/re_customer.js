// Copyright (c) 2026, recrm developers and contributors
// For license information, please see license.txt

frappe.ui.form.on("RE Customer", {
	refresh(frm) {
		const owners = (frm.doc.__onload && frm.doc.__onload.owners) || {};
		// advisors change owners by Claim and interactions, never by editing the rows (checked on save too)
		frm.set_df_property("advisors", "read_only", owners.locked ? 1 : 0);
	},
});
