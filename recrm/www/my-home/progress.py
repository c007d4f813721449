"""/my-home/progress: construction progress of the buyer's buildings (亲密接触) and site-visit days."""

import frappe
from frappe import _
from frappe.utils import get_datetime, now_datetime, nowdate

from recrm.core.handover import MAX_PARTY, may_change, places_left
from recrm.portal.files import file_src
from recrm.portal.pages import buyer_page, date_text, time_text

no_cache = 1
# the updates shown, newest first
UPDATES_SHOWN = 30


def get_context(context):
	buyer = buyer_page(context, _("Construction Progress"), "/my-home/progress")
	context.buildings = building_cards(buyer)
	context.updates = updates(buyer)
	context.visit_days = visit_days(buyer)
	context.party_sizes = list(range(1, MAX_PARTY + 1))
	return context


def building_cards(buyer) -> list[dict]:
	seen = {}
	for row in buyer.units:
		if row.building in seen:
			continue
		seen[row.building] = frappe._dict(
			building=row.building,
			title=f"{row.project} {row.building_name or row.building}",
			stage=_(row.construction_stage) if row.construction_stage else "",
			progress=int(row.progress_percent or 0),
			handover_date=date_text(row.planned_handover_date),
		)
	return list(seen.values())


def updates(buyer) -> list[dict]:
	"""The published updates of the buyer's buildings (their scope in recrm.portal.scopes)."""
	rows = buyer.get_all(
		"RE Construction Update",
		fields=["name", "building", "title", "stage", "percent_complete", "as_of", "content"],
		order_by="as_of desc, published_on desc",
		limit=UPDATES_SHOWN,
	)
	photos = buyer.children("RE Construction Update Photo", [r.name for r in rows], ["photo", "caption"])
	names = {row.building: row.building_name for row in buyer.units}
	return [
		frappe._dict(
			name=row.name,
			building=names.get(row.building) or row.building,
			title=row.title,
			stage=_(row.stage) if row.stage else "",
			progress=int(row.percent_complete or 0),
			as_of=date_text(row.as_of),
			# Text Editor content, sanitised by Frappe when staff saved it
			content=row.content or "",
			photos=[
				frappe._dict(photo=file_src(photo.photo), caption=photo.caption)
				for photo in photos.get(row.name, [])
			],
		)
		for row in rows
	]


def visit_days(buyer) -> list[dict]:
	"""The coming site-visit days of the buyer's buildings and projects (their scope)."""
	days = buyer.get_all(
		"RE Site Visit Day",
		filters={"visit_date": (">=", nowdate())},
		fields=[
			"name",
			"title",
			"project",
			"building",
			"status",
			"visit_date",
			"start_time",
			"end_time",
			"meeting_point",
			"capacity",
			"signed_up_persons",
			"notes",
		],
		order_by="visit_date asc, start_time asc",
	)
	mine = {
		row.site_visit_day: row
		for row in buyer.get_all(
			"RE Site Visit Sign-up",
			filters={"site_visit_day": ("in", [d.name for d in days] or [""])},
			fields=["site_visit_day", "persons"],
		)
	}
	now = now_datetime()
	cards = []
	for day in days:
		starts = get_datetime(f"{day.visit_date} {day.start_time}")
		signed_up = mine.get(day.name)
		left = places_left(day.capacity, day.signed_up_persons)
		cards.append(
			frappe._dict(
				name=day.name,
				title=day.title,
				date=date_text(day.visit_date),
				times=f"{time_text(day.start_time)}–{time_text(day.end_time)}",
				meeting_point=day.meeting_point or "",
				notes=day.notes or "",
				places_left=left,
				signed_up_persons=signed_up.persons if signed_up else 0,
				can_sign_up=not signed_up and day.status == "Open" and left > 0 and starts > now,
				can_cancel=bool(signed_up) and may_change(starts, now),
				full=not signed_up and left == 0,
				closed=day.status != "Open",
			)
		)
	return cards
