"""The daily expiry of reservations that lapsed unsigned: each frees its unit exactly once."""

import frappe
from frappe import _
from frappe.utils import get_datetime, getdate, now_datetime

from recrm.core import contracts as rules
from recrm.core import lifecycle as stages
from recrm.core import unit_status
from recrm.inventory.status import change_unit_status
from recrm.sales.lifecycle import update_stages


def expire_reservation(name: str, now=None) -> bool:
	"""Expire one reservation if it still needs it, and free its unit. The reservation's row is
	locked first and its status read again, so a contract converting it or a cancellation at the
	same moment is either seen (nothing to do) or waits for this to finish. Returns whether it
	expired."""
	now = get_datetime(now) if now else now_datetime()
	row = frappe.db.get_value(
		"RE Reservation",
		name,
		["name", "docstatus", "status", "valid_until", "unit", "customer"],
		as_dict=True,
		for_update=True,
	)
	if not row or row.docstatus != 1 or not rules.needs_expiry(row.status, row.valid_until, now):
		return False
	change_unit_status(
		row.unit,
		unit_status.AVAILABLE,
		_("Reservation {0} expired unsigned").format(name),
		"RE Reservation",
		name,
		expected_from=unit_status.SUBSCRIBED,
	)
	frappe.db.set_value(
		"RE Reservation",
		name,
		{"status": rules.RESERVATION_EXPIRED, "active_unit": None, "expired_on": now},
	)
	update_stages([row.customer], stages.RESERVATION_ENDED)
	return True


def lapsed_reservations(now=None) -> list[str]:
	"""Active reservations whose valid-until day is over, oldest first."""
	day = getdate(get_datetime(now) if now else now_datetime())
	return frappe.get_all(
		"RE Reservation",
		filters={"docstatus": 1, "status": rules.RESERVATION_ACTIVE, "valid_until": ("<", day)},
		pluck="name",
		order_by="valid_until asc",
	)


def expire_lapsed_reservations(now=None, commit: bool = True) -> int:
	"""Daily: expire every reservation that lapsed unsigned. Each is expired in its own
	transaction (``commit``) or savepoint, so one that fails (its unit changed by hand, say) is
	logged and leaves the others alone. Running it twice changes nothing the second time.
	Returns how many expired."""
	expired = 0
	for name in lapsed_reservations(now):
		savepoint = f"expire_{frappe.generate_hash(length=8)}"
		frappe.db.savepoint(savepoint)
		try:
			expired += expire_reservation(name, now)
		except Exception:
			frappe.db.rollback(save_point=savepoint)
			frappe.log_error(
				title=_("Reservation {0} could not expire").format(name),
				reference_doctype="RE Reservation",
				reference_name=name,
			)
			continue
		if commit:
			frappe.db.commit()
	return expired
