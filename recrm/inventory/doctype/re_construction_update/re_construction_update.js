// Copyright (c) 2026, recrm developers and contributors
// For license information, please see license.txt

// Publish shows the update to the buyers of the building and e-mails them, once
// (recrm/inventory/construction_updates.py); Withdraw hides it again.
frappe.ui.form.on("RE Construction Update", {
	refresh(frm) {
		frm.set_query("building", () => ({ filters: frm.doc.project ? { project: frm.doc.project } : {} }));
		if (frm.is_new() || !frm.perm[0] || !frm.perm[0].write) return;
		if (!frm.doc.published) {
			frm.add_custom_button(__("Publish"), () =>
				frappe.confirm(
					__("Publish this update to the buyers of {0}? They get it by e-mail.", [
						`<b>${frappe.utils.escape_html(frm.doc.building)}</b>`,
					]),
					() => recrm_construction_update_call(frm, "publish", __("Published")),
				),
			).addClass("btn-primary");
		} else {
			frm.add_custom_button(__("Withdraw"), () =>
				frappe.confirm(__("Hide this update from the buyers again?"), () =>
					recrm_construction_update_call(frm, "withdraw", __("Withdrawn")),
				),
			);
		}
	},
	building(frm) {
		if (!frm.doc.building || !frm.is_new()) return;
		frappe.db
			.get_value("RE Building", frm.doc.building, ["construction_stage", "progress_percent"])
			.then(({ message }) => {
				if (!message) return;
				if (message.construction_stage) frm.set_value("stage", message.construction_stage);
				frm.set_value("percent_complete", message.progress_percent || 0);
			});
	},
});

function recrm_construction_update_call(frm, action, done) {
	if (frm.is_dirty()) {
		frappe.msgprint(__("Save the update first."));
		return;
	}
	frappe
		.call({
			method: `recrm.inventory.construction_updates.${action}`,
			args: { update: frm.doc.name },
			freeze: true,
		})
		.then(() => {
			frappe.show_alert({ message: done, indicator: "green" });
			frm.reload_doc();
		});
}
