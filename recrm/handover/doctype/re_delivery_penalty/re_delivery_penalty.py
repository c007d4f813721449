"""One contract's late-delivery penalty (逾期交房违约金), drafted when its building's actual
handover date is known and approved through its workflow; on approval it is credit held on the
contract (``recrm.handover.booking``)."""

from frappe.model.document import Document

from recrm.handover.booking import CREDIT, MoneyApproval


class REDeliveryPenalty(MoneyApproval, Document):
	FROZEN = ("contract", "amount", "days_late", "paid_amount", "handover_date", "promised_handover_date")

	def validate(self):
		self.validate_approval()

	def on_update(self):
		self.on_update_book()

	def booked_amount(self):
		return CREDIT, self.amount
