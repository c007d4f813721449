// Copyright (c) 2026, recrm developers and contributors
// For license information, please see license.txt

frappe.ui.form.on("RE Unit", {
	refresh(frm) {
		if (frm.is_new()) return;
		frm.add_custom_button(__("Sales Control Board"), () =>
			frappe.set_route("sales-control-board", frm.doc.building)
		);
		recrm_add_sales_control_buttons(frm);
	},
});

function recrm_add_sales_control_buttons(frm) {
	const actions = (frm.doc.__onload && frm.doc.__onload.sales_control_actions) || [];
	actions.forEach((action) => {
		frm.add_custom_button(
			__(action.label),
			() => recrm.apply_sales_control(frm.doc.name, action, () => frm.reload_doc()),
			__("Sales Control")
		);
	});
}
