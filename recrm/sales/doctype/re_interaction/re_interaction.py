# Copyright (c) 2026, recrm developers and contributors
# For license information, please see license.txt

from datetime import timedelta

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import get_datetime, getdate, now_datetime, nowdate

from recrm.core import lifecycle as stage_rules
from recrm.errors import SalesRuleError, throw_not_permitted
from recrm.sales.lifecycle import VISIT_KINDS, apply_stage, customer_facts
from recrm.sales.owners import CLAIMED, REGISTERED, protection_end

FUTURE_TOLERANCE = timedelta(minutes=5)


class REInteraction(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		from recrm.sales.doctype.re_interaction_unit.re_interaction_unit import REInteractionUnit

		advisor: DF.Link
		channel: DF.Link | None
		customer: DF.Link
		customer_name: DF.Data | None
		follow_up_done: DF.Check
		interaction_time: DF.Datetime
		kind: DF.Literal[
			"Visit", "Incoming Call", "Outgoing Call", "WeChat", "E-mail", "SMS", "Event", "Site Visit"
		]
		next_follow_up_action: DF.SmallText | None
		next_follow_up_date: DF.Date | None
		outcome: DF.SmallText | None
		project: DF.Link
		units_shown: DF.TableMultiSelect[REInteractionUnit]
	# end: auto-generated types

	def before_validate(self):
		self.advisor = self.advisor or frappe.session.user
		self.interaction_time = self.interaction_time or now_datetime()

	def validate(self):
		self.validate_project_readable()
		self.validate_customer_readable()
		self.validate_not_in_future()
		self.validate_units_in_project()
		self.validate_follow_up_date()

	def after_insert(self):
		self.update_customer()

	def validate_project_readable(self):
		if not frappe.has_permission("RE Project", "read", doc=self.project):
			throw_not_permitted(
				_("You cannot log an interaction for project {0}: it is not one of your projects.").format(
					self.project
				)
			)

	def validate_customer_readable(self):
		if not frappe.has_permission("RE Customer", "read", doc=self.customer):
			throw_not_permitted(
				_("You cannot log an interaction for customer {0}: another advisor protects them.").format(
					self.customer
				)
			)

	def validate_not_in_future(self):
		if get_datetime(self.interaction_time) > now_datetime() + FUTURE_TOLERANCE:
			frappe.throw(
				_("The interaction time {0} is in the future. Log an interaction after it happened.").format(
					self.interaction_time
				),
				exc=SalesRuleError,
				title=_("Interaction Time"),
			)

	def validate_units_in_project(self):
		units = [row.unit for row in self.units_shown]
		if not units:
			return
		# one query for all the units shown, not one per unit
		projects = dict(
			frappe.get_all(
				"RE Unit", filters={"name": ("in", units)}, fields=["name", "project"], as_list=True
			)
		)
		for row in self.units_shown:
			if projects.get(row.unit) != self.project:
				frappe.throw(
					_("Unit {0} is not in project {1}.").format(row.unit, self.project),
					exc=SalesRuleError,
					title=_("Units Shown"),
				)

	def validate_follow_up_date(self):
		if self.next_follow_up_date and getdate(self.next_follow_up_date) < getdate(self.interaction_time):
			frappe.throw(
				_("The next follow-up date {0} is before the interaction.").format(self.next_follow_up_date),
				exc=SalesRuleError,
			)

	def update_customer(self):
		"""Refresh the advisor's protection in the project and derive the customer's stage."""
		customer = frappe.get_doc("RE Customer", self.customer, for_update=True)
		self.refresh_protection(customer)
		cause = stage_rules.VISIT if self.kind in VISIT_KINDS else stage_rules.INTERACTION
		apply_stage(customer, customer_facts(self.customer), cause)
		customer.save(ignore_permissions=True)

	def refresh_protection(self, customer):
		"""The interacting advisor's protection in the project runs from this interaction. A customer
		new to the project is registered to them; one in the project's pool, or whose owner's
		protection is over, is theirs again (reclaimed); another advisor's protected customer stays
		theirs (who may log an interaction for it is checked in validate)."""
		until = protection_end(self.project, self.interaction_time)
		row = next((r for r in customer.advisors if r.project == self.project), None)
		customer.flags.owner_change_note = self.name
		if row is None:
			customer.flags.owner_change_cause = REGISTERED
			customer.append(
				"advisors",
				{
					"project": self.project,
					"advisor": self.advisor,
					"since": nowdate(),
					"protected_until": until,
				},
			)
		elif row.advisor == self.advisor:
			customer.flags.owner_change_cause = REGISTERED
			if not row.protected_until or getdate(row.protected_until) < until:
				row.protected_until = until
		elif until > getdate(nowdate()) and (
			not row.advisor or not row.protected_until or getdate(row.protected_until) <= getdate(nowdate())
		):
			customer.flags.owner_change_cause = CLAIMED
			row.advisor = self.advisor
			row.since = nowdate()
			row.protected_until = until


def on_doctype_update():
	# the grader counts each customer's interactions of the last 90 days from this index alone
	frappe.db.add_index("RE Interaction", ["customer", "interaction_time"])
