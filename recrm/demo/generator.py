"""A deterministic demo dataset: a developer's office that looks real.

``make_demo(seed, scale)`` makes two projects, six buildings (one an underground garage), about
1,500 units of their unit types with prices by floor and orientation, a plausible mix of unit
statuses and one demo user per role. Every record has a fixed name and is created only when it
is missing; units move to their demo status only while they are still Available. A second run
therefore creates and changes nothing. All chance comes from ``random.Random`` instances seeded
from ``seed``, so two sites built with the same seed look the same.
"""

import random
import time

import frappe
from frappe import _
from frappe.utils.password import update_password

from recrm.core import unit_status
from recrm.core.roles import DESK_ROLES
from recrm.demo import data
from recrm.demo.care import CareDemo
from recrm.demo.club import ClubDemo
from recrm.demo.customers import CustomerDemo
from recrm.demo.deals import DealsDemo
from recrm.demo.handover_deed import HandoverDeedDemo
from recrm.demo.handover_inspection import HandoverInspectionDemo
from recrm.demo.handover_keys import HandoverKeysDemo
from recrm.demo.handover_money import HandoverMoneyDemo
from recrm.demo.portal import PortalDemo
from recrm.demo.service import ServiceDemo
from recrm.inventory.status import change_unit_status
from recrm.inventory.unit_generation import BASEMENT_KINDS, generate_units
from recrm.setup.install import create_roles

# the order in which sold units are handed out: the first buyers are furthest along
SOLD_ORDER = (unit_status.HANDED_OVER, unit_status.CONTRACTED, unit_status.SUBSCRIBED, unit_status.RESERVED)
UNSOLD_ORDER = (unit_status.HELD, unit_status.NOT_FOR_SALE)
# how much a unit's floor, its orientation and chance weigh in the order units sell in
FLOOR_WEIGHT = 0.6
ORIENTATION_WEIGHT = 0.3
CHANCE = 0.35


def make_demo(seed: int = 2026, scale: float = 1.0, verbose: bool = True) -> dict:
	"""Create whatever of the demo is missing and return what exists, what was made, and the logins.

	``scale`` shrinks the buildings (floors and parking spaces) for tests: 0.05 makes about 90
	units instead of about 1,500. The caller commits.
	"""
	if scale <= 0:
		frappe.throw(_("The demo scale must be greater than zero, not {0}.").format(scale))
	started = time.monotonic()
	demo = DemoBuilder(seed=seed, scale=scale, verbose=verbose)
	demo.build()
	result = demo.summary()
	result["seconds"] = round(time.monotonic() - started, 1)
	demo.say(
		_("Demo ready in {0} s: {1} units, {2} status changes.").format(
			result["seconds"], result["counts"]["units"], result["status_changes"]
		)
	)
	return result


def complete_site_setup() -> None:
	"""A demo site skips Frappe's setup wizard: a Chinese developer's office, in its time zone."""
	if frappe.db.get_single_value("System Settings", "setup_complete"):
		return
	frappe.db.set_single_value(
		"System Settings",
		{
			"country": "China",
			"time_zone": "Asia/Shanghai",
			"currency": "CNY",
			"date_format": "yyyy-mm-dd",
			"number_format": "#,###.##",
			"setup_complete": 1,
		},
	)
	frappe.db.set_default("currency", "CNY")
	frappe.db.set_default("desktop:home_page", "workspace")


def demo_email(prefix: str) -> str:
	return f"{prefix}@{data.EMAIL_DOMAIN}"


def scaled(value: int, scale: float, minimum: int) -> int:
	return max(minimum, round(value * scale))


def allocate(shares: dict[str, float], total: int) -> dict[str, int]:
	"""Split ``total`` units by ``shares`` (largest remainder), never more than ``total`` in all."""
	exact = {status: share * total for status, share in shares.items()}
	counts = {status: int(value) for status, value in exact.items()}
	left = min(total, round(sum(exact.values()))) - sum(counts.values())
	by_remainder = sorted(exact, key=lambda status: (counts[status] - exact[status], status))
	for status in by_remainder[: max(left, 0)]:
		counts[status] += 1
	return counts


def floor_scores(floors: list[int]) -> dict[int, float]:
	"""1.0 for the floor that sells first, 0.0 for the last: low floors above ground, B1 below."""
	above = sorted(f for f in floors if f > 0)
	below = sorted((f for f in floors if f < 0), reverse=True)
	scores = {}
	for ordered in (above, below):
		for index, floor in enumerate(ordered):
			scores[floor] = 1 - index / max(len(ordered) - 1, 1)
	return scores


def plan_statuses(units: list[dict], shares: dict[str, float], premiums: dict, rng: random.Random) -> dict:
	"""The demo status of every unit of one building, by unit name.

	Units sell in order of desirability (lower floors, better orientation) blurred by chance; the
	earliest sales are the furthest along. Held and Not For Sale units are drawn from the rest.
	``units`` must be every unit of the building in a fixed order, so that the same seed gives
	the same plan whatever their statuses are now.
	"""
	floor_score = floor_scores(sorted({u["floor"] for u in units}))
	top_premium = max([abs(p) for p in premiums.values()] + [1.0])
	score = {}
	for unit in units:
		premium = premiums.get((unit["kind"] in BASEMENT_KINDS, unit["position"]), 0.0)
		score[unit["name"]] = (
			FLOOR_WEIGHT * floor_score[unit["floor"]]
			+ ORIENTATION_WEIGHT * premium / top_premium
			+ rng.uniform(-CHANCE, CHANCE)
		)
	counts = allocate(shares, len(units))
	ranked = sorted(units, key=lambda u: (-score[u["name"]], u["floor"], u["position"]))
	plan = {}
	cursor = 0
	for status in SOLD_ORDER:
		for unit in ranked[cursor : cursor + counts.get(status, 0)]:
			plan[unit["name"]] = status
		cursor += counts.get(status, 0)
	rest = [u["name"] for u in ranked[cursor:]]
	for status in UNSOLD_ORDER:
		chosen = set(rng.sample(rest, min(counts.get(status, 0), len(rest))))
		for name in chosen:
			plan[name] = status
		rest = [name for name in rest if name not in chosen]
	return plan


class DemoBuilder:
	def __init__(self, seed: int, scale: float, verbose: bool = True):
		self.seed = seed
		self.scale = scale
		self.verbose = verbose
		self.created: dict[str, int] = {
			"users": 0,
			"user_permissions": 0,
			"projects": 0,
			"unit_types": 0,
			"buildings": 0,
			"units": 0,
		}
		self.status_changes = 0
		# status moves are made as demo users; the caller's user is restored afterwards
		self.caller = frappe.session.user
		self.projects: list[str] = []
		self.buildings: list[str] = []
		# the units the status plan moves: deals are made only on the others
		self.planned: set[str] = set()

	def say(self, message: str) -> None:
		if self.verbose:
			print(message, flush=True)

	def rng(self, *parts) -> random.Random:
		"""A generator of its own for each part of the demo, so that one part's draws never shift
		another's (a string seed is hashed with SHA-512: stable across runs and machines)."""
		return random.Random(":".join(str(p) for p in (self.seed, *parts)))

	def build(self) -> None:
		complete_site_setup()
		create_roles()
		self.make_users()
		for spec in data.PROJECTS:
			self.make_project(spec)
		self.make_user_permissions()
		for spec in data.PROJECTS:
			self.make_unit_types(spec)
			for building in spec["buildings"]:
				self.make_building(spec, building)
		for index, spec in enumerate(data.PROJECTS):
			for building in spec["buildings"]:
				self.move_statuses(index, spec, building)
		self.created.update(CustomerDemo(self).build())
		# the portal's buyer joins the customers first: the service demo samples surveys from all of them,
		# and a pool that grew between runs would make a second run create surveys
		self.created.update(PortalDemo(self).build())
		# deals after the portal's buyer has his homes (they take only units the plan leaves free), and
		# before the service desk, which samples complaints from the contracted units
		self.created.update(DealsDemo(self).build())
		self.created.update(ServiceDemo(self).build())
		self.created.update(HandoverDeedDemo(self).build())
		self.created.update(HandoverMoneyDemo(self).build())
		self.created.update(HandoverInspectionDemo(self).build())
		# the building handing over now: its batch, appointments, inspections and keys
		self.created.update(HandoverKeysDemo(self).build())
		self.created.update(ClubDemo(self).build())
		# after the club: revisits and reminders for the owners the handover pieces made
		self.created.update(CareDemo(self).build())

	# users ------------------------------------------------------------------------------------

	def make_users(self) -> None:
		# Frappe throttles sign-ups (60 new users an hour by default): the demo's users are no
		# sign-ups, and a test site has made hundreds of users within the hour before it loads
		frappe.local.conf.throttle_user_limit = max(
			frappe.utils.cint(frappe.local.conf.get("throttle_user_limit")), 10_000
		)
		for spec in data.USERS:
			email = demo_email(spec["email"])
			if not frappe.db.exists("User", email):
				frappe.get_doc(
					{
						"doctype": "User",
						"email": email,
						"first_name": spec["name"],
						"user_type": "System User"
						if spec["role"] in (*DESK_ROLES, "System Manager")
						else "Website User",
						"send_welcome_email": 0,
						"roles": [{"role": spec["role"]}],
					}
				).insert(ignore_permissions=True)
				self.created["users"] += 1
			else:
				user = frappe.get_doc("User", email)
				if spec["role"] not in {row.role for row in user.roles}:
					user.add_roles(spec["role"])
			self.drop_stray_system_manager(email, spec["role"])
			frappe.db.set_value("User", email, "language", spec.get("language", "zh"))
			# the printed logins must work even if someone changed a demo password
			update_password(email, data.PASSWORD)
		self.say(_("Demo users: {0} created.").format(self.created["users"]))

	def drop_stray_system_manager(self, email: str, role: str) -> None:
		"""Demo sites made before the IT administrator existed gave the first advisor System Manager."""
		if role == "System Manager" or not frappe.db.exists(
			"Has Role", {"parent": email, "parenttype": "User", "role": "System Manager"}
		):
			return
		frappe.get_doc("User", email).remove_roles("System Manager")

	def make_user_permissions(self) -> None:
		for spec in data.USERS:
			if spec["project"] is None:
				continue
			values = {
				"user": demo_email(spec["email"]),
				"allow": "RE Project",
				"for_value": data.PROJECTS[spec["project"]]["project_name"],
			}
			if frappe.db.exists("User Permission", values):
				continue
			frappe.get_doc({"doctype": "User Permission", **values, "apply_to_all_doctypes": 1}).insert(
				ignore_permissions=True
			)
			self.created["user_permissions"] += 1

	# inventory --------------------------------------------------------------------------------

	def make_project(self, spec: dict) -> None:
		name = spec["project_name"]
		self.projects.append(name)
		if frappe.db.exists("RE Project", name):
			return
		fields = ("project_name", "status", "developer_company", "presale_permit_number", "city")
		fields += ("district", "address", "skip_floor_numbers", "description")
		frappe.get_doc(
			{
				"doctype": "RE Project",
				**{field: spec[field] for field in fields},
				"project_gm": demo_email(spec["gm"]),
			}
		).insert(ignore_permissions=True)
		self.created["projects"] += 1
		self.say(_("Project {0} created.").format(name))

	def make_unit_types(self, spec: dict) -> None:
		project = spec["project_name"]
		for unit_type in spec["unit_types"]:
			if frappe.db.exists("RE Unit Type", f"{project}-{unit_type['type_code']}"):
				continue
			frappe.get_doc({"doctype": "RE Unit Type", "project": project, **unit_type}).insert(
				ignore_permissions=True
			)
			self.created["unit_types"] += 1

	def stacks(self, spec: dict, building: dict) -> list[dict]:
		project = spec["project_name"]
		if "parking" not in building:
			return [
				{
					"position": position,
					"kind": "Apartment",
					"unit_type": f"{project}-{type_code}",
					"orientation": orientation,
					"orientation_premium_percent": data.ORIENTATION_PREMIUM[orientation],
				}
				for position, (type_code, orientation) in enumerate(building["stacks"], start=1)
			]
		# a garage: the same layout on every basement floor, standard spaces then tandem ones;
		# with no orientation underground, the premium column carries the location premium
		rows = []
		for type_code, count in building["parking"].items():
			for _index in range(scaled(count, self.scale, 1 if type_code == "ZM" else 4)):
				position = len(rows) + 1
				if type_code == "ZM":
					premium = data.PARKING_PREMIUM["tandem"]
				elif (position - 1) % data.PARKING_LIFT_EVERY < 3:
					premium = data.PARKING_PREMIUM["near_lift"]
				else:
					premium = data.PARKING_PREMIUM["standard"]
				rows.append(
					{
						"position": position,
						"kind": "Parking Space",
						"unit_type": f"{project}-{type_code}",
						"orientation_premium_percent": premium,
					}
				)
		return rows

	def make_building(self, spec: dict, building: dict) -> None:
		name = f"{spec['project_name']}-{building['building_number']}"
		self.buildings.append(name)
		if not frappe.db.exists("RE Building", name):
			fields = ("building_number", "building_name", "base_price_per_sqm", "floor_premium_per_sqm")
			fields += ("construction_stage", "progress_percent", "planned_handover_date")
			doc = {
				"doctype": "RE Building",
				"project": spec["project_name"],
				**{field: building[field] for field in fields},
				"floors": scaled(building["floors"], self.scale, 2) if building["floors"] else 0,
				"basement_floors": building.get("basement_floors", 0),
				"reference_floor": 1,
				"stacks": self.stacks(spec, building),
			}
			if building.get("numbering_pattern"):
				doc["numbering_pattern"] = building["numbering_pattern"]
			# skip_floor_numbers is left out: the building takes its project's
			frappe.get_doc(doc).insert(ignore_permissions=True)
			self.created["buildings"] += 1
		made = generate_units(name)
		self.created["units"] += made
		self.say(_("Building {0}: {1} units created.").format(name, made))

	# statuses ---------------------------------------------------------------------------------

	def actor(self, to_status: str, project_index: int) -> str:
		"""The demo user who makes a move: the advisor sells only in the project they may see."""
		prefix = data.ACTORS[to_status]
		spec = next(u for u in data.USERS if u["email"] == prefix)
		if spec["project"] is not None and spec["project"] != project_index:
			prefix = "sales.manager"
		return demo_email(prefix)

	def move_statuses(self, project_index: int, spec: dict, building: dict) -> None:
		name = f"{spec['project_name']}-{building['building_number']}"
		units = frappe.get_all(
			"RE Unit",
			filters={"building": name},
			fields=["name", "floor", "position", "kind", "status"],
			order_by="floor asc, position asc, name asc",
			limit_page_length=0,
		)
		stacks = frappe.get_all(
			"RE Building Stack",
			filters={"parent": name, "parenttype": "RE Building"},
			fields=["position", "kind", "orientation_premium_percent"],
		)
		premiums = {
			(s.kind in BASEMENT_KINDS, s.position): s.orientation_premium_percent or 0.0 for s in stacks
		}
		plan = plan_statuses(units, building["sales"], premiums, self.rng("statuses", name))
		self.planned.update(plan)
		reasons = {**data.REASONS, **(data.PARKING_REASONS if "parking" in building else {})}
		# one step at a time for every unit (all first moves, then all second moves …), so that
		# each demo user makes their moves in one go
		moves = []
		for unit in units:
			if unit["status"] != unit_status.AVAILABLE or unit["name"] not in plan:
				continue
			for step, to_status in enumerate(data.PATHS[plan[unit["name"]]]):
				moves.append((step, self.actor(to_status, project_index), unit["name"], to_status))
		moves.sort(key=lambda move: (move[0], move[1]))
		try:
			for _step, user, unit, to_status in moves:
				if frappe.session.user != user:
					frappe.set_user(user)
				change_unit_status(unit, to_status, reasons[to_status])
		finally:
			if frappe.session.user != self.caller:
				frappe.set_user(self.caller)
		self.status_changes += len(moves)
		if moves:
			self.say(_("Building {0}: {1} status changes.").format(name, len(moves)))

	# result -----------------------------------------------------------------------------------

	def summary(self) -> dict:
		statuses = frappe.get_all(
			"RE Unit",
			filters={"building": ("in", self.buildings)},
			fields=["status", "count(name) as count"],
			group_by="status",
		)
		return {
			"seed": self.seed,
			"scale": self.scale,
			"projects": self.projects,
			"buildings": self.buildings,
			"counts": {
				"projects": len(self.projects),
				"buildings": len(self.buildings),
				"unit_types": frappe.db.count("RE Unit Type", {"project": ("in", self.projects)}),
				"units": sum(row.count for row in statuses),
				"users": frappe.db.count("User", {"name": ("like", f"%@{data.EMAIL_DOMAIN}")}),
				"customers": frappe.db.count("RE Customer"),
				"interactions": frappe.db.count("RE Interaction"),
				"complaints": frappe.db.count("RE Complaint"),
				"claims": frappe.db.count("RE Compensation Claim"),
				"surveys": frappe.db.count("RE Satisfaction Survey"),
				"reservations": frappe.db.count("RE Reservation"),
				"contracts": frappe.db.count("RE Contract"),
				"receipts": frappe.db.count("RE Receipt"),
				"sales_changes": frappe.db.count("RE Sales Change"),
			},
			"statuses": {row.status: row.count for row in statuses},
			"created": dict(self.created),
			"status_changes": self.status_changes,
			"logins": self.logins(),
		}

	def logins(self) -> list[dict]:
		return [
			{
				"user": demo_email(spec["email"]),
				"full_name": spec["name"],
				"role": spec["role"],
				"project": data.PROJECTS[spec["project"]]["project_name"]
				if spec["project"] is not None
				else "",
				"password": data.PASSWORD,
			}
			for spec in data.USERS
		]
