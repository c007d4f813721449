"""What reservations and contracts share: who may give a price below the floor, whether a user may
deal in a unit and a customer, and the database's last word on one active deal per unit."""

import frappe
from frappe import _

from recrm.core import RuleError
from recrm.core.roles import FLOOR_PRICE_ROLES
from recrm.errors import SalesRuleError, UnitStatusError, throw_not_permitted
from recrm.messages import rule_message


def has_any_role(roles, user: str | None = None) -> bool:
	return bool(set(roles) & set(frappe.get_roles(user or frappe.session.user)))


def floor_role(user: str | None = None) -> str | None:
	"""The role under which ``user`` may allow a price below the floor, or None."""
	roles = frappe.get_roles(user or frappe.session.user)
	return next((role for role in FLOOR_PRICE_ROLES if role in roles), None)


def may_read_floor_price(user: str | None = None) -> bool:
	# the floor price is a permlevel-1 field of RE Unit: advisors do not see it
	return 1 in frappe.get_meta("RE Unit").get_permlevel_access("read", user=user or frappe.session.user)


def floor_price_message(error: RuleError) -> str:
	"""The below-floor refusal, without the floor price for users who may not see it."""
	if error.code == "below_floor_price" and not may_read_floor_price():
		error = RuleError("below_floor_price_hidden", price=error.params.get("price"))
	return rule_message(error)


def throw_below_floor(error: RuleError, subject: str):
	frappe.throw(
		_("{0}: {1}").format(subject, floor_price_message(error)),
		exc=SalesRuleError,
		title=_("Below Floor Price"),
	)


def check_unit_readable(unit: str, message: str):
	"""Refuse with ``message`` unless the user may read the unit (its project is one of theirs)."""
	if not frappe.has_permission("RE Unit", "read", doc=unit):
		throw_not_permitted(message)


def check_customer_readable(customer: str, message: str):
	if not frappe.has_permission("RE Customer", "read", doc=customer):
		throw_not_permitted(message)


def unit_status(unit: str) -> tuple[str, str]:
	"""The unit's status and number as they stand (no lock: the lock is taken when the status changes)."""
	status, number = frappe.db.get_value("RE Unit", unit, ["status", "unit_number"]) or (None, unit)
	return status, number


def claim_unit(doc, fieldname: str = "active_unit"):
	"""Set the column whose UNIQUE index allows one active deal of this kind per unit. The unit's
	row lock has already serialised the request; the index is the database's last word should
	anything ever bypass it."""
	try:
		doc.db_set(fieldname, doc.unit, update_modified=False)
	except Exception as error:
		if not frappe.db.is_unique_key_violation(error):
			raise
		frappe.throw(
			_("Unit {0} already has an active {1}. Refresh and choose another unit.").format(
				doc.unit, _(doc.doctype)
			),
			exc=UnitStatusError,
			title=_("Unit Taken"),
		)
