"""Partner merchants (商业联盟): their offers to the club's members by tier, a one-time code per
member and offer, and the redemption of a code by the merchant.

- ``offers_for(member)``: the offers a member may have today (active, in their dates, of an
  enabled merchant, for the member's tier or a lower one).
- ``issue_code(member, offer)``: the member's code for the offer, made once. The member's row is
  locked first, so two requests at once wait for each other and the second finds the first's code;
  a unique index on (member, offer) stands behind it.
- ``redeem(merchant, typed, user)``: the merchant redeems a code of one of its own offers. The code's
  row is locked (``SELECT … FOR UPDATE``) and its status re-read: of two cashiers typing the same
  code at once, one redeems it and the other is told it was redeemed already.

The pure rules (the code's alphabet and check character, an offer's validity, the tier order) are
``recrm.core.redemption``.
"""

import frappe
from frappe import _
from frappe.utils import format_date, format_datetime, getdate, now_datetime, nowdate

from recrm.club.membership import ACTIVE, MEMBER
from recrm.core import redemption as rules
from recrm.errors import ClubRuleError

MERCHANT = "RE Club Merchant"
MERCHANT_USER = "RE Club Merchant User"
OFFER = "RE Merchant Offer"
CODE = "RE Redemption Code"
TIER = "RE Club Tier"
OFFER_FIELDS = [
	"name",
	"merchant",
	"merchant_name",
	"title",
	"description",
	"minimum_tier",
	"valid_from",
	"valid_to",
	"status",
]


class RedemptionError(ClubRuleError):
	pass


def merchant_of(user: str | None) -> str | None:
	"""The enabled merchant whose login ``user`` is, or None."""
	if not user or user in ("Guest", "Administrator"):
		return None
	merchant = frappe.db.get_value(MERCHANT_USER, {"user": user, "parenttype": MERCHANT}, "parent")
	if merchant and frappe.db.get_value(MERCHANT, merchant, "enabled"):
		return merchant
	return None


def tier_order(tier: str | None) -> int | None:
	if not tier:
		return None
	order = frappe.db.get_value(TIER, tier, "tier_order")
	return None if order is None else int(order)


def offers_for(member: str) -> list:
	"""The offers ``member`` may have today, by merchant and title."""
	row = frappe.db.get_value(MEMBER, member, ["status", "tier"], as_dict=True)
	if not row or row.status != ACTIVE:
		return []
	today = getdate(nowdate())
	mine = tier_order(row.tier)
	enabled = set(frappe.get_all(MERCHANT, filters={"enabled": 1}, pluck="name"))
	orders = {t.name: t.tier_order for t in frappe.get_all(TIER, fields=["name", "tier_order"])}
	found = []
	for offer in frappe.get_all(
		OFFER, filters={"status": rules.OFFER_ACTIVE}, fields=OFFER_FIELDS, order_by="merchant_name, title"
	):
		if offer.merchant not in enabled:
			continue
		if rules.offer_problem(
			offer.status,
			getdate(offer.valid_from) if offer.valid_from else None,
			getdate(offer.valid_to) if offer.valid_to else None,
			today,
		):
			continue
		minimum = orders.get(offer.minimum_tier) if offer.minimum_tier else None
		if rules.tier_reaches(mine, minimum):
			found.append(offer)
	return found


def offer_refusal(offer) -> str | None:
	"""The translated reason ``offer`` (a dict of OFFER_FIELDS) cannot be used today, or None."""
	valid_from = getdate(offer.valid_from) if offer.valid_from else None
	valid_to = getdate(offer.valid_to) if offer.valid_to else None
	problem = rules.offer_problem(offer.status, valid_from, valid_to, getdate(nowdate()))
	if problem == "inactive":
		return _("The offer {0} is not running.").format(offer.title)
	if problem == "not_yet":
		return _("The offer {0} starts on {1}.").format(offer.title, format_date(valid_from))
	if problem == "expired":
		return _("The offer {0} ended on {1}.").format(offer.title, format_date(valid_to))
	if not frappe.db.get_value(MERCHANT, offer.merchant, "enabled"):
		return _("The offer {0} is not running.").format(offer.title)
	return None


def issue_code(member: str, offer: str) -> dict:
	"""The member's code for ``offer``: the one issued before, or a new one (issued once)."""
	# one request at a time for this member: the second waits and finds the first's code
	row = frappe.db.get_value(MEMBER, member, ["name", "status", "tier"], as_dict=True, for_update=True)
	if not row or row.status != ACTIVE:
		frappe.throw(
			_("Only an active member of the club gets codes for the merchants' offers."),
			exc=RedemptionError,
			title=_("Offer"),
		)
	# a locking read: it sees a code committed while this request waited for the member's row
	existing = existing_code(member, offer)
	if existing:
		return {
			"code": existing.code,
			"display": rules.display(existing.code),
			"status": existing.status,
			"new": False,
		}
	if offer not in {o.name for o in offers_for(member)}:
		frappe.throw(
			_("This offer is not one for your tier, or it is not running today."),
			exc=RedemptionError,
			title=_("Offer"),
		)
	merchant = frappe.db.get_value(OFFER, offer, "merchant")
	for _attempt in range(5):
		code = rules.new_code()
		if frappe.db.exists(CODE, {"code": code}):
			continue
		frappe.get_doc(
			{
				"doctype": CODE,
				"member": member,
				"offer": offer,
				"merchant": merchant,
				"code": code,
				"status": rules.ISSUED,
				"issued_on": now_datetime(),
			}
		).insert(ignore_permissions=True)
		return {"code": code, "display": rules.display(code), "status": rules.ISSUED, "new": True}
	frappe.throw(_("No code could be made just now. Try again."), exc=RedemptionError, title=_("Offer"))


def existing_code(member: str, offer: str):
	return frappe.db.get_value(
		CODE, {"member": member, "offer": offer}, ["name", "code", "status"], as_dict=True, for_update=True
	)


def not_yours(typed) -> None:
	frappe.throw(
		_("{0} is not a code for one of your offers. Check the code the member shows you.").format(
			# as typed: the same answer for another merchant's code as for a made-up one
			frappe.utils.escape_html(typed if isinstance(typed, str) else "")
		),
		exc=RedemptionError,
		title=_("Redeem"),
	)


def redeem(merchant: str, typed, user: str) -> dict:
	"""The merchant redeems the code typed: refused when malformed, not of its offers, the offer is
	not running or expired, the member left the club, or the code was redeemed already."""
	code = rules.normalise(typed)
	if not rules.is_well_formed(code):
		not_yours(typed)
	row = frappe.db.get_value(
		CODE,
		{"code": code},
		["name", "member", "offer", "merchant", "status", "redeemed_on"],
		as_dict=True,
		for_update=True,
	)
	# another merchant's code is refused as one that does not exist
	if not row or row.merchant != merchant:
		not_yours(typed)
	offer = frappe.db.get_value(OFFER, row.offer, OFFER_FIELDS, as_dict=True)
	if not offer or offer.merchant != merchant:
		not_yours(typed)
	if row.status == rules.REDEEMED:
		frappe.throw(
			_("Code {0} was redeemed already, on {1}. A code is used once.").format(
				rules.display(code), format_datetime(row.redeemed_on, "yyyy-MM-dd HH:mm")
			),
			exc=RedemptionError,
			title=_("Redeem"),
		)
	refusal = offer_refusal(offer)
	if refusal:
		frappe.throw(refusal, exc=RedemptionError, title=_("Redeem"))
	if frappe.db.get_value(MEMBER, row.member, "status") != ACTIVE:
		frappe.throw(
			_("The member of code {0} has left the club.").format(rules.display(code)),
			exc=RedemptionError,
			title=_("Redeem"),
		)
	now = now_datetime()
	frappe.db.set_value(
		CODE,
		row.name,
		{"status": rules.REDEEMED, "redeemed_on": now, "redeemed_by": user},
		update_modified=True,
	)
	return {
		"code": rules.display(code),
		"offer": offer.title,
		"message": _("Code {0} redeemed: {1}.").format(
			rules.display(code), frappe.utils.escape_html(offer.title)
		),
	}
