frappe.ui.form.on("RE Area Survey", {
	refresh(frm) {
		if (!frm.is_new() && frm.doc.survey_file && frm.doc.status !== "Importing") {
			frm.add_custom_button(__("Import Survey Report"), () =>
				frappe
					.call("recrm.handover.area.start_import", { survey: frm.doc.name })
					.then(() => frm.reload_doc()),
			);
		}
	},
});
