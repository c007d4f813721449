# Copyright (c) 2026, recrm developers and contributors
# For license information, please see license.txt

from frappe.model.document import Document


class REChannel(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		active: DF.Check
		channel_name: DF.Data
		kind: DF.Literal[
			"Newspaper", "Outdoor", "Online Portal", "Referral", "Walk-in", "Event", "Agency", "Other"
		]
	# end: auto-generated types

	pass
