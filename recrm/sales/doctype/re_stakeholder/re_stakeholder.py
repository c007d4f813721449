# Copyright (c) 2026, recrm developers and contributors
# For license information, please see license.txt

"""The relationships besides buyers: upstream partners (suppliers, sales agencies), public-relations
contacts (authorities, media) and competitors who may become partners. One DocType with a kind;
the form shows each kind its own fields and requires those it cannot do without."""

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import getdate, nowdate

from recrm.core.phones import normalise_phone
from recrm.errors import SalesRuleError, rule_errors

# the fields a stakeholder of each kind must have (the form's mandatory_depends_on says the same)
REQUIRED_BY_KIND = {
	"Supplier": ("services",),
	"Sales Agency": ("services",),
	"Authority": ("department", "relationship_owner"),
	"Media": ("department", "relationship_owner"),
	"Competitor": ("their_projects",),
}
PHONE_FIELDS = ("phone", "mobile")


class REStakeholder(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		contact_person: DF.Data | None
		contract_end: DF.Date | None
		contract_start: DF.Date | None
		contract_terms: DF.SmallText | None
		department: DF.Data | None
		email: DF.Data | None
		kind: DF.Literal["Supplier", "Sales Agency", "Authority", "Media", "Competitor"]
		last_contact: DF.Date | None
		mobile: DF.Data | None
		notes: DF.TextEditor | None
		organisation: DF.Data
		partnership_potential: DF.Literal["", "None", "Low", "Medium", "High"]
		phone: DF.Data | None
		rating: DF.Rating
		relationship_owner: DF.Link | None
		sensitivity: DF.Literal["", "Low", "Medium", "High"]
		services: DF.SmallText | None
		strengths: DF.SmallText | None
		their_projects: DF.SmallText | None
		weaknesses: DF.SmallText | None
	# end: auto-generated types

	def before_validate(self):
		self.organisation = (self.organisation or "").strip()
		self.set_phones()

	def validate(self):
		self.validate_required_for_kind()
		self.validate_contract_dates()
		self.validate_last_contact_not_in_future()

	def set_phones(self):
		for fieldname in PHONE_FIELDS:
			value = (self.get(fieldname) or "").strip()
			if not value:
				self.set(fieldname, None)
				continue
			with rule_errors(_(self.meta.get_label(fieldname)), exc=SalesRuleError, title=_("Phone Number")):
				self.set(fieldname, normalise_phone(value))

	def validate_required_for_kind(self):
		missing = [
			_(self.meta.get_label(fieldname))
			for fieldname in REQUIRED_BY_KIND.get(self.kind, ())
			if not (self.get(fieldname) or "").strip()
		]
		if missing:
			frappe.throw(
				_("A stakeholder of kind {0} needs: {1}.").format(_(self.kind), ", ".join(missing)),
				exc=SalesRuleError,
				title=_("Missing Fields"),
			)

	def validate_contract_dates(self):
		if (
			self.contract_start
			and self.contract_end
			and getdate(self.contract_end) < getdate(self.contract_start)
		):
			frappe.throw(
				_("The contract ends on {0}, before it starts on {1}.").format(
					frappe.format(self.contract_end, "Date"), frappe.format(self.contract_start, "Date")
				),
				exc=SalesRuleError,
				title=_("Contract Dates"),
			)

	def validate_last_contact_not_in_future(self):
		if self.last_contact and getdate(self.last_contact) > getdate(nowdate()):
			frappe.throw(
				_("The last contact {0} is in the future. Record a contact after it happened.").format(
					frappe.format(self.last_contact, "Date")
				),
				exc=SalesRuleError,
				title=_("Last Contact"),
			)
