# Copyright (c) 2026, recrm developers and contributors
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import now_datetime

from recrm.core import RuleError
from recrm.core.surveys import QUESTIONS
from recrm.errors import SurveyError, throw_rule_error

SCORE_FIELDS = tuple(f"{question}_score" for question in QUESTIONS)
ANSWER_FIELDS = (*SCORE_FIELDS, "comments", "answered_on", "answered_by", "answered_via")


class RESatisfactionSurvey(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		agent: DF.Link | None
		answered_by: DF.Link | None
		answered_on: DF.Datetime | None
		answered_via: DF.Literal["", "Link", "Portal", "Phone"]
		category: DF.Link | None
		comments: DF.SmallText | None
		complaint: DF.Link | None
		customer: DF.Link
		customer_name: DF.Data | None
		emotional_score: DF.Int
		interaction_score: DF.Int
		overall_score: DF.Int
		period: DF.Data | None
		process_score: DF.Int
		product_score: DF.Int
		project: DF.Link
		sent_on: DF.Datetime | None
		status: DF.Literal["Sent", "Answered"]
		survey_type: DF.Literal["After Complaint", "Periodic", "Four-Year Revisit"]
		technical_score: DF.Int
		token: DF.Data | None
	# end: auto-generated types

	def before_insert(self):
		# the link's secret is issued when the survey is e-mailed (recrm.service.surveys.issue_token)
		self.token = None
		self.sent_on = self.sent_on or now_datetime()
		self.status = "Answered" if self.answered_on else "Sent"

	def before_validate(self):
		self.set_from_complaint()

	def validate(self):
		self.validate_answer_not_typed()

	def set_from_complaint(self):
		if not self.complaint:
			return
		values = frappe.db.get_value(
			"RE Complaint", self.complaint, ["customer", "project", "category", "agent"], as_dict=True
		)
		if values:
			self.update(values)

	def validate_answer_not_typed(self):
		"""Scores come only through ``recrm.service.surveys.answer_survey``, which checks who answers;
		once answered, a survey never changes."""
		if self.flags.answering:
			return
		before = self.get_doc_before_save()
		if before is not None and before.answered_on:
			changed = any((before.get(f) or None) != (self.get(f) or None) for f in ANSWER_FIELDS)
			if changed:
				throw_rule_error(
					RuleError("survey_already_answered", answered_at=before.answered_on),
					exc=SurveyError,
					title=_("Satisfaction Survey"),
				)
			return
		typed = [f for f in ANSWER_FIELDS if self.get(f)]
		if typed:
			frappe.throw(
				_(
					"A survey is answered by its customer through the survey link, or recorded with Record Answer."
				),
				exc=SurveyError,
				title=_("Satisfaction Survey"),
			)


def on_doctype_update():
	# one survey per complaint (recrm.service.surveys.send_complaint_survey checks first; the index
	# has the last word); periodic surveys have no complaint, and a UNIQUE index allows many NULLs
	duplicates = frappe.db.sql(
		"""select complaint from `tabRE Satisfaction Survey` where complaint is not null
		group by complaint having count(*) > 1 limit 1"""
	)
	if duplicates:
		print(
			f"RE Satisfaction Survey: complaint {duplicates[0][0]} has several surveys; no unique index yet"
		)
		return
	frappe.db.add_unique("RE Satisfaction Survey", ["complaint"], constraint_name="unique_survey_complaint")
