"""One contract's area difference settled by its clause (面积补差), drafted by the area survey's
import and approved through its workflow; on approval a charge becomes an instalment, a refund a
credit (``recrm.handover.booking``)."""

from frappe.model.document import Document

from recrm.handover.booking import CREDIT, INSTALMENT, MoneyApproval


class REAreaSettlement(MoneyApproval, Document):
	FROZEN = (
		"contract",
		"amount",
		"band",
		"contracted_area",
		"surveyed_area",
		"charge_amount",
		"refund_amount",
		"final_price",
	)

	def validate(self):
		self.validate_approval()

	def on_update(self):
		self.on_update_book()

	def booked_amount(self):
		if self.charge_amount:
			return INSTALMENT, self.charge_amount
		return CREDIT, self.refund_amount
