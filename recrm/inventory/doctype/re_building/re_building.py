# Copyright (c) 2026, recrm developers and contributors
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import getdate, nowdate

from recrm.core import construction
from recrm.core.numbering import floor_labels, parse_floor_numbers, validate_pattern
from recrm.errors import rule_errors

BASEMENT_KINDS = ("Parking Space", "Storage")


class REBuilding(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		from recrm.inventory.doctype.re_building_stack.re_building_stack import REBuildingStack
		from recrm.inventory.doctype.re_building_stage.re_building_stage import REBuildingStage

		base_price_per_sqm: DF.Currency
		basement_floors: DF.Int
		building_name: DF.Data | None
		building_number: DF.Data
		construction_stage: DF.Literal[
			"Not Started", "Foundation", "Structure", "Topped Out", "Fit-out", "Completed", "Handed Over"
		]
		construction_stage_date: DF.Date | None
		floor_premium_per_sqm: DF.Currency
		floors: DF.Int
		numbering_pattern: DF.Data
		planned_handover_date: DF.Date | None
		progress_percent: DF.Percent
		project: DF.Link
		reference_floor: DF.Int
		skip_floor_numbers: DF.Data | None
		stacks: DF.Table[REBuildingStack]
		stage_log: DF.Table[REBuildingStage]
		units_per_floor: DF.Int
	# end: auto-generated types

	def before_validate(self):
		self.building_number = (self.building_number or "").strip()
		self.set_skip_floor_numbers()
		self.set_units_per_floor()
		self.set_stage_log()

	def validate(self):
		self.validate_floors_and_numbering()
		self.validate_stacks()
		self.validate_existing_units_fit()
		self.validate_stage_date()

	def on_update(self):
		if self.has_value_changed("construction_stage") or self.has_value_changed("progress_percent"):
			from recrm.inventory.status import notify_boards

			notify_boards(self.name, [])

	@property
	def label(self) -> str:
		return _("Building {0}").format(self.name)

	def set_skip_floor_numbers(self):
		if self.skip_floor_numbers is None and self.project:
			self.skip_floor_numbers = frappe.db.get_value("RE Project", self.project, "skip_floor_numbers")

	def set_units_per_floor(self):
		tower_positions = {row.position for row in self.stacks if row.kind not in BASEMENT_KINDS}
		if tower_positions:
			self.units_per_floor = len(tower_positions)

	def set_stage_log(self):
		"""Log each stage the building has now reached for the first time, with the day it was
		reached; a stage skipped in the reports (Foundation straight to Topped Out) is logged too."""
		if not self.is_new() and not self.has_value_changed("construction_stage"):
			return
		with rule_errors(self.label):
			reached = construction.stages_reached(self.construction_stage)
		logged = {row.stage for row in self.stage_log}
		# the date typed with this change of stage, else today (not the date of the previous stage)
		dated = self.construction_stage_date and (
			self.is_new() or self.has_value_changed("construction_stage_date")
		)
		on = getdate(self.construction_stage_date if dated else nowdate())
		self.construction_stage_date = on if reached else None
		for stage in reached:
			if stage not in logged:
				self.append(
					"stage_log", {"stage": stage, "reached_on": on, "recorded_by": frappe.session.user}
				)

	def validate_stage_date(self):
		if self.construction_stage_date and getdate(self.construction_stage_date) > getdate(nowdate()):
			frappe.throw(
				_("{0}: the stage cannot be reached on {1}, a day still to come.").format(
					self.label, frappe.utils.formatdate(self.construction_stage_date)
				),
				title=_("Construction Stage"),
			)

	def skipped_floors(self) -> set[int]:
		return parse_floor_numbers(self.skip_floor_numbers)

	def floor_labels(self) -> list[int]:
		return floor_labels(self.floors or 0, self.skipped_floors(), self.basement_floors or 0)

	def validate_floors_and_numbering(self):
		with rule_errors(self.label):
			self.floor_labels()
			validate_pattern(self.numbering_pattern)

	def validate_stacks(self):
		seen: set[tuple[bool, int]] = set()
		for row in self.stacks:
			if (row.position or 0) < 1:
				frappe.throw(
					_("{0}, layout row {1}: the position must be 1 or more.").format(self.label, row.idx)
				)
			key = (row.kind in BASEMENT_KINDS, row.position)
			if key in seen:
				frappe.throw(
					_("{0}, layout row {1}: position {2} is listed twice.").format(
						self.label, row.idx, row.position
					)
				)
			seen.add(key)
			if row.unit_type:
				type_project = frappe.get_cached_value("RE Unit Type", row.unit_type, "project")
				if type_project != self.project:
					frappe.throw(
						_("{0}, layout row {1}: unit type {2} belongs to project {3}.").format(
							self.label, row.idx, row.unit_type, type_project
						)
					)

	def validate_existing_units_fit(self):
		if self.is_new():
			return
		labels = set(self.floor_labels())
		floors_in_use = frappe.get_all(
			"RE Unit", filters={"building": self.name}, pluck="floor", distinct=True, order_by="floor asc"
		)
		outside = sorted(set(floors_in_use) - labels)
		if outside:
			frappe.throw(
				_("{0}: units exist on floor(s) {1}, which the new floor settings leave out.").format(
					self.label, ", ".join(str(f) for f in outside)
				),
				title=_("Units Outside Building"),
			)

	@frappe.whitelist()
	def generate_units(self) -> dict:
		"""Queue the creation of every unit the layout describes that does not exist yet."""
		from recrm.inventory.unit_generation import enqueue_unit_generation

		return enqueue_unit_generation(self)
