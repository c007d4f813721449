// Copyright (c) 2026, recrm developers and contributors
// For license information, please see license.txt

const DEED_STAGES = [
	"Online Contract Filed",
	"Contract Registered",
	"Initial Registration",
	"Documents Collected",
	"Submitted to Registry",
	"Taxes Paid",
	"Certificate Collected",
	"Issued to Owner",
];

frappe.ui.form.on("RE Title Deed", {
	refresh(frm) {
		if (frm.is_new() || !frm.perm[0].write) return;
		frm.add_custom_button(__("Move Stage"), () => move_stage_dialog(frm));
	},
});

function move_stage_dialog(frm) {
	const index = DEED_STAGES.indexOf(frm.doc.stage);
	const next = DEED_STAGES[index + 1] || DEED_STAGES[index];
	const dialog = new frappe.ui.Dialog({
		title: __("Move Stage"),
		fields: [
			{
				fieldname: "stage",
				fieldtype: "Select",
				label: __("Stage"),
				options: DEED_STAGES.map((value) => ({ value, label: __(value) })),
				default: next,
				reqd: 1,
			},
			{ fieldname: "on", fieldtype: "Date", label: __("Reached On"), default: frappe.datetime.get_today(), reqd: 1 },
			{ fieldname: "responsible", fieldtype: "Link", options: "User", label: __("Responsible") },
			{
				fieldname: "reason",
				fieldtype: "Small Text",
				label: __("Reason"),
				description: __("Needed to skip a stage or move back."),
			},
		],
		primary_action_label: __("Move"),
		primary_action(values) {
			frappe
				.call({
					method: "recrm.handover.deed.move_deed",
					args: { deed: frm.doc.name, ...values },
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
