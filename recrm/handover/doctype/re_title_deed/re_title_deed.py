# Copyright (c) 2026, recrm developers and contributors
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import getdate, nowdate

from recrm.core import deed as rules
from recrm.errors import PortalRuleError, rule_errors
from recrm.handover.deed import DeedRuleError, stages_of
from recrm.inventory.buyers import clear_cache


class RETitleDeed(Document):
	"""The title deed (房产证) of a unit: its owners, its eight stages from the online contract to the
	certificate in the owners' hands (each with its date, responsible person and due date), and a
	log of every move. The stage moves only through ``recrm.handover.deed.move_deed`` (the Move
	Stage button, or the bulk move of a building): one stage at a time, a skip or a move back with
	a reason. Its owners see their unit on the portal (recrm.inventory.buyers) and how far the deed
	has got, with the name of who handles it."""

	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		from recrm.handover.doctype.re_title_deed_move.re_title_deed_move import RETitleDeedMove
		from recrm.handover.doctype.re_title_deed_owner.re_title_deed_owner import RETitleDeedOwner
		from recrm.handover.doctype.re_title_deed_stage.re_title_deed_stage import RETitleDeedStage

		building: DF.Link | None
		certificate_number: DF.Data | None
		handled_by: DF.Link
		handler_name: DF.Data | None
		internal_notes: DF.SmallText | None
		moves: DF.Table[RETitleDeedMove]
		next_due_date: DF.Date | None
		next_responsible: DF.Link | None
		note: DF.SmallText | None
		owners: DF.Table[RETitleDeedOwner]
		project: DF.Link | None
		stage: DF.Literal[
			"Online Contract Filed",
			"Contract Registered",
			"Initial Registration",
			"Documents Collected",
			"Submitted to Registry",
			"Taxes Paid",
			"Certificate Collected",
			"Issued to Owner",
		]
		stage_reached_on: DF.Date | None
		stages: DF.Table[RETitleDeedStage]
		unit: DF.Link
	# end: auto-generated types

	def before_validate(self):
		self.set_stages()

	def validate(self):
		self.validate_stage_moved_by_move()
		self.validate_stages()
		self.validate_owners()
		self.set_next_due()

	def set_stages(self):
		"""A new deed starts at 网签 (dated today unless given), with its eight stages listed."""
		if not self.stage:
			self.stage = rules.DEED_STAGES[0]
		listed = {row.stage for row in self.stages}
		for stage in rules.DEED_STAGES:
			if stage not in listed:
				self.append("stages", {"stage": stage})
		order = {stage: index for index, stage in enumerate(rules.DEED_STAGES)}
		self.stages.sort(key=lambda row: order.get(row.stage, len(order)))
		for index, row in enumerate(self.stages, start=1):
			row.idx = index
		if self.is_new() and self.stage == rules.DEED_STAGES[0]:
			first = self.stages[0]
			first.reached_on = first.reached_on or nowdate()
			first.responsible = first.responsible or self.handled_by
			following = self.stages[1]
			if not following.due_date:
				following.due_date = frappe.utils.add_days(
					first.reached_on, rules.stage_days(following.stage)
				)

	def validate_stage_moved_by_move(self):
		if self.is_new() or self.flags.deed_move or self.flags.deed_migration:
			return
		before = self.get_doc_before_save()
		if before and before.stage != self.stage:
			frappe.throw(
				_("Move a title deed's stage with the Move Stage button, which checks and logs the move."),
				exc=DeedRuleError,
				title=_("Title Deed"),
			)

	def validate_stages(self):
		if len({row.stage for row in self.stages}) != len(self.stages):
			frappe.throw(_("A stage is listed twice."), exc=DeedRuleError, title=_("Title Deed"))
		with rule_errors(exc=DeedRuleError, title=_("Title Deed")):
			rules.check_stages(stages_of(self), self.stage, getdate(nowdate()))

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

	def set_next_due(self):
		"""The current stage's date and the next stage's due date and responsible, kept on the deed
		for lists, reports and the daily overdue alert."""
		current = next((row for row in self.stages if row.stage == self.stage), None)
		self.stage_reached_on = current.reached_on if current else None
		following = rules.next_stage(self.stage)
		row = next((r for r in self.stages if r.stage == following), None) if following else None
		self.next_due_date = row.due_date if row else None
		self.next_responsible = (row.responsible if row else None) or None

	def on_update(self):
		clear_cache()
