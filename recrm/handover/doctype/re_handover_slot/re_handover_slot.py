# Copyright (c) 2026, recrm developers and contributors
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import get_datetime

from recrm.errors import PortalRuleError
from recrm.handover.places import HANDOVER_PLACES
from recrm.inventory.places import validate_building_in_project


class REHandoverSlot(Document):
	"""A time offered for handover inspections (验房交付) of a building or of the whole project, with
	room for a number of appointments; buyers book it on the portal (RE Handover Appointment)."""

	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		batch: DF.Link | None
		booked: DF.Int
		building: DF.Link | None
		capacity: DF.Int
		location: DF.Data | None
		project: DF.Link
		slot_end: DF.Datetime
		slot_start: DF.Datetime
		status: DF.Literal["Open", "Closed"]
	# end: auto-generated types

	def validate(self):
		self.validate_times()
		validate_building_in_project(self)
		self.validate_capacity()

	def validate_times(self):
		if get_datetime(self.slot_end) <= get_datetime(self.slot_start):
			frappe.throw(
				_("The slot ends at {0}, before it starts at {1}.").format(self.slot_end, self.slot_start),
				exc=PortalRuleError,
				title=_("Times"),
			)

	def validate_capacity(self):
		if (self.capacity or 0) < 1:
			frappe.throw(_("A handover slot needs room for at least one appointment."), exc=PortalRuleError)
		if self.is_new():
			return
		booked = HANDOVER_PLACES.taken(self.name)
		if self.capacity < booked:
			frappe.throw(
				_("{0} appointments are booked in this slot; the capacity cannot be lower than that.").format(
					booked
				),
				exc=PortalRuleError,
				title=_("Capacity (Appointments)"),
			)
