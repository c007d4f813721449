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

from recrm.portal.pages import buyer_page

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
	context.projects = frappe.get_all("RE Project", fields=["name", "project_name"], order_by="name")
	context.referrals = [
		frappe._dict(
			friend=mask_name(row.friend_name),
			phone=row.phone_masked or "",
			project=row.project or "",
			status=_(row.status),
			status_key=row.status,
			referred=format_date(row.referred_on) if row.referred_on else "",
			points=row.reward_points or 0,
		)
		for row in buyer.get_all(
			"RE Referral",
			fields=["friend_name", "phone_masked", "project", "status", "referred_on", "reward_points"],
			order_by="creation desc",
			limit=HISTORY,
		)
	]
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


def cause_text(cause: str) -> str:
	kind = (cause or "").split(":", 1)[0]
	return {
		"contract": _("Contract signed"),
		"survey": _("Survey answered"),
		"birthday": _("Birthday"),
		"expire": _("Points expired"),
		"adjust": _("Correction"),
		"referral": _("Referral"),
	}.get(kind, "")


def mask_name(name: str) -> str:
	"""A friend's name as the portal shows it: the family name and ``*`` (张**, J*** S***)."""
	name = (name or "").strip()
	if not name:
		return ""
	if " " in name:
		return " ".join(part[:1] + "*" * (len(part) - 1) for part in name.split())
	return name[:1] + "*" * max(1, len(name) - 1)


def qr_svg(text: str) -> str:
	"""The member's card: an SVG QR code of their member number (pyqrcode, shipped with Frappe)."""
	buffer = io.BytesIO()
	pyqrcode.create(text, error="M").svg(buffer, scale=5, xmldecl=False, svgns=True, omithw=True)
	return buffer.getvalue().decode()
