# Copyright (c) 2026, recrm developers and contributors
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.query_builder import Case
from frappe.utils import cint, flt, now_datetime

from recrm.core.pricing import adjust_by_percentage, premium_list_price, price_per_sqm
from recrm.core.unit_status import AVAILABLE, HELD, NOT_FOR_SALE
from recrm.errors import rule_errors

UNSOLD_STATUSES = (AVAILABLE, HELD, NOT_FOR_SALE)
UPDATE_CHUNK = 500


class REPriceAdjustment(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		from recrm.inventory.doctype.re_price_adjustment_item.re_price_adjustment_item import (
			REPriceAdjustmentItem,
		)

		amended_from: DF.Link | None
		base_price_per_sqm: DF.Currency
		building: DF.Link
		floor_premium_per_sqm: DF.Currency
		items: DF.Table[REPriceAdjustmentItem]
		kind: DF.Literal["", "Apartment", "Shop", "Office", "Parking Space", "Storage"]
		method: DF.Literal["Percentage", "Floor and Orientation Premiums"]
		only_available: DF.Check
		percentage: DF.Float
		project: DF.Link | None
		reason: DF.SmallText
		reference_floor: DF.Int
		total_new_value: DF.Currency
		total_old_value: DF.Currency
		unit_count: DF.Int
	# end: auto-generated types

	def before_validate(self):
		if not self.items:
			self.set_items()
		self.set_new_prices()
		self.set_totals()

	def validate(self):
		self.validate_method()
		self.validate_units_belong_to_building()
		self.validate_not_below_floor_price()

	def on_submit(self):
		self.apply_prices("old_list_price", "new_list_price")

	def on_cancel(self):
		self.apply_prices("new_list_price", "old_list_price")

	@frappe.whitelist()
	def refresh_units(self):
		self.check_permission("write")
		self.set("items", [])
		self.set_items()
		self.set_new_prices()
		self.set_totals()

	def unit_filters(self) -> dict:
		filters: dict = {"building": self.building}
		if self.kind:
			filters["kind"] = self.kind
		if self.only_available:
			filters["status"] = ("in", UNSOLD_STATUSES)
		return filters

	def set_items(self):
		for unit in frappe.get_list(
			"RE Unit",
			filters=self.unit_filters(),
			fields=["name", "floor", "gross_area", "list_price", "price_per_sqm"],
			order_by="floor asc, position asc",
		):
			self.append(
				"items",
				{
					"unit": unit.name,
					"floor": unit.floor,
					"gross_area": unit.gross_area,
					"old_list_price": unit.list_price,
					"old_price_per_sqm": unit.price_per_sqm,
				},
			)

	def orientation_premiums(self) -> dict[str, float]:
		stacks = frappe.get_all(
			"RE Building Stack",
			filters={"parent": self.building, "parenttype": "RE Building"},
			fields=["position", "kind", "orientation_premium_percent"],
		)
		return {(s.kind, s.position): flt(s.orientation_premium_percent) for s in stacks}

	def set_new_prices(self):
		premiums = self.orientation_premiums() if self.method == "Floor and Orientation Premiums" else {}
		positions = {}
		if premiums:
			positions = {
				u.name: (u.kind, u.position)
				for u in frappe.get_all(
					"RE Unit",
					filters={"name": ("in", [row.unit for row in self.items] or [""])},
					fields=["name", "kind", "position"],
				)
			}
		for row in self.items:
			with rule_errors(_("Row {0}, unit {1}").format(row.idx, row.unit)):
				if self.method == "Percentage":
					new_price = adjust_by_percentage(row.old_list_price, self.percentage)
				else:
					new_price = premium_list_price(
						row.gross_area,
						self.base_price_per_sqm,
						cint(row.floor),
						cint(self.reference_floor) or 1,
						self.floor_premium_per_sqm,
						premiums.get(positions.get(row.unit), 0),
					)
			row.new_list_price = float(new_price)
			row.new_price_per_sqm = float(price_per_sqm(new_price, row.gross_area))

	def set_totals(self):
		self.unit_count = len(self.items)
		self.total_old_value = sum(flt(row.old_list_price) for row in self.items)
		self.total_new_value = sum(flt(row.new_list_price) for row in self.items)

	def validate_method(self):
		if self.method == "Percentage" and not flt(self.percentage):
			frappe.throw(_("Enter the change in percent, e.g. 3 or -2."), title=_("Nothing to Change"))
		if not self.items:
			frappe.throw(
				_("Building {0} has no units that match; nothing would change.").format(self.building),
				title=_("No Units"),
			)

	def validate_units_belong_to_building(self):
		units = [row.unit for row in self.items]
		buildings = frappe.get_all(
			"RE Unit", filters={"name": ("in", units)}, fields=["name", "building"], limit_page_length=0
		)
		wrong = [u.name for u in buildings if u.building != self.building]
		if wrong or len(buildings) != len(set(units)):
			frappe.throw(
				_("Every unit must belong to building {0}: {1} does not.").format(
					self.building, ", ".join(wrong) or _("a unit that no longer exists")
				)
			)

	def validate_not_below_floor_price(self):
		floor_prices = dict(
			frappe.get_all(
				"RE Unit",
				filters={"name": ("in", [row.unit for row in self.items]), "floor_price": (">", 0)},
				fields=["name", "floor_price"],
				as_list=True,
				limit_page_length=0,
			)
		)
		for row in self.items:
			if row.unit in floor_prices and flt(row.new_list_price) < flt(floor_prices[row.unit]):
				frappe.throw(
					_("Row {0}: the new list price of unit {1} would fall below its floor price.").format(
						row.idx, row.unit
					),
					title=_("Below Floor Price"),
				)

	def apply_prices(self, expected_field: str, new_field: str):
		"""Write the prices, refusing the whole adjustment if a unit's price moved since it was prepared."""
		from recrm.inventory.status import notify_boards

		units = [row.unit for row in self.items]
		unit = frappe.qb.DocType("RE Unit")
		current = dict(
			frappe.qb.from_(unit)
			.select(unit.name, unit.list_price)
			.where(unit.name.isin(units))
			.for_update()
			.run()
		)
		changed = [
			row.unit for row in self.items if flt(current.get(row.unit)) != flt(row.get(expected_field))
		]
		if changed:
			frappe.throw(
				_(
					"The price of {0} changed after this adjustment was prepared. Use Refresh Units and try again."
				).format(", ".join(changed[:5]) + (" …" if len(changed) > 5 else "")),
				title=_("Prices Changed"),
			)
		updates = [
			{
				"name": row.unit,
				"list_price": flt(row.get(new_field)),
				"price_per_sqm": float(price_per_sqm(row.get(new_field), row.gross_area)),
			}
			for row in self.items
		]
		total = len(updates)
		modified = now_datetime()
		# one UPDATE per chunk, not one per unit: a 2,000-unit building reprices in a few statements
		for start in range(0, total, UPDATE_CHUNK):
			chunk = updates[start : start + UPDATE_CHUNK]
			list_price, per_sqm = Case(), Case()
			for update in chunk:
				list_price = list_price.when(unit.name == update["name"], update["list_price"])
				per_sqm = per_sqm.when(unit.name == update["name"], update["price_per_sqm"])
			(
				frappe.qb.update(unit)
				.set(unit.list_price, list_price)
				.set(unit.price_per_sqm, per_sqm)
				.set(unit.modified, modified)
				.set(unit.modified_by, frappe.session.user)
				.where(unit.name.isin([update["name"] for update in chunk]))
			).run()
			if total > UPDATE_CHUNK:
				done = min(start + UPDATE_CHUNK, total)
				frappe.publish_progress(
					done * 100 / total,
					title=_("Applying prices"),
					description=_("{0} of {1} units").format(done, total),
				)
		notify_boards(self.building, updates)
