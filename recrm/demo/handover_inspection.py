"""The demo's handover inspections (验房) and warranty repairs (房修).

- Contractors for the trades, each receiving its defects and repairs (the demo engineer's login),
  and the warranty components' contractors.
- An inspection on each completed demo handover appointment: its defects by room and trade (those
  already recorded at the appointment are linked to it, a few more added), some still open, some
  fixed, re-inspected and confirmed by the buyer; the outcome Accepted with Open Defects (recorded).
- Repairs on handed-over homes: in warranty (free, with their contractor) on the homes handed over
  lately, and out of warranty (chargeable, quoted) on homes handed over years ago — a handover of
  2022 is recorded for a few units of the first building that were handed over before recrm.

Deterministic (``builder.rng``) and re-runnable: every record is looked up before it is made.
"""

from datetime import date, datetime, time, timedelta

import frappe
from frappe import _
from frappe.utils import add_days, getdate

from recrm.demo import data
from recrm.handover.warranty import ensure_defaults

CONTRACTORS = (
	("扬州建工水电安装有限公司", "王师傅", "13805140001", ("Plumbing", "Electrical", "Heating and Cooling")),
	("华东防水工程有限公司", "李经理", "13805140002", ("Waterproofing", "Civil Works")),
	(
		"精工门窗装饰有限公司",
		"陈工",
		"13805140003",
		("Doors and Windows", "Carpentry", "Tiling and Flooring", "Plastering and Painting"),
	),
)
COMPONENT_CONTRACTORS = {
	"Electrical": 0,
	"Plumbing and Drainage": 0,
	"Heating and Cooling": 0,
	"Equipment": 0,
	"Roof Waterproofing": 1,
	"Wet-Room Waterproofing": 1,
	"Exterior Wall Waterproofing": 1,
	"Structure and Foundations": 1,
	"Fit-out": 2,
}
TRADE_CONTRACTOR = {trade: index for index, (*_rest, trades) in enumerate(CONTRACTORS) for trade in trades}
# more defects of an inspection: (room, category, trade, description, state)
EXTRA_DEFECTS = (
	("Living Room", "Floors and Tiles", "Tiling and Flooring", "客厅地砖两处空鼓。", "confirmed"),
	("Kitchen", "Plumbing", "Plumbing", "厨房水槽下水管接口滴水。", "open"),
	("Second Bedroom", "Walls and Ceilings", "Plastering and Painting", "次卧墙面有裂纹。", "fixed"),
)
OLD_HANDOVER = date(2022, 6, 18)
# repairs: (component, room, description)
IN_WARRANTY_REPAIRS = (
	("Electrical", "Kitchen", "厨房插座没电，空开跳闸。"),
	("Wet-Room Waterproofing", "Bathroom", "卫生间楼板渗水到楼下天花板。"),
)
OUT_OF_WARRANTY_REPAIRS = (
	("Plumbing and Drainage", "Bathroom", "卫生间角阀漏水，需要更换。", 180),
	("Fit-out", "Master Bedroom", "主卧衣柜门合页松脱。", 120),
)


def demo_email(prefix: str) -> str:
	return f"{prefix}@{data.EMAIL_DOMAIN}"


class HandoverInspectionDemo:
	def __init__(self, builder):
		self.builder = builder
		self.today = getdate()
		self.created = {"contractors": 0, "inspections": 0, "inspection_defects": 0, "repair_requests": 0}
		self.contractors: list[str] = []

	def rng(self, *parts):
		return self.builder.rng("handover_inspection", *parts)

	def build(self) -> dict:
		ensure_defaults()
		self.make_contractors()
		for appointment in frappe.get_all(
			"RE Handover Appointment",
			# the 2022 handovers recorded below are out of warranty and had no inspection in recrm
			filters={"status": "Completed", "keys_handed_over_on": (">", add_days(OLD_HANDOVER, 1))},
			fields=["name", "unit", "customer", "keys_handed_over_on", "slot_start"],
			order_by="name asc",
		):
			self.inspection(appointment)
			for index, (component, room, description) in enumerate(IN_WARRANTY_REPAIRS):
				self.repair(appointment.unit, appointment.customer, component, room, description, index)
		for unit, customer in self.old_handovers():
			for index, (component, room, description, quote) in enumerate(OUT_OF_WARRANTY_REPAIRS):
				self.repair(unit, customer, component, room, description, index, quote=quote)
		self.builder.say(
			_("Demo handover inspections and repairs: {0} records created.").format(
				sum(self.created.values())
			)
		)
		return self.created

	# contractors ------------------------------------------------------------------------------

	def make_contractors(self) -> None:
		user = demo_email("engineering")
		user = user if frappe.db.exists("User", user) else None
		for name, person, phone, trades in CONTRACTORS:
			if not frappe.db.exists("RE Contractor", name):
				frappe.get_doc(
					{
						"doctype": "RE Contractor",
						"contractor_name": name,
						"contact_person": person,
						"phone": phone,
						"user": user,
						"trades": [{"trade": trade} for trade in trades],
					}
				).insert(ignore_permissions=True)
				self.created["contractors"] += 1
			self.contractors.append(name)
		for component, index in COMPONENT_CONTRACTORS.items():
			if frappe.db.exists("RE Warranty Component", component) and not frappe.db.get_value(
				"RE Warranty Component", component, "contractor"
			):
				frappe.db.set_value("RE Warranty Component", component, "contractor", self.contractors[index])

	# inspections ------------------------------------------------------------------------------

	def inspection(self, appointment) -> None:
		name = frappe.db.get_value("RE Handover Inspection", {"appointment": appointment.name}, "name")
		if name:
			return
		inspected_on = getdate(appointment.slot_start or appointment.keys_handed_over_on)
		doc = frappe.get_doc(
			{
				"doctype": "RE Handover Inspection",
				"unit": appointment.unit,
				"customer": appointment.customer,
				"appointment": appointment.name,
				"inspector": demo_email("cs.agent")
				if frappe.db.exists("User", demo_email("cs.agent"))
				else "Administrator",
				"inspected_on": inspected_on,
				"note": "业主与客服、监理一同验房。",
			}
		).insert(ignore_permissions=True)
		self.created["inspections"] += 1
		# the defects already recorded at this appointment belong to it
		for defect in frappe.get_all(
			"RE Handover Defect",
			filters={"appointment": appointment.name},
			fields=["name", "category", "location"],
		):
			frappe.db.set_value(
				"RE Handover Defect",
				defect.name,
				{
					"inspection": doc.name,
					"room": "Bathroom" if "卫" in (defect.location or "") else "Master Bedroom",
				},
			)
		rng = self.rng("defects", appointment.name)
		for room, category, trade, description, state in EXTRA_DEFECTS:
			reported = inspected_on
			defect = frappe.get_doc(
				{
					"doctype": "RE Handover Defect",
					"inspection": doc.name,
					"unit": appointment.unit,
					"customer": appointment.customer,
					"appointment": appointment.name,
					"room": room,
					"category": category,
					"trade": trade,
					"description": description,
					"reported_on": reported,
					"contractor": self.contractors[TRADE_CONTRACTOR.get(trade, 2)],
				}
			).insert(ignore_permissions=True)
			self.created["inspection_defects"] += 1
			if state in ("fixed", "confirmed"):
				fixed_on = add_days(reported, 3 + rng.randint(0, 4))
				defect.status = "Fixed"
				defect.fixed_on = min(getdate(fixed_on), self.today)
				defect.resolution = "已返修。"
				defect.save(ignore_permissions=True)
			if state == "confirmed":
				defect.status = "Verified"
				defect.reinspected_on = defect.fixed_on
				defect.reinspected_by = doc.inspector
				defect.reinspection_result = "Passed"
				defect.buyer_confirmation = "Confirmed"
				defect.buyer_confirmed_on = datetime.combine(getdate(defect.fixed_on), time(18, 0))
				defect.save(ignore_permissions=True)
		doc.reload()
		open_count = frappe.db.count(
			"RE Handover Defect",
			{"inspection": doc.name, "status": ("in", ("Reported", "In Progress", "Fixed"))},
		)
		doc.outcome = "Accepted with Open Defects" if open_count else "Accepted"
		doc.save(ignore_permissions=True)

	# repairs ------------------------------------------------------------------------------------

	def old_handovers(self) -> list[tuple[str, str]]:
		"""Two homes of the first building handed over in 2022, before recrm: their owners (demo
		customers of the project who own nothing yet, by a title deed as PortalDemo makes them) and
		their handover recorded (a closed slot, a completed appointment), for repairs out of warranty."""
		from recrm.demo.portal import PortalDemo

		project = data.PROJECTS[0]["project_name"]
		building = f"{project}-1"
		units = frappe.get_all(
			"RE Unit",
			filters={"building": building, "status": "Handed Over"},
			pluck="name",
			order_by="name desc",
			limit=2,
		)
		found = []
		deeds = PortalDemo(self.builder)
		for unit in units:
			owner = frappe.db.get_value(
				"RE Title Deed Owner",
				{"parenttype": "RE Title Deed", "parent": ("in", self.deeds_of(unit))},
				"customer",
			)
			if not owner:
				owner = self.free_customer(project)
				if not owner:
					break
				deeds.title_deed(unit, [(owner, 100)], submitted=True)
			if not frappe.db.exists(
				"RE Handover Appointment", {"unit": unit, "keys_handed_over_on": ("is", "set")}
			):
				self.old_appointment(unit, owner)
			found.append((unit, owner))
		return found

	def deeds_of(self, unit: str) -> list[str]:
		return frappe.get_all("RE Title Deed", filters={"unit": unit}, pluck="name") or [""]

	def free_customer(self, project: str) -> str | None:
		"""The first demo customer of the project (by name) who owns, has bought or reserved nothing."""
		taken = set(
			frappe.get_all("RE Title Deed Owner", pluck="customer")
			+ frappe.get_all("RE Contract Buyer", pluck="customer")
			+ frappe.get_all("RE Reservation", pluck="customer")
			+ frappe.get_all("RE Handover Appointment", pluck="customer")
		)
		for name in frappe.get_all(
			"RE Customer",
			filters={"portal_user": ("is", "not set")},
			pluck="name",
			order_by="name asc",
			limit=200,
		):
			if name not in taken:
				return name
		return None

	def old_appointment(self, unit: str, customer: str) -> None:
		building, project = frappe.db.get_value("RE Unit", unit, ["building", "project"])
		start = datetime.combine(OLD_HANDOVER, time(9))
		slot = frappe.db.get_value("RE Handover Slot", {"building": building, "slot_start": start}, "name")
		if not slot:
			slot = (
				frappe.get_doc(
					{
						"doctype": "RE Handover Slot",
						"project": project,
						"building": building,
						"slot_start": start,
						"slot_end": start + timedelta(hours=1),
						"capacity": 10,
						"status": "Closed",
						"location": "交付中心",
					}
				)
				.insert(ignore_permissions=True)
				.name
			)
		doc = frappe.get_doc(
			{
				"doctype": "RE Handover Appointment",
				"customer": customer,
				"unit": unit,
				"slot": slot,
				"status": "Completed",
				"keys_handed_over_on": OLD_HANDOVER,
				"note": "2022年交付（系统上线前），补录交钥匙日期。",
			}
		)
		doc.flags.ignore_validate = True
		doc.insert(ignore_permissions=True)

	def repair(self, unit, customer, component, room, description, index, quote=None) -> None:
		if frappe.db.exists("RE Repair Request", {"unit": unit, "description": description}):
			return
		doc = frappe.get_doc(
			{
				"doctype": "RE Repair Request",
				"unit": unit,
				"customer": customer,
				"component": component,
				"room": room,
				"description": description,
				"channel": "Portal" if index == 0 else "Desk",
			}
		).insert(ignore_permissions=True)
		self.created["repair_requests"] += 1
		if quote and doc.charge == "Chargeable":
			doc.quote_amount = quote
			doc.save(ignore_permissions=True)
		elif index == 1 and doc.charge == "Free":
			doc.status = "In Progress"
			doc.save(ignore_permissions=True)
