"""The demo's building handing over now (交付进行中): 曼乐广场 3号楼, the late one (its delivery
penalties are the money demo's), now completed: its stage and progress updates say so.

- Its handover batch (交付批次), the readiness checklist complete (construction Completed, the
  completion-acceptance filing recorded, utilities, property management and the contractor's keys
  ready), opened through ``open_batch``: its slots run from a week ago to a fortnight ahead, and its
  buyers are told.
- Appointments on those slots for most of its buyers (never the portal's demo buyer, whose home
  there is still being paid for: the browser checks book and cancel his own appointments) (in contract order, one in five left to book
  for themselves): the earlier ones came last week and their homes were inspected with them (the
  inspection demo's defects, some open, some fixed, some confirmed), the later ones are booked ahead.
- The keys (RE Key Handover, submitted) for most of those inspected: what they still owed is
  received (a receipt), the handover documents are signed, the meters read and the pack handed over; submitting
  moves each unit to Handed Over and its buyers to Owner through the real functions. Their homes get
  the in-warranty repairs the inspection demo gives freshly handed-over homes.
- The first of the new owners gets a portal login (owner@recrm.demo), to see each step.

Fewer keys than the first building has handed-over homes, so the title-deed demo keeps its building.
Deterministic (``builder.rng``) and re-runnable: every record is looked up before it is made.
"""

from datetime import datetime, timedelta

import frappe
from frappe import _
from frappe.utils import add_days, flt, get_datetime, getdate, now_datetime
from frappe.utils.password import update_password

from recrm.demo import data
from recrm.demo.handover_inspection import IN_WARRANTY_REPAIRS, HandoverInspectionDemo
from recrm.demo.handover_money import BAND_FACTORS, HandoverMoneyDemo
from recrm.handover import area, booking, penalty
from recrm.handover.batches import notify_buyers
from recrm.handover.readiness import DEFAULT_DOCUMENTS, active_contract
from recrm.sales.customers import clear_customer_cache

PROJECT = data.PROJECTS[0]["project_name"]
BUILDING = f"{PROJECT}-3"
BATCH_TITLE = "3号楼首批交付"
LOCATION = "曼乐广场交付中心（3号楼一层）"
OWNER_LOGIN = "owner"
# the batch's window, from today: a week behind (inspections and keys done), a fortnight ahead
WINDOW = (-6, 13)
# what each of the building's contracts (in unit order) gets, by its index modulo 5
KEYS, INSPECTED, BOOKED_AHEAD, NOT_BOOKED = "keys", "inspected", "booked", "not booked"
PLAN = (KEYS, KEYS, INSPECTED, BOOKED_AHEAD, NOT_BOOKED)
# a buyer's signature on the key handover (a small ink stroke, PNG)
SIGNATURE = "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAABAAAAAQCAIAAACQkWg2AAAAFklEQVR4nGM4YaNBEmIY1TCqYfhqAAAeBCwQMwPSngAAAABJRU5ErkJggg=="


def demo_email(prefix: str) -> str:
	return f"{prefix}@{data.EMAIL_DOMAIN}"


class HandoverKeysDemo:
	def __init__(self, builder):
		self.builder = builder
		self.today = getdate()
		self.created = {
			"handover_batches": 0,
			"batch_appointments": 0,
			"batch_inspections": 0,
			"key_handovers": 0,
			"key_receipts": 0,
			"owner_logins": 0,
			"progress_updates": 0,
			"area_surveys": 0,
			"approvals": 0,
		}
		self.inspections = HandoverInspectionDemo(builder)

	def rng(self, *parts):
		return self.builder.rng("handover_keys", *parts)

	def build(self) -> dict:
		if not frappe.db.exists("RE Building", BUILDING):
			return self.created
		contracts = self.contracts()
		if not contracts:
			return self.created
		self.complete_building()
		self.survey()
		batch = self.batch()
		self.inspections.make_contractors()
		self.inspections.created = dict.fromkeys(self.inspections.created, 0)
		keys_left = self.keys_allowed()
		past = self.slots(batch, past=True)
		ahead = self.slots(batch, past=False)
		owners = []
		for index, contract in enumerate(contracts):
			step = PLAN[index % len(PLAN)]
			if step == NOT_BOOKED:
				continue
			came = step in (KEYS, INSPECTED)
			# two appointments a slot, from the first: the last slots stay free for the portal's buyer
			slot = past[(index // 2) % len(past)] if came and past else None
			if slot is None or getdate(contract.signed_on) > getdate(slot.slot_start):
				# signed too late to have come last week: booked ahead instead
				came, slot = False, ahead[(index // 2) % len(ahead)] if ahead else None
			if slot is None:
				continue
			appointment = self.appointment(contract, slot, came)
			if not came:
				continue
			self.inspections.inspection(appointment)
			if step == KEYS and keys_left > 0:
				keys_left -= 1
				if self.keys(contract, appointment):
					owners.append(contract.customer)
		self.created["batch_inspections"] += self.inspections.created["inspections"]
		if owners:
			self.owner_login(owners[0])
		self.builder.say(
			_("Demo handover of {0}: {1} records created.").format(BUILDING, sum(self.created.values()))
		)
		return self.created

	# the building's buyers --------------------------------------------------------------------

	def contracts(self) -> list[frappe._dict]:
		"""The active contract of each sold unit of the building, with its first buyer: the earliest
		signed first (they come to the handover first)."""
		found = []
		for unit in frappe.get_all(
			"RE Unit",
			filters={"building": BUILDING, "status": ("in", ("Contracted", "Handed Over"))},
			pluck="name",
			order_by="name asc",
		):
			contract = active_contract(unit)
			if not contract:
				continue
			customer = frappe.db.get_value(
				"RE Contract Buyer",
				{"parent": contract.name, "parenttype": "RE Contract"},
				"customer",
				order_by="idx asc",
			)
			if customer and not self.has_portal_buyer(contract.name):
				signed_on = frappe.db.get_value("RE Contract", contract.name, "signed_on")
				found.append(
					frappe._dict(name=contract.name, unit=unit, customer=customer, signed_on=signed_on)
				)
		return sorted(found, key=lambda c: (getdate(c.signed_on), c.unit))

	def has_portal_buyer(self, contract: str) -> bool:
		buyers = frappe.get_all(
			"RE Contract Buyer", filters={"parent": contract, "parenttype": "RE Contract"}, pluck="customer"
		)
		return bool(
			frappe.db.exists("RE Customer", {"name": ("in", buyers or [""]), "portal_user": ("is", "set")})
			and not frappe.db.exists(
				"RE Customer", {"name": ("in", buyers or [""]), "portal_user": demo_email(OWNER_LOGIN)}
			)
		)

	def complete_building(self) -> None:
		"""Construction is completed (竣工): the building's stage, and its progress updates to match."""
		from recrm.demo.portal import PortalDemo

		if frappe.db.get_value("RE Building", BUILDING, "construction_stage") != "Completed":
			frappe.db.set_value(
				"RE Building", BUILDING, {"construction_stage": "Completed", "progress_percent": 100}
			)
		portal = PortalDemo(self.builder)
		portal.construction_updates(BUILDING)
		self.created["progress_updates"] = portal.created["construction_updates"]

	def survey(self) -> None:
		"""The final survey (实测) of the building is in: the area differences are drafted; each is
		settled when its buyer comes for the keys."""
		if frappe.db.exists(area.SURVEY, {"building": BUILDING}):
			return
		units = frappe.get_all(
			"RE Unit",
			filters={"building": BUILDING},
			fields=["unit_number", "gross_area"],
			order_by="name asc",
		)
		lines = "".join(
			f"{u.unit_number},{flt(u.gross_area) * BAND_FACTORS[i % len(BAND_FACTORS)]:.2f}\n"
			for i, u in enumerate(units)
			if flt(u.gross_area)
		)
		url = (
			frappe.get_doc(
				{
					"doctype": "File",
					"file_name": f"survey-{BUILDING}.csv",
					"content": "unit,area\n" + lines,
					"is_private": 1,
				}
			)
			.insert(ignore_permissions=True)
			.file_url
		)
		survey = frappe.get_doc({"doctype": area.SURVEY, "building": BUILDING, "survey_file": url}).insert(
			ignore_permissions=True
		)
		area.import_survey(survey.name)
		self.created["area_surveys"] += 1

	def settle(self, contract: str) -> None:
		"""The contract's area difference and late-delivery penalty, approved (and so booked)."""
		money = HandoverMoneyDemo(self.builder)
		for doctype in (area.SETTLEMENT, penalty.PENALTY):
			for name in frappe.get_all(
				doctype,
				filters={"contract": contract, "workflow_state": booking.DRAFT},
				pluck="name",
			):
				money.approve(doctype, [name])
				self.created["approvals"] += 1

	def keys_allowed(self) -> int:
		"""Fewer keys than the first building's handed-over homes: the deed demo keeps its building."""
		first = frappe.db.count("RE Unit", {"building": f"{PROJECT}-1", "status": "Handed Over"})
		mine = frappe.db.count("RE Key Handover", {"building": BUILDING, "docstatus": 1})
		return max(0, first - 1 - mine)

	# the batch ---------------------------------------------------------------------------------

	def batch(self) -> str:
		name = frappe.db.get_value("RE Handover Batch", {"building": BUILDING, "batch_title": BATCH_TITLE})
		if name:
			return name
		doc = frappe.get_doc(
			{
				"doctype": "RE Handover Batch",
				"building": BUILDING,
				"batch_title": BATCH_TITLE,
				"acceptance_filing_number": "扬建竣备〔2026〕第0217号",
				"acceptance_filing_date": add_days(self.today, WINDOW[0] - 30),
				"utilities_ready": 1,
				"property_management_ready": 1,
				"keys_received": 1,
				"window_from": add_days(self.today, WINDOW[0]),
				"window_to": add_days(self.today, WINDOW[1]),
				"day_starts": "09:00:00",
				"day_ends": "17:00:00",
				"slot_minutes": 60,
				"appointments_per_slot": 4,
				"location": LOCATION,
			}
		).insert(ignore_permissions=True)
		doc.open_batch()
		self.created["handover_batches"] += 1
		# the buyers are told now rather than by the background job
		notify_buyers(doc.name)
		return doc.name

	def slots(self, batch: str, past: bool) -> list[frappe._dict]:
		"""The batch's slots that are over (appointments kept) or start two days from now or later
		(still bookable), earliest first; the morning ones of each day only, 9 and 10 o'clock."""
		now = now_datetime()
		rows = frappe.get_all(
			"RE Handover Slot",
			filters={
				"batch": batch,
				"slot_start": ("<", now - timedelta(hours=2)) if past else (">", now + timedelta(days=2)),
			},
			fields=["name", "slot_start", "slot_end"],
			order_by="slot_start asc",
		)
		return [row for row in rows if get_datetime(row.slot_start).hour in (9, 10)]

	def appointment(self, contract, slot, came: bool) -> frappe._dict:
		fields = ["name", "unit", "customer", "slot_start", "keys_handed_over_on", "status"]
		found = frappe.get_all(
			"RE Handover Appointment",
			filters={"unit": contract.unit, "status": ("in", ("Booked", "Completed"))},
			fields=fields,
			order_by="creation asc",
			limit=1,
		)
		if found:
			return found[0]
		doc = frappe.get_doc(
			{
				"doctype": "RE Handover Appointment",
				"customer": contract.customer,
				"unit": contract.unit,
				"slot": slot.name,
				# one that came last week is recorded as it is now: the visit took place
				"status": "Completed" if came else "Booked",
				"note": "业主按预约到场验房。" if came else "",
			}
		).insert(ignore_permissions=True)
		self.created["batch_appointments"] += 1
		return frappe._dict({field: doc.get(field) for field in fields})

	# the keys ----------------------------------------------------------------------------------

	def keys(self, contract, appointment) -> bool:
		if frappe.db.exists("RE Key Handover", {"unit": contract.unit, "docstatus": 1}):
			return True
		self.settle(contract.name)
		self.pay_up(contract.name)
		rng = self.rng("keys", contract.unit)
		doc = frappe.get_doc(
			{
				"doctype": "RE Key Handover",
				"unit": contract.unit,
				"customer": contract.customer,
				"appointment": appointment.name,
				"handover_date": getdate(appointment.slot_start),
				"key_count": 3,
				"key_list": "入户门钥匙3把、门禁卡2张、信箱钥匙1把",
				"water_meter": round(rng.uniform(0.5, 3.5), 1),
				"electricity_meter": round(rng.uniform(8, 60), 1),
				"gas_meter": round(rng.uniform(0.1, 1.5), 1),
				"documents": [{"document": _(d), "signed": 1} for d in DEFAULT_DOCUMENTS],
				"buyer_signature": SIGNATURE,
				"open_defects_note": "验房遗留问题按整改期限处理，业主同意先收房。",
			}
		).insert(ignore_permissions=True)
		doc.submit()
		self.created["key_handovers"] += 1
		for index, (component, room, description) in enumerate(IN_WARRANTY_REPAIRS):
			self.inspections.repair(contract.unit, contract.customer, component, room, description, index)
		return True

	def pay_up(self, contract: str) -> None:
		"""What the buyer still owes (the price, the area difference) is received before the keys."""
		outstanding = flt(frappe.db.get_value("RE Contract", contract, "outstanding_amount"), 2)
		if outstanding <= 0:
			return
		receipt = frappe.get_doc(
			{
				"doctype": "RE Receipt",
				"contract": contract,
				"amount": outstanding,
				"payment_method": "Bank Transfer",
				"received_on": self.today,
			}
		).insert(ignore_permissions=True)
		receipt.submit()
		self.created["key_receipts"] += 1

	def owner_login(self, customer: str) -> None:
		"""A portal login for the first new owner: he sees his handover step by step."""
		user = demo_email(OWNER_LOGIN)
		if frappe.db.get_value("RE Customer", customer, "portal_user") == user:
			update_password(user, data.PASSWORD)
			return
		if not frappe.db.exists("User", user):
			buyer_role = next(u["role"] for u in data.USERS if u["email"] == "buyer")
			frappe.get_doc(
				{
					"doctype": "User",
					"email": user,
					"first_name": frappe.db.get_value("RE Customer", customer, "full_name") or "业主",
					"user_type": "Website User",
					"send_welcome_email": 0,
					"language": "zh",
					"roles": [{"role": buyer_role}],
				}
			).insert(ignore_permissions=True)
			self.created["owner_logins"] += 1
		update_password(user, data.PASSWORD)
		frappe.db.set_value(
			"RE Customer",
			customer,
			{"portal_user": user, "portal_invited_on": datetime.combine(self.today, datetime.min.time())},
		)
		clear_customer_cache()
