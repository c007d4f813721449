# Copyright (c) 2026, recrm developers and contributors
# For license information, please see license.txt

from frappe import _
from frappe.model.document import Document

from recrm.core.warranty import check_period
from recrm.errors import InspectionRuleError, rule_errors


class REWarrantyComponent(Document):
	"""A component of the home and its warranty period from the handover date (房屋保修期限)."""

	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		basis: DF.Literal["From Handover Date"]
		component: DF.Data
		contractor: DF.Link | None
		enabled: DF.Check
		legal_reference: DF.Data | None
		period: DF.Int
		period_unit: DF.Literal["Years", "Heating Seasons"]
	# end: auto-generated types

	def validate(self):
		with rule_errors(self.component, exc=InspectionRuleError, title=_("Warranty Period")):
			check_period(self.period, self.period_unit)
