# Copyright (c) 2026, recrm developers and contributors
# For license information, please see license.txt

import frappe
from frappe.model.document import Document


class REConstructionUpdateNotice(Document):
	"""One message sent about a construction update: to one customer, by one channel. Written only
	by recrm.inventory.construction_updates.notify_buyers; the unique index makes a second send of
	the same message impossible, whatever runs at once."""

	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		channel: DF.Literal["E-mail", "SMS"]
		construction_update: DF.Link
		customer: DF.Link
		recipient: DF.Data | None
		sent_on: DF.Datetime | None
	# end: auto-generated types

	pass


def on_doctype_update():
	frappe.db.add_unique(
		"RE Construction Update Notice",
		["construction_update", "customer", "channel"],
		constraint_name="unique_update_customer_channel",
	)
