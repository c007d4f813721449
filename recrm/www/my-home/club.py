"""/my-home/club: the owners' club (万客会) for the buyer — join with their consents when not a
member; otherwise their member number and card (a QR code drawn here, on the server), their tier
and its benefits, their points and the history of their points entries.

Read through ``current_buyer()`` only; the buttons call ``recrm.api.portal_club``.
"""

import io

import frappe
import pyqrcode
from frappe import _
from frappe.utils import format_date, format_datetime, now_datetime

from recrm.club.events import EVENT, REGISTRATION, attendee, event_rules
from recrm.club.merchants import offers_for
from recrm.core import RuleError
from recrm.core import club_events as event_rules_core
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
	context.events = events_for(buyer, member.name)
	context.offers = member_offers(buyer, member.name)
	context.entries = [
		frappe._dict(
			posted=format_date(row.posted_on),
			kind=_(row.kind),
			points=row.points,
			# a note kept as an English source (the demo's, a job's) reads in his language
			about=_(row.note) if row.note else cause_text(row.cause),
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


def events_for(buyer, member: str) -> list:
	"""The published events still to come that the member may come to, and those they are on the
	list of (also past ones they attended), each with their place: registered, waiting #n, attended."""
	mine = {
		row.event: row
		for row in buyer.get_all(
			REGISTRATION, fields=["name", "event", "status", "waiting_position"], limit=200
		)
	}
	now = now_datetime()
	rows = frappe.get_all(
		EVENT,
		filters={
			"status": ("in", ("Published", "Completed")),
			"ends_at": (">=", frappe.utils.add_days(now, -90)),
		},
		fields=[
			"name",
			"title",
			"kind",
			"venue",
			"starts_at",
			"ends_at",
			"status",
			"audience",
			"min_tier",
			"project",
			"capacity",
			"registered_count",
			"points",
			"registration_opens",
			"registration_closes",
		],
		order_by="starts_at asc",
		limit=100,
	)
	who = None
	shown = []
	for row in rows:
		place = mine.get(row.name)
		upcoming = row.status == "Published" and row.ends_at >= now
		if not upcoming and not (place and place.status == "Attended"):
			continue
		if not place:
			who = who or attendee(member)
			try:
				event_rules_core.check_audience(event_rules(row), who)
			except RuleError:
				continue
		open_now = True
		try:
			event_rules_core.check_open(event_rules(row), now)
		except RuleError:
			open_now = False
		status = place.status if place else None
		shown.append(
			frappe._dict(
				name=row.name,
				title=row.title,
				kind=_(row.kind),
				venue=row.venue or "",
				starts=format_datetime(row.starts_at, "yyyy-MM-dd HH:mm"),
				points=row.points or 0,
				full=bool(row.capacity) and (row.registered_count or 0) >= row.capacity,
				registration=place.name if place else None,
				status=status,
				position=place.waiting_position if place else None,
				may_register=open_now and status in (None, "Cancelled"),
				may_cancel=open_now and status in ("Registered", "Waiting"),
			)
		)
	return shown


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
		"referral": _("Referral"),
		"event": _("Event attended"),
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
