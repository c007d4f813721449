# Copyright (c) 2026, recrm developers and contributors
# For license information, please see license.txt

from frappe.model.document import Document


class REContractDisclosure(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		category: DF.Data | None
		description: DF.SmallText | None
		disclosure: DF.Link | None
		parent: DF.Data
		parentfield: DF.Data
		parenttype: DF.Data
		published_on: DF.Date | None
	# end: auto-generated types
	pass
