# Copyright (c) 2026, recrm developers and contributors
# For license information, please see license.txt

from frappe import _
from frappe.model.document import Document

from recrm.errors import ServiceRuleError, rule_errors
from recrm.service.settings import check_settings


class REServiceSettings(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		from recrm.service.doctype.re_compensation_threshold.re_compensation_threshold import (
			RECompensationThreshold,
		)
		from recrm.service.doctype.re_periodic_survey_project.re_periodic_survey_project import (
			REPeriodicSurveyProject,
		)
		from recrm.service.doctype.re_service_calendar_day.re_service_calendar_day import REServiceCalendarDay
		from recrm.service.doctype.re_service_department_manager.re_service_department_manager import (
			REServiceDepartmentManager,
		)
		from recrm.service.doctype.re_service_sla_target.re_service_sla_target import REServiceSLATarget

		assignee_after_hours: DF.Float
		calendar_days: DF.Table[REServiceCalendarDay]
		claim_escalation_role: DF.Link | None
		claim_thresholds: DF.Table[RECompensationThreshold]
		department_managers: DF.Table[REServiceDepartmentManager]
		friday: DF.Check
		manager_after_hours: DF.Float
		monday: DF.Check
		month_min_days: DF.Int
		periodic_survey_customers: DF.Literal["Owners", "Buyers and Owners"]
		periodic_survey_interval: DF.Literal["Off", "Quarterly", "Half-Yearly", "Yearly"]
		periodic_survey_projects: DF.Table[REPeriodicSurveyProject]
		project_gm_after_hours: DF.Float
		resolution_hours: DF.Float
		resolution_target: DF.Literal["End of Month", "Hours"]
		response_hours: DF.Float
		saturday: DF.Check
		sla_targets: DF.Table[REServiceSLATarget]
		step_deadline_days: DF.Int
		step_escalate_after_days: DF.Int
		sunday: DF.Check
		thursday: DF.Check
		time_basis: DF.Literal["Calendar Time", "Working Time"]
		tuesday: DF.Check
		warning_percent: DF.Percent
		wednesday: DF.Check
		working_hours: DF.Data
	# end: auto-generated types

	def validate(self):
		self.validate_buildable()

	def validate_buildable(self):
		"""The calendar, every SLA target and the approval thresholds must build in the core."""
		with rule_errors(exc=ServiceRuleError, title=_("Service Settings")):
			check_settings(self)
