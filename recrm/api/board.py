"""The sales control board (销控表): one building's units as floors × positions, live.

Loading a board costs two queries whatever the unit count: the building's fields (which also
serve the permission check) and its units joined to their types. The building's child tables (its
layout, the stages it reached) are not loaded: the board needs neither.
"""

import frappe
from frappe import _
from frappe.query_builder import DocType

from recrm.core import board as board_rules
from recrm.core import unit_status as status_rules
from recrm.inventory.status import can_control_sales

BUILDING_FIELDS = (
	"name",
	"building_number",
	"building_name",
	"project",
	"floors",
	"construction_stage",
	"progress_percent",
	"planned_handover_date",
)
UNIT_FIELDS = (
	"name",
	"unit_number",
	"floor",
	"position",
	"kind",
	"status",
	"gross_area",
	"net_area",
	"list_price",
	"price_per_sqm",
	"orientation",
	"unit_type",
)


@frappe.whitelist()
def get_board(building: str, board: str = "Homes") -> dict:
	values = frappe.db.get_value("RE Building", building, BUILDING_FIELDS, as_dict=True)
	if not values:
		frappe.throw(_("Building {0} does not exist.").format(building), frappe.DoesNotExistError)
	building_doc = frappe.get_doc({"doctype": "RE Building", **values})
	# the building's permission carries the project's User Permissions: a user limited to one
	# project cannot open the board of another
	building_doc.check_permission("read")
	frappe.has_permission("RE Unit", "read", throw=True)

	units = fetch_units(building, board_rules.kinds_for_board(board))
	manager = can_control_sales()
	return {
		"building": {
			"name": building_doc.name,
			"building_number": building_doc.building_number,
			"building_name": building_doc.building_name,
			"project": building_doc.project,
			"floors": building_doc.floors,
			"construction_stage": building_doc.construction_stage,
			"progress_percent": building_doc.progress_percent,
			"planned_handover_date": building_doc.planned_handover_date,
		},
		"board": board,
		"boards": list(board_rules.BOARDS),
		"statuses": list(status_rules.STATUSES),
		"summary": board_rules.summarise(units),
		"unit_count": len(units),
		**board_rules.grid(units),
		"actions": {
			status: [
				{"key": key, "label": _(status_rules.MANUAL_ACTIONS[key].label)}
				for key in status_rules.actions_for(status)
			]
			for status in status_rules.STATUSES
		}
		if manager
		else {},
	}


def fetch_units(building: str, kinds: tuple[str, ...]) -> list[dict]:
	unit = DocType("RE Unit")
	unit_type = DocType("RE Unit Type")
	fields = [unit[f] for f in UNIT_FIELDS]
	if 1 in frappe.get_meta("RE Unit").get_permlevel_access("read"):
		fields.append(unit.floor_price)
	query = (
		frappe.qb.from_(unit)
		.left_join(unit_type)
		.on(unit_type.name == unit.unit_type)
		.select(*fields, unit_type.type_code, unit_type.bedrooms, unit_type.living_rooms, unit_type.bathrooms)
		.where(unit.building == building)
		.where(unit.kind.isin(kinds))
		.orderby(unit.floor, order=frappe.qb.desc)
		.orderby(unit.position)
	)
	return query.run(as_dict=True)
