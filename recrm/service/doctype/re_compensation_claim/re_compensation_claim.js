// Copyright (c) 2026, recrm developers and contributors
// For license information, please see license.txt

frappe.ui.form.on("RE Compensation Claim", {
	refresh(frm) {
		if (frm.is_new()) return;
		const chain = (frm.doc.required_steps || "").split("\n").filter(Boolean);
		if (chain.length) {
			const done = (frm.doc.step_log || []).filter((row) => row.action === "Approve").map((row) => row.step);
			const steps = chain
				.map((step) => {
					const mark = done.includes(step) ? "✓ " : step === frm.doc.current_step ? "▶ " : "";
					return mark + __(step);
				})
				.join(" → ");
			frm.set_intro(steps, "blue");
		}
		if (frm.doc.current_step && frm.doc.step_due) {
			const late = frappe.datetime.str_to_obj(frm.doc.step_due) < new Date();
			frm.dashboard.add_indicator(
				__("Waiting for {0} since {1}, due {2}", [
					__(frm.doc.current_step),
					frappe.datetime.str_to_user(frm.doc.step_entered_at),
					frappe.datetime.str_to_user(frm.doc.step_due),
				]),
				late ? "red" : "orange"
			);
		}
	},
});
