// Desk helpers shared by recrm's forms and pages.
frappe.provide("recrm");

// Ask why, then hold, release, withdraw or return a unit to sale (销控); the reason is kept.
recrm.apply_sales_control = function (unit, action, on_done) {
	frappe.prompt(
		{ fieldname: "reason", fieldtype: "Small Text", label: __("Reason"), reqd: 1 },
		({ reason }) =>
			frappe
				.call({
					method: "recrm.inventory.status.apply_sales_control",
					args: { unit, action: action.key, reason },
					freeze: true,
				})
				.then((r) => on_done && on_done(r.message)),
		__(action.label),
		__(action.label)
	);
};
