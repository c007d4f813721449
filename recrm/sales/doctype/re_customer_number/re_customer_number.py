# Copyright (c) 2026, recrm developers and contributors
# For license information, please see license.txt

from frappe.model.document import Document


class RECustomerNumber(Document):
	"""A customer's full phone number, kept where no generic route reaches (recrm/sales/phone_privacy.py)."""

	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		customer: DF.Data
		is_primary: DF.Check
		number: DF.Data
	# end: auto-generated types

	pass
