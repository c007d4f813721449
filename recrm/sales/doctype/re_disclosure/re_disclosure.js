// Copyright (c) 2026, recrm developers and contributors
// For license information, please see license.txt

frappe.ui.form.on("RE Disclosure", {
	refresh(frm) {
		frm.set_intro(
			__(
				"Buyers acknowledge the project's active facts before they sign. Adding, changing or withdrawing a fact asks buyers of unsigned contracts to acknowledge the list again."
			)
		);
	},
});
