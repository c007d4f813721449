"""The door of a club event (the desk page Club Check-in): the events of the day and a check-in.

Whitelisted methods check the role themselves: the club manager and the reception staff (sales
advisors and managers, who staff the sales centre's door) may check members in; the rules are
``recrm.club.events.check_in``'s.
"""

import frappe
from frappe import _
from frappe.utils import add_days, now_datetime

from recrm.club import events
from recrm.core.roles import CLUB_MANAGER, SALES_ADVISOR, SALES_MANAGER, SYSTEM_MANAGER

CHECK_IN_ROLES = (SYSTEM_MANAGER, CLUB_MANAGER, SALES_MANAGER, SALES_ADVISOR)


def check_role() -> None:
	if not set(CHECK_IN_ROLES) & set(frappe.get_roles()):
		frappe.throw(
			_("Only the club manager and the reception staff check members in."),
			exc=frappe.PermissionError,
			title=_("Not Permitted"),
		)


@frappe.whitelist(methods=["GET"])
def door_events() -> list[dict]:
	"""Published events of the day before to the day after: those a door may be open for."""
	check_role()
	now = now_datetime()
	return frappe.get_all(
		events.EVENT,
		filters={
			"status": "Published",
			"starts_at": ("<=", add_days(now, 1)),
			"ends_at": (">=", add_days(now, -1)),
		},
		fields=["name", "title", "venue", "starts_at", "capacity", "registered_count", "attended_count"],
		order_by="starts_at asc",
		limit=50,
	)


@frappe.whitelist(methods=["POST"])
def scan(event: str, code: str) -> dict:
	"""Check in the member of ``code`` (member number or the card's QR payload) at ``event``."""
	check_role()
	result = events.check_in(event, code, frappe.session.user)
	result["counts"] = frappe.db.get_value(
		events.EVENT, event, ["capacity", "registered_count", "attended_count"], as_dict=True
	)
	return result
