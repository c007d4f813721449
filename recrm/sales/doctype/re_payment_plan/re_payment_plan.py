# Copyright (c) 2026, recrm developers and contributors
# For license information, please see license.txt

from frappe import _
from frappe.model.document import Document

from recrm.core import RuleError
from recrm.core import payment_schedule as ps
from recrm.errors import SalesRuleError, rule_errors, throw_rule_error
from recrm.sales.schedule import payment_plan


class REPaymentPlan(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		from recrm.sales.doctype.re_payment_plan_instalment.re_payment_plan_instalment import (
			REPaymentPlanInstalment,
		)

		description: DF.SmallText | None
		disabled: DF.Check
		instalments: DF.Table[REPaymentPlanInstalment]
		min_down_payment_percent: DF.Percent
		payment_method: DF.Literal[
			"Full Payment",
			"Instalments",
			"Mortgage",
			"Housing Fund Loan",
			"Mortgage and Housing Fund (Combined)",
		]
		plan_name: DF.Data
		project: DF.Link | None

	# end: auto-generated types
	def before_validate(self):
		self.plan_name = (self.plan_name or "").strip()
		self.set_unused_values()

	def validate(self):
		self.validate_plan()
		self.validate_min_down_payment()

	@property
	def label(self) -> str:
		return _("Payment plan {0}").format(self.plan_name or self.name)

	def set_unused_values(self):
		"""Clear what a row's share and due rule do not use, so that nothing stale is kept."""
		for row in self.instalments:
			if row.share_type == "Remainder":
				row.value = 0
			if row.due_rule != "On a Date":
				row.due_date = None
			if row.due_rule != "At a Construction Stage":
				row.stage = None
			if row.due_rule == "On a Date":
				row.days = 0

	def validate_plan(self):
		with rule_errors(self.label, exc=SalesRuleError, title=_("Payment Plan")):
			ps.validate_plan(payment_plan(self))

	def validate_min_down_payment(self):
		if not 0 <= (self.min_down_payment_percent or 0) <= 100:
			throw_rule_error(
				RuleError("bad_down_payment_percent", percent=self.min_down_payment_percent),
				self.label,
				exc=SalesRuleError,
				title=_("Payment Plan"),
			)
