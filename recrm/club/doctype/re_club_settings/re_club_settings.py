# Copyright (c) 2026, recrm developers and contributors
# For license information, please see license.txt

"""The club's earning and expiry rules (recrm.club.points)."""

from frappe.model.document import Document


class REClubSettings(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		expiry_years: DF.Int
		loyalty_program: DF.Data | None
		mirror_loyalty_program: DF.Check
		points_birthday: DF.Int
		points_event: DF.Int
		points_per_10k: DF.Float
		points_referral: DF.Int
		points_survey: DF.Int
	# end: auto-generated types
