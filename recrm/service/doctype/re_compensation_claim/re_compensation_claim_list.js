// Copyright (c) 2026, recrm developers and contributors
// For license information, please see license.txt

frappe.listview_settings["RE Compensation Claim"] = {
	add_fields: ["approval_status", "current_step", "step_due"],
	has_indicator_for_draft: 1,
	get_indicator(doc) {
		if (doc.approval_status === "Pending") {
			const late = doc.step_due && frappe.datetime.str_to_obj(doc.step_due) < new Date();
			return [__(doc.current_step || "Pending"), late ? "red" : "orange", "approval_status,=,Pending"];
		}
		const colours = { Draft: "gray", Approved: "green", Rejected: "red" };
		return [__(doc.approval_status), colours[doc.approval_status], "approval_status,=," + doc.approval_status];
	},
};
