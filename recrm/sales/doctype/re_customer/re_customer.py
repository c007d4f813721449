# Copyright (c) 2026, recrm developers and contributors
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import escape_html

from recrm.core import RuleError
from recrm.core.phones import normalise_phone, phone_tail
from recrm.utils import DuplicateCustomerError, SalesRuleError, throw_rule_error


def customer_link(name: str) -> str:
	title = frappe.db.get_value("RE Customer", name, "full_name") or name
	return f'<a href="/app/re-customer/{name}">{escape_html(title)} ({name})</a>'


class RECustomer(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		from recrm.sales.doctype.re_customer_advisor.re_customer_advisor import RECustomerAdvisor
		from recrm.sales.doctype.re_customer_phone.re_customer_phone import RECustomerPhone
		from recrm.sales.doctype.re_customer_stage_log.re_customer_stage_log import RECustomerStageLog

		advisors: DF.Table[RECustomerAdvisor]
		affordability: DF.Literal["", "Entry", "Middle", "Upper", "Luxury", "Unknown"]
		age_band: DF.Literal["", "Under 25", "25-34", "35-44", "45-54", "55-64", "65 and Over"]
		budget: DF.Currency
		campaign: DF.Link | None
		contact: DF.Link | None
		current_points: DF.Float
		district_of_residence: DF.Data | None
		district_of_work: DF.Data | None
		email: DF.Data | None
		family_structure: DF.Literal[
			"",
			"Single",
			"Couple",
			"Couple with Young Children",
			"Couple with Older Children",
			"Three Generations",
			"Empty Nest",
			"Other",
		]
		first_channel: DF.Link | None
		full_name: DF.Data
		gender: DF.Literal["", "Male", "Female"]
		graded_on: DF.Datetime | None
		historical_points: DF.Float
		impressions: DF.SmallText | None
		income_band: DF.Literal["", "Low", "Lower Middle", "Middle", "Upper Middle", "High"]
		life_stage: DF.Literal[
			"",
			"First-time Buyer",
			"Mobile Professional",
			"Couple without Children",
			"Young Family",
			"Mature Family",
			"Empty Nester",
			"Retiree",
			"Investor",
			"Unknown",
		]
		lifecycle_stage: DF.Literal[
			"Prospect", "Interested", "Qualified", "Contracted", "Awaiting Handover", "Owner", "Member"
		]
		occupation: DF.Data | None
		phones: DF.Table[RECustomerPhone]
		potential_points: DF.Float
		preferred_area_max: DF.Float
		preferred_area_min: DF.Float
		preferred_unit_types: DF.SmallText | None
		primary_phone: DF.Data | None
		purpose: DF.Literal["", "Own Use", "Upgrade", "Investment", "Second Home"]
		referred_by: DF.Link | None
		segment: DF.Literal[
			"",
			"First-time Buyer / Entry",
			"First-time Buyer / Middle",
			"First-time Buyer / Upper",
			"First-time Buyer / Luxury",
			"Mobile Professional / Entry",
			"Mobile Professional / Middle",
			"Mobile Professional / Upper",
			"Mobile Professional / Luxury",
			"Couple without Children / Entry",
			"Couple without Children / Middle",
			"Couple without Children / Upper",
			"Couple without Children / Luxury",
			"Young Family / Entry",
			"Young Family / Middle",
			"Young Family / Upper",
			"Young Family / Luxury",
			"Mature Family / Entry",
			"Mature Family / Middle",
			"Mature Family / Upper",
			"Mature Family / Luxury",
			"Empty Nester / Entry",
			"Empty Nester / Middle",
			"Empty Nester / Upper",
			"Empty Nester / Luxury",
			"Retiree / Entry",
			"Retiree / Middle",
			"Retiree / Upper",
			"Retiree / Luxury",
			"Investor / Entry",
			"Investor / Middle",
			"Investor / Upper",
			"Investor / Luxury",
			"First-time Buyer / Unknown",
			"Mobile Professional / Unknown",
			"Couple without Children / Unknown",
			"Young Family / Unknown",
			"Mature Family / Unknown",
			"Empty Nester / Unknown",
			"Retiree / Unknown",
			"Investor / Unknown",
			"Unknown / Entry",
			"Unknown / Middle",
			"Unknown / Upper",
			"Unknown / Luxury",
			"Unknown / Unknown",
		]
		stage_log: DF.Table[RECustomerStageLog]
		value_grade: DF.Literal["", "A", "B", "C", "D"]
		value_score: DF.Float
		wechat_id: DF.Data | None
	# end: auto-generated types

	def before_validate(self):
		self.full_name = (self.full_name or "").strip()
		self.wechat_id = (self.wechat_id or "").strip() or None
		self.set_phones()
		self.set_primary_phone()
		self.keep_graded_values()

	def validate(self):
		self.validate_one_primary_phone()
		self.validate_phones_distinct()
		self.validate_phones_not_taken()
		self.validate_wechat_not_taken()
		self.validate_one_advisor_per_project()
		self.validate_preferred_areas()
		self.validate_stage_not_typed()
		self.validate_not_referred_by_self()

	def after_insert(self):
		self.create_contact()

	def on_trash(self):
		self.delete_contact()

	def set_phones(self):
		for row in self.phones:
			try:
				row.normalised_phone = normalise_phone(row.phone)
			except RuleError as error:
				throw_rule_error(
					error, _("Phone row {0}").format(row.idx), exc=SalesRuleError, title=_("Phone Number")
				)
			row.phone = (row.phone or "").strip()
			row.phone_tail = phone_tail(row.normalised_phone)
		if len(self.phones) == 1 and not self.phones[0].is_primary:
			self.phones[0].is_primary = 1

	def set_primary_phone(self):
		primary = [row for row in self.phones if row.is_primary]
		self.primary_phone = primary[0].normalised_phone if len(primary) == 1 else None

	def validate_one_primary_phone(self):
		if not self.phones:
			frappe.throw(_("A customer needs at least one phone number."), exc=SalesRuleError)
		primaries = sum(1 for row in self.phones if row.is_primary)
		if primaries != 1:
			frappe.throw(
				_("Exactly one phone must be marked primary; {0} are.").format(primaries),
				exc=SalesRuleError,
				title=_("Primary Phone"),
			)

	def validate_phones_distinct(self):
		seen = set()
		for row in self.phones:
			if row.normalised_phone in seen:
				frappe.throw(
					_("Phone {0} is listed twice.").format(row.phone), exc=SalesRuleError, title=_("Phones")
				)
			seen.add(row.normalised_phone)

	def validate_phones_not_taken(self):
		phones = [row.normalised_phone for row in self.phones]
		taken = frappe.get_all(
			"RE Customer Phone",
			filters={
				"parenttype": "RE Customer",
				"normalised_phone": ("in", phones),
				"parent": ("!=", self.name or ""),
			},
			fields=["parent", "normalised_phone"],
			limit=1,
		)
		if taken:
			frappe.throw(
				_(
					"Phone {0} already belongs to customer {1}. Open that record instead of creating another."
				).format(taken[0].normalised_phone, customer_link(taken[0].parent)),
				exc=DuplicateCustomerError,
				title=_("Duplicate Customer"),
			)

	def validate_wechat_not_taken(self):
		if not self.wechat_id:
			return
		other = frappe.db.get_value(
			"RE Customer", {"wechat_id": self.wechat_id, "name": ("!=", self.name or "")}, "name"
		)
		if other:
			frappe.throw(
				_(
					"WeChat ID {0} already belongs to customer {1}. Open that record instead of creating another."
				).format(escape_html(self.wechat_id), customer_link(other)),
				exc=DuplicateCustomerError,
				title=_("Duplicate Customer"),
			)

	def validate_one_advisor_per_project(self):
		seen = set()
		for row in self.advisors:
			if row.project in seen:
				frappe.throw(
					_("Project {0} has more than one owner advisor; keep one row per project.").format(
						row.project
					),
					exc=SalesRuleError,
					title=_("Advisors"),
				)
			seen.add(row.project)

	def validate_preferred_areas(self):
		if (
			self.preferred_area_min
			and self.preferred_area_max
			and self.preferred_area_min > self.preferred_area_max
		):
			frappe.throw(
				_("The preferred area from {0} m² is larger than the area to {1} m².").format(
					self.preferred_area_min, self.preferred_area_max
				),
				exc=SalesRuleError,
			)

	def validate_stage_not_typed(self):
		if self.is_new() or not self.has_value_changed("lifecycle_stage"):
			return
		logged = self.stage_log and self.stage_log[-1].to_stage == self.lifecycle_stage
		if not logged:
			frappe.throw(
				_("The lifecycle stage is derived from the customer's records and cannot be typed."),
				exc=SalesRuleError,
			)

	def keep_graded_values(self):
		"""Only the grader writes the value fields (recrm.sales.grading), straight to the database: a
		form opened before it ran, or an imported row, must not write other values."""
		from recrm.sales.grading import GRADED_FIELDS

		fields = (*GRADED_FIELDS, "graded_on")
		stored = None if self.is_new() else frappe.db.get_value(self.doctype, self.name, fields, as_dict=True)
		for field in fields:
			self.set(field, stored.get(field) if stored else None)

	def validate_not_referred_by_self(self):
		if self.referred_by and self.referred_by == self.name:
			frappe.throw(
				_("A customer cannot be referred by themselves; choose the customer who brought them in."),
				exc=SalesRuleError,
				title=_("Referred By"),
			)

	def create_contact(self):
		if self.contact:
			return
		contact = frappe.get_doc(
			{
				"doctype": "Contact",
				"first_name": self.full_name,
				"gender": self.gender or None,
				"links": [{"link_doctype": "RE Customer", "link_name": self.name}],
			}
		)
		for row in self.phones:
			contact.append(
				"phone_nos", {"phone": row.normalised_phone, "is_primary_mobile_no": row.is_primary}
			)
		if self.email:
			contact.append("email_ids", {"email_id": self.email, "is_primary": 1})
		contact.insert(ignore_permissions=True)
		self.db_set("contact", contact.name, update_modified=False)

	def delete_contact(self):
		"""The Contact and the customer link each other: unlink, then delete contacts of this customer only."""
		from frappe.contacts.address_and_contact import delete_contact_and_address

		if self.contact:
			self.db_set("contact", None, update_modified=False)
		delete_contact_and_address(self.doctype, self.name)


def on_doctype_update():
	# the Customer Segments report counts customers by both
	frappe.db.add_index("RE Customer", ["life_stage", "affordability"])
