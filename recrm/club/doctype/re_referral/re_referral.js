// RE Referral: the advisor records a friend at reception; the rest is written by the club's code.
frappe.ui.form.on("RE Referral", {
	onload(frm) {
		if (frm.is_new() && !frm.doc.advisor && frappe.session.user !== "Administrator") {
			frm.set_value("advisor", frappe.session.user);
		}
	},
	refresh(frm) {
		frm.set_df_property("phone", "hidden", !frm.is_new());
		frm.set_df_property("phone", "reqd", frm.is_new());
		["referrer", "friend_name", "channel", "project", "advisor"].forEach((field) =>
			frm.set_df_property(field, "read_only", !frm.is_new()),
		);
	},
});
