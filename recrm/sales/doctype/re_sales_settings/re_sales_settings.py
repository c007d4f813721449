# Copyright (c) 2026, recrm developers and contributors
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import flt

from recrm.core import RuleError
from recrm.errors import SalesRuleError, rule_errors


class RESalesSettings(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		from recrm.sales.doctype.re_discount_authority.re_discount_authority import REDiscountAuthority

		current_full: DF.Currency
		discount_authority: DF.Table[REDiscountAuthority]
		historical_full: DF.Currency
		points_for_club_member: DF.Float
		points_per_recent_interaction: DF.Float
		points_per_referral: DF.Float
		points_per_upgrade_signal: DF.Float
		threshold_a: DF.Float
		threshold_b: DF.Float
		threshold_c: DF.Float
		weight_current: DF.Float
		weight_historical: DF.Float
		weight_potential: DF.Float
	# end: auto-generated types

	def validate(self):
		self.validate_grading_rules()
		self.validate_discount_authority()

	def validate_discount_authority(self):
		from recrm.core.roles import AUTHORITY_ROLES

		seen = set()
		for row in self.discount_authority:
			if row.role not in AUTHORITY_ROLES:
				frappe.throw(
					_("Row {0}: a discount limit is set for {1}, {2} or {3} only.").format(
						row.idx, *(_(role) for role in AUTHORITY_ROLES)
					),
					exc=SalesRuleError,
					title=_("Discount Authority"),
				)
			if row.role in seen:
				frappe.throw(
					_("Row {0}: {1} has a discount limit already.").format(row.idx, _(row.role)),
					exc=SalesRuleError,
					title=_("Discount Authority"),
				)
			seen.add(row.role)
			if not 0 <= flt(row.max_discount_percent) <= 100:
				frappe.throw(
					_("Row {0}: the discount limit must be between 0% and 100%.").format(row.idx),
					exc=SalesRuleError,
					title=_("Discount Authority"),
				)

	def on_update(self):
		from recrm.sales.grading import RULE_FIELDS, queue_grade_everyone

		if any(self.has_value_changed(fieldname) for fieldname in RULE_FIELDS):
			# Frappe clears the cached settings only after on_update; the grading (at once in
			# tests) must read the new rules
			frappe.clear_document_cache(self.doctype, self.name)
			queue_grade_everyone()

	def validate_grading_rules(self):
		from recrm.sales.grading import rules_from

		with rule_errors(exc=SalesRuleError, title=_("Value Grading"), reword=self.readable):
			rules_from(self)

	def readable(self, error: RuleError) -> RuleError:
		"""The error with field names turned into their labels and thresholds into a plain list."""
		params = dict(error.params)
		for key in ("weight", "field"):
			if params.get(key) in self.meta.get_valid_columns():
				params[key] = _(self.meta.get_label(params[key]))
		if "thresholds" in params:
			params["thresholds"] = ", ".join(str(t) for t in params["thresholds"])
		return RuleError(error.code, **params)
