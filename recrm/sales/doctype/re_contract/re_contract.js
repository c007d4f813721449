// Copyright (c) 2026, recrm developers and contributors
// For license information, please see license.txt

frappe.ui.form.on("RE Contract", {
	setup(frm) {
		frm.set_query("reservation", () => ({
			filters: { docstatus: 1, status: "Active", ...(frm.doc.unit ? { unit: frm.doc.unit } : {}) },
		}));
		frm.set_query("unit", () => ({ filters: { status: ["in", ["Available", "Subscribed"]] } }));
		frm.set_query("payment_plan", () => ({
			filters: { disabled: 0, project: ["in", [frm.doc.project || "", ""]] },
		}));
	},
	refresh(frm) {
		if (frm.doc.docstatus === 1) {
			frm.page.clear_secondary_action();
			if (frm.doc.is_overdue) {
				frm.dashboard.set_headline_alert(
					__("{0} overdue, {1} days", [
						format_currency(frm.doc.overdue_amount),
						frm.doc.days_overdue,
					]),
					"red"
				);
			}
			if (frappe.model.can_create("RE Receipt") && frm.doc.outstanding_amount > 0) {
				frm.add_custom_button(__("Receive Payment"), () =>
					frappe.new_doc("RE Receipt", { contract: frm.doc.name })
				);
			}
			if ((frm.doc.loans || []).some((row) => row.approval_stage !== "Disbursed")) {
				frm.add_custom_button(__("Loan Progress"), () => record_loan_progress(frm));
			}
			frm.add_custom_button(__("Receipts"), () =>
				frappe.set_route("List", "RE Receipt", { contract: frm.doc.name })
			);
			if (frappe.model.can_create("RE Sales Change")) {
				for (const kind of ["Cancellation", "Unit Change", "Change of Buyer"]) {
					frm.add_custom_button(
						__(kind),
						() => frappe.new_doc("RE Sales Change", { contract: frm.doc.name, kind: kind }),
						__("Sales Change")
					);
				}
			}
		}
		if (frm.doc.docstatus === 0 && frm.doc.approval_chain) {
			frm.dashboard.set_headline_alert(
				__("The discount needs the approval of {0} before signing.", [
					frm.doc.approval_chain
						.split(", ")
						.map((role) => __(role))
						.join(" → "),
				]),
				"orange"
			);
		}
		if (frm.doc.docstatus === 0 && !frm.is_new()) {
			frm.add_custom_button(__("Record Disclosure Acknowledgement"), () => acknowledge(frm));
			if (!frm.doc.disclosure_fingerprint) {
				frm.set_intro(
					__("Before signing, show the buyer the project's disclosed facts and record their acknowledgement."),
					"orange"
				);
			}
		}
	},
	reservation(frm) {
		if (frm.doc.reservation && !frm.doc.unit) {
			frappe.db
				.get_value("RE Reservation", frm.doc.reservation, "unit")
				.then((r) => frm.set_value("unit", r.message.unit));
		}
	},
});

function acknowledge(frm) {
	frm.call("disclosures_to_acknowledge").then((r) => {
		const { facts, fingerprint } = r.message;
		const items = facts.length
			? facts
					.map(
						(f) => `<li><b>${__(f.category)}</b>: ${frappe.utils.escape_html(f.description)}</li>`
					)
					.join("")
			: `<li>${__("Nothing is disclosed for this project.")}</li>`;
		frappe.confirm(
			`<p>${__("The buyer has read and acknowledges these facts:")}</p><ul>${items}</ul>`,
			() =>
				frm
					.call("acknowledge_disclosures", { shown_fingerprint: fingerprint })
					.then(() => frm.reload_doc())
		);
	});
}

function record_loan_progress(frm) {
	const loans = (frm.doc.loans || []).filter((row) => row.approval_stage !== "Disbursed");
	const dialog = new frappe.ui.Dialog({
		title: __("Loan Progress"),
		fields: [
			{
				fieldname: "loan",
				fieldtype: "Select",
				label: __("Loan"),
				reqd: 1,
				options: loans.map((row) => ({
					value: row.name,
					label: `${__(row.kind)}: ${row.lender} (${__(row.approval_stage)})`,
				})),
				default: loans[0] && loans[0].name,
			},
			{
				fieldname: "approval_stage",
				fieldtype: "Select",
				label: __("Approval Stage"),
				reqd: 1,
				options: [
					{ value: "Approved", label: __("Approved") },
					{ value: "Disbursed", label: __("Disbursed") },
				],
			},
			{
				fieldname: "disbursed_on",
				fieldtype: "Date",
				label: __("Disbursed On"),
				depends_on: "eval:doc.approval_stage=='Disbursed'",
				mandatory_depends_on: "eval:doc.approval_stage=='Disbursed'",
			},
		],
		primary_action_label: __("Save"),
		primary_action(values) {
			frm.call("record_loan_progress", values).then(() => {
				dialog.hide();
				frm.reload_doc();
			});
		},
	});
	dialog.show();
}
