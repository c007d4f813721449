# Copyright (c) 2026, recrm developers and contributors
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import get_datetime, now_datetime

from recrm.core import RuleError
from recrm.core.handover import check_bookable, check_places
from recrm.errors import PortalRuleError
from recrm.handover.places import HANDOVER_PLACES
from recrm.messages import rule_message

SLOT = "RE Handover Slot"
BOOKED = "Booked"
CANCELLED = "Cancelled"


class SlotTakenError(PortalRuleError):
	pass


class REHandoverAppointment(Document):
	"""A buyer's handover inspection (验房) of a unit in a slot, then the keys.

	While it is booked, ``active_unit`` holds the unit under a unique index: a unit has at most one
	booked appointment whatever runs at once. Booking into a slot (or moving to another) locks the
	slot's row and counts its booked appointments again, so the last place goes to one buyer only."""

	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		active_unit: DF.Data | None
		booked_by: DF.Link | None
		booked_on: DF.Datetime | None
		building: DF.Link | None
		cancelled_on: DF.Datetime | None
		customer: DF.Link
		keys_handed_over_on: DF.Date | None
		note: DF.SmallText | None
		project: DF.Link | None
		slot: DF.Link
		slot_end: DF.Datetime | None
		slot_start: DF.Datetime | None
		status: DF.Literal["Booked", "Completed", "Cancelled", "No Show"]
		unit: DF.Link
	# end: auto-generated types

	def before_validate(self):
		self.active_unit = self.unit if self.status == BOOKED else None

	def before_insert(self):
		self.booked_on = now_datetime()
		self.booked_by = frappe.session.user

	def validate(self):
		self.validate_slot_for_unit()
		if self.status == BOOKED and (
			self.is_new() or self.has_value_changed("slot") or self.has_value_changed("status")
		):
			self.validate_slot_has_room()
		if self.status == CANCELLED and not self.cancelled_on:
			self.cancelled_on = now_datetime()

	def validate_slot_for_unit(self):
		slot = frappe.db.get_value(SLOT, self.slot, ["project", "building"], as_dict=True)
		unit = frappe.db.get_value("RE Unit", self.unit, ["project", "building", "unit_number"], as_dict=True)
		if not slot or not unit:
			return
		if slot.project != unit.project or (slot.building and slot.building != unit.building):
			frappe.throw(
				_("Slot {0} is for another building than unit {1}.").format(self.slot, unit.unit_number),
				exc=PortalRuleError,
				title=_("Slot"),
			)

	def validate_slot_has_room(self):
		slot = HANDOVER_PLACES.lock(self.slot, ["name", "slot_start", "status", "capacity"])
		try:
			check_bookable(get_datetime(slot.slot_start), now_datetime(), slot.status == "Open")
			check_places(slot.capacity, HANDOVER_PLACES.taken(slot.name, leaving_out=self.name))
		except RuleError as error:
			if error.code == "no_places_left":
				frappe.throw(
					_("This slot was just taken. Choose another time."),
					exc=SlotTakenError,
					title=_("Slot Taken"),
				)
			frappe.throw(rule_message(error), exc=PortalRuleError, title=_("Slot"))

	def on_update(self):
		self.update_slots()

	def after_delete(self):
		self.update_slots()

	def update_slots(self):
		slots = {self.slot}
		before = self.get_doc_before_save()
		if before and before.slot:
			slots.add(before.slot)
		for slot in slots:
			HANDOVER_PLACES.update_total(slot)
