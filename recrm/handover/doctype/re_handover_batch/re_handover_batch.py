# Copyright (c) 2026, recrm developers and contributors
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import get_time, getdate, now_datetime

from recrm.core import RuleError
from recrm.core import handover_readiness as rules
from recrm.errors import rule_errors
from recrm.messages import rule_message

DRAFT, OPEN, CLOSED = "Draft", "Open", "Closed"
SLOT = "RE Handover Slot"


class HandoverBatchError(frappe.ValidationError):
	pass


class REHandoverBatch(Document):
	"""A handover batch (交付批次) of a building: its readiness checklist, its window and slots.

	Draft → Open (``open_batch``: refused with the list of what is missing until the checklist is
	complete; makes the slots the portal books and tells the buyers) → Closed (``close_batch``)."""

	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		from recrm.handover.doctype.re_handover_batch_notice.re_handover_batch_notice import (
			REHandoverBatchNotice,
		)

		acceptance_filing_date: DF.Date | None
		acceptance_filing_number: DF.Data | None
		appointments_per_slot: DF.Int
		batch_title: DF.Data
		building: DF.Link
		buyers_notified: DF.Int
		closed_on: DF.Datetime | None
		construction_stage: DF.Data | None
		day_ends: DF.Time | None
		day_starts: DF.Time | None
		keys_received: DF.Check
		location: DF.Data | None
		notices: DF.Table[REHandoverBatchNotice]
		opened_by: DF.Link | None
		opened_on: DF.Datetime | None
		project: DF.Link | None
		property_management_ready: DF.Check
		slot_minutes: DF.Int
		slots_made: DF.Int
		status: DF.Literal["Draft", "Open", "Closed"]
		utilities_ready: DF.Check
		window_from: DF.Date | None
		window_to: DF.Date | None
	# end: auto-generated types

	def validate(self):
		self.validate_status_unchanged()
		self.set_building_facts()
		self.validate_window()

	def validate_status_unchanged(self):
		"""The status moves only through open_batch and close_batch."""
		if self.flags.status_moved:
			return
		before = DRAFT if self.is_new() else frappe.db.get_value(self.doctype, self.name, "status")
		if (self.status or DRAFT) != before:
			frappe.throw(
				_("A handover batch is opened and closed with its Open and Close buttons."),
				exc=HandoverBatchError,
			)

	def set_building_facts(self):
		building = frappe.db.get_value(
			"RE Building", self.building, ["project", "construction_stage"], as_dict=True
		)
		if building:
			self.project = building.project
			self.construction_stage = building.construction_stage

	def validate_window(self):
		with rule_errors(exc=HandoverBatchError, title=_("Handover Window")):
			rules.check_window(
				getdate(self.window_from) if self.window_from else None,
				getdate(self.window_to) if self.window_to else None,
				getdate(self.acceptance_filing_date) if self.acceptance_filing_date else None,
			)
			if self.window_from and self.window_to:
				self.slot_times()

	def readiness(self) -> rules.BuildingReadiness:
		return rules.BuildingReadiness(
			construction_stage=self.construction_stage,
			acceptance_filing_number=self.acceptance_filing_number,
			acceptance_filing_date=self.acceptance_filing_date,
			utilities_ready=bool(self.utilities_ready),
			property_management_ready=bool(self.property_management_ready),
			keys_received=bool(self.keys_received),
			window_from=self.window_from,
			window_to=self.window_to,
		)

	def missing(self) -> list[str]:
		"""Translated lines of what the checklist still lacks."""
		return [
			rule_message(RuleError(code, stage=_(self.construction_stage or _("Not Started"))))
			for code in rules.batch_missing(self.readiness())
		]

	def slot_times(self):
		return rules.slot_times(
			getdate(self.window_from),
			getdate(self.window_to),
			get_time(self.day_starts or "09:00:00"),
			get_time(self.day_ends or "17:00:00"),
			self.slot_minutes,
			self.appointments_per_slot,
		)

	@frappe.whitelist()
	def open_batch(self) -> dict:
		"""Open the batch: refused with what is missing; makes its slots and tells its buyers."""
		self.check_permission("write")
		frappe.db.get_value(self.doctype, self.name, "name", for_update=True)
		self.reload()
		if self.status != DRAFT:
			frappe.throw(
				_("Handover batch {0} is {1}: only a draft batch opens.").format(self.name, _(self.status)),
				exc=HandoverBatchError,
			)
		self.set_building_facts()
		missing = self.missing()
		if missing:
			frappe.throw(
				_("Handover batch {0} cannot open yet. Missing:").format(self.name)
				+ "<ul>"
				+ "".join(f"<li>{frappe.utils.escape_html(line)}</li>" for line in missing)
				+ "</ul>",
				exc=HandoverBatchError,
				title=_("Not Ready for Handover"),
			)
		with rule_errors(exc=HandoverBatchError, title=_("Handover Window")):
			times = self.slot_times()
		made = self.make_slots(times)
		self.status = OPEN
		self.opened_on = now_datetime()
		self.opened_by = frappe.session.user
		self.slots_made = made
		self.flags.status_moved = True
		self.save()
		self.set_building_handover_date()
		from recrm.handover.batches import enqueue_notices

		enqueue_notices(self.name)
		return {"status": self.status, "slots": made}

	def set_building_handover_date(self):
		"""The building is delivered from the first day of its first open batch: an empty
		RE Building.actual_handover_date takes the window's start (saved as a document, so its
		on_update drafts the late-delivery penalties). A date already set is kept."""
		building = frappe.get_doc("RE Building", self.building)
		if building.actual_handover_date or not self.window_from:
			return
		building.actual_handover_date = getdate(self.window_from)
		building.flags.ignore_permissions = True  # a consequence of opening, not a building edit
		building.save()

	def make_slots(self, times) -> int:
		"""One open RE Handover Slot for each time of the window (an existing slot of the building
		at that time is opened and joined to the batch instead)."""
		existing = {
			str(row.slot_start): row.name
			for row in frappe.get_all(
				SLOT,
				filters={"building": self.building, "slot_start": ("between", [times[0][0], times[-1][0]])},
				fields=["name", "slot_start"],
			)
		}
		for start, end in times:
			name = existing.get(str(start))
			if name:
				frappe.db.set_value(SLOT, name, {"status": "Open", "batch": self.name})
				continue
			frappe.get_doc(
				{
					"doctype": SLOT,
					"project": self.project,
					"building": self.building,
					"location": self.location,
					"status": "Open",
					"slot_start": start,
					"slot_end": end,
					"capacity": self.appointments_per_slot,
					"batch": self.name,
				}
			).insert(ignore_permissions=True)
		return len(times)

	@frappe.whitelist()
	def close_batch(self) -> dict:
		"""Close the batch and its slots (appointments already booked stay)."""
		self.check_permission("write")
		frappe.db.get_value(self.doctype, self.name, "name", for_update=True)
		self.reload()
		if self.status != OPEN:
			frappe.throw(
				_("Handover batch {0} is {1}: only an open batch closes.").format(self.name, _(self.status)),
				exc=HandoverBatchError,
			)
		frappe.db.set_value(SLOT, {"batch": self.name}, "status", "Closed")
		self.status = CLOSED
		self.closed_on = now_datetime()
		self.flags.status_moved = True
		self.save()
		return {"status": self.status}
