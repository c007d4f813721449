// Copyright (c) 2026, recrm developers and contributors
// The reception desk (前台): type a phone number, see the returning visitor, or register a new one.

frappe.pages["reception"].on_page_load = function (wrapper) {
	const page = frappe.ui.make_app_page({
		parent: wrapper,
		title: __("Reception"),
		single_column: true,
	});
	wrapper.reception = new recrm.Reception(page);
};

frappe.provide("recrm");

recrm.Reception = class Reception {
	constructor(page) {
		this.page = page;
		this.$body = $(`
			<div class="recrm-reception">
				<div class="recrm-reception-input"></div>
				<div class="recrm-reception-result"></div>
			</div>`).appendTo(page.main);
		this.phone = frappe.ui.form.make_control({
			parent: this.$body.find(".recrm-reception-input"),
			df: {
				fieldtype: "Data",
				fieldname: "phone",
				label: __("Phone"),
				placeholder: "138 0013 8000",
				description: __("Type the visitor's phone number in any format."),
			},
			render_input: true,
		});
		this.$result = this.$body.find(".recrm-reception-result");
		this.lookup = frappe.utils.debounce(() => this.find(), 400);
		this.phone.$input.on("input", () => this.lookup());
		this.phone.$input.focus();
	}

	find() {
		const phone = (this.phone.get_value() || "").trim();
		const digits = phone.replace(/\D/g, "");
		if (digits.length < 7) {
			this.$result.empty();
			return;
		}
		this.last_phone = phone;
		// a refusal (malformed number, a customer another advisor protects) belongs on the card,
		// not in a dialog the receptionist must close before typing the next number
		const refused = (r) => {
			if (phone !== this.last_phone) return;
			const messages = JSON.parse(r._server_messages || "[]").map((m) => JSON.parse(m).message);
			this.show_refusal(messages.join(" ") || __("This number cannot be looked up."));
		};
		frappe
			.call({
				method: "recrm.api.reception.lookup",
				args: { phone },
				type: "GET",
				silent: true,
				error_handlers: { PermissionError: refused, ValidationError: refused, SalesRuleError: refused },
			})
			.then((r) => {
				const card = r && r.message;
				if (!card || phone !== this.last_phone) return;
				if (card.found) this.show_card(card);
				else this.show_registration(phone);
			});
	}

	show_refusal(message) {
		this.$result.html(`
			<div class="recrm-reception-card recrm-reception-refusal frappe-card">
				<p class="text-danger">${frappe.utils.escape_html(message)}</p>
			</div>`);
	}

	show_card(card) {
		const esc = frappe.utils.escape_html;
		const advisors = card.advisors
			.map(
				(a) =>
					`<li>${esc(a.project)}: ${esc(a.advisor_name || a.advisor)}${
						a.protected_until
							? ` (${__("protected until {0}", [frappe.datetime.str_to_user(a.protected_until)])})`
							: ""
					}</li>`
			)
			.join("");
		const interactions = card.interactions
			.map(
				(i) =>
					`<li>${frappe.datetime.str_to_user(i.interaction_time)} · ${__(i.kind)} · ${esc(
						i.project
					)} · ${esc(i.outcome || "")}</li>`
			)
			.join("");
		const follow_ups = card.follow_ups
			.map(
				(f) =>
					`<li>${frappe.datetime.str_to_user(f.next_follow_up_date)} · ${esc(
						f.next_follow_up_action || ""
					)}</li>`
			)
			.join("");
		this.$result.html(`
			<div class="recrm-reception-card frappe-card">
				<h4><a href="/app/re-customer/${encodeURIComponent(card.name)}">${esc(card.full_name)}</a>
					<span class="indicator-pill blue">${__(card.lifecycle_stage)}</span></h4>
				<p class="text-muted">${esc(card.phone)}</p>
				${card.impressions ? `<p class="recrm-impressions">${esc(card.impressions)}</p>` : ""}
				<h5>${__("Advisors")}</h5><ul>${advisors || `<li>${__("In the pool")}</li>`}</ul>
				<h5>${__("Last Interactions")}</h5><ul>${interactions || `<li>${__("None")}</li>`}</ul>
				<h5>${__("Open Follow-ups")}</h5><ul>${follow_ups || `<li>${__("None")}</li>`}</ul>
				<button class="btn btn-primary btn-sm recrm-log-visit">${__("Log Visit")}</button>
			</div>`);
		this.$result.find(".recrm-log-visit").on("click", () =>
			frappe.new_doc("RE Interaction", { customer: card.name, kind: "Visit" })
		);
	}

	show_registration(phone) {
		this.$result.html(`
			<div class="recrm-reception-card frappe-card">
				<p>${__("No customer has this phone number yet.")}</p>
				<button class="btn btn-primary btn-sm recrm-register">${__("Register Visitor")}</button>
			</div>`);
		this.$result.find(".recrm-register").on("click", () => this.register(phone));
	}

	register(phone) {
		const dialog = new frappe.ui.Dialog({
			title: __("Register Visitor"),
			fields: [
				{ fieldname: "full_name", fieldtype: "Data", label: __("Full Name"), reqd: 1 },
				{ fieldname: "phone", fieldtype: "Data", label: __("Phone"), reqd: 1, default: phone },
				{
					fieldname: "project",
					fieldtype: "Link",
					label: __("Project"),
					options: "RE Project",
					reqd: 1,
				},
				{
					fieldname: "gender",
					fieldtype: "Select",
					label: __("Gender"),
					options: ["", "Male", "Female"],
				},
				{
					fieldname: "first_channel",
					fieldtype: "Link",
					label: __("First Channel"),
					options: "RE Channel",
				},
				{ fieldname: "impressions", fieldtype: "Small Text", label: __("Impressions") },
			],
			primary_action_label: __("Register"),
			// once: Enter in a field and a click would otherwise register twice (the second is refused
			// as a duplicate, the number being taken by the first)
			primary_action: (values) => {
				if (dialog.registering) return;
				dialog.registering = true;
				dialog.disable_primary_action();
				frappe
					.xcall("recrm.api.reception.register_visitor", values)
					.then((result) => {
						dialog.hide();
						frappe.show_alert({ message: __("Visitor registered"), indicator: "green" });
						frappe.set_route("Form", "RE Customer", result.customer);
					})
					.catch(() => {
						// the server's message is shown by frappe.call; the visitor may be corrected and sent again
						dialog.registering = false;
						dialog.enable_primary_action();
					});
			},
		});
		dialog.show();
	}
};
