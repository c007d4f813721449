// Copyright (c) 2026, recrm developers and contributors
// For license information, please see license.txt

frappe.listview_settings["RE Title Deed"] = {
	add_fields: ["stage", "next_due_date"],
	get_indicator(doc) {
		if (doc.stage === "Issued to Owner") return [__(doc.stage), "green", "stage,=," + doc.stage];
		if (doc.next_due_date && doc.next_due_date < frappe.datetime.get_today())
			return [__("Overdue"), "red", "next_due_date,<," + frappe.datetime.get_today()];
		return [__(doc.stage), "blue", "stage,=," + doc.stage];
	},
	onload(listview) {
		if (!frappe.model.can_write("RE Title Deed")) return;
		listview.page.add_inner_button(__("Move a Building's Deeds"), () => bulk_move_dialog());
	},
};

function bulk_move_dialog() {
	const stages = [
		"Online Contract Filed",
		"Contract Registered",
		"Initial Registration",
		"Documents Collected",
		"Submitted to Registry",
		"Taxes Paid",
		"Certificate Collected",
	];
	const dialog = new frappe.ui.Dialog({
		title: __("Move a Building's Deeds"),
		fields: [
			{ fieldname: "building", fieldtype: "Link", options: "RE Building", label: __("Building"), reqd: 1 },
			{
				fieldname: "stage",
				fieldtype: "Select",
				label: __("Deeds At Stage"),
				options: stages.map((value) => ({ value, label: __(value) })),
				reqd: 1,
				description: __("Every deed of the building at this stage moves to the next one."),
			},
			{ fieldname: "on", fieldtype: "Date", label: __("Reached On"), default: frappe.datetime.get_today(), reqd: 1 },
			{ fieldname: "responsible", fieldtype: "Link", options: "User", label: __("Responsible") },
		],
		primary_action_label: __("Move"),
		primary_action(values) {
			frappe
				.call({ method: "recrm.handover.deed.start_bulk_move", args: values, freeze: true })
				.then(({ message }) => {
					dialog.hide();
					if (message.queued) {
						frappe.show_alert(__("Moving {0} title deeds in the background.", [message.count]));
						return;
					}
					show_result(message);
				});
		},
	});
	dialog.show();
}

function show_result(result) {
	const refused = (result.refused || [])
		.map((row) => `<li>${frappe.utils.escape_html(row.unit || row.deed)}: ${frappe.utils.escape_html(row.reason)}</li>`)
		.join("");
	frappe.msgprint({
		title: __("Title Deeds Moved"),
		message:
			__("{0} moved to {1}; {2} refused.", [result.moved, __(result.to_stage), (result.refused || []).length]) +
			(refused ? `<ul>${refused}</ul>` : ""),
	});
	cur_list && cur_list.refresh();
}

frappe.realtime.on("recrm_deed_bulk_done", (result) => show_result(result));
