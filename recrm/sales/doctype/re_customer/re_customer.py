# Copyright (c) 2026, recrm developers and contributors
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import escape_html, get_datetime, getdate, now_datetime, nowdate

from recrm.core.phones import mask_phone, normalise_phone, phone_tail
from recrm.core.protection import owner_changes
from recrm.errors import DuplicateCustomerError, SalesRuleError, rule_errors, throw_not_permitted
from recrm.sales.owners import REASSIGNED, REGISTERED, owners, protection_end
from recrm.sales.permissions import is_manager, is_restricted_advisor, readable_projects
from recrm.sales.phone_privacy import (
	NumberTakenError,
	customer_of_number,
	delete_numbers,
	full_phones_for_form,
	may_see_full_phone,
	save_numbers,
	stored_numbers,
)


def customer_link(name: str) -> str:
	title = frappe.db.get_value("RE Customer", name, "full_name") or name
	return f'<a href="/app/re-customer/{name}">{escape_html(title)} ({name})</a>'


def _date(value):
	return getdate(value) if value else None


def owner_rows_key(rows) -> list[tuple]:
	return sorted(
		((row.project, row.advisor or None, _date(row.since), _date(row.protected_until)) for row in rows),
		key=str,
	)


def owner_log_key(row) -> tuple:
	at = str(get_datetime(row.changed_at))[:19] if row.changed_at else None
	return (at, row.project, row.from_advisor, row.to_advisor, row.cause, row.changed_by, row.note or None)


class RECustomer(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		from recrm.sales.doctype.re_customer_advisor.re_customer_advisor import RECustomerAdvisor
		from recrm.sales.doctype.re_customer_owner_log.re_customer_owner_log import RECustomerOwnerLog
		from recrm.sales.doctype.re_customer_phone.re_customer_phone import RECustomerPhone
		from recrm.sales.doctype.re_customer_stage_log.re_customer_stage_log import RECustomerStageLog

		add_phone: DF.Data | None
		advisors: DF.Table[RECustomerAdvisor]
		affordability: DF.Literal["", "Entry", "Middle", "Upper", "Luxury", "Unknown"]
		age_band: DF.Literal["", "Under 25", "25-34", "35-44", "45-54", "55-64", "65 and Over"]
		budget: DF.Currency
		campaign: DF.Link | None
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
		owner_log: DF.Table[RECustomerOwnerLog]
		phones: DF.Table[RECustomerPhone]
		portal_invited_on: DF.Datetime | None
		portal_user: DF.Link | None
		potential_points: DF.Float
		preferred_area_max: DF.Float
		preferred_area_min: DF.Float
		preferred_unit_types: DF.SmallText | None
		primary_phone_masked: DF.Data | None
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

	def onload(self):
		# the full numbers, to those who may see them (recrm/sales/phone_privacy.py)
		self.set_onload("full_phones", full_phones_for_form(self))
		self.set_onload("owners", self.owner_actions())

	def owner_actions(self) -> dict:
		"""What the form offers the session user on the owner rows (the server checks again)."""
		user = frappe.session.user
		projects = readable_projects(user)
		today = getdate(nowdate())
		return {
			"locked": is_restricted_advisor(user),
			"can_merge": is_manager(user),
			"can_claim": bool(frappe.has_permission("RE Customer", "write", user=user)),
			"claimable": [
				row.project
				for row in self.advisors
				if row.advisor != user
				and (not row.advisor or not row.protected_until or getdate(row.protected_until) <= today)
				and (projects is None or row.project in projects)
			],
		}

	def before_validate(self):
		self.full_name = (self.full_name or "").strip()
		self.wechat_id = (self.wechat_id or "").strip() or None
		self.set_added_phone()
		self.set_phones()
		self.set_primary_phone()
		self.set_owner_rows()
		self.set_owner_log()
		self.keep_graded_values()

	def validate(self):
		self.validate_one_primary_phone()
		self.validate_phones_distinct()
		self.validate_phones_not_taken()
		self.validate_wechat_not_taken()
		self.validate_one_advisor_per_project()
		self.validate_owners_not_edited_by_advisor()
		self.validate_owner_log_append_only()
		self.validate_preferred_areas()
		self.validate_stage_not_typed()
		self.validate_not_referred_by_self()

	def on_update(self):
		self.store_numbers()

	def on_trash(self):
		delete_numbers(self.name)

	def db_insert(self, *args, **kwargs):
		return self.write_refusing_duplicates(super().db_insert, *args, **kwargs)

	def db_update(self, *args, **kwargs):
		return self.write_refusing_duplicates(super().db_update, *args, **kwargs)

	def write_refusing_duplicates(self, write, *args, **kwargs):
		"""The unique index on the WeChat ID has the last word: a customer saved at the same moment
		with the same ID is refused with the message of validate_wechat_not_taken, not Frappe's
		"must be unique" (muted while the row is written)."""
		muted = frappe.flags.mute_messages
		frappe.flags.mute_messages = True
		try:
			return write(*args, **kwargs)
		except frappe.UniqueValidationError as error:
			refused = error
		finally:
			frappe.flags.mute_messages = muted
		cause = refused.args[2] if len(refused.args) > 2 else refused
		if self.wechat_id and "wechat_id" in str(cause):
			holder = frappe.db.get_value(
				"RE Customer",
				{"wechat_id": self.wechat_id, "name": ("!=", self.name)},
				"name",
				for_update=True,
			)
			self.throw_wechat_taken(holder)
		self.show_unique_validation_message(cause)

	def store_numbers(self):
		"""The full numbers go to RE Customer Number, whose unique index decides who has a number
		when two saves race past validate_phones_not_taken."""
		try:
			save_numbers(self)
		except NumberTakenError as taken:
			self.throw_phone_taken(taken.number, customer_of_number(taken.number, for_update=True))

	def set_added_phone(self):
		"""The number typed in Add Phone joins the phones table.

		Advisors cannot write the phone rows' numbers (permlevel 1, see phone_privacy.py): Frappe
		resets those of a new row on an existing customer before ``before_validate`` runs
		(``validate_higher_perm_levels``), so a number an advisor adds comes in through this
		permlevel-0 field and is moved into its row here, after that reset."""
		typed = (self.add_phone or "").strip()
		self.add_phone = None
		if typed:
			self.append("phones", {"phone": typed, "is_primary": 0 if self.phones else 1})

	def set_phones(self):
		"""Each row's number, typed now or stored before, in ``row.flags.number`` for the save to
		store (store_numbers); the row itself keeps the masked number only."""
		stored = {} if self.is_new() else stored_numbers(self.name)
		for row in self.phones:
			typed = (row.phone or "").strip()
			row.phone = None
			if typed:
				with rule_errors(
					_("Phone row {0}").format(row.idx), exc=SalesRuleError, title=_("Phone Number")
				):
					number = normalise_phone(typed)
			else:
				number = stored.get(row.name)
			if not number:
				frappe.throw(
					_("Phone row {0} has no number. Type new numbers in Add Phone.").format(row.idx),
					exc=SalesRuleError,
					title=_("Phones"),
				)
			row.flags.number = number
			row.flags.typed_now = bool(typed)
			row.phone_tail = phone_tail(number)
			row.masked_phone = mask_phone(number)
		if len(self.phones) == 1 and not self.phones[0].is_primary:
			self.phones[0].is_primary = 1

	def set_primary_phone(self):
		primary = [row for row in self.phones if row.is_primary]
		self.primary_phone_masked = mask_phone(primary[0].flags.number) if len(primary) == 1 else None

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
			if row.flags.number in seen:
				frappe.throw(
					_("Phone {0} is listed twice.").format(mask_phone(row.flags.number)),
					exc=SalesRuleError,
					title=_("Phones"),
				)
			seen.add(row.flags.number)

	def validate_phones_not_taken(self):
		"""The friendly check before the save; the unique index of the store is the last word."""
		numbers = [row.flags.number for row in self.phones]
		taken = frappe.get_all(
			"RE Customer Number",
			filters={"number": ("in", numbers), "customer": ("!=", self.name or "")},
			fields=["customer", "number"],
			limit=1,
		)
		if taken:
			self.throw_phone_taken(taken[0].number, taken[0].customer)

	def may_open(self, customer: str | None) -> bool:
		return bool(customer) and frappe.has_permission("RE Customer", "read", doc=customer)

	@staticmethod
	def just_registered(customer: str | None) -> bool:
		"""A customer committed by another request after this one began: the unique index sees it,
		this transaction's snapshot does not (nor can it check who may open it)."""
		return bool(customer) and not frappe.db.exists("RE Customer", customer)

	def throw_phone_taken(self, number: str, holder: str | None):
		"""The number as the user may see it (in full if they typed it now), and the customer who has
		it for those who may open that customer: nothing more for the others."""
		typed_now = any(row.flags.number == number and row.flags.typed_now for row in self.phones)
		shown = number if typed_now or may_see_full_phone(self.name) else mask_phone(number)
		if self.just_registered(holder):
			message = _(
				"Phone {0} already belongs to a customer registered a moment ago. Look the number up again to open that customer."
			).format(shown)
		elif self.may_open(holder):
			message = _(
				"Phone {0} already belongs to customer {1}. Open that record instead of creating another."
			).format(shown, customer_link(holder))
		else:
			message = _(
				"Phone {0} already belongs to a customer you may not open. Ask your sales manager."
			).format(shown)
		frappe.throw(message, exc=DuplicateCustomerError, title=_("Duplicate Customer"))

	def validate_wechat_not_taken(self):
		if not self.wechat_id:
			return
		other = frappe.db.get_value(
			"RE Customer", {"wechat_id": self.wechat_id, "name": ("!=", self.name or "")}, "name"
		)
		if other:
			self.throw_wechat_taken(other)

	def throw_wechat_taken(self, holder: str | None):
		if self.just_registered(holder):
			message = _(
				"WeChat ID {0} already belongs to a customer registered a moment ago. Search for it again to open that customer."
			).format(escape_html(self.wechat_id))
		elif self.may_open(holder):
			message = _(
				"WeChat ID {0} already belongs to customer {1}. Open that record instead of creating another."
			).format(escape_html(self.wechat_id), customer_link(holder))
		else:
			message = _(
				"WeChat ID {0} already belongs to a customer you may not open. Ask your sales manager."
			).format(escape_html(self.wechat_id))
		frappe.throw(message, exc=DuplicateCustomerError, title=_("Duplicate Customer"))

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

	def owner_rows_before(self) -> dict:
		before = self.get_doc_before_save()
		return {row.project: row for row in before.advisors} if before else {}

	def set_owner_rows(self):
		"""A new owner is protected from the day they take the customer for the project's days; a
		row returned to the pool keeps no protection. Code that changes owners (interactions,
		claims, merges) gives its dates; a manager editing the form may type them or not."""
		before = self.owner_rows_before()
		explicit = bool(self.flags.owner_change_cause)
		today = getdate(nowdate())
		for row in self.advisors:
			row.advisor = row.advisor or None
			old = before.get(row.project)
			if old is not None and (old.advisor or None) == row.advisor:
				continue
			if old is not None and not explicit:
				# a date left as it was belongs to the previous owner
				if _date(row.since) == _date(old.since):
					row.since = None
				if _date(row.protected_until) == _date(old.protected_until):
					row.protected_until = None
			row.since = row.since or today
			if not row.advisor:
				row.protected_until = None
			elif not row.protected_until and row.project:
				row.protected_until = protection_end(row.project, row.since)

	def set_owner_log(self):
		"""One owner-log row for each project whose owner the save changes."""
		before = self.get_doc_before_save()
		changes = owner_changes(owners(before.advisors) if before else {}, owners(self.advisors))
		cause = self.flags.owner_change_cause or (REGISTERED if self.is_new() else REASSIGNED)
		for project, from_advisor, to_advisor in changes:
			self.log_owner_change(project, from_advisor, to_advisor, cause, self.flags.owner_change_note)

	def log_owner_change(
		self, project, from_advisor, to_advisor, cause, note=None, changed_at=None, changed_by=None
	):
		"""Append an owner-log row (the only way rows get there, see validate_owner_log_append_only)."""
		row = self.append(
			"owner_log",
			{
				"changed_at": changed_at or now_datetime(),
				"project": project,
				"from_advisor": from_advisor or None,
				"to_advisor": to_advisor or None,
				"cause": cause,
				"changed_by": changed_by or frappe.session.user,
				"note": note,
			},
		)
		row.flags.logged_by_system = True
		return row

	def validate_owners_not_edited_by_advisor(self):
		"""Sales advisors change owners only by the ways that log them (claim, interaction), never
		by editing the advisor rows: those rows are what protects one advisor's customer from another."""
		if self.flags.owner_change_cause or not is_restricted_advisor():
			return
		before = self.get_doc_before_save()
		if owner_rows_key(before.advisors if before else []) != owner_rows_key(self.advisors):
			throw_not_permitted(
				_(
					"Only a sales manager can change the owner advisors of a customer. To take a customer from the pool, use Claim."
				),
				title=_("Advisors"),
			)

	def validate_owner_log_append_only(self):
		before = self.get_doc_before_save()
		kept = {row.name: owner_log_key(row) for row in before.owner_log} if before else {}
		seen = set()
		for row in self.owner_log:
			if row.name in kept:
				changed = kept[row.name] != owner_log_key(row)
			else:
				changed = not row.flags.logged_by_system
			if changed:
				break
			seen.add(row.name)
		else:
			if set(kept) <= seen:
				return
		throw_not_permitted(
			_("The owner history is written by the system and cannot be edited."), title=_("Owner History")
		)

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


def on_doctype_update():
	# the customer list by stage, newest first, reads this index in order and stops at the page size
	frappe.db.add_index("RE Customer", ["lifecycle_stage", "modified"], "lifecycle_stage_modified")
	# the Customer Segments report counts customers by both
	frappe.db.add_index("RE Customer", ["life_stage", "affordability"])
