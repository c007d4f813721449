"""The club's night (``daily_long``): expiries, then tiers, then the ledger's reconciliation, then
birthdays and the referrals whose window ended. Each part commits its own chunks; one failing is
logged and the others still run."""

import frappe

from recrm.club.points import award_birthdays, expire_points, reconcile
from recrm.club.referrals import expire_lapsed
from recrm.club.tiers import update_all_tiers


def run(today=None) -> dict:
	done = {}
	for name, part in (
		("expired", expire_points),
		("tiers_changed", update_all_tiers),
		("birthdays", award_birthdays),
		("referrals_expired", expire_lapsed),
	):
		try:
			done[name] = part(today)
			frappe.db.commit()
		except Exception:
			frappe.db.rollback()
			frappe.log_error(title=f"recrm club nightly: {name}")
	done["mismatches"] = len(reconcile())
	frappe.db.commit()
	return done
