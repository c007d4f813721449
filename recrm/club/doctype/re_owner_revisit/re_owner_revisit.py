# Copyright (c) 2026, recrm developers and contributors
# For license information, please see license.txt

"""The four-year revisit (四年之约) of one owner and home: due four years after the keys; a visit
task when it comes due; a satisfaction survey when it is marked Visited (recrm/club/care.py)."""

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import getdate, nowdate

from recrm.core import care as rules
from recrm.errors import rule_errors


class REOwnerRevisit(Document):
	def validate(self):
		self.set_unit_customer()
		self.set_project()
		self.set_due_date()
		self.validate_visit()

	def set_unit_customer(self):
		self.unit_customer = f"{self.unit}:{self.customer}"

	def set_project(self):
		self.project = frappe.db.get_value("RE Unit", self.unit, "project")

	def set_due_date(self):
		with rule_errors(_("Four-Year Revisit"), exc=frappe.ValidationError, title=_("Four-Year Revisit")):
			self.due_date = rules.revisit_due(getdate(self.handover_date))

	def validate_visit(self):
		if self.status == rules.VISITED:
			self.visited_on = self.visited_on or nowdate()
			if getdate(self.visited_on) > getdate(nowdate()):
				frappe.throw(
					_("A visit cannot be recorded for a day still to come."), title=_("Four-Year Revisit")
				)
			if getdate(self.visited_on) < getdate(self.handover_date):
				frappe.throw(_("A visit cannot be before the handover."), title=_("Four-Year Revisit"))
		elif self.visited_on:
			frappe.throw(_("Only a visited revisit has a visit date."), title=_("Four-Year Revisit"))

	def on_update(self):
		before = self.get_doc_before_save()
		if self.status == rules.VISITED and (before is None or before.status != rules.VISITED):
			from recrm.club.care import close_task, send_revisit_survey

			self.db_set("survey", send_revisit_survey(self), update_modified=False)
			close_task(self.task)
