"""The merchant portal's one way to the database: which partner merchant the logged-in website user
is a login of, and that merchant's offers and redemptions only.

A merchant's login holds the role RE Partner Merchant and no DocType permission: Frappe's generic
routes refuse it everything of recrm's. /merchant (``recrm/www/merchant``) and
``recrm.api.portal_merchant`` read and write through ``current_merchant()``; nothing in the request
says which merchant it is — the session's user alone decides.
"""

from functools import cached_property

import frappe
from frappe import _

from recrm.club import merchants
from recrm.core.roles import MERCHANT_ROLE
from recrm.portal.access import PortalAccessError

CACHE_KEY = "recrm_portal_merchant"
RECENT = 200


class Merchant:
	def __init__(self, user: str, merchant: str):
		self.user = user
		self.merchant = merchant

	@cached_property
	def merchant_name(self) -> str:
		return frappe.db.get_value(merchants.MERCHANT, self.merchant, "merchant_name") or ""

	def offers(self) -> list:
		return frappe.get_all(
			merchants.OFFER,
			filters={"merchant": self.merchant},
			fields=merchants.OFFER_FIELDS,
			order_by="status asc, valid_to desc, title asc",
		)

	def redemptions(self, limit: int = RECENT) -> list:
		"""The merchant's redeemed codes, newest first."""
		return frappe.get_all(
			merchants.CODE,
			filters={"merchant": self.merchant, "status": "Redeemed"},
			fields=["code", "offer", "redeemed_on", "redeemed_by"],
			order_by="redeemed_on desc",
			limit=limit,
		)

	def redeem(self, typed) -> dict:
		return merchants.redeem(self.merchant, typed, self.user)


def current_merchant() -> Merchant:
	"""The logged-in merchant, once a request; PortalAccessError for anyone else."""
	user = frappe.session.user
	if user == "Guest":
		raise PortalAccessError(_("Log in to redeem the club members' codes."))
	merchant = merchants.merchant_of(user) if MERCHANT_ROLE in frappe.get_roles(user) else None
	if not merchant:
		raise PortalAccessError(
			_("This login is not a login of one of the club's partner merchants. Ask the club to add it.")
		)
	cached = frappe.local.cache.get(CACHE_KEY)
	if cached is None or cached.user != user or cached.merchant != merchant:
		cached = frappe.local.cache[CACHE_KEY] = Merchant(user, merchant)
	return cached
