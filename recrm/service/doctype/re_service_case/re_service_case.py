# Copyright (c) 2026, recrm developers and contributors
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import nowdate

from recrm.errors import ServiceRuleError
from recrm.service.cases import TEXT_FIELDS, leaks, personal_details
from recrm.service.settings import category_group


class REServiceCase(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		category: DF.Link | None
		category_group: DF.Link | None
		cause: DF.TextEditor | None
		complaint: DF.Link | None
		lessons: DF.TextEditor | None
		project: DF.Link | None
		published: DF.Check
		published_on: DF.Date | None
		solution: DF.TextEditor | None
		summary: DF.Text | None
		title: DF.Data
	# end: auto-generated types

	def before_validate(self):
		self.category_group = category_group(self.category)
		if self.published and not self.published_on:
			self.published_on = nowdate()

	def validate(self):
		self.validate_anonymous()

	def validate_anonymous(self):
		"""A case is for training: it must not name the customer, their phone, e-mail or unit."""
		details = self.flags.personal_details
		if details is None and self.complaint:
			details = personal_details(frappe.get_doc("RE Complaint", self.complaint))
		for field in TEXT_FIELDS:
			if leaks(self.get(field), details):
				frappe.throw(
					_(
						"{0} names the customer or their phone, e-mail or unit. A case must be anonymous."
					).format(_(self.meta.get_label(field))),
					exc=ServiceRuleError,
					title=_("Case Library"),
				)
