# Copyright (c) 2026, recrm developers and contributors
# For license information, please see license.txt

"""A fact disclosed to buyers before they sign (温馨牵手): an unfavourable facility within one
kilometre, a known defect, a planning change. The project's active facts are what a buyer
acknowledges; a contract keeps a copy of the list its buyer saw."""

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import getdate, nowdate

from recrm.core.disclosure import Fact, fingerprint

FACILITY = "Unfavourable Facility Within 1 km"


class REDisclosure(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		active: DF.Check
		category: DF.Literal["Unfavourable Facility Within 1 km", "Known Defect", "Planning Change"]
		description: DF.SmallText
		distance_m: DF.Int
		project: DF.Link
		published_on: DF.Date

	# end: auto-generated types
	def before_validate(self):
		self.description = (self.description or "").strip()
		if self.category != FACILITY:
			self.distance_m = 0

	def validate(self):
		self.validate_distance()
		self.validate_published_on()

	def validate_distance(self):
		if self.category == FACILITY and not 0 < (self.distance_m or 0) <= 1000:
			frappe.throw(
				_(
					"A facility disclosed as within 1 km needs its distance, from 1 to 1000 m, not {0}."
				).format(self.distance_m or 0),
				title=_("Disclosure"),
			)

	def validate_published_on(self):
		if getdate(self.published_on) > getdate(nowdate()):
			frappe.throw(
				_("A fact is disclosed when it is published: {0} is still to come.").format(
					frappe.utils.formatdate(self.published_on)
				),
				title=_("Disclosure"),
			)


def current_disclosures(project: str) -> list[dict]:
	"""The project's active disclosed facts as a buyer is shown them: category, the words (with the
	distance of a facility), the day published."""
	rows = frappe.get_all(
		"RE Disclosure",
		filters={"project": project, "active": 1},
		fields=["name", "category", "description", "distance_m", "published_on"],
		order_by="published_on asc, name asc",
	)
	for row in rows:
		if row.distance_m:
			row.description = f"{row.description} ({row.distance_m} m)"
	return rows


def disclosure_fingerprint(rows: list[dict]) -> str:
	return fingerprint(Fact(r["name"], r["category"], r["description"], r["published_on"]) for r in rows)
