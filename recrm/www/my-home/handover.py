"""/my-home/handover: for each of the buyer's units, the handover appointment (book, move or cancel
it), the defects found at the inspection and how far their repair has got, and the title deed."""

import frappe
from frappe import _
from frappe.utils import get_datetime, getdate, now_datetime, nowdate

from recrm.api.portal_handover import portal_components
from recrm.core import deed as deed_rules
from recrm.core.handover import may_change, places_left
from recrm.core.inspection import FIXED, ROOMS, VERIFIED
from recrm.handover.warranty import handover_date_of
from recrm.portal.files import file_src
from recrm.portal.pages import (
	buyer_page,
	date_text,
	datetime_text,
	person_name,
	time_text,
	unit_title,
)

no_cache = 1
OPEN_DEFECT_STATUSES = ("Reported", "In Progress")


def get_context(context):
	buyer = buyer_page(context, _("Handover and Title Deed"), "/my-home/handover")
	units = buyer.units
	names = buyer.unit_names or [""]
	appointments = appointments_by_unit(buyer, names)
	defects = defects_by_unit(buyer, names)
	deeds = deeds_by_unit(buyer, names)
	inspections = inspections_by_unit(buyer, names)
	repairs = repairs_by_unit(buyer, names)
	context.rooms = [frappe._dict(value=room, label=_(room)) for room in ROOMS]
	context.components = [frappe._dict(value=c, label=_(c)) for c in portal_components()]
	slots = open_slots(buyer)
	batches = batches_by_building(buyer)
	keys = keys_by_unit(buyer, names)
	context.homes = [
		frappe._dict(
			unit=row.unit,
			title=unit_title(row),
			appointment=appointments.get(row.unit),
			slot_days=by_day(
				[
					s
					for s in slots
					if s.project == row.project and (not s.building or s.building == row.building)
				]
			),
			defects=defects.get(row.unit, []),
			defect_rooms=by_room(defects.get(row.unit, [])),
			inspection=inspections.get(row.unit),
			deed=deeds.get(row.unit),
			handed_over=bool(handover_date_of(row.unit)),
			repairs=repairs.get(row.unit, []),
			batch=batches.get(row.building),
			key_handover=keys.get(row.unit),
		)
		for row in units
	]
	return context


def appointments_by_unit(buyer, units: list[str]) -> dict:
	rows = buyer.get_all(
		"RE Handover Appointment",
		filters={"unit": ("in", units), "status": ("in", ("Booked", "Completed"))},
		fields=[
			"name",
			"unit",
			"slot",
			"slot_start",
			"slot_end",
			"status",
			"keys_handed_over_on",
		],
		order_by="slot_start desc",
	)
	locations = dict(
		buyer.get_all(
			"RE Handover Slot",
			filters={"name": ("in", [r.slot for r in rows] or [""])},
			fields=["name", "location"],
			as_list=True,
		)
	)
	now = now_datetime()
	found = {}
	for row in rows:
		if row.unit in found:
			continue
		found[row.unit] = frappe._dict(
			name=row.name,
			status=_(row.status),
			booked=row.status == "Booked",
			when=f"{datetime_text(row.slot_start)}–{time_text(get_datetime(row.slot_end).time()) if row.slot_end else ''}",
			location=locations.get(row.slot) or "",
			keys_on=date_text(row.keys_handed_over_on),
			can_change=row.status == "Booked" and may_change(get_datetime(row.slot_start), now),
		)
	return found


def open_slots(buyer) -> list[dict]:
	"""The open slots offered for the buyer's buildings and projects (their scope)."""
	rows = buyer.get_all(
		"RE Handover Slot",
		filters={"status": "Open", "slot_start": (">", now_datetime())},
		fields=[
			"name",
			"project",
			"building",
			"slot_start",
			"slot_end",
			"location",
			"capacity",
			"booked",
		],
		order_by="slot_start asc",
		limit=200,
	)
	return [
		frappe._dict(
			name=row.name,
			project=row.project,
			building=row.building,
			day=get_datetime(row.slot_start).date(),
			time=f"{time_text(get_datetime(row.slot_start).time())}–{time_text(get_datetime(row.slot_end).time())}",
			location=row.location or "",
			left=places_left(row.capacity, row.booked),
		)
		for row in rows
	]


def by_day(slots: list[dict]) -> list[dict]:
	"""The slots of each day together: on a phone, a day is a row of times."""
	days: dict = {}
	for slot in slots:
		days.setdefault(slot.day, []).append(slot)
	return [
		frappe._dict(date=date_text(day), location=day_slots[0].location, slots=day_slots)
		for day, day_slots in days.items()
	]


def defects_by_unit(buyer, units: list[str]) -> dict:
	rows = buyer.get_all(
		"RE Handover Defect",
		filters={"unit": ("in", units)},
		fields=[
			"name",
			"unit",
			"category",
			"location",
			"description",
			"status",
			"responsible",
			"due_date",
			"fixed_on",
			"reported_on",
			"resolution",
			"room",
			"trade",
			"buyer_confirmation",
			"buyer_note",
		],
		order_by="reported_on asc, name asc",
	)
	photos = buyer.children("RE Handover Defect Photo", [r.name for r in rows], ["photo", "caption"])
	today = getdate(nowdate())
	found = {}
	for row in rows:
		found.setdefault(row.unit, []).append(
			frappe._dict(
				name=row.name,
				category=_(row.category) if row.category else "",
				location=row.location or "",
				description=row.description or "",
				status=_(row.status),
				status_key=row.status.lower().replace(" ", "-"),
				responsible=person_name(row.responsible),
				due_date=date_text(row.due_date),
				overdue=bool(
					row.due_date and row.status in OPEN_DEFECT_STATUSES and getdate(row.due_date) < today
				),
				fixed_on=date_text(row.fixed_on),
				resolution=row.resolution or "",
				room=row.room or "Other",
				room_label=_(row.room or "Other"),
				trade=_(row.trade) if row.trade else "",
				confirmation=_(row.buyer_confirmation) if row.buyer_confirmation else "",
				buyer_note=row.buyer_note or "",
				can_confirm=row.status in (FIXED, VERIFIED) and row.buyer_confirmation != "Confirmed",
				photos=[
					frappe._dict(photo=file_src(photo.photo), caption=photo.caption)
					for photo in photos.get(row.name, [])
				],
			)
		)
	return found


def deeds_by_unit(buyer, units: list[str]) -> dict:
	"""The latest title deed of each unit: its stage, the eight stages with the dates reached, and
	the name (never the e-mail) of who handles it: the person responsible for the next stage, else
	the deed's handler."""
	rows = buyer.get_all(
		"RE Title Deed",
		filters={"unit": ("in", units)},
		fields=[
			"name",
			"unit",
			"stage",
			"handled_by",
			"next_responsible",
			"certificate_number",
			"note",
		],
		order_by="modified desc",
	)
	stages = buyer.children("RE Title Deed Stage", [r.name for r in rows], ["stage", "reached_on"])
	found = {}
	for row in rows:
		if row.unit in found or row.stage not in deed_rules.DEED_STAGES:
			continue
		dated = [
			deed_rules.Stage(s.stage, getdate(s.reached_on) if s.reached_on else None)
			for s in stages.get(row.name, [])
		]
		handled_by = (
			row.next_responsible
			if row.stage != deed_rules.ISSUED and row.next_responsible
			else row.handled_by
		)
		handler = (
			frappe.db.get_value("User", handled_by, ["full_name", "phone", "mobile_no"], as_dict=True) or {}
		)
		found[row.unit] = frappe._dict(
			name=row.name,
			stage=_(row.stage),
			handler=handler.get("full_name") or "",
			handler_phone=handler.get("mobile_no") or handler.get("phone") or "",
			certificate_number=row.certificate_number or "",
			note=row.note or "",
			steps=[
				frappe._dict(
					label=_(stage),
					date=date_text(reached),
					done=done,
					current=stage == row.stage,
				)
				for stage, reached, done in deed_rules.steps(dated, row.stage)
			],
		)
	return found


def batches_by_building(buyer) -> dict:
	"""The latest opened handover batch of each of the buyer's buildings: its window."""
	rows = buyer.get_all(
		"RE Handover Batch",
		fields=[
			"name",
			"building",
			"batch_title",
			"status",
			"window_from",
			"window_to",
			"location",
		],
		order_by="opened_on asc",
	)
	return {
		row.building: frappe._dict(
			title=row.batch_title,
			status=_(row.status),
			open=row.status == "Open",
			window=f"{date_text(row.window_from)} – {date_text(row.window_to)}",
			location=row.location or "",
		)
		for row in rows
	}


def keys_by_unit(buyer, units: list[str]) -> dict:
	"""The submitted key handover of each unit: its date, meter readings and handover pack."""
	rows = buyer.get_all(
		"RE Key Handover",
		filters={"unit": ("in", units)},
		fields=[
			"name",
			"unit",
			"handover_date",
			"key_count",
			"water_meter",
			"electricity_meter",
			"gas_meter",
		],
	)
	pack = buyer.children("RE Key Handover Item", [r.name for r in rows], ["item", "quantity"])
	return {
		row.unit: frappe._dict(
			date=date_text(row.handover_date),
			key_count=row.key_count or 0,
			meters=[
				(_("Water Meter (m³)"), row.water_meter),
				(_("Electricity Meter (kWh)"), row.electricity_meter),
				(_("Gas Meter (m³)"), row.gas_meter),
			],
			pack=[frappe._dict(item=_(p.item), quantity=p.quantity) for p in pack.get(row.name, [])],
		)
		for row in rows
	}


def by_room(defects: list[dict]) -> list[dict]:
	"""The defects of a home by room, rooms in their usual order."""
	rooms: dict = {}
	for defect in defects:
		rooms.setdefault(defect.room, []).append(defect)
	order = {room: index for index, room in enumerate(ROOMS)}
	return [
		frappe._dict(room=room, label=_(room), defects=rooms[room])
		for room in sorted(rooms, key=lambda room: order.get(room, len(order)))
	]


def inspections_by_unit(buyer, units: list[str]) -> dict:
	rows = buyer.get_all(
		"RE Handover Inspection",
		filters={"unit": ("in", units)},
		fields=[
			"name",
			"unit",
			"inspected_on",
			"inspector",
			"outcome",
			"refusal_reason",
			"open_defects",
		],
		order_by="inspected_on desc, creation desc",
	)
	found = {}
	for row in rows:
		if row.unit in found:
			continue
		found[row.unit] = frappe._dict(
			name=row.name,
			date=date_text(row.inspected_on),
			inspector=person_name(row.inspector),
			outcome=_(row.outcome) if row.outcome else _("Outcome not recorded yet"),
			outcome_key=(row.outcome or "pending").lower().replace(" ", "-"),
			refusal_reason=row.refusal_reason or "",
			open_defects=row.open_defects or 0,
		)
	return found


def repairs_by_unit(buyer, units: list[str]) -> dict:
	rows = buyer.get_all(
		"RE Repair Request",
		filters={"unit": ("in", units)},
		fields=[
			"name",
			"unit",
			"room",
			"component",
			"description",
			"status",
			"requested_on",
			"in_warranty",
			"warranty_ends_on",
			"charge",
			"quote_amount",
			"quote_accepted",
			"resolution_due",
			"resolution",
		],
		order_by="requested_on desc, name desc",
	)
	found = {}
	for row in rows:
		found.setdefault(row.unit, []).append(
			frappe._dict(
				name=row.name,
				title=f"{_(row.component)} · {_(row.room)}",
				description=row.description or "",
				status=_(row.status),
				status_key=row.status.lower().replace(" ", "-"),
				requested_on=date_text(row.requested_on),
				warranty=_("In warranty until {0}: free of charge").format(date_text(row.warranty_ends_on))
				if row.in_warranty
				else _("Out of warranty since {0}: chargeable").format(date_text(row.warranty_ends_on)),
				quote=frappe.utils.fmt_money(row.quote_amount, currency="CNY") if row.quote_amount else "",
				can_accept_quote=bool(
					row.charge == "Chargeable" and row.quote_amount and not row.quote_accepted
				),
				quote_accepted=bool(row.quote_accepted),
				resolution_due=datetime_text(row.resolution_due) if row.resolution_due else "",
				resolution=row.resolution or "",
			)
		)
	return found
