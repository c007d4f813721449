# Copyright (c) 2026, recrm developers and contributors
# For license information, please see license.txt

"""A tier of the club: the minimum points, units owned and years of membership, and its benefits."""

from frappe.model.document import Document


class REClubTier(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		benefits: DF.SmallText | None
		min_points: DF.Int
		min_units: DF.Int
		min_years: DF.Int
		tier_name: DF.Data
		tier_order: DF.Int
	# end: auto-generated types
