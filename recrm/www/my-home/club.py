"""/my-home/club: the owners' club (万客会) for the buyer — join with their consents when not a
member; otherwise their member number and card (a QR code drawn here, on the server), their tier
and its benefits, their points and the history of their points entries.

Read through ``current_buyer()`` only; the buttons call ``recrm.api.portal_club``.
"""

import io

import frappe
import pyqrcode
from frappe import _
from frappe.utils import format_date

from recrm.club.merchants import offers_for
from recrm.core.redemption import display
from recrm.portal.pages import buyer_page, date_text

no_cache = 1
HISTORY = 100


def get_context(context):
	buyer = buyer_page(context, _("Owners' Club"), "/my-home/club")
	rows = buyer.get_all(
		"RE Club Member",
		fields=[
			"name",
			"member_number",
			"status",
			"joined_on",
			"tier",
			"points_balance",
			"consent_marketing",
		],
		limit=1,
	)
	member = rows[0] if rows and rows[0].status == "Active" else None
	context.member = member
	context.left = bool(rows) and not member
	if not member:
		return context
	member.joined = format_date(member.joined_on) if member.joined_on else ""
	context.card_svg = qr_svg(member.member_number)
	context.tier_benefits = []
	if member.tier:
		benefits = frappe.db.get_value("RE Club Tier", member.tier, "benefits") or ""
		context.tier_benefits = [line.strip() for line in benefits.splitlines() if line.strip()]
	context.offers = member_offers(buyer, member.name)
	context.entries = [
		frappe._dict(
			posted=format_date(row.posted_on),
			kind=_(row.kind),
			points=row.points,
			about=row.note or cause_text(row.cause),
			expires=format_date(row.expires_on) if row.expires_on else "",
		)
		for row in buyer.get_all(
			"RE Points Entry",
			fields=["posted_on", "kind", "points", "cause", "note", "expires_on"],
			order_by="posted_on desc, creation desc",
			limit=HISTORY,
		)
	]
	return context


def member_offers(buyer, member: str) -> list:
	"""The merchants' offers of the member's tier today, each with the member's code when issued."""
	codes = {
		row.offer: row
		for row in buyer.get_all("RE Redemption Code", fields=["offer", "code", "status", "redeemed_on"])
	}
	found = []
	for offer in offers_for(member):
		code = codes.get(offer.name)
		found.append(
			frappe._dict(
				name=offer.name,
				title=offer.title,
				merchant=offer.merchant_name,
				description=offer.description or "",
				valid_to=date_text(offer.valid_to),
				code=display(code.code) if code else "",
				code_svg=qr_svg(code.code) if code and code.status == "Issued" else "",
				redeemed=date_text(code.redeemed_on) if code and code.status == "Redeemed" else "",
			)
		)
	return found


def cause_text(cause: str) -> str:
	kind = (cause or "").split(":", 1)[0]
	return {
		"contract": _("Contract signed"),
		"survey": _("Survey answered"),
		"birthday": _("Birthday"),
		"expire": _("Points expired"),
		"adjust": _("Correction"),
	}.get(kind, "")


def qr_svg(text: str) -> str:
	"""The member's card: an SVG QR code of their member number (pyqrcode, shipped with Frappe)."""
	buffer = io.BytesIO()
	pyqrcode.create(text, error="M").svg(buffer, scale=5, xmldecl=False, svgns=True, omithw=True)
	return buffer.getvalue().decode()
