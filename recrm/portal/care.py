"""The owner's customer manager (客户经理) on /my-home: a section of the page (the hook
``recrm_portal_home_sections``), shown to the buyers who have one (given at the key handover, or in the desk). The page gives the customer of the
logged-in buyer (``recrm.portal.buyer.current_buyer``); only the manager's name and the office
phone the manager made public in the desk are read, through this module, never through the
buyer's own permissions (website users hold none)."""

import frappe
from frappe import _

TEMPLATE = "templates/recrm_portal/customer_manager.html"


def manager_section(customer: str, units: list[dict]) -> list[dict]:
	if not customer:
		return []
	manager = frappe.db.get_value("RE Customer", customer, "customer_manager")
	if not manager:
		return []
	user = frappe.db.get_value("User", manager, ["full_name", "phone", "enabled"], as_dict=True)
	if not user or not user.enabled:
		return []
	return [
		{
			"title": _("Your Customer Manager"),
			"template": TEMPLATE,
			"context": frappe._dict(name=user.full_name or "", phone=user.phone or ""),
		}
	]
