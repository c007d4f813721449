// Copyright (c) 2026, recrm developers and contributors
// For license information, please see license.txt

frappe.ui.form.on("RE Complaint", {
	setup(frm) {
		frm.set_query("building", () => ({ filters: { project: frm.doc.project } }));
		frm.set_query("unit", () => {
			const filters = { project: frm.doc.project };
			if (frm.doc.building) filters.building = frm.doc.building;
			return { filters };
		});
		frm.set_query("category", () => ({ filters: { is_group: 0 } }));
	},

	refresh(frm) {
		if (frm.is_new()) return;
		show_clocks(frm);
		const next = (frm.doc.__onload && frm.doc.__onload.next_statuses) || [];
		if (frm.perm[0] && frm.perm[0].write) {
			next.forEach((status) => {
				frm.add_custom_button(__(status), () => change_status(frm, status), __("Status"));
			});
		}
		if (["Resolved", "Closed"].includes(frm.doc.status) && !frm.doc.service_case) {
			frm.add_custom_button(__("Publish to Case Library"), () => publish_case(frm), __("Actions"));
		}
		if (frappe.model.can_create("RE Compensation Claim")) {
			frm.add_custom_button(
				__("Compensation Claim"),
				() => frappe.new_doc("RE Compensation Claim", { complaint: frm.doc.name }),
				__("Create")
			);
		}
	},

	project(frm) {
		frm.set_value("building", null);
		frm.set_value("unit", null);
	},

	building(frm) {
		frm.set_value("unit", null);
	},
});

const SLA_COLOURS = {
	"On Track": "green",
	"Breach in Sight": "orange",
	Breached: "red",
	Met: "green",
	"Met Late": "orange",
};

function show_clocks(frm) {
	const clock = (label, status, due) => {
		if (!status) return;
		const when = due ? " · " + frappe.datetime.str_to_user(due) : "";
		frm.dashboard.add_indicator(`${label}: ${__(status)}${when}`, SLA_COLOURS[status] || "gray");
	};
	clock(__("Response SLA"), frm.doc.response_status, frm.doc.responded_at ? null : frm.doc.response_due);
	clock(__("Resolution SLA"), frm.doc.resolution_status, frm.doc.resolved_at ? null : frm.doc.resolution_due);
	if (frm.doc.paused_since) {
		frm.dashboard.add_indicator(
			__("Awaiting the customer since {0}: the clock stands still", [
				frappe.datetime.str_to_user(frm.doc.paused_since),
			]),
			"blue"
		);
	}
}

function change_status(frm, status) {
	const fields = [{ fieldname: "note", fieldtype: "Small Text", label: __("Note") }];
	if (status === "Resolved") {
		fields.unshift({
			fieldname: "resolution",
			fieldtype: "Small Text",
			label: __("Resolution"),
			reqd: 1,
			default: frm.doc.resolution,
		});
	}
	frappe.prompt(
		fields,
		(values) =>
			frm
				.call("change_status", { status, note: values.note, resolution: values.resolution })
				.then(() => frm.reload_doc()),
		__("Change Status to {0}", [__(status)]),
		__("Save")
	);
}

function publish_case(frm) {
	frappe.prompt(
		[
			{ fieldname: "title", fieldtype: "Data", label: __("Title"), reqd: 1, default: frm.doc.subject },
			{ fieldname: "cause", fieldtype: "Small Text", label: __("Cause"), default: frm.doc.cause },
			{
				fieldname: "solution",
				fieldtype: "Small Text",
				label: __("Solution"),
				default: frm.doc.resolution,
			},
			{ fieldname: "lessons", fieldtype: "Small Text", label: __("Lessons") },
			{ fieldname: "tags", fieldtype: "Data", label: __("Tags"), description: __("Separated by commas") },
		],
		(values) =>
			frappe
				.call("recrm.service.cases.publish_case", { complaint: frm.doc.name, ...values })
				.then((r) => frappe.set_route("Form", "RE Service Case", r.message)),
		__("Publish to Case Library"),
		__("Publish")
	);
}
