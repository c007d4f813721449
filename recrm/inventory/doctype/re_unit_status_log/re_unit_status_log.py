# Copyright (c) 2026, recrm developers and contributors
# For license information, please see license.txt

from frappe.model.document import Document


class REUnitStatusLog(Document):
	"""Written only by recrm.inventory.status.change_unit_status; no role may create, edit or delete."""

	# begin: auto-generated types
	# end: auto-generated types

	pass
