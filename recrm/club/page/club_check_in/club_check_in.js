// Copyright (c) 2026, recrm developers and contributors
// The door of a club event: pick the event, scan the member's card (its QR holds the member
// number) or type the number; each answer shows on the card below, the input keeps the focus.

frappe.pages["club-check-in"].on_page_load = function (wrapper) {
	const page = frappe.ui.make_app_page({
		parent: wrapper,
		title: __("Club Check-in"),
		single_column: true,
	});
	wrapper.club_check_in = new recrm.ClubCheckIn(page);
};

frappe.provide("recrm");

recrm.ClubCheckIn = class ClubCheckIn {
	constructor(page) {
		this.page = page;
		this.$body = $(`
			<div class="recrm-check-in" style="max-width: 40rem">
				<div class="recrm-check-in-event"></div>
				<div class="recrm-check-in-code"></div>
				<div class="recrm-check-in-counts text-muted small"></div>
				<div class="recrm-check-in-result" style="margin-top: 1rem"></div>
			</div>`).appendTo(page.main);
		this.event = frappe.ui.form.make_control({
			parent: this.$body.find(".recrm-check-in-event"),
			df: { fieldtype: "Select", fieldname: "event", label: __("Event"), options: [] },
			render_input: true,
		});
		this.code = frappe.ui.form.make_control({
			parent: this.$body.find(".recrm-check-in-code"),
			df: {
				fieldtype: "Data",
				fieldname: "code",
				label: __("Member Code"),
				placeholder: "CM-000123",
				description: __("Scan the member's card or type the member number, then press Enter."),
			},
			render_input: true,
		});
		this.$result = this.$body.find(".recrm-check-in-result");
		this.$counts = this.$body.find(".recrm-check-in-counts");
		this.code.$input.on("keydown", (e) => {
			if (e.key === "Enter") {
				e.preventDefault();
				this.scan();
			}
		});
		this.event.$input.on("change", () => {
			this.show_counts(this.events.find((ev) => ev.name === this.event.get_value()));
			this.code.$input.focus();
		});
		this.load_events();
	}

	load_events() {
		// a read: door_events answers GET only (frappe.xcall always posts)
		frappe.call({ method: "recrm.club.check_in.door_events", type: "GET" }).then(({ message: events }) => {
			this.events = events || [];
			if (!this.events.length) {
				this.$result.html(
					`<div class="alert alert-warning">${__("No published event today.")}</div>`
				);
			}
			this.event.df.options = this.events.map((ev) => ({
				value: ev.name,
				label: `${ev.title} · ${frappe.datetime.str_to_user(ev.starts_at)}`,
			}));
			this.event.refresh();
			if (this.events.length) {
				this.event.set_value(this.events[0].name);
				this.show_counts(this.events[0]);
			}
			this.code.$input.focus();
		});
	}

	show_counts(counts) {
		if (!counts) return this.$counts.empty();
		const capacity = counts.capacity ? counts.capacity : __("no limit");
		this.$counts.text(
			__("Checked in: {0} · Registered: {1} · Capacity: {2}", [
				counts.attended_count || 0,
				counts.registered_count || 0,
				capacity,
			])
		);
	}

	scan() {
		const event = this.event.get_value();
		const code = (this.code.get_value() || this.code.$input.val() || "").trim();
		if (!event || !code) return;
		this.code.set_value("");
		this.code.$input.val("");
		const refused = (r) => {
			const messages = JSON.parse((r && r._server_messages) || "[]").map((m) => JSON.parse(m).message);
			this.show("danger", messages.map(frappe.utils.escape_html).join("<br>") || __("Check-in failed."), code);
		};
		frappe
			.call({
				method: "recrm.club.check_in.scan",
				args: { event, code },
				type: "POST",
				silent: true,
				// the refusal belongs on the card, not in a dialog the door must close first
				error_handlers: { ValidationError: refused, ClubRuleError: refused, PermissionError: refused },
			})
			.then((r) => {
				const m = r && r.message;
				if (!m) return;
				const extra = [
					m.tier,
					m.walk_in ? __("Walk-in") : "",
					m.points ? __("+{0} points", [m.points]) : "",
				].filter(Boolean);
				this.show(
					"success",
					`<strong>${frappe.utils.escape_html(m.member_name || "")}</strong> (${frappe.utils.escape_html(m.member_number)}) — ${__("Welcome!")}`,
					extra.join(" · ")
				);
				this.show_counts(m.counts);
			})
			.always(() => this.code.$input.focus());
	}

	show(kind, html, detail) {
		this.$result.html(
			`<div class="alert alert-${kind} recrm-check-in-${kind}" style="font-size: 1.2rem">${html}` +
				(detail ? `<div class="small">${frappe.utils.escape_html(detail)}</div>` : "") +
				"</div>"
		);
	}
};
