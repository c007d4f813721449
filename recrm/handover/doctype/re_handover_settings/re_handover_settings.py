"""The defaults of handover terms: the area clause (national rule: 3 %, refund beyond twice over)
and the late-delivery penalty (daily rate on the amount paid, grace, cap, cancellation)."""

from frappe.model.document import Document

from recrm.errors import rule_errors
from recrm.handover.terms import area_clause, penalty_terms


class REHandoverSettings(Document):
	def validate(self):
		with rule_errors():
			area_clause(self, self)
			penalty_terms({}, self)
