"""The demo's customer file: about 3,000 customers with a year of interactions.

Channels and campaigns with their spend, customers with Chinese names, phones, WeChat ids,
households, budgets and first impressions, each owned by a demo advisor of the project they
visited, and one to a dozen interactions each over the last year (visits with the units shown,
calls, WeChat, events), with follow-ups: most done, the recent ones open, a few overdue.

Customers are made through their controller (so phones are normalised, duplicates refused and a
Contact created); their interactions are written in bulk with the values the interaction
controller would have derived (owner protection, lifecycle stage and its history), because
saving ten thousand interactions one by one would take minutes. Every draw comes from a random
generator seeded per customer, and a customer whose primary phone exists is skipped, so a second
run makes nothing.
"""

import random
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from itertools import pairwise

import frappe
from frappe.model.naming import make_autoname
from frappe.utils import getdate, now_datetime

from recrm.core import lifecycle
from recrm.core.phones import normalise_phone
from recrm.core.protection import protection_days
from recrm.core.roles import SALES_ADVISOR
from recrm.demo import data
from recrm.sales.grading import grade_everyone
from recrm.sales.lifecycle import VISIT_KINDS

# how many interactions a customer has had, and how likely each count is
INTERACTION_COUNTS = (1, 2, 3, 4, 5, 6, 8, 12)
INTERACTION_WEIGHTS = (28, 24, 17, 11, 8, 6, 4, 2)
FIRST_KINDS = {"Visit": 55, "Incoming Call": 35, "Event": 10}
LATER_KINDS = {
	"Outgoing Call": 30,
	"WeChat": 25,
	"Visit": 15,
	"Incoming Call": 10,
	"Site Visit": 8,
	"SMS": 6,
	"Event": 4,
	"E-mail": 2,
}
OPEN_FOLLOW_UP_DAYS = 14  # a customer seen in the last two weeks has an open follow-up
OVERDUE_SHARE = 0.06  # of the others, this share were promised a call nobody made


@dataclass
class PlannedInteraction:
	kind: str
	at: datetime
	project: str
	advisor: str
	channel: str | None
	outcome: str
	units: list[str] = field(default_factory=list)
	follow_up_on: date | None = None
	follow_up_action: str | None = None
	follow_up_done: int = 0


def weighted(rng: random.Random, weights: dict) -> str:
	return rng.choices(list(weights), weights=list(weights.values()))[0]


class CustomerDemo:
	def __init__(self, builder):
		self.builder = builder
		self.scale = builder.scale
		self.today = getdate()
		self.now = now_datetime()
		self.created = {"channels": 0, "campaigns": 0, "customers": 0, "interactions": 0}
		self.taken_phones: set[str] = set()

	def rng(self, *parts) -> random.Random:
		return self.builder.rng("customers", *parts)

	def build(self) -> dict:
		self.make_channels()
		self.make_campaigns()
		frappe.flags.recrm_bulk_customers = True
		try:
			self.make_customers()
		finally:
			frappe.flags.recrm_bulk_customers = False
		# the interactions were written in bulk, past the hooks that grade a customer
		grade_everyone(commit=False)
		return self.created

	# channels and campaigns ------------------------------------------------------------------

	def make_channels(self) -> None:
		for name, kind, _share in data.CHANNELS:
			if not frappe.db.exists("RE Channel", name):
				frappe.get_doc(
					{"doctype": "RE Channel", "channel_name": name, "kind": kind, "active": 1}
				).insert(ignore_permissions=True)
				self.created["channels"] += 1

	def make_campaigns(self) -> None:
		for project_index, name, channel, started_ago, days, spend in data.CAMPAIGNS:
			if frappe.db.exists("RE Campaign", name):
				continue
			start = self.today - timedelta(days=started_ago)
			frappe.get_doc(
				{
					"doctype": "RE Campaign",
					"campaign_name": name,
					"channel": channel,
					"project": data.PROJECTS[project_index]["project_name"],
					"start_date": start,
					"end_date": start + timedelta(days=days),
					"spend": spend,
				}
			).insert(ignore_permissions=True)
			self.created["campaigns"] += 1

	def campaign_for(self, project_index: int, channel: str, on: date) -> str | None:
		for index, name, campaign_channel, started_ago, days, _spend in data.CAMPAIGNS:
			start = self.today - timedelta(days=started_ago)
			if (
				index == project_index
				and campaign_channel == channel
				and start <= on <= start + timedelta(days)
			):
				return name
		return None

	# customers -------------------------------------------------------------------------------

	def make_customers(self) -> None:
		count = max(round(data.CUSTOMERS * self.scale), 30)
		advisors = {
			index: [
				f"{u['email']}@{data.EMAIL_DOMAIN}"
				for u in data.USERS
				if u["role"] == SALES_ADVISOR and u["project"] == index
			]
			for index in range(len(data.PROJECTS))
		}
		units = {index: self.showable_units(spec["project_name"]) for index, spec in enumerate(data.PROJECTS)}
		days = {
			index: protection_days(
				frappe.db.get_value("RE Project", spec["project_name"], "protection_days") or 0
			)
			for index, spec in enumerate(data.PROJECTS)
		}
		plans = [self.plan_customer(i, advisors, units) for i in range(count)]
		existing = set(
			frappe.get_all(
				"RE Customer Number",
				filters={"number": ("in", [p["primary"] for p in plans])},
				pluck="number",
			)
		)
		for plan in plans:
			if plan["primary"] in existing:
				continue
			self.insert_customer(plan, days)
		self.builder.say(
			frappe._("Demo customers: {0} created with {1} interactions.").format(
				self.created["customers"], self.created["interactions"]
			)
		)

	def showable_units(self, project: str) -> list[str]:
		return frappe.get_all(
			"RE Unit",
			filters={"project": project, "kind": "Apartment"},
			pluck="name",
			order_by="name",
		)

	def unique_mobile(self, rng: random.Random) -> str:
		while True:
			number = rng.choice(data.MOBILE_PREFIXES) + f"{rng.randrange(10**8):08d}"
			if number not in self.taken_phones:
				self.taken_phones.add(number)
				return number

	def plan_customer(self, i: int, advisors: dict, units: dict) -> dict:
		rng = self.rng(i)
		project_index = 0 if rng.random() < 0.65 else 1
		projects = [project_index]
		if rng.random() < 0.05:
			projects.append(1 - project_index)  # compared both projects
		registered = self.now - timedelta(days=rng.randrange(0, 365), hours=rng.randrange(0, 8))
		registered = registered.replace(
			hour=rng.randrange(9, 18), minute=rng.randrange(60), second=0, microsecond=0
		)
		registered = min(registered, self.now - timedelta(minutes=30))
		channel_name, _kind, _share = rng.choices(data.CHANNELS, weights=[c[2] for c in data.CHANNELS])[0]
		mobile = self.unique_mobile(rng)
		phones = [{"phone": f"{mobile[:3]} {mobile[3:7]} {mobile[7:]}", "is_primary": 1}]
		if rng.random() < 0.15:
			phones.append(
				{"phone": f"{data.LANDLINE_AREA}-8{rng.randrange(10**6, 10**7):07d}", "is_primary": 0}
			)
		gender = rng.choice(["Male", "Female"])
		household = rng.choices(
			[
				"Single",
				"Couple",
				"Couple with Young Children",
				"Couple with Older Children",
				"Three Generations",
				"Empty Nest",
			],
			weights=[14, 18, 30, 16, 12, 10],
		)[0]
		income = rng.choices(
			["Low", "Lower Middle", "Middle", "Upper Middle", "High"], weights=[5, 20, 40, 25, 10]
		)[0]
		budget = rng.randrange(80, 400) * 10_000
		area_min = rng.choice([70, 85, 90, 100, 110, 120, 130])
		plan = {
			"primary": normalise_phone(mobile),
			"doc": {
				"doctype": "RE Customer",
				"full_name": rng.choice(data.SURNAMES) + rng.choice(data.GIVEN_NAMES),
				"gender": gender,
				"phones": phones,
				"wechat_id": f"wx_{mobile[-6:]}{rng.choice('abcdefghjkmnpqrstuvwxyz')}{i}"
				if rng.random() < 0.6
				else None,
				"email": f"c{i}.{mobile[-4:]}@example.cn" if rng.random() < 0.25 else None,
				"family_structure": household,
				"age_band": rng.choice(
					["25-34", "25-34", "35-44", "35-44", "45-54", "55-64", "Under 25", "65 and Over"]
				),
				"income_band": income,
				"occupation": rng.choice(data.OCCUPATIONS),
				"district_of_residence": rng.choice(data.DISTRICTS),
				"district_of_work": rng.choice(data.WORK_DISTRICTS),
				"budget": budget,
				"purpose": rng.choices(
					["Own Use", "Upgrade", "Investment", "Second Home"], weights=[45, 35, 12, 8]
				)[0],
				"preferred_area_min": area_min,
				"preferred_area_max": area_min + rng.choice([20, 30, 40]),
				"first_channel": channel_name,
				"campaign": self.campaign_for(project_index, channel_name, registered.date()),
				"impressions": rng.choice(data.IMPRESSIONS),
			},
			"registered": registered,
			"interactions": [],
		}
		for index in projects:
			plan["interactions"] += self.plan_interactions(
				rng,
				data.PROJECTS[index]["project_name"],
				rng.choice(advisors[index]),
				registered,
				channel_name,
				units[index],
			)
		plan["interactions"].sort(key=lambda p: p.at)
		return plan

	def plan_interactions(
		self, rng: random.Random, project: str, advisor: str, start: datetime, channel: str, units: list[str]
	) -> list[PlannedInteraction]:
		count = rng.choices(INTERACTION_COUNTS, weights=INTERACTION_WEIGHTS)[0]
		planned: list[PlannedInteraction] = []
		at = start
		for n in range(count):
			if n:
				at = at + timedelta(days=rng.randrange(2, 36), hours=rng.randrange(-3, 4))
				if at > self.now - timedelta(minutes=30):
					break
			kind = weighted(rng, FIRST_KINDS if n == 0 else LATER_KINDS)
			shown = (
				rng.sample(units, min(len(units), rng.choice([1, 1, 2, 3])))
				if kind in VISIT_KINDS and units
				else []
			)
			planned.append(
				PlannedInteraction(
					kind=kind,
					at=at,
					project=project,
					advisor=advisor,
					channel=channel if n == 0 else None,
					outcome=rng.choice(data.OUTCOMES[kind]),
					units=shown,
				)
			)
		for earlier, later in pairwise(planned):
			earlier.follow_up_on = later.at.date()
			earlier.follow_up_action = rng.choice(data.FOLLOW_UP_ACTIONS)
			earlier.follow_up_done = 1
		last = planned[-1]
		recent = (self.today - last.at.date()).days <= OPEN_FOLLOW_UP_DAYS
		if recent or rng.random() < OVERDUE_SHARE:
			last.follow_up_on = last.at.date() + timedelta(days=rng.randrange(1, OPEN_FOLLOW_UP_DAYS))
			last.follow_up_action = rng.choice(data.FOLLOW_UP_ACTIONS)
		return planned

	def derived(self, plan: dict, days: dict) -> tuple[list[dict], list[dict], str]:
		"""What the interaction controller would have left on the customer: owner rows with their
		protection, and the lifecycle stage with its history."""
		owners: dict[str, dict] = {}
		index_of = {spec["project_name"]: i for i, spec in enumerate(data.PROJECTS)}
		stage, log = lifecycle.PROSPECT, []
		count, visited = 0, False
		for planned in plan["interactions"]:
			row = owners.setdefault(
				planned.project,
				{"project": planned.project, "advisor": planned.advisor, "since": planned.at.date()},
			)
			row["protected_until"] = planned.at.date() + timedelta(days=days[index_of[planned.project]])
			count += 1
			visited = visited or planned.kind in VISIT_KINDS
			cause = lifecycle.VISIT if planned.kind in VISIT_KINDS else lifecycle.INTERACTION
			facts = lifecycle.CustomerFacts(interactions=count, visited=visited)
			change = lifecycle.next_stage(stage, facts, cause, planned.at.date())
			if change:
				stage = change.to_stage
				log.append(
					{
						"changed_on": change.on,
						"from_stage": change.from_stage,
						"to_stage": change.to_stage,
						"cause": change.cause,
						"changed_by": planned.advisor,
					}
				)
		return list(owners.values()), log, stage

	def insert_customer(self, plan: dict, days: dict) -> None:
		owners, log, stage = self.derived(plan, days)
		doc = frappe.get_doc({**plan["doc"], "advisors": owners, "stage_log": log, "lifecycle_stage": stage})
		doc.insert(ignore_permissions=True)
		registered = plan["registered"]
		frappe.db.set_value(
			"RE Customer",
			doc.name,
			{"creation": registered, "modified": plan["interactions"][-1].at},
			update_modified=False,
		)
		self.insert_interactions(doc, plan["interactions"])
		self.created["customers"] += 1

	def insert_interactions(self, customer, planned: list[PlannedInteraction]) -> None:
		fields = [
			"name",
			"creation",
			"modified",
			"owner",
			"modified_by",
			"docstatus",
			"idx",
			"customer",
			"customer_name",
			"project",
			"advisor",
			"kind",
			"interaction_time",
			"channel",
			"outcome",
			"next_follow_up_date",
			"next_follow_up_action",
			"follow_up_done",
		]
		unit_fields = [
			"name",
			"creation",
			"modified",
			"owner",
			"modified_by",
			"docstatus",
			"idx",
			"parent",
			"parenttype",
			"parentfield",
			"unit",
		]
		rows, unit_rows = [], []
		for p in planned:
			name = make_autoname("INT-.YYYY.-.######", "RE Interaction")
			rows.append(
				(
					name,
					p.at,
					p.at,
					p.advisor,
					p.advisor,
					0,
					0,
					customer.name,
					customer.full_name,
					p.project,
					p.advisor,
					p.kind,
					p.at,
					p.channel,
					p.outcome,
					p.follow_up_on,
					p.follow_up_action,
					p.follow_up_done,
				)
			)
			for idx, unit in enumerate(p.units, start=1):
				unit_rows.append(
					(
						frappe.generate_hash(length=10),
						p.at,
						p.at,
						p.advisor,
						p.advisor,
						0,
						idx,
						name,
						"RE Interaction",
						"units_shown",
						unit,
					)
				)
		frappe.db.bulk_insert("RE Interaction", fields, rows)
		if unit_rows:
			frappe.db.bulk_insert("RE Interaction Unit", unit_fields, unit_rows)
		self.created["interactions"] += len(rows)
