// Copyright (c) 2026, recrm developers and contributors
// For license information, please see license.txt

frappe.ui.form.on("RE Sales Change", {
	setup(frm) {
		frm.set_query("contract", () => ({ filters: { docstatus: 1, status: ["in", ["Signed", "Paid Up"]] } }));
		frm.set_query("new_unit", () => ({ filters: { status: "Available", project: frm.doc.project } }));
	},
	refresh(frm) {
		if (frm.doc.docstatus === 0 && frm.doc.approval_chain) {
			frm.set_intro(
				__("Takes effect once approved by {0}.", [
					frm.doc.approval_chain
						.split(", ")
						.map((role) => __(role))
						.join(" → "),
				]),
				"blue"
			);
		}
		if (frm.doc.new_contract) {
			frm.add_custom_button(__("New Contract"), () =>
				frappe.set_route("Form", "RE Contract", frm.doc.new_contract)
			);
		}
	},
	contract(frm) {
		frm.set_value("new_buyers", []);
	},
});
