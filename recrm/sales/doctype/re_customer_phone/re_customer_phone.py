# Copyright (c) 2026, recrm developers and contributors
# For license information, please see license.txt

from frappe.model.document import Document


class RECustomerPhone(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		is_primary: DF.Check
		masked_phone: DF.Data | None
		parent: DF.Data
		parentfield: DF.Data
		parenttype: DF.Data
		phone: DF.Data | None
		phone_tail: DF.Data | None
	# end: auto-generated types

	pass
