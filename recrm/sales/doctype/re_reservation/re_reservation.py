# Copyright (c) 2026, recrm developers and contributors
# For license information, please see license.txt

"""A reservation (认购): a deposit that holds a unit for a customer until a contract is signed.

Submitting it moves the unit from Available to Subscribed through ``change_unit_status``, which
locks the unit's row and re-checks its status: of many requests racing for one unit exactly one
wins and the others are told the unit is taken. Only an Available unit can be reserved: a unit a
manager holds (Held) is not for sale until released, and one already Subscribed or Contracted is
taken. While a reservation is active its ``active_unit`` column holds the unit, under a UNIQUE
index, so the database itself refuses a second active reservation of one unit.

A reservation ends in one of three ways, each freeing or passing on the unit exactly once:

- **Converted**: a contract is signed on it (the contract moves the unit to Contracted);
- **Expired**: the daily job (``recrm.sales.reservations.expire_lapsed_reservations``) expires an
  active reservation whose valid-until day has passed and returns the unit to Available;
- **Cancelled**: with the deposit's fate recorded: refunded, or forfeited (a manager's decision).
  A reservation that already expired may be cancelled too, to record what happened to its
  deposit; its unit was freed when it expired and is not touched again.
"""

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import flt, now_datetime, nowdate

from recrm.core import RuleError, unit_status
from recrm.core import contracts as rules
from recrm.core import lifecycle as stages
from recrm.core.roles import FORFEIT_ROLES
from recrm.errors import SalesRuleError, UnitStatusError, rule_errors, throw_not_permitted
from recrm.inventory.status import change_unit_status
from recrm.sales import deals
from recrm.sales.lifecycle import update_stages
from recrm.sales.permissions import is_restricted_advisor

DRAFT = "Draft"
REFUND = "Refund"
FORFEIT = "Forfeit"


class REReservation(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		active_unit: DF.Link | None
		advisor: DF.Link
		agreed_price: DF.Currency
		amended_from: DF.Link | None
		building: DF.Link | None
		cancellation_reason: DF.SmallText | None
		cancelled_by: DF.Link | None
		contract: DF.Link | None
		customer: DF.Link
		customer_name: DF.Data | None
		deposit: DF.Currency
		deposit_fate: DF.Literal["", "Refund", "Forfeit"]
		deposit_forfeited: DF.Currency
		deposit_payment_method: DF.Literal["Cash", "Card", "Bank Transfer", "WeChat Pay", "Alipay"]
		deposit_reference: DF.Data | None
		deposit_refunded: DF.Currency
		expired_on: DF.Datetime | None
		list_price: DF.Currency
		project: DF.Link | None
		reserved_on: DF.Date
		status: DF.Literal["Draft", "Active", "Expired", "Cancelled", "Converted"]
		unit: DF.Link
		valid_until: DF.Date

	# end: auto-generated types
	def before_validate(self):
		self.advisor = self.advisor or frappe.session.user
		self.reserved_on = self.reserved_on or nowdate()
		if self.docstatus == 0:
			self.set_draft_values()

	def validate(self):
		self.validate_unit_readable()
		self.validate_customer_readable()
		self.validate_advisor()
		self.validate_price_deposit_and_dates()
		self.validate_floor_price()
		self.validate_unit_available()

	def before_submit(self):
		self.validate_not_lapsed()
		self.status = rules.RESERVATION_ACTIVE

	def on_submit(self):
		self.hold_unit()
		update_stages([self.customer], stages.RESERVATION)

	def before_cancel(self):
		self.validate_can_be_cancelled()
		self.set_deposit_fate()
		self.flags.release_unit = self.status == rules.RESERVATION_ACTIVE
		self.status = rules.RESERVATION_CANCELLED
		self.cancelled_by = frappe.session.user

	def on_cancel(self):
		if self.flags.release_unit:
			self.release_unit(_("Reservation {0} cancelled").format(self.name))
		update_stages([self.customer], stages.RESERVATION_ENDED)

	@property
	def label(self) -> str:
		return _("Reservation {0}").format(self.name) if not self.is_new() else _("The reservation")

	# --- checks -------------------------------------------------------------------------------------

	def validate_unit_readable(self):
		deals.check_unit_readable(
			self.unit, _("You cannot reserve unit {0}: it is not in one of your projects.").format(self.unit)
		)

	def validate_customer_readable(self):
		# an advisor may not deal with a customer another advisor protects; managers may
		if not is_restricted_advisor():
			return
		deals.check_customer_readable(
			self.customer,
			_("You cannot make a reservation for customer {0}: another advisor protects them.").format(
				self.customer
			),
		)

	def validate_advisor(self):
		if is_restricted_advisor() and self.advisor != frappe.session.user:
			throw_not_permitted(
				_("A sales advisor makes reservations in their own name, not in the name of {0}.").format(
					self.advisor
				)
			)

	def validate_price_deposit_and_dates(self):
		with rule_errors(self.label, exc=SalesRuleError, title=_("Reservation")):
			rules.check_reservation(self.agreed_price, self.deposit, self.reserved_on, self.valid_until)

	def validate_floor_price(self):
		floor = frappe.db.get_value("RE Unit", self.unit, "floor_price")
		if floor and flt(self.agreed_price) < flt(floor) and not deals.floor_role():
			error = RuleError(
				"below_floor_price", price=rules.money(self.agreed_price), floor_price=rules.money(floor)
			)
			deals.throw_below_floor(error, self.label)

	def validate_unit_available(self):
		"""Early and without a lock, for a clear message while the form is filled in; the decisive
		check is repeated under the unit's row lock on submit."""
		if self.docstatus != 0:
			return
		status, number = deals.unit_status(self.unit)
		if status != unit_status.AVAILABLE:
			frappe.throw(
				_("Unit {0} is {1}: only an available unit can be reserved. Choose another unit.").format(
					number, _(status)
				),
				exc=UnitStatusError,
				title=_("Unit Taken"),
			)

	def validate_not_lapsed(self):
		if rules.reservation_lapsed(self.valid_until, now_datetime()):
			frappe.throw(
				_(
					"{0} was valid until {1}, which has passed. Change the valid-until date before submitting."
				).format(self.label, frappe.utils.formatdate(self.valid_until)),
				exc=SalesRuleError,
				title=_("Reservation"),
			)

	def validate_can_be_cancelled(self):
		if self.status == rules.RESERVATION_CONVERTED:
			frappe.throw(
				_(
					"{0} was signed as contract {1} and cannot be cancelled. A signed contract is ended by a cancellation request."
				).format(self.label, self.contract),
				exc=SalesRuleError,
				title=_("Reservation Signed"),
			)
		if not (self.cancellation_reason or "").strip():
			frappe.throw(
				_("Say why {0} is cancelled: the reason is kept with it.").format(self.label),
				exc=SalesRuleError,
				title=_("Reason Required"),
			)
		if self.deposit_fate not in (REFUND, FORFEIT):
			frappe.throw(
				_(
					"Say what happens to the deposit of {0}: refunded to the customer or forfeited. Use Cancel Reservation."
				).format(self.label),
				exc=SalesRuleError,
				title=_("Deposit Decision Required"),
			)
		if self.deposit_fate == FORFEIT and not deals.has_any_role(FORFEIT_ROLES):
			throw_not_permitted(
				_(
					"Only a sales manager may forfeit a deposit. Refund it, or ask a manager to cancel {0}."
				).format(self.label)
			)

	# --- changes ------------------------------------------------------------------------------------

	def set_draft_values(self):
		"""A draft holds nothing and has ended nothing, whatever it was copied or amended from."""
		self.status = DRAFT
		for field in (
			"active_unit",
			"contract",
			"expired_on",
			"deposit_fate",
			"cancellation_reason",
			"cancelled_by",
		):
			self.set(field, None)
		self.deposit_refunded = self.deposit_forfeited = 0

	def set_deposit_fate(self):
		with rule_errors(self.label, exc=SalesRuleError):
			refund = rules.cancellation_refund(
				self.deposit,
				self.agreed_price,
				forfeit_deposit=self.deposit if self.deposit_fate == FORFEIT else 0,
			)
		self.deposit_refunded = float(refund.to_buyer)
		self.deposit_forfeited = float(refund.deposit_forfeited)

	def hold_unit(self):
		change_unit_status(
			self.unit,
			unit_status.SUBSCRIBED,
			_("Reservation {0}: {1}").format(self.name, self.customer_name or self.customer),
			"RE Reservation",
			self.name,
			expected_from=unit_status.AVAILABLE,
		)
		deals.claim_unit(self)

	def release_unit(self, reason: str):
		change_unit_status(
			self.unit,
			unit_status.AVAILABLE,
			reason,
			"RE Reservation",
			self.name,
			expected_from=unit_status.SUBSCRIBED,
		)
		self.db_set("active_unit", None, update_modified=False)


@frappe.whitelist(methods=["POST"])
def cancel_reservation(name: str, deposit_fate: str, reason: str) -> dict:
	"""Cancel a reservation, recording what happens to its deposit and why."""
	doc = frappe.get_doc("RE Reservation", name)
	doc.check_permission("cancel")
	doc.deposit_fate = deposit_fate
	doc.cancellation_reason = (reason or "").strip()
	doc.cancel()
	return {
		"name": doc.name,
		"status": doc.status,
		"deposit_refunded": doc.deposit_refunded,
		"deposit_forfeited": doc.deposit_forfeited,
	}


def on_doctype_update():
	# one active reservation per unit: NULL once it ends, and a UNIQUE index allows many NULLs
	frappe.db.add_unique("RE Reservation", ["active_unit"], constraint_name="unique_active_reservation")
