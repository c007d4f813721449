# Copyright (c) 2026, recrm developers and contributors
# For license information, please see license.txt

from datetime import timedelta

import frappe
from frappe import _
from frappe.desk.form import assign_to
from frappe.model.document import Document
from frappe.utils import get_datetime, now_datetime

from recrm.core import sla
from recrm.core.complaints import (
	AWAITING_CUSTOMER,
	CLOSED,
	OPEN,
	REOPENED,
	RESOLVED,
	check_transition,
	complaint_times,
	next_statuses,
)
from recrm.errors import ServiceRuleError, rule_errors
from recrm.photos import validate_photo_fields
from recrm.service import settings as service_settings

# the core's clock states as the complaint shows them
SLA_LABELS = {
	sla.OK: "On Track",
	sla.WARNING: "Breach in Sight",
	sla.BREACHED: "Breached",
	sla.MET: "Met",
	sla.MET_LATE: "Met Late",
}
FUTURE_TOLERANCE = timedelta(minutes=5)
HOUR = timedelta(hours=1)


def sla_label(state: sla.SlaState | None) -> str | None:
	return SLA_LABELS[state.status] if state else None


def warning_instant(clock: sla.Clock, warn_at: float):
	"""When ``warn_at`` of the clock's allowed time will have been used; None while it stands still."""
	return sla.deadline(clock.calendar, clock.start, clock.allowed * warn_at, clock.pauses)


class REComplaint(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		from recrm.service.doctype.re_complaint_photo.re_complaint_photo import REComplaintPhoto
		from recrm.service.doctype.re_complaint_status_log.re_complaint_status_log import REComplaintStatusLog

		agent: DF.Link | None
		building: DF.Link | None
		category: DF.Link
		category_group: DF.Link | None
		cause: DF.SmallText | None
		channel: DF.Literal["Phone", "Fax", "Visit", "Portal", "WeChat", "Forum", "E-mail"]
		closed_at: DF.Datetime | None
		customer: DF.Link
		customer_name: DF.Data | None
		customer_phone: DF.Data | None
		description: DF.Text
		paused_hours: DF.Float
		paused_since: DF.Datetime | None
		photos: DF.Table[REComplaintPhoto]
		priority: DF.Literal["Low", "Medium", "High", "Urgent"]
		project: DF.Link
		received_at: DF.Datetime
		reopen_count: DF.Int
		resolution: DF.SmallText | None
		resolution_due: DF.Datetime | None
		resolution_escalation_level: DF.Int
		resolution_started_at: DF.Datetime | None
		resolution_status: DF.Literal["", "On Track", "Breach in Sight", "Breached", "Met", "Met Late"]
		resolution_warned: DF.Check
		resolution_warning_at: DF.Datetime | None
		resolved_at: DF.Datetime | None
		responded_at: DF.Datetime | None
		response_due: DF.Datetime | None
		response_escalation_level: DF.Int
		response_status: DF.Literal["", "On Track", "Breach in Sight", "Breached", "Met", "Met Late"]
		response_warned: DF.Check
		response_warning_at: DF.Datetime | None
		responsible_department: DF.Literal[
			"Project", "Customer Service", "Engineering", "Property Management", "Sales", "Finance"
		]
		responsible_person: DF.Link | None
		service_case: DF.Link | None
		status: DF.Literal[
			"Open", "Responded", "In Progress", "Awaiting Customer", "Resolved", "Closed", "Reopened"
		]
		status_log: DF.Table[REComplaintStatusLog]
		subject: DF.Data
		unit: DF.Link | None
	# end: auto-generated types

	def onload(self):
		self.set_onload("next_statuses", next_statuses(self.status or OPEN))

	def before_validate(self):
		self.set_received_at()
		self.set_building_from_unit()
		self.set_category_group()
		self.set_responsible_person()
		self.set_status_log()
		self.set_sla()

	def validate(self):
		self.validate_received_not_in_future()
		self.validate_location_in_project()
		self.validate_category_is_specific()
		self.validate_history_unchanged()
		self.validate_resolution_given()
		# photos are private files: only the complaint's customer and staff open them
		validate_photo_fields(self)

	def on_update(self):
		self.assign_responsible_person()
		self.after_status_change()

	# ---- derived values ----------------------------------------------------------------------

	def set_received_at(self):
		self.received_at = get_datetime(self.received_at) if self.received_at else now_datetime()

	def set_building_from_unit(self):
		if self.unit and not self.building:
			self.building = frappe.db.get_value("RE Unit", self.unit, "building")

	def set_category_group(self):
		"""The category's top-level group (Quality, Sales Promises …), for the Pareto by group."""
		self.category_group = service_settings.category_group(self.category)

	def set_responsible_person(self):
		"""The project GM is the first responsible person for every complaint of the project."""
		if self.responsible_person or not self.project:
			return
		project_gm = frappe.db.get_value("RE Project", self.project, "project_gm")
		if project_gm:
			self.responsible_person = project_gm
			self.responsible_department = "Project"

	def set_status_log(self):
		"""Every change of status is kept: from, to, when, by whom, with a note. A new complaint starts
		Open when it was received; code that imports history (the demo) may pass the whole log."""
		if self.is_new():
			if self.flags.keep_history and self.status_log:
				self.status = self.status_log[-1].to_status
				return
			self.set("status_log", [])
			self.append(
				"status_log",
				{
					"from_status": "",
					"to_status": OPEN,
					"changed_at": self.received_at,
					"changed_by": frappe.session.user,
					"note": self.flags.status_note,
				},
			)
			self.status = OPEN
			return
		before = self.get_doc_before_save()
		previous = before.status if before else self.status
		if self.status == previous:
			return
		with rule_errors(exc=ServiceRuleError, title=_("Complaint Status")):
			check_transition(previous, self.status)
		self.append(
			"status_log",
			{
				"from_status": previous,
				"to_status": self.status,
				"changed_at": self.flags.status_at or now_datetime(),
				"changed_by": frappe.session.user,
				"note": self.flags.status_note,
			},
		)

	def set_sla(self):
		"""Both clocks from the status history, as ``recrm.core`` computes them: due times, the
		instants a breach comes in sight, their state now, pauses and reopenings."""
		settings = service_settings.service_settings()
		history = [(row.to_status, get_datetime(row.changed_at)) for row in self.status_log]
		with rule_errors(exc=ServiceRuleError, title=_("Service Level")):
			policy = service_settings.policy(self.priority, self.category, settings)
			times = complaint_times(history)
			response = sla.response_clock(policy, times.received, times.responded_at)
			resolution = sla.resolution_clock(policy, times.resolution_start, times.pauses, times.resolved_at)
		now = max(now_datetime(), history[-1][1])
		warn_at = policy.warn_at

		self.responded_at = times.responded_at
		self.response_due = response.due if response else None
		self.response_warning_at = warning_instant(response, warn_at) if response else None
		self.response_status = sla_label(response.state(now, warn_at)) if response else None

		self.resolution_started_at = times.resolution_start
		self.resolved_at = times.resolved_at
		self.resolution_due = resolution.due
		self.resolution_warning_at = warning_instant(resolution, warn_at)
		self.resolution_status = sla_label(resolution.state(now, warn_at))
		self.closed_at = history[-1][1] if self.status == CLOSED else None

		open_pauses = [start for start, end in times.pauses if end is None]
		self.paused_since = open_pauses[0] if self.status == AWAITING_CUSTOMER and open_pauses else None
		self.paused_hours = (
			sum(
				(resolution.calendar.between(start, end) for start, end in times.pauses if end is not None),
				timedelta(0),
			)
			/ HOUR
		)
		before = self.get_doc_before_save() if not self.is_new() else None
		if before is not None and times.reopened > (before.reopen_count or 0):
			# a new round has its own clock, its own warning and its own escalation
			self.resolution_warned = 0
			self.resolution_escalation_level = 0
		self.reopen_count = times.reopened

	# ---- checks ------------------------------------------------------------------------------

	def validate_received_not_in_future(self):
		if get_datetime(self.received_at) > now_datetime() + FUTURE_TOLERANCE:
			frappe.throw(
				_("The complaint cannot be received in the future ({0}).").format(
					frappe.utils.format_datetime(self.received_at)
				),
				exc=ServiceRuleError,
				title=_("Received At"),
			)

	def validate_location_in_project(self):
		if self.building:
			building_project = frappe.db.get_value("RE Building", self.building, "project")
			if building_project != self.project:
				frappe.throw(
					_(
						"Building {0} belongs to project {1}, not {2}. Choose a building of the complaint's project."
					).format(self.building, building_project, self.project),
					exc=ServiceRuleError,
					title=_("Building"),
				)
		if self.unit:
			unit = frappe.db.get_value("RE Unit", self.unit, ["project", "building"], as_dict=True)
			if not unit or unit.project != self.project:
				frappe.throw(
					_(
						"Unit {0} belongs to project {1}, not {2}. Choose a unit of the complaint's project."
					).format(self.unit, unit.project if unit else "", self.project),
					exc=ServiceRuleError,
					title=_("Unit"),
				)
			if self.building and unit.building != self.building:
				frappe.throw(
					_("Unit {0} is not in building {1}.").format(self.unit, self.building),
					exc=ServiceRuleError,
					title=_("Unit"),
				)

	def validate_category_is_specific(self):
		if self.category and frappe.db.get_value("RE Complaint Category", self.category, "is_group"):
			frappe.throw(
				_("{0} is a group of categories. Choose one of its categories.").format(_(self.category)),
				exc=ServiceRuleError,
				title=_("Category"),
			)

	def validate_history_unchanged(self):
		if self.is_new():
			return
		before = self.get_doc_before_save()
		if before is None:
			return
		kept = [(row.to_status, get_datetime(row.changed_at)) for row in before.status_log]
		now = [(row.to_status, get_datetime(row.changed_at)) for row in self.status_log[: len(kept)]]
		if kept != now:
			frappe.throw(
				_("The status history cannot be edited."), exc=ServiceRuleError, title=_("Status History")
			)

	def validate_resolution_given(self):
		if self.status == RESOLVED and not (self.resolution or "").strip():
			frappe.throw(
				_("Write down what was done in Resolution before resolving the complaint."),
				exc=ServiceRuleError,
				title=_("Resolution"),
			)

	# ---- after saving ------------------------------------------------------------------------

	def status_changed_to(self, status: str) -> bool:
		before = self.get_doc_before_save()
		previous = before.status if before else None
		return self.status == status and previous != status

	def assign_responsible_person(self):
		"""The responsible person gets the complaint in their ToDo list (Frappe's assignment)."""
		before = self.get_doc_before_save()
		previous = before.responsible_person if before else None
		reopened = self.status_changed_to(REOPENED)
		if self.responsible_person == previous and not reopened:
			return
		if previous and previous != self.responsible_person:
			assign_to.remove(self.doctype, self.name, previous, ignore_permissions=True)
		if self.responsible_person and self.status not in (RESOLVED, CLOSED):
			assign_to.add(
				{
					"assign_to": [self.responsible_person],
					"doctype": self.doctype,
					"name": self.name,
					"description": self.subject,
					"priority": "High" if self.priority in ("High", "Urgent") else "Medium",
					"date": self.resolution_due.date() if self.resolution_due else None,
				},
				ignore_permissions=True,
			)

	def after_status_change(self):
		if self.flags.keep_history:
			return  # imported history: its survey, if any, comes with it
		if self.status_changed_to(CLOSED):
			assign_to.close_all_assignments(self.doctype, self.name, ignore_permissions=True)
			from recrm.service.surveys import send_complaint_survey

			send_complaint_survey(self)

	# ---- actions -----------------------------------------------------------------------------

	@frappe.whitelist()
	def change_status(self, status: str, note: str | None = None, resolution: str | None = None):
		"""Move the complaint to ``status`` (one of ``next_statuses``), keeping ``note`` in the history."""
		self.check_permission("write")
		self.status = status
		if resolution:
			self.resolution = resolution
		self.flags.status_note = note
		self.save()
		return self.status
