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
			() => {
				frappe.prompt(
					{ fieldname: "reason", fieldtype: "Small Text", label: __("Reason"), reqd: 1 },
					({ reason }) =>
						frappe
							.call({
								method: "recrm.inventory.status.apply_sales_control",
								args: { unit: frm.doc.name, action: action.key, reason },
								freeze: true,
							})
							.then(() => frm.reload_doc()),
					__(action.label),
					__(action.label)
				);
			},
			__("Sales Control")
		);
	});
}
