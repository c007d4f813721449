// Copyright (c) 2026, recrm developers and contributors
// For license information, please see license.txt

frappe.ui.form.on("RE Payment Plan", {
	refresh(frm) {
		frm.set_intro(
			__(
				"Instalments are paid in the order listed. Percentages are of the final price; one instalment may take the remainder. Loans are entered on the contract, not here."
			)
		);
	},
});
