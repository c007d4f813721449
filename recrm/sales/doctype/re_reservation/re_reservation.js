// Copyright (c) 2026, recrm developers and contributors
// For license information, please see license.txt

frappe.ui.form.on("RE Reservation", {
	setup(frm) {
		frm.set_query("unit", () => ({ filters: { status: "Available" } }));
	},
	refresh(frm) {
		if (frm.doc.docstatus === 1 && ["Active", "Expired"].includes(frm.doc.status)) {
			frm.page.clear_secondary_action();
			frm.add_custom_button(__("Cancel Reservation"), () => cancel_reservation(frm));
		}
		if (frm.doc.docstatus === 1 && frm.doc.status === "Converted") {
			// signed: the contract's cancellation request (退房) ends it, Cancel here would only be refused
			frm.page.clear_secondary_action();
		}
		if (frm.doc.docstatus === 1 && frm.doc.status === "Active" && frappe.model.can_create("RE Contract")) {
			frm.add_custom_button(__("Sign Contract"), () =>
				frappe.new_doc("RE Contract", { reservation: frm.doc.name, unit: frm.doc.unit })
			);
		}
	},
	unit(frm) {
		if (frm.doc.unit && !frm.doc.agreed_price) {
			frappe.db
				.get_value("RE Unit", frm.doc.unit, "list_price")
				.then((r) => frm.set_value("agreed_price", r.message.list_price));
		}
	},
});

function cancel_reservation(frm) {
	const dialog = new frappe.ui.Dialog({
		title: __("Cancel Reservation"),
		fields: [
			{
				fieldname: "deposit_fate",
				fieldtype: "Select",
				label: __("Deposit"),
				options: [
					{ value: "Refund", label: __("Refund") },
					{ value: "Forfeit", label: __("Forfeit") },
				],
				default: "Refund",
				reqd: 1,
				description: __("Only a sales manager may forfeit a deposit."),
			},
			{ fieldname: "reason", fieldtype: "Small Text", label: __("Reason"), reqd: 1 },
		],
		primary_action_label: __("Cancel Reservation"),
		primary_action(values) {
			frappe
				.call({
					method: "recrm.sales.doctype.re_reservation.re_reservation.cancel_reservation",
					args: { name: frm.doc.name, deposit_fate: values.deposit_fate, reason: values.reason },
					freeze: true,
				})
				.then(() => {
					dialog.hide();
					frm.reload_doc();
				});
		},
	});
	dialog.show();
}
