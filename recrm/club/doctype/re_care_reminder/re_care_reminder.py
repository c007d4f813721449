# Copyright (c) 2026, recrm developers and contributors
# For license information, please see license.txt

"""One birthday or handover-anniversary reminder of an owner, made once a year (the unique key)."""

from frappe.model.document import Document


class RECareReminder(Document):
	pass
