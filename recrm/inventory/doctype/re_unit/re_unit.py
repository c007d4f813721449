# Copyright (c) 2026, recrm developers and contributors
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document

from recrm.core import RuleError
from recrm.core import unit_status as status_rules
from recrm.core.numbering import is_valid_floor, parse_floor_numbers
from recrm.core.pricing import UnitFacts, price_per_sqm, unit_problems
from recrm.errors import UnitStatusError, rule_errors, throw_rule_error


class REUnit(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		building: DF.Link
		floor: DF.Int
		floor_price: DF.Currency
		gross_area: DF.Float
		handed_over_on: DF.Date | None
		surveyed_area: DF.Float
		kind: DF.Literal["Apartment", "Shop", "Office", "Parking Space", "Storage"]
		list_price: DF.Currency
		net_area: DF.Float
		orientation: DF.Literal[
			"",
			"South",
			"North",
			"East",
			"West",
			"South-East",
			"South-West",
			"North-East",
			"North-West",
			"North-South",
			"East-West",
		]
		position: DF.Int
		price_per_sqm: DF.Currency
		project: DF.Link | None
		remarks: DF.SmallText | None
		status: DF.Literal[
			"Available", "Held", "Reserved", "Subscribed", "Contracted", "Handed Over", "Not For Sale"
		]
		unit_number: DF.Data
		unit_type: DF.Link | None
	# end: auto-generated types

	def onload(self):
		from recrm.inventory.status import can_control_sales

		if can_control_sales() and self.has_permission("write"):
			self.set_onload(
				"sales_control_actions",
				[
					{"key": key, "label": status_rules.MANUAL_ACTIONS[key].label}
					for key in status_rules.actions_for(self.status)
				],
			)

	def autoname(self):
		self.name = f"{self.building}-{self.unit_number}"

	def before_validate(self):
		self.unit_number = (self.unit_number or "").strip()
		self.set_areas_from_unit_type()
		self.set_price_per_sqm()

	def validate(self):
		self.validate_unit_number_unique()
		self.validate_floor()
		self.validate_areas_and_prices()
		self.validate_unit_type()
		self.validate_status_not_typed()

	def on_update(self):
		if self.has_value_changed("list_price") and not self.flags.in_insert:
			from recrm.inventory.status import notify_boards

			notify_boards(
				self.building,
				[{"name": self.name, "list_price": self.list_price, "price_per_sqm": self.price_per_sqm}],
			)

	@property
	def label(self) -> str:
		return _("Unit {0}").format(self.unit_number)

	def set_areas_from_unit_type(self):
		if self.unit_type and not (self.gross_area and self.net_area):
			gross, net = frappe.get_cached_value("RE Unit Type", self.unit_type, ["gross_area", "net_area"])
			self.gross_area = self.gross_area or gross
			self.net_area = self.net_area or net

	def set_price_per_sqm(self):
		if (self.gross_area or 0) > 0:
			self.price_per_sqm = float(price_per_sqm(self.list_price, self.gross_area))

	def validate_unit_number_unique(self):
		duplicate = frappe.db.exists(
			"RE Unit", {"building": self.building, "unit_number": self.unit_number, "name": ("!=", self.name)}
		)
		if duplicate:
			frappe.throw(
				_("Building {0} already has a unit {1}.").format(self.building, self.unit_number),
				frappe.DuplicateEntryError,
				title=_("Duplicate Unit Number"),
			)

	def validate_floor(self):
		floors, basements, skip, project = frappe.get_cached_value(
			"RE Building", self.building, ["floors", "basement_floors", "skip_floor_numbers", "project"]
		)
		self.project = project
		with rule_errors(self.label):
			valid = is_valid_floor(self.floor, floors or 0, parse_floor_numbers(skip), basements or 0)
		if not valid:
			frappe.throw(
				_("{0}: floor {1} is not a floor of building {2}, which has floors {3}.").format(
					self.label, self.floor, self.building, self.floor_range_text(floors, basements)
				),
				title=_("Floor Outside Building"),
			)

	@staticmethod
	def floor_range_text(floors, basements) -> str:
		lowest = -(basements or 0) or 1
		return f"{lowest} … {floors}"

	def validate_areas_and_prices(self):
		facts = UnitFacts(
			gross_area=self.gross_area,
			net_area=self.net_area or None,
			list_price=self.list_price,
			floor_price=self.floor_price or None,
		)
		for code, params in unit_problems(facts):
			throw_rule_error(RuleError(code, **params), self.label)

	def validate_unit_type(self):
		if not self.unit_type:
			return
		type_project = frappe.get_cached_value("RE Unit Type", self.unit_type, "project")
		if type_project != self.project:
			frappe.throw(
				_("{0}: unit type {1} belongs to project {2}, not {3}.").format(
					self.label, self.unit_type, type_project, self.project
				)
			)

	def validate_status_not_typed(self):
		if self.is_new():
			if self.status not in status_rules.INITIAL_STATUSES:
				frappe.throw(
					_("{0}: a new unit can only be {1}. {2} follows from its document.").format(
						self.label,
						", ".join(_(s) for s in status_rules.INITIAL_STATUSES),
						_(self.status),
					),
					UnitStatusError,
				)
		elif self.has_value_changed("status"):
			frappe.throw(
				_(
					"{0}: the status changes only through the action or document that causes it, not by editing the field."
				).format(self.label),
				UnitStatusError,
				title=_("Status Not Editable"),
			)


def on_doctype_update():
	# the name embeds the building, but the database has the last word on duplicate numbers
	frappe.db.add_unique(
		"RE Unit", ["building", "unit_number"], constraint_name="unique_building_unit_number"
	)
	frappe.db.add_index("RE Unit", ["building", "floor"])
