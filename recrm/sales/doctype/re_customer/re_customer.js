// Copyright (c) 2026, recrm developers and contributors
// For license information, please see license.txt

// Phone privacy (recrm/sales/phone_privacy.py): the document holds masked numbers only. Those who
// may see the full ones (managers, customer service, the customer's own advisor) get them in
// __onload.full_phones, shown as tel: links; everyone else sees the masked copies.
frappe.ui.form.on("RE Customer", {
	refresh(frm) {
		// a number typed into a new row would be dropped for those who cannot write numbers
		frm.set_df_property("phones", "cannot_add_rows", !frm.get_perm(1, "write"));
		recrm_render_phone_links(frm);
		recrm_owner_actions(frm);
	},
	phones_remove(frm) {
		recrm_render_phone_links(frm);
	},
});

function recrm_render_phone_links(frm) {
	const field = frm.get_field("phone_links");
	if (!field) return;
	const esc = frappe.utils.escape_html;
	const full = {};
	((frm.doc.__onload && frm.doc.__onload.full_phones) || []).forEach((p) => {
		full[p.row] = p.phone;
	});
	const rows = (frm.doc.phones || []).filter((row) => !row.__islocal);
	if (!rows.length) {
		field.$wrapper.html("");
		return;
	}
	const items = rows
		.map((row) => {
			const number = full[row.name];
			const shown = number
				? `<a href="tel:${encodeURIComponent(number)}">${esc(number)}</a>`
				: `<span class="text-muted">${esc(row.masked_phone || "")}</span>`;
			const primary = row.is_primary
				? ` <span class="indicator-pill blue">${__("Primary")}</span>`
				: "";
			return `<li>${shown}${primary}</li>`;
		})
		.join("");
	field.$wrapper.html(`
		<div class="recrm-phone-links">
			<label class="control-label">${__("Call")}</label>
			<ul class="list-unstyled">${items}</ul>
		</div>`);
}

function recrm_owner_actions(frm) {
	const owners = (frm.doc.__onload && frm.doc.__onload.owners) || {};
	// advisors change owners by Claim and interactions, never by editing the rows (checked on save too)
	frm.set_df_property("advisors", "read_only", owners.locked ? 1 : 0);
	if (frm.is_new()) return;
	if (owners.can_claim) {
		frm.add_custom_button(__("Claim"), () => recrm_claim_customer(frm, owners.claimable || []));
	}
	if (owners.can_merge) {
		frm.add_custom_button(__("Merge"), () => recrm_merge_customer(frm));
	}
}

function recrm_claim_customer(frm, claimable) {
	frappe.prompt(
		{
			fieldname: "project",
			fieldtype: "Link",
			options: "RE Project",
			label: __("Project"),
			reqd: 1,
			default: claimable[0],
			description: __("You own the customer in this project, protected for the project's days."),
		},
		({ project }) =>
			frappe
				.call({
					method: "recrm.sales.pool.claim",
					args: { customer: frm.doc.name, project },
					freeze: true,
				})
				.then((r) => {
					if (r.message && r.message.claimed) {
						frappe.show_alert({ message: __("Claimed"), indicator: "green" });
					}
					frm.reload_doc();
				}),
		__("Claim Customer"),
		__("Claim"),
	);
}

// managers only (checked on the server too): the duplicate chosen here goes, this record stays
function recrm_merge_customer(frm) {
	frappe.prompt(
		{
			fieldname: "source",
			fieldtype: "Link",
			options: "RE Customer",
			label: __("Duplicate Customer"),
			reqd: 1,
			get_query: () => ({ filters: { name: ["!=", frm.doc.name] } }),
			description: __(
				"The duplicate is removed: its phones, interactions, owners and history move to this customer.",
			),
		},
		({ source }) => {
			const names = [source, frm.doc.name].map((name) => `<b>${frappe.utils.escape_html(name)}</b>`);
			frappe.confirm(__("Merge {0} into {1}? This cannot be undone.", names), () =>
				frappe
					.call({
						method: "recrm.sales.merge.merge_customers",
						args: { source, target: frm.doc.name },
						freeze: true,
					})
					.then(() => {
						frappe.show_alert({
							message: __("{0} merged into this customer", [source]),
							indicator: "green",
						});
						frm.reload_doc();
					}),
			);
		},
		__("Merge a Duplicate into {0}", [frm.doc.full_name]),
		__("Merge"),
	);
}
