# Copyright (c) 2026, recrm developers and contributors
# For license information, please see license.txt

from frappe.model.document import Document
from frappe.utils import nowdate
from frappe.utils.global_search import delete_for_document


class REKnowledgeArticle(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		article_type: DF.Literal["Solution", "Experience", "Procedure", "Training"]
		author: DF.Link | None
		category: DF.Link | None
		content: DF.TextEditor
		published: DF.Check
		published_on: DF.Date | None
		title: DF.Data
	# end: auto-generated types

	def before_validate(self):
		if self.published and not self.published_on:
			self.published_on = nowdate()

	def before_save(self):
		# Frappe's full-text index skips a document whose "disabled" is set: drafts stay out of it
		self.disabled = not self.published

	def on_update(self):
		if not self.published:
			delete_for_document(self)
