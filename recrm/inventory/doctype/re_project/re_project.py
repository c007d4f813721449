# Copyright (c) 2026, recrm developers and contributors
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document

from recrm.core.numbering import parse_floor_numbers
from recrm.errors import rule_errors


class REProject(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		address: DF.SmallText | None
		city: DF.Data | None
		description: DF.TextEditor | None
		developer_company: DF.Data | None
		district: DF.Data | None
		image: DF.AttachImage | None
		presale_permit_number: DF.Data | None
		project_gm: DF.Link | None
		project_name: DF.Data
		protection_days: DF.Int
		skip_floor_numbers: DF.Data | None
		status: DF.Literal["Planning", "On Sale", "Sold Out", "Handed Over", "Closed"]
	# end: auto-generated types

	def before_validate(self):
		self.project_name = (self.project_name or "").strip()

	def validate(self):
		self.validate_skip_floor_numbers()
		self.validate_project_gm()
		self.validate_protection_days()

	def validate_skip_floor_numbers(self):
		with rule_errors(_("Project {0}").format(self.project_name)):
			parse_floor_numbers(self.skip_floor_numbers)

	def validate_protection_days(self):
		from recrm.core.protection import protection_days

		with rule_errors(_("Project {0}").format(self.project_name)):
			protection_days(self.protection_days)

	def validate_project_gm(self):
		if self.project_gm and not frappe.db.get_value("User", self.project_gm, "enabled"):
			frappe.throw(
				_("Project {0}: the general manager {1} is not an active user.").format(
					self.project_name, self.project_gm
				)
			)
