// Copyright (c) 2026, recrm developers and contributors
// For license information, please see license.txt

frappe.ui.form.on("RE Handover Batch", {
	refresh(frm) {
		if (frm.is_new()) return;
		const run = (method) =>
			frm.call(method).then(() => frm.reload_doc());
		if (frm.doc.status === "Draft") {
			frm.add_custom_button(__("Open Batch"), () => run("open_batch")).addClass("btn-primary");
		}
		if (frm.doc.status === "Open") {
			frm.add_custom_button(__("Close Batch"), () =>
				frappe.confirm(__("Close this batch and its slots?"), () => run("close_batch"))
			);
			frm.add_custom_button(__("Slots"), () =>
				frappe.set_route("List", "RE Handover Slot", { batch: frm.doc.name })
			);
		}
	},
});
