"""The demo's service desk: a year of complaints, compensation claims at every step, surveys.

About 400 complaints at scale 1 (20 at the tests' 0.05) from the demo's customers across both
projects: leaks, cracks, doors and windows, heating, broken sales promises, property management,
in the mix the documents describe, each with its whole status history (answered, in progress,
sometimes waiting for the customer, resolved, closed, now and then reopened). Most are answered
within 24 hours and resolved within the month; some are not, and the recent ones are still open,
a few past their deadline. Complaints are saved through their controller with the history given
(``flags.keep_history``), so the SLA clocks are the ones the app computes.

Compensation claims go through the real workflow, acted on by the demo user of each step, and are
left at every step (draft, each of the seven approvals, approved, rejected); their trails are then
backdated so that the step-time report shows where the time goes (finance and the VPs).
Closed complaints have a survey, most of them answered, with satisfaction rising through the year;
each project has a periodic survey per quarter.

Every draw comes from a generator seeded per record; a complaint is identified by its customer and
the moment it was received, a claim by its complaint, a survey by its complaint or its customer and
period, so a second run makes nothing.
"""

import random
from datetime import date, datetime, timedelta

import frappe
from frappe.model.workflow import apply_workflow
from frappe.utils import get_datetime, getdate, now_datetime

from recrm.core.compensation import FULL_CHAIN, approval_chain, step_due
from recrm.core.complaints import AWAITING_CUSTOMER, CLOSED, IN_PROGRESS, OPEN, REOPENED, RESOLVED, RESPONDED
from recrm.core.roles import (
	COST_AUDIT,
	CS_MANAGER,
	ENGINEERING,
	FINANCE,
	GENERAL_MANAGER,
	VP_CUSTOMER_SERVICE,
	VP_FINANCE,
)
from recrm.demo import data
from recrm.service import settings as service_settings
from recrm.service.compensation import APPROVE, DRAFT, REJECT, SEND

COMPLAINTS = 400  # at scale 1
CLAIMS = 40
PERIODIC_PER_QUARTER = 30
CHANNELS = {"Phone": 40, "WeChat": 20, "Visit": 15, "Portal": 10, "Forum": 6, "E-mail": 5, "Fax": 4}
PRIORITIES = {"Low": 15, "Medium": 55, "High": 22, "Urgent": 8}
# category: (weight, [(subject, description)], responsible department)
CATEGORIES = {
	"Leaks": (
		18,
		[
			("卫生间渗水", "楼上卫生间渗水，客厅天花板出现水渍，墙面起皮。"),
			("外墙渗水", "下雨后卧室外墙内侧渗水，墙角发霉。"),
			("阳台漏水", "阳台地漏返水，积水流进客厅木地板。"),
		],
		"Engineering",
	),
	"Cracks": (
		12,
		[
			("墙体裂缝", "客厅与卧室之间的隔墙出现斜向裂缝，长约一米。"),
			("楼板裂缝", "主卧顶板出现多条细小裂缝，担心结构安全。"),
		],
		"Engineering",
	),
	"Doors and Windows": (
		10,
		[
			("窗户关不严", "南向卧室推拉窗关不严，冬天漏风。"),
			("入户门变形", "入户防盗门变形，锁舌对不上，需要用力才能锁上。"),
		],
		"Engineering",
	),
	"Heating": (
		8,
		[
			("暖气不热", "地暖开启后卧室温度只有十四度，其他房间正常。"),
			("暖气管漏水", "厨房暖气分水器接口滴水。"),
		],
		"Engineering",
	),
	"Plumbing and Drainage": (
		8,
		[("下水堵塞", "厨房下水管反复堵塞，疏通后几天又堵。"), ("水压不足", "高层早晚用水高峰水压很低。")],
		"Engineering",
	),
	"Walls and Floors": (
		7,
		[("地砖空鼓", "客厅多块地砖空鼓，踩上去有响声。"), ("墙面开裂起皮", "次卧墙面乳胶漆开裂起皮。")],
		"Engineering",
	),
	"Electrical": (5, [("插座没电", "厨房两个插座没有电，配电箱开关正常。")], "Engineering"),
	"Noise and Insulation": (4, [("隔音差", "楼上走路声音很清楚，晚上影响休息。")], "Engineering"),
	"Handover Date": (
		6,
		[("延期交房", "合同约定的交房日期已过，至今没有收到交房通知。")],
		"Customer Service",
	),
	"Amenities and Landscaping": (
		5,
		[("园林与宣传不符", "销售时承诺的中心水景没有建，改成了停车位。")],
		"Customer Service",
	),
	"Area and Layout": (3, [("面积误差", "实测面积比合同面积少了三平方米。")], "Customer Service"),
	"School Places": (
		2,
		[("学位承诺未兑现", "销售承诺的对口小学学位，入学时被告知不在学区内。")],
		"Customer Service",
	),
	"Title Deed": (
		3,
		[("房产证迟迟未办", "交房一年多了，房产证还没有办下来，不知道进度。")],
		"Customer Service",
	),
	"Cleaning and Security": (3, [("楼道卫生差", "单元楼道垃圾好几天没人清理。")], "Property Management"),
	"Parking": (2, [("车位被占", "自己的产权车位经常被外来车辆占用。")], "Property Management"),
	"Property Fees": (2, [("物业费计费有误", "物业费按建筑面积多收了一个季度。")], "Property Management"),
	"Property Repairs": (
		3,
		[("电梯经常故障", "2号电梯一周内停了三次，物业维修很慢。")],
		"Property Management",
	),
	"Other": (2, [("其他意见", "希望小区增加快递柜和儿童游乐设施。")], "Customer Service"),
}
RESOLUTIONS = {
	"Engineering": ["维修班组上门处理，已修复并经业主验收。", "更换损坏部件，重新施工，业主确认满意。"],
	"Customer Service": [
		"与业主沟通说明情况，按合同约定给予补偿。",
		"协调相关部门，书面答复业主并落实整改。",
	],
	"Property Management": ["物业公司已整改，并加强日常巡查。", "物业经理上门致歉，问题已处理。"],
}
CAUSES = {
	"Engineering": ["施工工艺不到位。", "材料质量问题。", "验收时未发现的隐蔽工程缺陷。"],
	"Customer Service": ["销售人员承诺与合同不一致。", "政策变化，未及时告知业主。"],
	"Property Management": ["物业人员配置不足。", "日常巡查不到位。"],
}
# the demo user who acts on each step of the chain
STEP_USERS = {
	CS_MANAGER: "cs.manager",
	ENGINEERING: "engineering",
	COST_AUDIT: "cost.audit",
	FINANCE: "finance",
	VP_CUSTOMER_SERVICE: "vp.cs",
	VP_FINANCE: "vp.finance",
	GENERAL_MANAGER: "gm",
}
# hours a step takes: the low and high end of a typical spell (finance and the VPs are the bottleneck)
STEP_HOURS = {
	CS_MANAGER: (4, 30),
	ENGINEERING: (8, 60),
	COST_AUDIT: (16, 120),
	FINANCE: (30, 260),
	VP_CUSTOMER_SERVICE: (20, 160),
	VP_FINANCE: (40, 340),
	GENERAL_MANAGER: (24, 240),
}
STAGES = (DRAFT, *FULL_CHAIN, "Approved", "Rejected")
CLAIM_KINDS = {"Money": 50, "Repair": 25, "Rent-free Months": 5, "Property Fee Waiver": 15, "Gift": 5}


def email(prefix: str) -> str:
	return f"{prefix}@{data.EMAIL_DOMAIN}"


def weighted(rng: random.Random, weights: dict):
	return rng.choices(list(weights), weights=list(weights.values()))[0]


class ServiceDemo:
	def __init__(self, builder):
		self.builder = builder
		self.scale = builder.scale
		self.now = now_datetime().replace(microsecond=0)
		self.created = {"complaints": 0, "claims": 0, "surveys": 0}
		self.caller = frappe.session.user

	def rng(self, *parts) -> random.Random:
		return self.builder.rng("service", *parts)

	def build(self) -> dict:
		try:
			plans = self.make_complaints()
			self.make_claims(plans)
			self.make_complaint_surveys(plans)
			self.make_periodic_surveys()
		finally:
			if frappe.session.user != self.caller:
				frappe.set_user(self.caller)
		self.builder.say(
			frappe._("Demo service desk: {0} complaints, {1} claims and {2} surveys created.").format(
				self.created["complaints"], self.created["claims"], self.created["surveys"]
			)
		)
		return self.created

	# ---- complaints --------------------------------------------------------------------------

	def customers(self) -> dict[int, list[str]]:
		"""The demo's customers by the project they came to, in a fixed order."""
		rows = frappe.get_all(
			"RE Customer Advisor",
			filters={"parenttype": "RE Customer"},
			fields=["parent", "project"],
			order_by="parent asc, idx asc",
		)
		by_project: dict[int, list[str]] = {i: [] for i in range(len(data.PROJECTS))}
		index = {spec["project_name"]: i for i, spec in enumerate(data.PROJECTS)}
		for row in rows:
			if row.project in index and row.parent not in by_project[index[row.project]]:
				by_project[index[row.project]].append(row.parent)
		return by_project

	def units(self, project: str) -> list[str]:
		return frappe.get_all(
			"RE Unit",
			filters={
				"project": project,
				"kind": "Apartment",
				"status": ("in", ("Handed Over", "Contracted")),
			},
			pluck="name",
			order_by="name asc",
		)

	def make_complaints(self) -> list[dict]:
		count = max(round(COMPLAINTS * self.scale), 12)
		customers = self.customers()
		units = {i: self.units(spec["project_name"]) for i, spec in enumerate(data.PROJECTS)}
		plans = [self.plan_complaint(i, customers, units) for i in range(count)]
		plans = [p for p in plans if p]
		existing = {
			(row.customer, get_datetime(row.received_at))
			for row in frappe.get_all(
				"RE Complaint",
				filters={"customer": ("in", [p["doc"]["customer"] for p in plans])},
				fields=["customer", "received_at"],
			)
		}
		for plan in plans:
			key = (plan["doc"]["customer"], plan["doc"]["received_at"])
			if key in existing:
				plan["name"] = frappe.db.get_value(
					"RE Complaint", {"customer": key[0], "received_at": key[1]}, "name"
				)
				continue
			doc = frappe.get_doc(plan["doc"])
			doc.flags.keep_history = True
			doc.insert(ignore_permissions=True)
			frappe.db.set_value(
				"RE Complaint",
				doc.name,
				{"owner": plan["doc"]["agent"], "creation": plan["doc"]["received_at"]},
				update_modified=False,
			)
			plan["name"] = doc.name
			self.created["complaints"] += 1
		return plans

	def plan_complaint(self, i: int, customers: dict, units: dict) -> dict | None:
		rng = self.rng("complaint", i)
		project_index = 0 if rng.random() < 0.65 else 1
		if not customers[project_index]:
			project_index = 1 - project_index
		if not customers[project_index]:
			return None
		spec = data.PROJECTS[project_index]
		customer = rng.choice(customers[project_index])
		category = weighted(rng, {name: value[0] for name, value in CATEGORIES.items()})
		_weight, texts, department = CATEGORIES[category]
		subject, description = rng.choice(texts)
		received = self.now - timedelta(days=rng.randrange(0, 365), hours=rng.randrange(0, 24))
		received = received.replace(hour=rng.randrange(8, 20), minute=rng.randrange(60), second=0)
		received = min(received, self.now - timedelta(minutes=20))
		gm = email(spec["gm"])
		responsible = email("engineering") if department == "Engineering" and rng.random() < 0.4 else gm
		unit = None
		if department == "Engineering" and units[project_index] and rng.random() < 0.85:
			unit = rng.choice(units[project_index])
		history = self.plan_history(rng, received, responsible)
		resolved = any(row["to_status"] == RESOLVED for row in history)
		doc = {
			"doctype": "RE Complaint",
			"subject": subject,
			"customer": customer,
			"project": spec["project_name"],
			"unit": unit,
			"channel": weighted(rng, CHANNELS),
			"received_at": received,
			"agent": email("cs.agent"),
			"category": category,
			"priority": weighted(rng, PRIORITIES),
			"description": description,
			"responsible_department": "Project" if responsible == gm else department,
			"responsible_person": responsible,
			"cause": rng.choice(CAUSES[department]) if resolved else None,
			"resolution": rng.choice(RESOLUTIONS[department]) if resolved else None,
			"status_log": history,
		}
		return {"index": i, "doc": doc, "department": department}

	def plan_history(self, rng: random.Random, received: datetime, responsible: str) -> list[dict]:
		"""The moves of one complaint, each at a plausible time; those not yet happened are left out."""
		agent = email("cs.agent")
		moves = [(OPEN, received, agent)]
		at = received
		late = rng.random()
		at += timedelta(
			hours=rng.uniform(0.2, 8)
			if late < 0.8
			else rng.uniform(8, 24)
			if late < 0.92
			else rng.uniform(24, 72)
		)
		if rng.random() < 0.6:
			moves.append((RESPONDED, at, agent))
			at += timedelta(hours=rng.uniform(1, 30))
		moves.append((IN_PROGRESS, at, responsible))
		if rng.random() < 0.2:
			at += timedelta(days=rng.uniform(0.5, 5))
			moves.append((AWAITING_CUSTOMER, at, responsible))
			at += timedelta(days=rng.uniform(1, 7))
			moves.append((IN_PROGRESS, at, agent))
		pace = rng.random()  # most are fixed within days, some take weeks, a few drag on
		at += timedelta(
			days=rng.uniform(0.3, 5)
			if pace < 0.65
			else rng.uniform(5, 14)
			if pace < 0.88
			else rng.uniform(18, 50)
		)
		moves.append((RESOLVED, at, responsible))
		if rng.random() < 0.88:
			at += timedelta(days=rng.uniform(0.5, 6))
			moves.append((CLOSED, at, agent))
			if rng.random() < 0.05:
				at += timedelta(days=rng.uniform(2, 20))
				moves.append((REOPENED, at, agent))
				at += timedelta(hours=rng.uniform(2, 30))
				moves.append((IN_PROGRESS, at, responsible))
				at += timedelta(days=rng.uniform(1, 10))
				moves.append((RESOLVED, at, responsible))
				at += timedelta(days=rng.uniform(1, 4))
				moves.append((CLOSED, at, agent))
		rows, previous = [], ""
		for status, when, user in moves:
			when = when.replace(microsecond=0)
			if when > self.now:
				break
			rows.append(
				{"from_status": previous, "to_status": status, "changed_at": when, "changed_by": user}
			)
			previous = status
		return rows

	# ---- compensation claims -----------------------------------------------------------------

	def make_claims(self, plans: list[dict]) -> None:
		candidates = [
			p
			for p in plans
			if p.get("name")
			and p["department"] in ("Engineering", "Customer Service")
			and any(row["to_status"] == IN_PROGRESS for row in p["doc"]["status_log"])
			and p["doc"]["received_at"] < self.now - timedelta(days=20)
		]
		count = min(max(round(CLAIMS * self.scale), len(STAGES)), len(candidates))
		chosen = self.rng("claims").sample(candidates, count)
		chosen.sort(key=lambda p: p["index"])
		thresholds = service_settings.claim_thresholds()
		calendar = service_settings.working_calendar()
		days = service_settings.step_deadline_days()
		for number, plan in enumerate(chosen):
			if frappe.db.exists("RE Compensation Claim", {"complaint": plan["name"]}):
				continue
			rng = self.rng("claim", plan["index"])
			stage = (
				STAGES[number]
				if number < len(STAGES)
				else weighted(
					rng, {"Approved": 50, "Rejected": 8, **{step: 6 for step in FULL_CHAIN}, DRAFT: 4}
				)
			)
			amount = self.claim_amount(rng, stage)
			chain = list(approval_chain(amount, thresholds))
			if stage in FULL_CHAIN and stage not in chain:
				stage = chain[-1]  # thresholds set differently: wait at the chain's last step
			self.drive_claim(plan, rng, stage, amount, chain)
			self.backdate_claim(plan, rng, calendar, days)
			self.created["claims"] += 1

	def claim_amount(self, rng: random.Random, stage: str) -> int:
		"""An amount whose chain reaches the step the claim is to wait at."""
		bands = [(800, 5000), (5001, 50000), (50001, 200000), (200001, 380000)]
		if stage in FULL_CHAIN:
			needed = FULL_CHAIN.index(stage)
			first = {4: 1, 5: 2, 6: 3}.get(needed, 0)
			low, high = bands[rng.randrange(first, len(bands))] if first else bands[rng.choice([0, 0, 1, 2])]
		else:
			low, high = bands[rng.choices(range(4), weights=(60, 25, 10, 5))[0]]
		return round(rng.randrange(low, high) / 100) * 100 or 800

	def drive_claim(self, plan: dict, rng: random.Random, stage: str, amount: int, chain: list[str]) -> None:
		frappe.set_user(email("cs.agent"))
		kind = weighted(rng, CLAIM_KINDS)
		doc = frappe.get_doc(
			{
				"doctype": "RE Compensation Claim",
				"complaint": plan["name"],
				"kind": kind,
				"amount": amount,
				"months": rng.randrange(1, 7) if kind == "Rent-free Months" else 0,
				"description": {
					"Money": "一次性现金补偿业主损失。",
					"Repair": "免费维修并承担相关费用。",
					"Rent-free Months": "补偿业主若干个月的租金损失。",
					"Property Fee Waiver": "减免业主一年物业费。",
					"Gift": "赠送家电一件表示歉意。",
				}[kind],
			}
		).insert()
		plan["claim"] = doc.name
		if stage == DRAFT:
			return
		apply_workflow(frappe.get_doc("RE Compensation Claim", doc.name), SEND)
		if stage in FULL_CHAIN:
			acting = chain[: chain.index(stage)]
			final = None
		elif stage == "Rejected":
			acting = chain[: rng.randrange(0, len(chain))]
			final = chain[len(acting)]
		else:
			acting, final = chain, None
		for step in acting:
			frappe.set_user(email(STEP_USERS[step]))
			apply_workflow(frappe.get_doc("RE Compensation Claim", doc.name), APPROVE)
		if final:
			frappe.set_user(email(STEP_USERS[final]))
			apply_workflow(frappe.get_doc("RE Compensation Claim", doc.name), REJECT)
		frappe.set_user(self.caller)

	def backdate_claim(self, plan: dict, rng: random.Random, calendar, days: int) -> None:
		"""Give the trail the times of a real year: each step took hours to weeks."""
		name = plan["claim"]
		rows = frappe.get_all(
			"RE Compensation Step",
			filters={"parent": name, "parenttype": "RE Compensation Claim"},
			fields=["name", "step", "left_at"],
			order_by="idx asc",
		)
		spans = [rng.uniform(*STEP_HOURS[row.step]) * (1 + rng.random() ** 4 * 3) for row in rows]
		waiting = rows and rows[-1].left_at is None
		work_began = next(
			(r for r in plan["doc"]["status_log"] if r["to_status"] == IN_PROGRESS),
			plan["doc"]["status_log"][0],
		)
		if waiting:
			# a claim still in approval waits at its step since hours or days, not since last year
			spans[-1] = rng.uniform(4, 120)
			start = self.now - timedelta(hours=sum(spans))
		else:
			start = get_datetime(work_began["changed_at"]) + timedelta(days=rng.uniform(1, 8))
			start = min(start, self.now - timedelta(hours=sum(spans) + 1))
		start = start.replace(microsecond=0)
		created = (
			start - timedelta(hours=rng.uniform(2, 48))
			if rows
			else self.now - timedelta(hours=rng.uniform(2, 72))
		)
		at = start
		for index, (row, spent) in enumerate(zip(rows, spans, strict=True)):
			last_waiting = waiting and index == len(rows) - 1
			left = None if last_waiting else (at + timedelta(hours=spent)).replace(microsecond=0)
			values = {"entered_at": at, "left_at": left, "due_at": step_due(at, calendar, days)}
			frappe.db.set_value("RE Compensation Step", row.name, values, update_modified=False)
			if last_waiting:
				frappe.db.set_value(
					"RE Compensation Claim",
					name,
					{"step_entered_at": at, "step_due": values["due_at"]},
					update_modified=False,
				)
			at = left or at
		frappe.db.set_value(
			"RE Compensation Claim",
			name,
			{"creation": created, "modified": at if rows else created, "agreed_on": created.date()},
			update_modified=False,
		)

	# ---- surveys -----------------------------------------------------------------------------

	def satisfied_chance(self, moment: datetime) -> float:
		"""From about 70 % a year ago to about 85 % now: the documents' target."""
		age = min(max((self.now - moment).days, 0), 365)
		return 0.85 - 0.15 * age / 365

	def scores(self, rng: random.Random, moment: datetime) -> dict:
		satisfied = rng.random() < self.satisfied_chance(moment)
		overall = rng.choice([4, 4, 4, 5, 5]) if satisfied else rng.choice([1, 2, 2, 3, 3, 3])
		answers = {"overall_score": overall}
		for factor in ("product", "process", "technical", "interaction", "emotional"):
			if rng.random() < 0.1:
				continue
			answers[f"{factor}_score"] = min(5, max(1, overall + rng.choice([-1, 0, 0, 0, 1])))
		return answers

	def insert_survey(self, values: dict, rng: random.Random, answer_chance: float) -> None:
		doc = frappe.get_doc({"doctype": "RE Satisfaction Survey", **values})
		sent_on = get_datetime(values["sent_on"])
		answered_on = sent_on + timedelta(hours=rng.uniform(2, 120))
		if rng.random() < answer_chance and answered_on < self.now:
			doc.update(self.scores(rng, answered_on))
			doc.update(
				{
					"answered_on": answered_on.replace(microsecond=0),
					"answered_by": "Guest",
					"answered_via": rng.choice(["Link", "Link", "Phone", "Portal"]),
					"comments": rng.choice(
						["", "", "处理及时，态度很好。", "希望以后少出问题。", "维修质量一般。"]
					),
				}
			)
			doc.flags.answering = True
		doc.insert(ignore_permissions=True)
		frappe.db.set_value("RE Satisfaction Survey", doc.name, "creation", sent_on, update_modified=False)
		self.created["surveys"] += 1

	def make_complaint_surveys(self, plans: list[dict]) -> None:
		for plan in plans:
			log = plan["doc"]["status_log"]
			if not plan.get("name") or not log or log[-1]["to_status"] != CLOSED:
				continue
			if frappe.db.exists("RE Satisfaction Survey", {"complaint": plan["name"]}):
				continue
			rng = self.rng("survey", plan["index"])
			values = {
				"survey_type": "After Complaint",
				"customer": plan["doc"]["customer"],
				"complaint": plan["name"],
				"project": plan["doc"]["project"],
				"sent_on": log[-1]["changed_at"],
			}
			self.insert_survey(values, rng, answer_chance=0.7)

	def make_periodic_surveys(self) -> None:
		customers = self.customers()
		per_quarter = max(round(PERIODIC_PER_QUARTER * self.scale), 3)
		for index, spec in enumerate(data.PROJECTS):
			for quarter_end in self.last_quarter_ends(4):
				period = f"{quarter_end.year}-Q{(quarter_end.month - 1) // 3 + 1}"
				rng = self.rng("periodic", index, period)
				pool = customers[index]
				for customer in rng.sample(pool, min(per_quarter, len(pool))):
					if frappe.db.exists(
						"RE Satisfaction Survey",
						{"customer": customer, "project": spec["project_name"], "period": period},
					):
						continue
					sent_on = datetime.combine(
						quarter_end - timedelta(days=10), datetime.min.time()
					) + timedelta(hours=10)
					values = {
						"survey_type": "Periodic",
						"customer": customer,
						"project": spec["project_name"],
						"period": period,
						"sent_on": sent_on,
					}
					self.insert_survey(
						values, self.rng("periodic", index, period, customer), answer_chance=0.55
					)

	def last_quarter_ends(self, count: int) -> list[date]:
		"""The last ``count`` quarter ends whose survey (sent ten days before) has gone out."""
		today = getdate(self.now)
		ends = []
		year, quarter = today.year, (today.month - 1) // 3 + 1
		while len(ends) < count:
			month = quarter * 3
			end = date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1)
			if end - timedelta(days=10) <= today:
				ends.append(end)
			quarter -= 1
			if quarter == 0:
				year, quarter = year - 1, 4
		return ends
