// Copyright (c) 2026, recrm developers and contributors
// For license information, please see license.txt

// Phone privacy (recrm/sales/phone_privacy.py): the full numbers are at permlevel 1. Managers and
// customer service have them in the document; an advisor gets those of their own customers in
// __onload.full_phones; everyone else sees the masked copies.
frappe.ui.form.on("RE Customer", {
	refresh(frm) {
		const sees_all = !!frm.get_perm(1, "read");
		frm.toggle_display("primary_phone_masked", !sees_all);
		// a number typed into a new row would be dropped for those who cannot write numbers
		frm.set_df_property("phones", "cannot_add_rows", !frm.get_perm(1, "write"));
		recrm_render_phone_links(frm);
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
			const number = row.normalised_phone || full[row.name];
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
