"""recrm's exception classes, and the two ways a controller refuses: a core rule's error as its
translated message (``rule_errors``), and "not permitted" (``throw_not_permitted``)."""

from collections.abc import Callable, Iterator
from contextlib import contextmanager

import frappe
from frappe import _

from recrm.core import RuleError
from recrm.messages import rule_message


class UnitStatusError(frappe.ValidationError):
	pass


class InventoryRuleError(frappe.ValidationError):
	pass


class SalesRuleError(frappe.ValidationError):
	pass


class DuplicateCustomerError(frappe.ValidationError):
	pass


class ServiceRuleError(frappe.ValidationError):
	pass


class ClaimApprovalError(frappe.ValidationError):
	pass


class SurveyError(frappe.ValidationError):
	pass


class PortalRuleError(frappe.ValidationError):
	pass


class InspectionRuleError(frappe.ValidationError):
	pass


class ClubRuleError(frappe.ValidationError):
	pass


def throw_rule_error(error: RuleError, subject: str | None = None, exc=InventoryRuleError, title=None):
	"""Refuse with the translated message of a core rule's ``error``, prefixed by ``subject``."""
	frappe.throw(rule_message(error, subject), exc=exc, title=title or _("Not Allowed"))


@contextmanager
def rule_errors(
	subject: str | None = None,
	exc=InventoryRuleError,
	title: str | None = None,
	reword: Callable[[RuleError], RuleError] | None = None,
) -> Iterator[None]:
	"""Run a core rule and refuse with its ``RuleError`` as the translated message::

	    with rule_errors(self.label, exc=SalesRuleError, title=_("Payment Plan")):
	        ps.validate_plan(payment_plan(self))

	``reword`` turns the error into the one to show (field names as the form labels them …)."""
	try:
		yield
	except RuleError as error:
		throw_rule_error(reword(error) if reword else error, subject, exc=exc, title=title)


def throw_not_permitted(message: str | None = None, title: str | None = None):
	"""Refuse with ``frappe.PermissionError``: ``message`` (else Frappe's "Not permitted."), titled
	"Not Permitted" unless told otherwise."""
	frappe.throw(
		message or _("Not permitted."), exc=frappe.PermissionError, title=title or _("Not Permitted")
	)
