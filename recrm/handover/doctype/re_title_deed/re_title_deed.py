# Copyright (c) 2026, recrm developers and contributors
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import getdate, nowdate

from recrm.core.handover import deed_stage, steps_reached
from recrm.errors import PortalRuleError, rule_errors
from recrm.inventory.buyers import clear_cache

# the dated steps of a title deed, in order, after collecting the documents
STEP_FIELDS = ("documents_collected_on", "submitted_on", "issued_on", "handed_over_on")


class RETitleDeed(Document):
	"""The title deed (房产证) of a unit: its owners, who handles it, and how far it has got. The
	stage follows the dates, so a buyer asking "where is my deed" gets the answer and the name of
	the person handling it. Its owners see their unit on the portal (recrm.inventory.buyers)."""

	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		from recrm.handover.doctype.re_title_deed_owner.re_title_deed_owner import RETitleDeedOwner

		building: DF.Link | None
		certificate_number: DF.Data | None
		documents_collected_on: DF.Date | None
		handed_over_on: DF.Date | None
		handled_by: DF.Link
		handler_name: DF.Data | None
		internal_notes: DF.SmallText | None
		issued_on: DF.Date | None
		note: DF.SmallText | None
		owners: DF.Table[RETitleDeedOwner]
		project: DF.Link | None
		stage: DF.Literal[
			"Collecting Documents",
			"Documents Collected",
			"Submitted to Registry",
			"Issued",
			"Handed to Owner",
		]
		submitted_on: DF.Date | None
		unit: DF.Link
	# end: auto-generated types

	def before_validate(self):
		self.set_stage()

	def validate(self):
		self.validate_owners()

	def set_stage(self):
		steps = [
			(_(self.meta.get_label(field)), getdate(self.get(field)) if self.get(field) else None)
			for field in STEP_FIELDS
		]
		with rule_errors(exc=PortalRuleError, title=_("Title Deed")):
			self.stage = deed_stage(steps_reached(steps, getdate(nowdate())))

	def validate_owners(self):
		customers = [row.customer for row in self.owners]
		if len(set(customers)) != len(customers):
			frappe.throw(_("An owner is listed twice."), exc=PortalRuleError, title=_("Owners"))
		shares = [row.share for row in self.owners if row.share]
		if shares and (len(shares) != len(self.owners) or round(sum(shares), 2) != 100):
			frappe.throw(
				_("The owners' shares must all be given and add up to 100%, or all be left empty."),
				exc=PortalRuleError,
				title=_("Owners"),
			)

	def on_update(self):
		clear_cache()
