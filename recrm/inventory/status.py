"""The one way a unit's status changes: lock the row, re-check, write, log, tell the boards."""

import frappe
from frappe import _
from frappe.utils import now_datetime

from recrm.core import RuleError
from recrm.core import unit_status as rules
from recrm.core.roles import SALES_CONTROL_ROLES
from recrm.errors import UnitStatusError, throw_not_permitted
from recrm.messages import rule_message

BOARD_EVENT = "recrm_unit_changed"


def change_unit_status(
	unit: str,
	to_status: str,
	reason: str,
	reference_doctype: str | None = None,
	reference_name: str | None = None,
	expected_from: str | tuple[str, ...] | None = None,
) -> str:
	"""Move ``unit`` to ``to_status`` and return the status it left.

	The row is locked (SELECT … FOR UPDATE) before the current status is read, so of two requests
	racing for one unit the second sees what the first wrote and is refused. ``expected_from``
	lets a caller insist on the status it saw (a reservation wants Available, nothing else).
	Callers check the user's permission; this function checks the rules.
	"""
	row = frappe.db.get_value(
		"RE Unit",
		unit,
		["name", "status", "building", "project", "unit_number"],
		as_dict=True,
		for_update=True,
	)
	if not row:
		frappe.throw(_("Unit {0} does not exist.").format(unit), frappe.DoesNotExistError)
	if expected_from:
		expected = (expected_from,) if isinstance(expected_from, str) else tuple(expected_from)
		if row.status not in expected:
			frappe.throw(
				_("Unit {0} is {1} now, no longer {2}. Refresh and choose another unit.").format(
					row.unit_number, _(row.status), " / ".join(_(s) for s in expected)
				),
				exc=UnitStatusError,
				title=_("Unit Taken"),
			)
	try:
		rules.check_transition(row.status, to_status)
	except RuleError as error:
		frappe.throw(rule_message(error, _("Unit {0}").format(row.unit_number)), exc=UnitStatusError)

	changed_at = now_datetime()
	frappe.db.set_value("RE Unit", unit, "status", to_status, update_modified=True)
	frappe.get_doc(
		{
			"doctype": "RE Unit Status Log",
			"unit": unit,
			"building": row.building,
			"project": row.project,
			"from_status": row.status,
			"to_status": to_status,
			"changed_by": frappe.session.user,
			"changed_at": changed_at,
			"reason": reason,
			"reference_doctype": reference_doctype,
			"reference_name": reference_name,
		}
	).insert(ignore_permissions=True)
	notify_boards(row.building, [{"name": unit, "status": to_status}])
	return row.status


def notify_boards(building: str, units: list[dict]) -> None:
	"""Push unit changes to every board showing ``building``, once the transaction commits."""
	frappe.publish_realtime(
		BOARD_EVENT,
		{"building": building, "units": units, "by": frappe.session.user},
		doctype="RE Building",
		docname=building,
		after_commit=True,
	)


def can_control_sales(user: str | None = None) -> bool:
	return bool(set(SALES_CONTROL_ROLES) & set(frappe.get_roles(user)))


@frappe.whitelist(methods=["POST"])
def apply_sales_control(unit: str, action: str, reason: str | None = None) -> dict:
	"""Hold, release, withdraw or return a unit to sale (销控), by a sales manager."""
	unit_doc = frappe.get_doc("RE Unit", unit)
	unit_doc.check_permission("write")
	if not can_control_sales():
		throw_not_permitted(_("Only a sales manager can hold or release units."))
	reason = (reason or "").strip()
	if not reason:
		frappe.throw(
			_("Say why unit {0} is changed: the reason is kept in its history.").format(unit_doc.unit_number)
		)
	# the rule check is repeated under the row lock inside change_unit_status
	try:
		target = rules.manual_action(action, unit_doc.status)
	except RuleError as error:
		frappe.throw(rule_message(error, _("Unit {0}").format(unit_doc.unit_number)), exc=UnitStatusError)
	change_unit_status(unit, target.to_status, reason, expected_from=tuple(target.from_statuses))
	return {"name": unit, "status": target.to_status}
