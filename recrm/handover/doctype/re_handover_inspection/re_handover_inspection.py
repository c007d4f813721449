# Copyright (c) 2026, recrm developers and contributors
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import now_datetime

from recrm.core import inspection as rules
from recrm.errors import InspectionRuleError, rule_errors


class REHandoverInspection(Document):
	"""The handover inspection of a unit (验房): who inspected it when, its defects (RE Handover
	Defect, linked here) and the outcome — the keys accepted, accepted with the open defects
	recorded, or refused with the reason."""

	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		appointment: DF.Link | None
		building: DF.Link | None
		customer: DF.Link
		inspected_on: DF.Date
		inspector: DF.Link
		note: DF.SmallText | None
		open_defect_list: DF.SmallText | None
		open_defects: DF.Int
		outcome: DF.Literal["", "Accepted", "Accepted with Open Defects", "Refused"]
		outcome_recorded_on: DF.Datetime | None
		project: DF.Link | None
		refusal_reason: DF.SmallText | None
		unit: DF.Link
	# end: auto-generated types

	def validate(self):
		self.validate_appointment()
		self.validate_outcome()

	def validate_appointment(self):
		if not self.appointment:
			return
		unit, customer = frappe.db.get_value(
			"RE Handover Appointment", self.appointment, ["unit", "customer"]
		) or (None, None)
		if unit != self.unit or customer != self.customer:
			frappe.throw(
				_("Appointment {0} is not of unit {1} and customer {2}.").format(
					self.appointment, self.unit, self.customer
				),
				exc=InspectionRuleError,
				title=_("Inspection"),
			)

	def validate_outcome(self):
		from recrm.handover.inspection import defect_line, open_defects

		found = open_defects(self.name) if not self.is_new() else []
		with rule_errors(exc=InspectionRuleError, title=_("Outcome")):
			rules.check_outcome(self.outcome, self.refusal_reason, len(found))
		if self.outcome != rules.REFUSED:
			self.refusal_reason = None
		if self.is_new() or self.has_value_changed("outcome"):
			self.outcome_recorded_on = now_datetime() if self.outcome else None
			self.open_defects = len(found) if self.outcome else 0
			self.open_defect_list = (
				"\n".join(defect_line(row) for row in found)
				if self.outcome == rules.ACCEPTED_WITH_OPEN
				else None
			)
