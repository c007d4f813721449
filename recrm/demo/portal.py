"""The demo buyer's portal: 马俊 (buyer@recrm.demo) and what he finds when he logs in.

He and his wife own a home in 曼乐广场 1号楼, handed over in 2025: the handover appointment with
the keys, two defects from the inspection (one fixed, one still being repaired) and the title deed
at the registry, handled by customer service. He also owns a home in 2号楼, whose handover season
is now: slots are offered over the next two weeks and its title deed documents are being
collected. Every building under construction has its published progress updates with photos,
and there are site-visit days to sign up for.

The buyer's homes reach him through their title deeds (``recrm.inventory.buyers``): until the sales
documents (reservations, contracts) are in the demo, that is what links a buyer to a unit.
Photos and floor plans are drawn here (Pillow), deterministically, and stored as private files.
Every record is looked up by what identifies it before it is made, so a second run makes nothing.
"""

import io
import random
from datetime import datetime, time, timedelta

import frappe
from frappe import _
from frappe.utils import add_days, getdate, now_datetime

from recrm.demo import data
from recrm.handover.deed import stage_rows
from recrm.inventory.buyers import clear_cache
from recrm.sales.customers import clear_customer_cache

BUYER = "buyer"
SPOUSE = {"full_name": "林晓", "phone": "+86 139 5140 8802", "gender": "Female"}
BUYER_PHONE = "+86 139 5140 8801"
FIRST_PROJECT = data.PROJECTS[0]["project_name"]

# progress updates by construction stage: (title, text, percent), oldest first
UPDATES = {
	"Foundation": [
		("桩基施工完成", "工程桩全部完成，检测合格，开始承台及地下室底板施工。", 10),
		("地下室底板浇筑", "地下室底板混凝土浇筑完成，防水层验收合格。", 15),
	],
	"Structure": [
		("地下室结构完成", "地下室结构全部完成，主体结构进入标准层施工。", 35),
		("主体结构施工至18层", "主体结构施工至18层，现场安全文明施工检查合格。", 55),
	],
	"Fit-out": [
		("主体结构封顶", "主体结构顺利封顶，外立面施工同步展开。", 70),
		("外立面及门窗安装", "外立面石材与门窗安装基本完成，室内精装修全面展开。", 80),
		("精装修样板间验收", "精装修样板间通过验收，公共区域装修进行中。", 85),
	],
	"Completed": [
		("精装修完成", "室内精装修全部完成，园林景观施工收尾。", 95),
		("竣工验收备案", "项目通过竣工验收并完成备案，交付准备工作全面启动。", 100),
	],
}
DEFECTS = [
	{
		"category": "Plumbing",
		"location": "主卫",
		"description": "卫生间地漏返味，需更换防臭地漏。",
		"status": "Verified",
		"days_ago": 120,
		"fixed_after": 6,
		"resolution": "已更换防臭地漏，业主复验通过。",
	},
	{
		"category": "Waterproofing and Leaks",
		"location": "主卧",
		"description": "主卧窗框密封胶开裂，雨天窗台渗水。",
		"status": "In Progress",
		"days_ago": 9,
		"due_in": 7,
		"resolution": "",
	},
]
# handover slots of the building being handed over: weekdays, two mornings and two afternoons
SLOT_HOURS = (9, 10, 14, 15)
SLOT_DAYS = 10
SLOT_CAPACITY = 4


def demo_email(prefix: str) -> str:
	return f"{prefix}@{data.EMAIL_DOMAIN}"


class PortalDemo:
	def __init__(self, builder):
		self.builder = builder
		self.today = getdate()
		self.created = {
			"portal_customers": 0,
			"title_deeds": 0,
			"construction_updates": 0,
			"site_visit_days": 0,
			"handover_slots": 0,
			"handover_appointments": 0,
			"handover_defects": 0,
			"floor_plans": 0,
			"contracts": 0,
			"receipts": 0,
			"complaints": 0,
			"surveys": 0,
		}

	def rng(self, *parts) -> random.Random:
		return self.builder.rng("portal", *parts)

	def build(self) -> dict:
		buyer = self.buyer_customer()
		spouse = self.customer(SPOUSE["full_name"], SPOUSE["phone"], gender=SPOUSE["gender"])
		handed_over = self.pick_unit(f"{FIRST_PROJECT}-1", ("Handed Over",))
		in_handover = self.pick_unit(f"{FIRST_PROJECT}-2", ("Contracted", "Subscribed"))
		if handed_over:
			self.title_deed(handed_over, [(buyer, 50), (spouse, 50)], submitted=True)
		if in_handover:
			self.title_deed(in_handover, [(buyer, 100)], submitted=False)
		clear_cache()
		for building in self.builder.buildings:
			self.construction_updates(building)
		self.site_visit_days()
		self.handover_slots(f"{FIRST_PROJECT}-2")
		if handed_over:
			self.past_handover(buyer, handed_over)
		bought = self.contract(buyer, spouse)
		clear_cache()
		self.floor_plans([unit for unit in (handed_over, in_handover, bought) if unit])
		if handed_over:
			self.complaint(buyer, handed_over)
		self.survey(buyer)
		self.builder.say(
			_("Demo portal of {0}: {1} records created.").format(
				demo_email(BUYER), sum(self.created.values())
			)
		)
		return self.created

	# the buyer -------------------------------------------------------------------------------

	def customer(self, full_name: str, phone: str, **fields) -> str:
		from recrm.core.phones import normalise_phone

		found = frappe.db.get_value("RE Customer Number", {"number": normalise_phone(phone)}, "customer")
		if found:
			return found
		doc = frappe.get_doc(
			{
				"doctype": "RE Customer",
				"full_name": full_name,
				"phones": [{"phone": phone, "is_primary": 1}],
				"family_structure": "Couple with Young Children",
				"purpose": "Upgrade",
				**fields,
			}
		).insert(ignore_permissions=True)
		# they came to the sales office first, like every customer of the demo
		frappe.get_doc(
			{
				"doctype": "RE Interaction",
				"customer": doc.name,
				"project": FIRST_PROJECT,
				"advisor": demo_email("advisor"),
				"kind": "Visit",
				"interaction_time": datetime.combine(add_days(self.today, -400), time(10, 30)),
				"outcome": "看过1号楼和2号楼样板间，倾向三房。",
			}
		).insert(ignore_permissions=True)
		self.created["portal_customers"] += 1
		return doc.name

	def buyer_customer(self) -> str:
		user = demo_email(BUYER)
		linked = frappe.db.get_value("RE Customer", {"portal_user": user}, "name")
		if linked:
			return linked
		name = next(u["name"] for u in data.USERS if u["email"] == BUYER)
		customer = self.customer(name, BUYER_PHONE, email=user, gender="Male")
		frappe.db.set_value(
			"RE Customer", customer, {"portal_user": user, "portal_invited_on": now_datetime()}
		)
		clear_customer_cache()
		return customer

	def pick_unit(self, building: str, statuses: tuple[str, ...]) -> str | None:
		"""The buyer's home in ``building``: one he already owns, else the first apartment of the
		given statuses (lowest floor first) that nobody else has a title deed for."""
		user = demo_email(BUYER)
		customer = frappe.db.get_value("RE Customer", {"portal_user": user}, "name")
		deed_units = set(frappe.get_all("RE Title Deed", pluck="unit"))
		mine = frappe.get_all(
			"RE Title Deed Owner",
			filters={"parenttype": "RE Title Deed", "customer": customer},
			pluck="parent",
		)
		for unit in frappe.get_all("RE Title Deed", filters={"name": ("in", mine or [""])}, pluck="unit"):
			if frappe.db.get_value("RE Unit", unit, "building") == building:
				return unit
		candidates = frappe.get_all(
			"RE Unit",
			filters={"building": building, "kind": "Apartment", "status": ("in", statuses)},
			order_by="floor asc, position asc",
			pluck="name",
		)
		return next((unit for unit in candidates if unit not in deed_units), None)

	def title_deed(self, unit: str, owners: list[tuple[str, float]], submitted: bool) -> None:
		if frappe.db.exists("RE Title Deed", {"unit": unit}):
			return
		days_ago = {"Online Contract Filed": 400, "Contract Registered": 380, "Initial Registration": 90}
		if submitted:
			days_ago.update({"Documents Collected": 60, "Submitted to Registry": 21})
		reached = {stage: add_days(self.today, -days) for stage, days in days_ago.items()}
		dates = {
			"stage": list(reached)[-1],
			"stages": stage_rows(reached, demo_email("cs.agent")),
		}
		frappe.get_doc(
			{
				"doctype": "RE Title Deed",
				"unit": unit,
				"handled_by": demo_email("cs.agent"),
				"owners": [{"customer": customer, "share": share} for customer, share in owners],
				"note": "已递交不动产登记中心，预计30个工作日内出证，出证后短信通知领取。"
				if submitted
				else "交房时请携带双方身份证、户口本、购房合同原件及契税完税证明，办理产权登记资料收集。",
				**dates,
			}
		).insert(ignore_permissions=True)
		self.created["title_deeds"] += 1

	# construction progress ---------------------------------------------------------------------

	def construction_updates(self, building: str) -> None:
		stage, name = frappe.db.get_value("RE Building", building, ["construction_stage", "building_name"])
		if not stage or stage in ("Not Started", "Handed Over"):
			return
		order = ("Foundation", "Structure", "Fit-out", "Completed")
		stages = order[: order.index(stage) + 1] if stage in order else ()
		history = [(s, *update) for s in stages for update in UPDATES[s]]
		# the newest few, a fortnight apart, ending last week
		history = history[-4:]
		for index, (update_stage, title, text, percent) in enumerate(history):
			full_title = f"{name}{title}"
			if frappe.db.exists("RE Construction Update", {"building": building, "title": full_title}):
				continue
			as_of = add_days(self.today, -7 - 14 * (len(history) - 1 - index))
			doc = frappe.get_doc(
				{
					"doctype": "RE Construction Update",
					"building": building,
					"title": full_title,
					"stage": update_stage,
					"percent_complete": percent,
					"as_of": as_of,
					"content": f"<p>{text}</p>",
					"update_building": 0,
					"published": 1,
					"published_on": datetime.combine(getdate(as_of), time(17, 30)),
					"published_by": demo_email("engineering"),
				}
			).insert(ignore_permissions=True)
			for shot in range(2):
				content = site_photo(self.rng("photo", building, index, shot), percent)
				file = self.private_file(doc.doctype, doc.name, f"{building}-{index}-{shot}.png", content)
				doc.append("photos", {"photo": file, "caption": f"{name} {title}"})
			doc.save(ignore_permissions=True)
			self.created["construction_updates"] += 1

	def private_file(self, doctype: str, name: str, file_name: str, content: bytes) -> str:
		return (
			frappe.get_doc(
				{
					"doctype": "File",
					"file_name": f"demo-{frappe.scrub(file_name)}",
					"attached_to_doctype": doctype,
					"attached_to_name": name,
					"is_private": 1,
					"content": content,
				}
			)
			.insert(ignore_permissions=True)
			.file_url
		)

	def site_visit_days(self) -> None:
		second = data.PROJECTS[1]["project_name"]
		for project, building, title, days_ahead, capacity, notes in (
			(
				FIRST_PROJECT,
				f"{FIRST_PROJECT}-3",
				"3号楼工地开放日",
				10,
				30,
				"请穿平底鞋，工地提供安全帽；每户最多4人，儿童须由成人陪同。",
			),
			(FIRST_PROJECT, None, "曼乐广场业主开放日", 17, 60, "参观园林景观与会所，现场有工程师答疑。"),
			(second, f"{second}-1", "1号楼工地开放日", 12, 30, "请穿平底鞋，工地提供安全帽。"),
		):
			self.site_visit_day(project, building, title, days_ahead, capacity, notes)

	def site_visit_day(self, project, building, title, days_ahead, capacity, notes) -> None:
		if frappe.db.exists("RE Site Visit Day", {"project": project, "title": title}):
			return
		if building and not frappe.db.exists("RE Building", building):
			return
		frappe.get_doc(
			{
				"doctype": "RE Site Visit Day",
				"title": title,
				"project": project,
				"building": building,
				"visit_date": add_days(self.today, days_ahead),
				"start_time": "09:30:00",
				"end_time": "11:30:00",
				"meeting_point": "售楼处门口",
				"capacity": capacity,
				"notes": notes,
			}
		).insert(ignore_permissions=True)
		self.created["site_visit_days"] += 1

	# handover ----------------------------------------------------------------------------------

	def handover_slots(self, building: str) -> None:
		if not frappe.db.exists("RE Building", building):
			return
		project = frappe.db.get_value("RE Building", building, "project")
		day, made_days = getdate(add_days(self.today, 1)), 0
		while made_days < SLOT_DAYS:
			if day.weekday() < 5:
				for hour in SLOT_HOURS:
					self.slot(project, building, datetime.combine(day, time(hour)))
				made_days += 1
			day += timedelta(days=1)

	def slot(
		self, project: str, building: str, start: datetime, capacity: int = SLOT_CAPACITY, status="Open"
	):
		found = frappe.db.get_value("RE Handover Slot", {"building": building, "slot_start": start}, "name")
		if found:
			return found
		doc = frappe.get_doc(
			{
				"doctype": "RE Handover Slot",
				"project": project,
				"building": building,
				"slot_start": start,
				"slot_end": start + timedelta(hours=1),
				"capacity": capacity,
				"status": status,
				"location": "曼乐广场交付中心（2号楼一层）",
			}
		).insert(ignore_permissions=True)
		self.created["handover_slots"] += 1
		return doc.name

	def past_handover(self, customer: str, unit: str) -> None:
		"""The inspection and keys of the home handed over in 2025, and what the inspection found."""
		building, project = frappe.db.get_value("RE Unit", unit, ["building", "project"])
		start = datetime(2025, 7, 5, 9, 0)
		slot = self.slot(project, building, start, capacity=6, status="Closed")
		appointment = frappe.db.get_value("RE Handover Appointment", {"unit": unit, "slot": slot}, "name")
		if not appointment:
			appointment = (
				frappe.get_doc(
					{
						"doctype": "RE Handover Appointment",
						"customer": customer,
						"unit": unit,
						"slot": slot,
						"status": "Completed",
						"keys_handed_over_on": start.date(),
						"note": "验房完成，发现2处问题，已登记整改。",
					}
				)
				.insert(ignore_permissions=True)
				.name
			)
			self.created["handover_appointments"] += 1
		for index, spec in enumerate(DEFECTS):
			if frappe.db.exists("RE Handover Defect", {"unit": unit, "description": spec["description"]}):
				continue
			reported = add_days(self.today, -spec["days_ago"])
			doc = frappe.get_doc(
				{
					"doctype": "RE Handover Defect",
					"customer": customer,
					"unit": unit,
					"appointment": appointment,
					"category": spec["category"],
					"location": spec["location"],
					"description": spec["description"],
					"status": spec["status"],
					"reported_on": reported,
					"responsible": demo_email("engineering"),
					"due_date": add_days(self.today, spec["due_in"])
					if "due_in" in spec
					else add_days(reported, 14),
					"fixed_on": add_days(reported, spec["fixed_after"]) if "fixed_after" in spec else None,
					"resolution": spec["resolution"],
					"internal_notes": "维修由总包单位负责，费用不由业主承担。",
				}
			).insert(ignore_permissions=True)
			content = defect_photo(self.rng("defect", unit, index))
			file = self.private_file(doc.doctype, doc.name, f"defect-{unit}-{index}.png", content)
			doc.append("photos", {"photo": file, "caption": spec["location"]})
			doc.save(ignore_permissions=True)
			self.created["handover_defects"] += 1

	def floor_plans(self, units: list[str]) -> None:
		types = {frappe.db.get_value("RE Unit", unit, "unit_type") for unit in units} - {None}
		for unit_type in sorted(types):
			if frappe.db.get_value("RE Unit Type", unit_type, "floor_plan"):
				continue
			rooms = frappe.db.get_value("RE Unit Type", unit_type, ["bedrooms", "bathrooms"], as_dict=True)
			content = floor_plan(self.rng("plan", unit_type), rooms.bedrooms or 2, rooms.bathrooms or 1)
			url = self.private_file("RE Unit Type", unit_type, f"plan-{unit_type}.png", content)
			frappe.db.set_value("RE Unit Type", unit_type, "floor_plan", url, update_modified=False)
			self.created["floor_plans"] += 1

	# contract, payments, complaint and survey ---------------------------------------------------

	def contract(self, buyer: str, spouse: str) -> str | None:
		"""A third home, bought off-plan in 3号楼 with a mortgage 40 days ago: the down payment
		paid but for 50,000 (overdue), the bank's loan approved and waiting for disbursal."""
		signed = frappe.get_all(
			"RE Contract Buyer", filters={"parenttype": "RE Contract", "customer": buyer}, pluck="parent"
		)
		found = frappe.db.get_value("RE Contract", {"name": ("in", signed or [""]), "docstatus": 1}, "unit")
		if found:
			return found
		building = f"{FIRST_PROJECT}-3"
		unit = frappe.db.get_value(
			"RE Unit",
			{"building": building, "kind": "Apartment", "status": "Available"},
			["name", "list_price"],
			as_dict=True,
			order_by="floor asc, position asc",
		)
		if not unit or not unit.list_price:
			return None
		plan_name = "业主门户演示·按揭付款"
		plan = frappe.db.get_value("RE Payment Plan", {"plan_name": plan_name}, "name")
		if not plan:
			plan = (
				frappe.get_doc(
					{
						"doctype": "RE Payment Plan",
						"plan_name": plan_name,
						"project": FIRST_PROJECT,
						"payment_method": "Mortgage",
						"min_down_payment_percent": 30,
						"instalments": [{"purpose": "Down Payment", "share_type": "Remainder", "days": 0}],
					}
				)
				.insert(ignore_permissions=True)
				.name
			)
		loan = int(float(unit.list_price) * 0.6 / 10_000) * 10_000
		signed_on = add_days(self.today, -40)
		doc = frappe.get_doc(
			{
				"doctype": "RE Contract",
				"unit": unit.name,
				"buyers": [{"customer": buyer, "share": 50}, {"customer": spouse, "share": 50}],
				"payment_plan": plan,
				"signed_on": signed_on,
				"advisor": demo_email("advisor"),
				"loans": [
					{
						"kind": "Mortgage Loan",
						"lender": "中国建设银行扬州分行",
						"amount": loan,
						"term_months": 360,
						"approval_stage": "Approved",
					}
				],
			}
		).insert(ignore_permissions=True)
		doc.acknowledge_disclosures()
		doc.submit()
		self.created["contracts"] += 1
		down_payment = next(row.amount for row in doc.schedule if row.purpose == "Down Payment")
		first = 100_000
		for received, amount, method in (
			(signed_on, first, "Bank Transfer"),
			(add_days(signed_on, 3), float(down_payment) - first - 50_000, "WeChat Pay"),
		):
			if amount <= 0:
				continue
			receipt = frappe.get_doc(
				{
					"doctype": "RE Receipt",
					"contract": doc.name,
					"amount": amount,
					"payment_method": method,
					"received_on": received,
				}
			).insert(ignore_permissions=True)
			receipt.submit()
			self.created["receipts"] += 1
		return unit.name

	def complaint(self, buyer: str, unit: str) -> None:
		"""A leak under the kitchen sink, to which customer service replied asking for a time."""
		subject = "厨房水槽下水管渗水"
		if frappe.db.exists("RE Complaint", {"customer": buyer, "subject": subject}):
			return
		project = frappe.db.get_value("RE Unit", unit, "project")
		doc = frappe.get_doc(
			{
				"doctype": "RE Complaint",
				"subject": subject,
				"customer": buyer,
				"project": project,
				"unit": unit,
				"channel": "Portal",
				"category": "Plumbing and Drainage"
				if frappe.db.exists("RE Complaint Category", "Plumbing and Drainage")
				else "Other",
				"priority": "Medium",
				"description": "厨房水槽下面的下水管接口一直滴水，橱柜底板已经泡胀。",
				"received_at": now_datetime() - timedelta(days=2),
			}
		).insert(ignore_permissions=True)
		doc.status = "Awaiting Customer"
		doc.flags.status_note = "您好，已安排维修师傅上门检修，请告知本周方便上门的时间。"
		doc.flags.status_at = now_datetime() - timedelta(days=1)
		doc.save(ignore_permissions=True)
		self.created["complaints"] += 1

	def survey(self, buyer: str) -> None:
		"""This year's owners' survey of 曼乐广场, still to answer."""
		period = f"{self.today.year}年度业主满意度调查"
		if frappe.db.exists("RE Satisfaction Survey", {"customer": buyer, "period": period}):
			return
		frappe.get_doc(
			{
				"doctype": "RE Satisfaction Survey",
				"survey_type": "Periodic",
				"customer": buyer,
				"project": FIRST_PROJECT,
				"period": period,
			}
		).insert(ignore_permissions=True)
		self.created["surveys"] += 1


# --- pictures -------------------------------------------------------------------------------------


def png_bytes(image) -> bytes:
	buffer = io.BytesIO()
	image.save(buffer, format="PNG", optimize=True)
	return buffer.getvalue()


def site_photo(rng: random.Random, percent: float) -> bytes:
	"""A building site at ``percent`` complete: sky, the tower's floors, a crane."""
	from PIL import Image, ImageDraw

	width, height = 800, 500
	image = Image.new("RGB", (width, height), (170, 205, 235))
	draw = ImageDraw.Draw(image)
	for y in range(0, 300, 6):
		shade = 170 + y // 6
		draw.rectangle((0, y, width, y + 6), fill=(shade, min(shade + 35, 255), 240))
	draw.rectangle((0, 420, width, height), fill=(150, 130, 100))
	floors = max(2, round(26 * percent / 100))
	left = rng.randint(220, 320)
	for floor in range(floors):
		top = 420 - (floor + 1) * 14
		colour = (200, 200, 195) if percent < 70 else (225, 215, 195)
		draw.rectangle((left, top, left + 220, top + 13), fill=colour, outline=(120, 120, 120))
		for window in range(6):
			x = left + 12 + window * 35
			draw.rectangle((x, top + 3, x + 18, top + 10), fill=(90, 110, 140))
	mast = left + 260
	top = 420 - floors * 14 - 60
	draw.line((mast, 420, mast, top), fill=(230, 180, 30), width=6)
	draw.line((mast - 160, top, mast + 120, top), fill=(230, 180, 30), width=5)
	draw.line((mast + rng.randint(20, 110), top, mast + 60, top + 80), fill=(60, 60, 60), width=2)
	return png_bytes(image)


def defect_photo(rng: random.Random) -> bytes:
	"""A wall and a window frame with a crack."""
	from PIL import Image, ImageDraw

	image = Image.new("RGB", (640, 480), (236, 232, 224))
	draw = ImageDraw.Draw(image)
	draw.rectangle((170, 80, 470, 400), outline=(120, 120, 125), width=14)
	draw.rectangle((184, 94, 456, 386), fill=(200, 220, 235))
	x, y = 180, 400
	points = [(x, y)]
	for _step in range(10):
		x += rng.randint(-12, 12)
		y += rng.randint(5, 9)
		points.append((x, y))
	draw.line(points, fill=(80, 70, 60), width=3)
	return png_bytes(image)


def floor_plan(rng: random.Random, bedrooms: int, bathrooms: int) -> bytes:
	"""A plan of ``bedrooms`` bedrooms along the south side, bathrooms and kitchen to the north."""
	from PIL import Image, ImageDraw

	width, height = 800, 560
	image = Image.new("RGB", (width, height), (255, 255, 255))
	draw = ImageDraw.Draw(image)
	wall = (40, 40, 40)
	draw.rectangle((40, 40, width - 40, height - 40), outline=wall, width=8)
	split = 300
	draw.line((40, split, width - 40, split), fill=wall, width=5)
	room = (width - 80) // (bedrooms + 1)
	for index in range(1, bedrooms + 1):
		x = 40 + room * index
		draw.line((x, split, x, height - 40), fill=wall, width=5)
		draw.arc((x - 60, split - 60, x + 60, split + 60), 0, 90, fill=(150, 150, 150), width=2)
	north = (width - 80) // (bathrooms + 2)
	for index in range(1, bathrooms + 2):
		x = 40 + north * index
		draw.line((x, 40, x, split), fill=wall, width=5)
	draw.rectangle((60, height - 48, 60 + rng.randint(180, 260), height - 32), fill=(180, 210, 240))
	return png_bytes(image)
