"""What a home buyer does about the owners' club on the portal: join (ticking the consents) and
give or withdraw their consent to marketing messages.

Every method starts from ``current_buyer()`` (``recrm.portal.buyer``): the buyer joins as their own
customer and acts only on their own membership; nothing from the request says who they are.
"""

import frappe
from frappe import _
from frappe.rate_limiter import rate_limit
from frappe.utils import cint, getdate

from recrm.club import events, membership, merchants
from recrm.errors import PortalRuleError
from recrm.portal.buyer import current_buyer, refuse_not_theirs

MEMBER = "RE Club Member"


def their_membership(buyer) -> frappe._dict | None:
	rows = buyer.get_all(MEMBER, fields=["name", "status"], limit=1)
	return rows[0] if rows else None


@frappe.whitelist(methods=["POST"])
@rate_limit(limit=10, seconds=60 * 60)
def join_club(data_use=None, marketing=None, birthday: str | None = None) -> dict:
	"""The buyer joins the club, consenting (ticked on the page) to the club's use of their data."""
	buyer = current_buyer()
	if not cint(data_use):
		frappe.throw(
			_("A member must consent to the club's use of their data before joining."),
			exc=PortalRuleError,
			title=_("Club"),
		)
	day = None
	if birthday:
		try:
			day = getdate(birthday)
		except Exception:
			frappe.throw(_("Write the birthday as a date."), exc=PortalRuleError, title=_("Club"))
	consents = {membership.DATA_USE: True, membership.MARKETING: bool(cint(marketing))}
	name = membership.join(buyer.customer, "Portal", consents, "Portal Tick", birthday=day)
	buyer.forget(MEMBER)
	return {"member": name}


@frappe.whitelist(methods=["POST"])
def set_marketing_consent(member: str | None = None, given=None) -> dict:
	"""The buyer gives or withdraws their consent to the club's marketing messages."""
	buyer = current_buyer()
	mine = their_membership(buyer)
	if not mine or mine.name != member:
		refuse_not_theirs(member)
	membership.record_consent(member, membership.MARKETING, bool(cint(given)), "Portal Tick")
	return {"member": member, "marketing": bool(cint(given))}


@frappe.whitelist(methods=["POST"])
@rate_limit(limit=20, seconds=60 * 60)
def refer_friend(
	friend_name: str | None = None, phone: str | None = None, project: str | None = None
) -> dict:
	"""The member refers a friend (老带新): recorded for their own active membership only."""
	buyer = current_buyer()
	mine = their_membership(buyer)
	if not mine or mine.status != "Active":
		frappe.throw(_("Join the club to refer a friend."), exc=PortalRuleError, title=_("Club"))
	if project and project not in referral_projects():
		frappe.throw(_("Choose one of the projects on the list."), exc=PortalRuleError, title=_("Club"))
	doc = frappe.get_doc(
		{
			"doctype": "RE Referral",
			"referrer": mine.name,
			"friend_name": friend_name,
			"phone": phone,
			"project": project or None,
			"channel": "Portal",
		}
	)
	doc.insert(ignore_permissions=True)
	buyer.forget("RE Referral")
	return {"referral": doc.name, "status": doc.status}


def referral_projects() -> list[str]:
	"""The projects a friend may be referred to: every project recrm holds."""
	return frappe.get_all("RE Project", pluck="name", order_by="name")


def their_active_member(buyer) -> str:
	mine = their_membership(buyer)
	if not mine or mine.status != "Active":
		frappe.throw(_("Join the club to register for its events."), exc=PortalRuleError, title=_("Events"))
	return mine.name


@frappe.whitelist(methods=["POST"])
@rate_limit(limit=30, seconds=60 * 60)
def register_for_event(event: str | None = None) -> dict:
	"""The member registers for an event (a seat, or the waiting list when it is full)."""
	buyer = current_buyer()
	member = their_active_member(buyer)
	if not isinstance(event, str) or not event:
		frappe.throw(_("Choose an event."), exc=PortalRuleError, title=_("Events"))
	result = events.register(event, member, "Portal")
	buyer.forget(events.REGISTRATION)
	return result


@frappe.whitelist(methods=["POST"])
def cancel_event_registration(registration: str | None = None) -> dict:
	"""The member cancels their own place; the first waiting moves up."""
	buyer = current_buyer()
	buyer.check(events.REGISTRATION, registration)
	result = events.cancel(registration)
	buyer.forget(events.REGISTRATION)
	return {"registration": result["registration"], "status": result["status"]}


@frappe.whitelist(methods=["POST"])
def get_offer_code(offer: str | None = None) -> dict:
	"""The buyer's one-time code for a merchant's offer of their tier: made once, the same after."""
	buyer = current_buyer()
	mine = their_membership(buyer)
	if not mine or mine.status != membership.ACTIVE:
		frappe.throw(
			_("Join the club to get the codes of the merchants' offers."),
			exc=PortalRuleError,
			title=_("Club"),
		)
	if not isinstance(offer, str) or offer not in {row.name for row in merchants.offers_for(mine.name)}:
		frappe.throw(
			_("{0} is not an offer for your tier today.").format(
				frappe.utils.escape_html(offer if isinstance(offer, str) else "")
			),
			exc=PortalRuleError,
			title=_("Club"),
		)
	got = merchants.issue_code(mine.name, offer)
	return {"code": got["display"], "status": got["status"]}
