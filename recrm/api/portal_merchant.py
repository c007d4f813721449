"""What a partner merchant's login does on /merchant: redeem a member's code.

Starts from ``current_merchant()`` (``recrm.portal.merchant``): the merchant is the session's,
never the request's; a code of another merchant's offer is refused as one that does not exist.
"""

import frappe
from frappe.rate_limiter import rate_limit

from recrm.portal.merchant import current_merchant


@frappe.whitelist(methods=["POST"])
@rate_limit(limit=120, seconds=60 * 60)
def redeem_code(code: str | None = None) -> dict:
	"""Redeem ``code`` (as the member shows it; case, spaces and dashes do not matter)."""
	return current_merchant().redeem(code)
