// Copyright (c) 2026, recrm developers and contributors
// For license information, please see license.txt

frappe.ui.form.on("RE Building", {
	setup(frm) {
		frm.set_query("unit_type", "stacks", () => ({ filters: { project: frm.doc.project } }));
	},
	refresh(frm) {
		if (frm.is_new()) return;
		frm.add_custom_button(__("Sales Control Board"), () =>
			frappe.set_route("sales-control-board", frm.doc.name)
		);
		// handover money: the late contracts' penalties from the actual handover date
		if (frm.doc.actual_handover_date && frappe.model.can_create("RE Delivery Penalty")) {
			frm.add_custom_button(
				__("Compute Delivery Penalties"),
				() =>
					frappe
						.call("recrm.handover.penalty.compute_for_building", { building: frm.doc.name })
						.then((r) =>
							frappe.show_alert({
								message: __("{0} delivery penalties drafted.", [r.message.drafted]),
								indicator: "green",
							})
						),
				__("Handover")
			);
		}
		if (frappe.model.can_create("RE Unit")) {
			frm.add_custom_button(
				__("Generate Units"),
				() => {
					frappe.confirm(
						__(
							"Create every unit of the layout that does not exist yet, numbered {0}? Existing units are left as they are.",
							[frm.doc.numbering_pattern]
						),
						() =>
							frm.call("generate_units").then((r) => {
								if (r.message) frappe.show_alert({ message: r.message.message, indicator: "blue" });
							})
					);
				},
				__("Units")
			);
			frm.add_custom_button(
				__("Adjust Prices"),
				() => frappe.new_doc("RE Price Adjustment", { building: frm.doc.name }),
				__("Units")
			);
		}
		frm.add_custom_button(
			__("Units"),
			() => frappe.set_route("List", "RE Unit", { building: frm.doc.name }),
			__("Units")
		);
	},
});
