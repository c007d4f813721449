# Copyright (c) 2026, recrm developers and contributors
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import escape_html

from recrm.core import lifecycle as stages
from recrm.core.unit_status import CONTRACTED, HANDED_OVER
from recrm.handover.readiness import DEFAULT_DOCUMENTS, DEFAULT_PACK, active_contract, missing_for_keys
from recrm.inventory.status import change_unit_status
from recrm.sales.lifecycle import update_stages

APPOINTMENT = "RE Handover Appointment"


class KeyHandoverError(frappe.ValidationError):
	pass


class REKeyHandover(Document):
	"""The keys of a unit handed to its buyer (交钥匙): keys, meter readings, the handover pack,
	the documents signed and the buyer's signature.

	Submitting it moves the unit to Handed Over (``change_unit_status``, with its history) and the
	contract's buyers to Owner (``recrm.sales.lifecycle``, with the stage log); cancelling it, with a
	reason, moves both back. ``active_unit`` holds the unit under a unique index while the record
	is a draft or submitted: a unit has one key handover, whatever runs at once."""

	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		from recrm.handover.doctype.re_key_handover_document.re_key_handover_document import (
			REKeyHandoverDocument,
		)
		from recrm.handover.doctype.re_key_handover_item.re_key_handover_item import REKeyHandoverItem

		active_unit: DF.Data | None
		amended_from: DF.Link | None
		appointment: DF.Link | None
		batch: DF.Link | None
		building: DF.Link | None
		buyer_signature: DF.Signature | None
		cancel_reason: DF.SmallText | None
		contract: DF.Link | None
		customer: DF.Link | None
		documents: DF.Table[REKeyHandoverDocument]
		electricity_meter: DF.Float
		gas_meter: DF.Float
		handover_date: DF.Date
		key_count: DF.Int
		key_list: DF.SmallText | None
		open_defects_note: DF.SmallText | None
		pack: DF.Table[REKeyHandoverItem]
		project: DF.Link | None
		unit: DF.Link
		water_meter: DF.Float
	# end: auto-generated types

	def before_validate(self):
		if self.docstatus < 2:
			self.active_unit = self.unit

	def validate(self):
		unit = self.lock_unit()
		self.validate_only_one(unit)
		self.set_contract(unit)
		self.set_defaults()
		self.validate_appointment()
		self.validate_meters()

	def lock_unit(self):
		"""Lock the unit's row: a second key handover of it waits here, then sees the first."""
		unit = frappe.db.get_value(
			"RE Unit",
			self.unit,
			["name", "status", "unit_number", "building", "project"],
			as_dict=True,
			for_update=True,
		)
		if not unit:
			self.refuse(_("Unit {0} does not exist.").format(self.unit))
		self.building, self.project = unit.building, unit.project
		return unit

	def validate_only_one(self, unit):
		other = frappe.db.get_value(
			self.doctype, {"active_unit": self.unit, "name": ("!=", self.name or "")}, "name"
		)
		if other:
			self.refuse_second(unit.unit_number, other)
		if self.docstatus == 0 and unit.status == HANDED_OVER:
			self.refuse(_("Unit {0} has been handed over already.").format(unit.unit_number))

	def refuse_second(self, unit_number, other=None):
		frappe.throw(
			_("Unit {0} already has a key handover ({1}): a unit's keys are handed over once.").format(
				unit_number, other or _("another one")
			),
			exc=frappe.UniqueValidationError,
			title=_("Keys Handed Over Already"),
		)

	def show_unique_validation_message(self, e):
		"""The unique index caught a second key handover that raced past the row lock."""
		self.refuse_second(frappe.db.get_value("RE Unit", self.unit, "unit_number") or self.unit)

	def set_contract(self, unit):
		contract = active_contract(self.unit)
		if not contract:
			self.refuse(
				_("Unit {0} has no signed contract: there is nobody to hand the keys to.").format(
					unit.unit_number
				)
			)
		self.contract = contract.name
		buyers = frappe.get_all(
			"RE Contract Buyer",
			filters={"parent": contract.name, "parenttype": "RE Contract"},
			pluck="customer",
			order_by="idx",
		)
		if not self.customer:
			self.customer = buyers[0] if buyers else None
		elif self.customer not in buyers:
			self.refuse(_("{0} is not a buyer of contract {1}.").format(self.customer, contract.name))

	def set_defaults(self):
		if not self.pack:
			for item, quantity in DEFAULT_PACK:
				self.append("pack", {"item": _(item), "quantity": quantity, "handed_over": 1})
		if not self.documents:
			for document in DEFAULT_DOCUMENTS:
				self.append("documents", {"document": _(document), "signed": 0})

	def validate_appointment(self):
		if not self.appointment:
			return
		appointment = frappe.db.get_value(APPOINTMENT, self.appointment, ["unit", "slot"], as_dict=True)
		if not appointment or appointment.unit != self.unit:
			self.refuse(_("Appointment {0} is not for this unit.").format(self.appointment))
		if not self.batch:
			self.batch = frappe.db.get_value("RE Handover Slot", appointment.slot, "batch")

	def validate_meters(self):
		for fieldname in ("water_meter", "electricity_meter", "gas_meter", "key_count"):
			if (self.get(fieldname) or 0) < 0:
				self.refuse(_("{0} cannot be negative.").format(_(self.meta.get_label(fieldname))))

	def before_submit(self):
		missing = missing_for_keys(self.unit, documents=[d.as_dict() for d in self.documents])
		if not self.buyer_signature:
			missing.append(_("the buyer has not signed"))
		if missing:
			self.refuse(
				_("The keys of unit {0} cannot be handed over yet. Missing:").format(
					frappe.db.get_value("RE Unit", self.unit, "unit_number")
				)
				+ "<ul>"
				+ "".join(f"<li>{escape_html(line)}</li>" for line in missing)
				+ "</ul>",
				title=_("Not Ready for the Keys"),
			)

	def on_submit(self):
		change_unit_status(
			self.unit,
			HANDED_OVER,
			_("Keys handed over ({0})").format(self.name),
			reference_doctype=self.doctype,
			reference_name=self.name,
			expected_from=CONTRACTED,
		)
		frappe.db.set_value("RE Unit", self.unit, "handed_over_on", self.handover_date, update_modified=False)
		if self.appointment:
			appointment = frappe.get_doc(APPOINTMENT, self.appointment)
			appointment.status = "Completed"
			appointment.keys_handed_over_on = self.handover_date
			appointment.save(ignore_permissions=True)
		update_stages(self.buyers(), stages.HANDOVER)

	def before_cancel(self):
		self.cancel_reason = (self.cancel_reason or "").strip()
		if not self.cancel_reason:
			self.refuse(_("Say why the key handover is cancelled: the reason is kept in the unit's history."))
		self.active_unit = None

	def on_cancel(self):
		change_unit_status(
			self.unit,
			CONTRACTED,
			_("Key handover {0} cancelled: {1}").format(self.name, self.cancel_reason),
			reference_doctype=self.doctype,
			reference_name=self.name,
			expected_from=HANDED_OVER,
		)
		frappe.db.set_value("RE Unit", self.unit, "handed_over_on", None, update_modified=False)
		if self.appointment:
			frappe.db.set_value(APPOINTMENT, self.appointment, "keys_handed_over_on", None)
		update_stages(self.buyers(), stages.HANDOVER_CANCELLED)

	def buyers(self) -> list[str]:
		return frappe.get_all(
			"RE Contract Buyer",
			filters={"parent": self.contract, "parenttype": "RE Contract"},
			pluck="customer",
		)

	def refuse(self, message: str, title: str | None = None):
		frappe.throw(message, exc=KeyHandoverError, title=title or _("Key Handover"))
