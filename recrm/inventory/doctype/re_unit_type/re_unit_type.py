# Copyright (c) 2026, recrm developers and contributors
# For license information, please see license.txt

from frappe import _
from frappe.model.document import Document

from recrm.core import RuleError
from recrm.core.pricing import UnitFacts, unit_problems
from recrm.errors import throw_rule_error


class REUnitType(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		bathrooms: DF.Int
		bedrooms: DF.Int
		description: DF.SmallText | None
		floor_plan: DF.AttachImage | None
		gross_area: DF.Float
		kind: DF.Literal["Apartment", "Shop", "Office", "Parking Space", "Storage"]
		living_rooms: DF.Int
		net_area: DF.Float
		project: DF.Link
		type_code: DF.Data
		type_name: DF.Data | None
	# end: auto-generated types

	def before_validate(self):
		self.type_code = (self.type_code or "").strip()

	def validate(self):
		self.validate_areas()

	def validate_areas(self):
		# a unit type carries no price: check only its areas
		facts = UnitFacts(gross_area=self.gross_area, net_area=self.net_area or None, list_price=1)
		for code, params in unit_problems(facts):
			throw_rule_error(RuleError(code, **params), _("Unit type {0}").format(self.type_code))
