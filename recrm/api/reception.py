"""The reception desk: find a returning visitor by phone, or register a new one with their visit."""

import frappe
from frappe import _
from frappe.utils import now_datetime

from recrm.core.phones import normalise_phone
from recrm.errors import SalesRuleError, rule_errors, throw_not_permitted
from recrm.sales.phone_privacy import customer_of_number, may_see_full_phone, primary_numbers

LAST_INTERACTIONS = 5


def _normalised(phone: str) -> str:
	with rule_errors(exc=SalesRuleError, title=_("Phone Number")):
		return normalise_phone(phone)


@frappe.whitelist()
def lookup(phone: str) -> dict:
	"""The customer whose phone (any of them) is ``phone``, typed in any common format.

	Returns ``{"found": False, "phone": <normalised>}`` when nobody has it, else the customer card:
	name, stage, primary phone (masked unless the user may see it in full: see
	recrm/sales/phone_privacy.py), owner advisor per project, the last interactions and the open
	follow-ups. A customer the user may not read is refused without saying who it is."""
	frappe.has_permission("RE Customer", "read", throw=True)
	normalised = _normalised(phone)
	name = customer_of_number(normalised)
	if not name:
		return {"found": False, "phone": normalised}
	customer = frappe.get_doc("RE Customer", name)
	# not doc.has_permission(): on refusal it queues Frappe's own message, which names the record
	if not frappe.has_permission("RE Customer", "read", doc=customer):
		throw_not_permitted(
			_("This phone number belongs to a customer protected by another advisor. Ask your sales manager.")
		)
	full_phone = may_see_full_phone(name)
	interactions = frappe.get_all(
		"RE Interaction",
		filters={"customer": name},
		fields=["name", "interaction_time", "kind", "project", "advisor", "outcome"],
		order_by="interaction_time desc",
		limit=LAST_INTERACTIONS,
	)
	follow_ups = frappe.get_all(
		"RE Interaction",
		filters={"customer": name, "follow_up_done": 0, "next_follow_up_date": ("is", "set")},
		fields=["name", "next_follow_up_date", "next_follow_up_action", "project", "advisor"],
		order_by="next_follow_up_date asc",
	)
	return {
		"found": True,
		"name": name,
		"full_name": customer.full_name,
		"lifecycle_stage": customer.lifecycle_stage,
		"impressions": customer.impressions,
		"phone": primary_numbers([name]).get(name) if full_phone else customer.primary_phone_masked,
		"phone_masked": not full_phone,
		"advisors": [
			{
				"project": row.project,
				"advisor": row.advisor,
				"advisor_name": frappe.utils.get_fullname(row.advisor),
				"protected_until": row.protected_until,
			}
			for row in customer.advisors
			if row.advisor  # a row without advisor: the customer is in that project's pool
		],
		"interactions": interactions,
		"follow_ups": follow_ups,
	}


@frappe.whitelist(methods=["POST"])
def register_visitor(
	full_name: str,
	phone: str,
	project: str,
	impressions: str | None = None,
	gender: str | None = None,
	first_channel: str | None = None,
	wechat_id: str | None = None,
	outcome: str | None = None,
) -> dict:
	"""A new customer and their first Visit, in one transaction, owned by the session user."""
	frappe.has_permission("RE Customer", "create", throw=True)
	frappe.has_permission("RE Interaction", "create", throw=True)
	frappe.has_permission("RE Project", "read", doc=project, throw=True)
	customer = frappe.get_doc(
		{
			"doctype": "RE Customer",
			"full_name": full_name,
			"gender": gender or "",
			"wechat_id": wechat_id,
			"first_channel": first_channel,
			"impressions": impressions,
			"phones": [{"phone": phone, "is_primary": 1}],
		}
	).insert()
	interaction = frappe.get_doc(
		{
			"doctype": "RE Interaction",
			"customer": customer.name,
			"project": project,
			"kind": "Visit",
			"advisor": frappe.session.user,
			"interaction_time": now_datetime(),
			"channel": first_channel,
			"outcome": outcome or impressions,
		}
	).insert()
	return {"customer": customer.name, "interaction": interaction.name}
