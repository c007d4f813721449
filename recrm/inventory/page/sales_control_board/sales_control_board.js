// Copyright (c) 2026, recrm developers and contributors
// The sales control board (销控表): a building drawn floor by unit, coloured by status, live.

frappe.pages["sales-control-board"].on_page_load = function (wrapper) {
	const page = frappe.ui.make_app_page({
		parent: wrapper,
		title: __("Sales Control Board"),
		single_column: true,
	});
	wrapper.board = new recrm.SalesControlBoard(page, wrapper);
};

frappe.pages["sales-control-board"].on_page_show = function (wrapper) {
	const building = frappe.get_route()[1];
	if (building && wrapper.board) wrapper.board.set_building(decodeURIComponent(building));
};

frappe.provide("recrm");

recrm.STATUS_CLASSES = {
	Available: "available",
	Held: "held",
	Reserved: "reserved",
	Subscribed: "subscribed",
	Contracted: "contracted",
	"Handed Over": "handed-over",
	"Not For Sale": "not-for-sale",
};

recrm.SalesControlBoard = class SalesControlBoard {
	constructor(page, wrapper) {
		this.page = page;
		this.wrapper = wrapper;
		this.data = null;
		this.units = {};
		this.make_fields();
		this.$body = $('<div class="recrm-board"></div>').appendTo(page.main);
		this.page.set_secondary_action(__("Refresh"), () => this.load(), "refresh");
		this.listen();
		this.render_empty(__("Choose a building to see its units."));
	}

	make_fields() {
		this.building_field = this.page.add_field({
			fieldname: "building",
			label: __("Building"),
			fieldtype: "Link",
			options: "RE Building",
			change: () => {
				const value = this.building_field.get_value();
				if (value && value !== this.building) {
					frappe.set_route("sales-control-board", value);
				}
			},
		});
		this.board_field = this.page.add_field({
			fieldname: "board",
			label: __("Board"),
			fieldtype: "Select",
			options: [
				{ value: "Homes", label: __("Homes") },
				{ value: "Parking", label: __("Parking") },
				{ value: "Storage", label: __("Storage") },
			],
			default: "Homes",
			change: () => this.load(),
		});
	}

	set_building(building) {
		if (building === this.building && this.data) return;
		if (this.building) frappe.realtime.doc_unsubscribe("RE Building", this.building);
		this.building = building;
		this.building_field.set_value(building);
		frappe.realtime.doc_subscribe("RE Building", building);
		this.load();
	}

	load() {
		if (!this.building) return;
		return frappe
			.call({
				method: "recrm.api.board.get_board",
				args: { building: this.building, board: this.board_field.get_value() || "Homes" },
			})
			.then((r) => {
				this.data = r.message;
				this.units = {};
				this.data.rows.forEach((row) =>
					row.cells.forEach((cell) => cell && (this.units[cell.name] = cell))
				);
				this.render();
			});
	}

	listen() {
		frappe.realtime.on("recrm_unit_changed", (message) => {
			if (!this.data || message.building !== this.building) return;
			const structural = !message.units.length;
			const unknown = message.units.some((u) => !this.units[u.name]);
			if (structural || unknown) {
				// units created or building facts changed: reload the whole board
				this.load();
				return;
			}
			message.units.forEach((change) => {
				const unit = this.units[change.name];
				const old_status = unit.status;
				Object.assign(unit, change);
				if (change.status && change.status !== old_status) {
					this.move_totals(unit, old_status, change.status);
				}
				this.render_cell(unit, true);
			});
			this.render_summary();
		});
	}

	move_totals(unit, from, to) {
		const summary = this.data.summary;
		[
			[from, -1],
			[to, 1],
		].forEach(([status, sign]) => {
			summary[status] = summary[status] || { count: 0, gross_area: 0, value: 0 };
			summary[status].count += sign;
			summary[status].gross_area += sign * (unit.gross_area || 0);
			summary[status].value += sign * (unit.list_price || 0);
		});
	}

	render_empty(message) {
		this.$body.html(`<div class="recrm-board-empty text-muted">${frappe.utils.escape_html(message)}</div>`);
	}

	render() {
		const d = this.data;
		const b = d.building;
		this.page.set_title(__("Sales Control Board") + " · " + (b.building_name || b.name));
		if (!d.unit_count) {
			this.render_empty(__("This building has no units on the {0} board yet.", [__(d.board)]));
			return;
		}
		const header = d.positions
			.map((p) => `<th class="recrm-board-position">${String(p).padStart(2, "0")}</th>`)
			.join("");
		const rows = d.rows
			.map(
				(row) => `<tr>
					<th class="recrm-board-floor">${row.floor < 0 ? "B" + -row.floor : row.floor}</th>
					${row.cells
						.map((cell) =>
							cell
								? `<td class="recrm-unit" data-unit="${frappe.utils.escape_html(cell.name)}"></td>`
								: `<td class="recrm-unit recrm-unit-none"></td>`
						)
						.join("")}
				</tr>`
			)
			.join("");
		this.$body.html(`
			<div class="recrm-board-head">
				<div class="recrm-board-building">
					<div class="recrm-board-title">${frappe.utils.escape_html(b.project)} · ${frappe.utils.escape_html(
			b.building_number
		)}</div>
					<div class="text-muted small">
						${__("Construction")}: ${__(b.construction_stage || "Not Started")}
						· ${format_number(b.progress_percent || 0, null, 0)}%
						${b.planned_handover_date ? " · " + __("Handover") + " " + frappe.format(b.planned_handover_date, { fieldtype: "Date" }) : ""}
					</div>
				</div>
				<div class="recrm-board-summary"></div>
			</div>
			<div class="recrm-board-scroll">
				<table class="recrm-board-grid">
					<thead><tr><th></th>${header}</tr></thead>
					<tbody>${rows}</tbody>
				</table>
			</div>`);
		Object.values(this.units).forEach((unit) => this.render_cell(unit));
		this.render_summary();
		this.$body.off("click").on("click", ".recrm-unit[data-unit]", (e) => {
			this.show_unit(this.units[$(e.currentTarget).attr("data-unit")]);
		});
	}

	render_cell(unit, flash) {
		const $cell = this.$body.find(`.recrm-unit[data-unit="${CSS.escape(unit.name)}"]`);
		if (!$cell.length) return;
		$cell
			.attr("class", `recrm-unit recrm-status-${recrm.STATUS_CLASSES[unit.status] || "other"}`)
			.attr("title", `${unit.unit_number} · ${__(unit.status)}`)
			.html(
				`<div class="recrm-unit-number">${frappe.utils.escape_html(unit.unit_number)}</div>
				<div class="recrm-unit-meta">${frappe.utils.escape_html(unit.type_code || "")} ${format_number(
					unit.gross_area,
					null,
					1
				)}m²</div>
				<div class="recrm-unit-price">${recrm.format_wan(unit.list_price)}</div>`
			);
		if (flash) {
			$cell.addClass("recrm-unit-flash");
			setTimeout(() => $cell.removeClass("recrm-unit-flash"), 1500);
		}
	}

	render_summary() {
		const d = this.data;
		const html = d.statuses
			.map((status) => {
				const s = d.summary[status] || { count: 0, gross_area: 0, value: 0 };
				return `<div class="recrm-legend recrm-status-${recrm.STATUS_CLASSES[status]}" data-status="${status}">
					<div class="recrm-legend-label">${__(status)}</div>
					<div class="recrm-legend-count">${s.count}</div>
					<div class="recrm-legend-meta">${
						s.count ? format_number(s.gross_area, null, 0) + "m² · " + recrm.format_wan(s.value) : "—"
					}</div>
				</div>`;
			})
			.join("");
		this.$body.find(".recrm-board-summary").html(html);
	}

	show_unit(unit) {
		const actions = (this.data.actions || {})[unit.status] || [];
		const fields = [
			[__("Status"), __(unit.status)],
			[__("Kind"), __(unit.kind)],
			[__("Floor"), unit.floor],
			[__("Unit Type"), unit.type_code || ""],
			[__("Gross Area (m²)"), format_number(unit.gross_area, null, 2)],
			[__("Net Area (m²)"), unit.net_area ? format_number(unit.net_area, null, 2) : ""],
			[__("Orientation"), unit.orientation ? __(unit.orientation) : ""],
			[__("List Price"), format_currency(unit.list_price, "CNY", 0)],
			[__("Price per m²"), format_currency(unit.price_per_sqm, "CNY", 0)],
		];
		if (unit.floor_price !== undefined) {
			fields.push([__("Floor Price"), unit.floor_price ? format_currency(unit.floor_price, "CNY", 0) : ""]);
		}
		const dialog = new frappe.ui.Dialog({
			title: __("Unit {0}", [unit.unit_number]),
			fields: [{ fieldtype: "HTML", fieldname: "facts" }],
			primary_action_label: __("Open Unit"),
			primary_action: () => {
				dialog.hide();
				frappe.set_route("Form", "RE Unit", unit.name);
			},
		});
		dialog.fields_dict.facts.$wrapper.html(
			`<table class="table table-sm recrm-unit-facts">${fields
				.map(
					([label, value]) =>
						`<tr><th>${frappe.utils.escape_html(label)}</th><td>${frappe.utils.escape_html(
							String(value)
						)}</td></tr>`
				)
				.join("")}</table>`
		);
		actions.forEach((action) => {
			dialog.add_custom_action(
				action.label,
				() => this.apply_action(dialog, unit, action),
				"btn-default"
			);
		});
		dialog.show();
	}

	apply_action(dialog, unit, action) {
		dialog.hide();
		// the board itself redraws the cell from the realtime event every open board receives
		recrm.apply_sales_control(unit.name, action, () =>
			frappe.show_alert({
				message: __("Unit {0}: {1}", [unit.unit_number, action.label]),
				indicator: "green",
			})
		);
	}
};

recrm.format_wan = function (value) {
	// Chinese price lists count in 万 (10,000); English readers in millions
	if (!value) return "";
	if ((frappe.boot.lang || "en").startsWith("zh")) return format_number(value / 10000, null, 1) + "万";
	return "¥" + format_number(value / 1000000, null, 2) + "M";
};
