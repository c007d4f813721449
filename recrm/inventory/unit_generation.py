"""Bulk creation of a building's units from its layout (floors × stacks × numbering pattern)."""

import frappe
from frappe import _
from frappe.utils import cint, flt

from recrm.core.numbering import PlannedUnit, plan_units
from recrm.core.pricing import premium_list_price
from recrm.errors import rule_errors
from recrm.jobs import enqueue_job

BASEMENT_KINDS = ("Parking Space", "Storage")
PROGRESS_EVERY = 50


def job_id(building: str) -> str:
	return f"recrm:generate-units:{building}"


def enqueue_unit_generation(building_doc) -> dict:
	building_doc.check_permission("write")
	frappe.has_permission("RE Unit", "create", throw=True)
	plan = unit_plan(building_doc)  # refuse a bad layout now, not in the background
	if not plan:
		return {"queued": False, "message": _("Every unit of {0} exists already.").format(building_doc.name)}
	enqueue_job(
		generate_units,
		queue="long",
		timeout=3600,
		job_id=job_id(building_doc.name),
		deduplicate=True,
		enqueue_after_commit=True,
		building=building_doc.name,
	)
	return {
		"queued": True,
		"count": len(plan),
		"message": _("Creating {0} units of {1}; progress is shown as they are made.").format(
			len(plan), building_doc.name
		),
	}


def stacks_by_floor_kind(building_doc) -> tuple[dict[int, object], dict[int, object]]:
	tower = {row.position: row for row in building_doc.stacks if row.kind not in BASEMENT_KINDS}
	basement = {row.position: row for row in building_doc.stacks if row.kind in BASEMENT_KINDS}
	return tower, basement


def unit_plan(building_doc) -> list[tuple[PlannedUnit, object]]:
	"""The units still to create, each with the layout row (stack) it follows."""
	tower, basement = stacks_by_floor_kind(building_doc)
	if not tower and not basement:
		frappe.throw(
			_(
				"{0}: add the unit layout (a row per position with its unit type) before generating units."
			).format(building_doc.name),
			title=_("No Layout"),
		)
	missing_types = [row.idx for row in building_doc.stacks if not row.unit_type]
	if missing_types:
		frappe.throw(
			_("{0}: layout row(s) {1} have no unit type, so their areas are unknown.").format(
				building_doc.name, ", ".join(map(str, missing_types))
			)
		)
	if not flt(building_doc.base_price_per_sqm):
		frappe.throw(
			_("{0}: set the base price per m² first; generated units are priced from it.").format(
				building_doc.name
			)
		)

	def positions(floor: int):
		return sorted(basement if floor < 0 else tower)

	with rule_errors(building_doc.name):
		planned = plan_units(
			floors=cint(building_doc.floors) if tower else 0,
			units_per_floor=len(tower),
			pattern=building_doc.numbering_pattern,
			skip=building_doc.skipped_floors(),
			building=building_doc.building_number,
			basement_floors=cint(building_doc.basement_floors) if basement else 0,
			positions_by_floor=positions,
		)

	existing = set(frappe.get_all("RE Unit", filters={"building": building_doc.name}, pluck="unit_number"))
	return [
		(unit, (basement if unit.floor < 0 else tower)[unit.position])
		for unit in planned
		if unit.unit_number not in existing
	]


def generate_units(building: str) -> int:
	"""Create the missing units of ``building`` in one transaction: all of them or none.

	Re-running after a failure or a change of layout creates only what is still missing.
	"""
	building_doc = frappe.get_doc("RE Building", building)
	plan = unit_plan(building_doc)
	areas = {
		row.name: row
		for row in frappe.get_all(
			"RE Unit Type",
			filters={"name": ("in", list({stack.unit_type for _, stack in plan}) or [""])},
			fields=["name", "gross_area", "net_area"],
		)
	}
	total = len(plan)
	title = _("Generating units of {0}").format(building)
	# a savepoint, not a rollback: inside a test or a caller's transaction only this run is undone
	frappe.db.savepoint("recrm_generate_units")
	try:
		for count, (planned, stack) in enumerate(plan, start=1):
			unit_type = areas[stack.unit_type]
			frappe.get_doc(
				{
					"doctype": "RE Unit",
					"building": building,
					"project": building_doc.project,
					"unit_number": planned.unit_number,
					"floor": planned.floor,
					"position": planned.position,
					"kind": stack.kind,
					"unit_type": stack.unit_type,
					"orientation": stack.orientation,
					"gross_area": unit_type.gross_area,
					"net_area": unit_type.net_area,
					"list_price": premium_list_price(
						unit_type.gross_area,
						building_doc.base_price_per_sqm,
						planned.floor,
						cint(building_doc.reference_floor) or 1,
						building_doc.floor_premium_per_sqm,
						stack.orientation_premium_percent,
					),
				}
			).insert()
			if count % PROGRESS_EVERY == 0 or count == total:
				frappe.publish_progress(
					count * 100 / total,
					title=title,
					doctype="RE Building",
					docname=building,
					description=_("{0} of {1} units").format(count, total),
				)
	except Exception:
		frappe.db.rollback(save_point="recrm_generate_units")
		raise
	from recrm.inventory.status import notify_boards

	notify_boards(building, [])
	return total
