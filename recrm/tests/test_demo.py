import random

import frappe
from frappe.tests.utils import FrappeTestCase
from frappe.utils.password import check_password

from recrm.core.roles import (
	COST_AUDIT,
	CS_MANAGER,
	ENGINEERING,
	FINANCE,
	GENERAL_MANAGER,
	SALES_ADVISOR,
	VP_CUSTOMER_SERVICE,
	VP_FINANCE,
)
from recrm.demo import data
from recrm.demo.generator import allocate, make_demo, plan_statuses

SCALE = 0.05
# every kind of record the demo makes, directly or through the documents it creates
COUNTED_DOCTYPES = (
	"RE Project",
	"RE Unit Type",
	"RE Building",
	"RE Building Stack",
	"RE Unit",
	"RE Unit Status Log",
	"User",
	"Has Role",
	"User Permission",
	"RE Customer Number",
	"RE Channel",
	"RE Campaign",
	"RE Customer",
	"RE Interaction",
	"RE Complaint",
	"RE Complaint Status Log",
	"RE Compensation Claim",
	"RE Compensation Step",
	"RE Satisfaction Survey",
	"ToDo",
	"Workflow Action",
	"RE Payment Plan",
	"RE Disclosure",
	"RE Reservation",
	"RE Contract",
	"RE Payment Schedule",
	"RE Receipt",
	"RE Sales Change",
	"RE Customer Stage Log",
	"RE Club Merchant",
	"RE Merchant Offer",
	"RE Redemption Code",
	"RE Handover Batch",
	"RE Handover Slot",
	"RE Handover Appointment",
	"RE Handover Inspection",
	"RE Handover Defect",
	"RE Key Handover",
	"RE Repair Request",
	"RE Area Settlement",
	"RE Delivery Penalty",
)


def record_counts() -> dict[str, int]:
	return {doctype: frappe.db.count(doctype) for doctype in COUNTED_DOCTYPES}


class TestDemo(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()  # rolls back everything the demo made when the class is done
		cls.first = make_demo(scale=SCALE, verbose=False)
		cls.counts_after_first = record_counts()
		cls.units_after_first = unit_statuses(cls.first["buildings"])
		cls.second = make_demo(scale=SCALE, verbose=False)

	def test_second_run_creates_and_changes_nothing(self):
		self.assertEqual(record_counts(), self.counts_after_first)
		self.assertEqual(unit_statuses(self.second["buildings"]), self.units_after_first)
		self.assertEqual(set(self.second["created"].values()), {0})
		self.assertEqual(self.second["status_changes"], 0)
		self.assertEqual(self.second["counts"], self.first["counts"])

	def test_only_the_it_administrator_is_a_system_manager(self):
		managers = frappe.get_all(
			"Has Role",
			filters={
				"role": "System Manager",
				"parenttype": "User",
				"parent": ("like", f"%@{data.EMAIL_DOMAIN}"),
			},
			pluck="parent",
		)
		self.assertEqual(managers, [f"it.admin@{data.EMAIL_DOMAIN}"])

	def test_customers_have_a_year_of_interactions_owned_by_demo_advisors(self):
		# the demo's customers: those owned in its projects (other tests leave customers of their own)
		demo_projects = [spec["project_name"] for spec in data.PROJECTS]
		customers = frappe.get_all(
			"RE Customer Advisor",
			filters={"parenttype": "RE Customer", "project": ("in", demo_projects)},
			pluck="parent",
			distinct=True,
		)
		self.assertGreaterEqual(len(customers), 30)
		advisors = {f"{u['email']}@{data.EMAIL_DOMAIN}" for u in data.USERS if u["role"] == SALES_ADVISOR}
		owners = frappe.get_all(
			"RE Customer Advisor",
			filters={"parent": ("in", customers), "project": ("in", demo_projects), "advisor": ("is", "set")},
			pluck="advisor",
			distinct=True,
		)
		self.assertTrue(set(owners) <= advisors, owners)
		self.assertGreater(len(owners), 1)
		interactions = frappe.get_all(
			"RE Interaction",
			filters={"customer": ("in", customers)},
			fields=["customer", "interaction_time", "next_follow_up_date", "follow_up_done", "channel"],
		)
		self.assertEqual({row.customer for row in interactions}, set(customers))
		self.assertTrue(all(row.interaction_time <= frappe.utils.now_datetime() for row in interactions))
		self.assertTrue(any(row.channel for row in interactions))
		# the stage follows the interactions: a customer who visited or was called twice is interested
		stages = dict(
			frappe.get_all(
				"RE Customer",
				filters={"name": ("in", customers)},
				fields=["name", "lifecycle_stage"],
				as_list=True,
			)
		)
		self.assertIn("Interested", stages.values())
		self.assertTrue(frappe.db.exists("RE Customer Stage Log", {"parent": ("in", customers)}))
		# graded once at the end, although their interactions were written in bulk
		grades = frappe.get_all("RE Customer", filters={"name": ("in", customers)}, pluck="value_grade")
		self.assertTrue(all(grades), grades)
		self.assertGreater(len(set(grades)), 1)

	def test_the_service_desk_has_a_year_of_complaints_claims_at_every_step_and_surveys(self):
		complaints = frappe.get_all(
			"RE Complaint",
			filters={"agent": "cs.agent@recrm.demo"},
			fields=["name", "status", "category_group", "resolution_status", "received_at", "project"],
		)
		self.assertGreaterEqual(len(complaints), 12)
		self.assertTrue({"Closed", "Resolved"} & {c.status for c in complaints})
		self.assertEqual({c.project for c in complaints}, set(self.first["projects"]))
		self.assertIn("Quality", {c.category_group for c in complaints})
		self.assertTrue(all(c.received_at <= frappe.utils.now_datetime() for c in complaints))
		self.assertIn("Met", {c.resolution_status for c in complaints})
		names = [c.name for c in complaints]
		claims = frappe.get_all(
			"RE Compensation Claim",
			filters={"complaint": ("in", names)},
			fields=["approval_status", "current_step"],
		)
		self.assertEqual({c.approval_status for c in claims}, {"Draft", "Pending", "Approved", "Rejected"})
		self.assertEqual(
			{c.current_step for c in claims if c.approval_status == "Pending"},
			{
				CS_MANAGER,
				ENGINEERING,
				COST_AUDIT,
				FINANCE,
				VP_CUSTOMER_SERVICE,
				VP_FINANCE,
				GENERAL_MANAGER,
			},
		)
		steps = frappe.get_all("RE Compensation Step", fields=["entered_at", "left_at"], limit=500)
		self.assertTrue(all(s.left_at is None or s.left_at >= s.entered_at for s in steps))
		surveys = frappe.get_all(
			"RE Satisfaction Survey", fields=["survey_type", "status", "overall_score"], limit=5000
		)
		# the four-year revisits' surveys come with the owners visited in the care demo
		self.assertEqual(
			{s.survey_type for s in surveys} - {"Four-Year Revisit"}, {"After Complaint", "Periodic"}
		)
		self.assertTrue(any(s.status == "Answered" and s.overall_score for s in surveys))

	def test_demo_looks_like_a_developers_office(self):
		result = self.first

		self.assertEqual(result["counts"]["projects"], 2)
		self.assertEqual(result["counts"]["buildings"], 6)
		statuses = result["statuses"]
		total = sum(statuses.values())
		self.assertGreater(total, 50)
		if result["created"]["buildings"]:  # a site that had the full demo already keeps it
			self.assertLess(total, 200, "scale 0.05 must build far fewer units than the full demo")
		for status in ("Available", "Held", "Subscribed", "Contracted", "Handed Over"):
			self.assertIn(status, statuses)
		sold = sum(statuses.get(s, 0) for s in ("Subscribed", "Contracted", "Handed Over"))
		self.assertTrue(0.2 < sold / total < 0.8, statuses)
		self.assertTrue(0.1 < statuses["Available"] / total < 0.7, statuses)

		parking = frappe.get_all(
			"RE Unit",
			filters={"building": ("in", result["buildings"]), "kind": "Parking Space"},
			pluck="floor",
		)
		self.assertTrue(parking and all(floor < 0 for floor in parking))

		# the oldest building is mostly handed over, the newest mostly still for sale
		oldest, newest = result["buildings"][0], result["buildings"][-1]
		self.assertGreater(share(oldest, "Handed Over"), 0.5)
		self.assertGreater(share(newest, "Available") + share(newest, "Held"), 0.6)

		# prices vary by floor and orientation within one unit type
		prices = frappe.get_all(
			"RE Unit",
			filters={"building": oldest, "kind": "Apartment"},
			fields=["unit_type", "price_per_sqm"],
		)
		self.assertGreater(
			len({(p.unit_type, p.price_per_sqm) for p in prices}), len({p.unit_type for p in prices})
		)

	def test_a_year_of_deals_consistent_with_units_and_customers(self):
		demo_projects = [spec["project_name"] for spec in data.PROJECTS]
		reservations = frappe.get_all(
			"RE Reservation",
			filters={"project": ("in", demo_projects), "deposit_reference": ("like", "DJ-%")},
			fields=["name", "status", "unit", "customer", "deposit_fate", "reserved_on", "contract"],
		)
		self.assertGreaterEqual(len(reservations), 10)
		statuses = {r.status for r in reservations}
		self.assertTrue({"Converted", "Expired", "Active"} <= statuses, statuses)
		self.assertGreater(
			(max(r.reserved_on for r in reservations) - min(r.reserved_on for r in reservations)).days, 180
		)
		contracts = frappe.get_all(
			"RE Contract",
			filters={"project": ("in", demo_projects)},
			fields=["name", "docstatus", "status", "unit", "payment_method", "workflow_state", "is_overdue"],
		)
		signed = [c for c in contracts if c.docstatus == 1]
		self.assertGreaterEqual(len({c.payment_method for c in signed}), 3)
		self.assertTrue(any(c.is_overdue for c in signed if c.status == "Signed"))
		# discounts waiting in the approvers' inbox
		pending = [
			c for c in contracts if c.workflow_state in ("Pending Sales Manager", "Pending General Manager")
		]
		self.assertTrue(pending)
		for contract in pending:
			self.assertTrue(
				frappe.db.exists("Workflow Action", {"reference_name": contract.name, "status": "Open"})
			)
		changes = frappe.get_all("RE Sales Change", fields=["kind", "workflow_state", "docstatus"])
		self.assertTrue({"Completed", "Rejected"} <= {c.workflow_state for c in changes})
		self.assertTrue(any(c.workflow_state.startswith("Pending") for c in changes))
		# every unit is where its deal left it, every buyer at the stage their deals make
		for r in reservations:
			unit = frappe.db.get_value("RE Unit", r.unit, "status")
			if r.status == "Active":
				self.assertEqual(unit, "Subscribed", r)
			elif r.status in ("Expired", "Cancelled"):
				self.assertEqual(unit, "Available", r)
		keys = set(frappe.get_all("RE Key Handover", filters={"docstatus": 1}, pluck="contract"))
		for c in signed:
			self.assertEqual(
				frappe.db.get_value("RE Unit", c.unit, "status"),
				"Available" if c.status == "Cancelled" else "Handed Over" if c.name in keys else "Contracted",
				c,
			)
			buyers = frappe.get_all(
				"RE Contract Buyer", filters={"parent": c.name, "parenttype": "RE Contract"}, pluck="customer"
			)
			for buyer in buyers:
				stage = frappe.db.get_value("RE Customer", buyer, "lifecycle_stage")
				if c.name in keys:
					# the keys of the building handing over now made them owners
					self.assertIn(stage, ("Owner", "Member"), (c, buyer))
				elif c.status == "Signed":
					self.assertIn(stage, ("Contracted", "Awaiting Handover"), (c, buyer))
				elif c.status == "Paid Up":
					self.assertEqual(stage, "Awaiting Handover", (c, buyer))
		for r in reservations:
			if r.status == "Active":
				self.assertEqual(
					frappe.db.get_value("RE Customer", r.customer, "lifecycle_stage"), "Qualified"
				)
		# the schedules add up and what was received is on them
		for c in signed:
			doc = frappe.get_doc("RE Contract", c.name)
			self.assertAlmostEqual(sum(r.amount for r in doc.schedule), doc.final_price, places=2)
			self.assertAlmostEqual(doc.paid_amount + doc.outstanding_amount, doc.final_price, places=2)

	def test_demo_users_can_log_in_with_their_roles(self):
		result = self.first

		logins = {login["user"]: login for login in result["logins"]}
		self.assertEqual(len(logins), len(data.USERS))
		for user, login in logins.items():
			self.assertIn(login["role"], frappe.get_roles(user))
		self.assertEqual(frappe.db.get_value("User", "buyer@recrm.demo", "user_type"), "Website User")
		self.assertEqual(frappe.db.get_value("User", "advisor@recrm.demo", "user_type"), "System User")
		self.assertEqual(check_password("advisor@recrm.demo", data.PASSWORD), "advisor@recrm.demo")

	def test_partner_merchants_with_offers_codes_and_redemptions(self):
		self.assertEqual(frappe.db.count("RE Club Merchant"), 2)
		self.assertGreaterEqual(frappe.db.count("RE Merchant Offer"), 4)
		self.assertTrue(frappe.db.count("RE Redemption Code", {"status": "Issued"}))
		self.assertTrue(frappe.db.count("RE Redemption Code", {"status": "Redeemed"}))
		login = "merchant@recrm.demo"
		self.assertEqual(frappe.db.get_value("User", login, "user_type"), "Website User")
		self.assertTrue(frappe.db.exists("RE Club Merchant User", {"user": login}))

	def test_advisor_sees_only_the_first_project(self):
		projects = self.first["projects"]

		seen_by_advisor = frappe.get_list("RE Project", user="advisor@recrm.demo", pluck="name")
		seen_by_sales_manager = frappe.get_list("RE Project", user="sales.manager@recrm.demo", pluck="name")

		self.assertEqual(seen_by_advisor, [projects[0]])
		self.assertEqual(set(projects) - set(seen_by_sales_manager), set())
		self.assertEqual(
			frappe.db.get_value("RE Project", projects[0], "project_gm"), "project.gm@recrm.demo"
		)

	def test_status_plan_depends_on_the_seed_only(self):
		units = [
			{"name": f"U{floor}-{position}", "floor": floor, "position": position, "kind": "Apartment"}
			for floor in range(1, 11)
			for position in range(1, 5)
		]
		premiums = {(False, 1): 3.0, (False, 2): 2.5, (False, 3): 0.0, (False, 4): -1.0}
		shares = {"Contracted": 0.5, "Subscribed": 0.1, "Held": 0.1}
		first = plan_statuses(units, shares, premiums, random.Random("7:b"))
		self.assertEqual(first, plan_statuses(units, shares, premiums, random.Random("7:b")))
		self.assertEqual(allocate(shares, 40), {"Contracted": 20, "Subscribed": 4, "Held": 4})
		self.assertEqual(len(first), 28)
		# lower floors sell first
		sold_floors = [u["floor"] for u in units if first.get(u["name"]) == "Contracted"]
		self.assertLess(sum(sold_floors) / len(sold_floors), 5.5)


def unit_statuses(buildings: list[str]) -> dict[str, str]:
	return dict(
		frappe.get_all(
			"RE Unit", filters={"building": ("in", buildings)}, fields=["name", "status"], as_list=True
		)
	)


def share(building: str, status: str) -> float:
	total = frappe.db.count("RE Unit", {"building": building})
	return frappe.db.count("RE Unit", {"building": building, "status": status}) / total

	def test_the_club_has_past_and_upcoming_events_with_attendance(self):
		events = frappe.get_all("RE Club Event", fields=["name", "status", "attended_count", "waiting_count"])
		self.assertEqual(sorted(e.status for e in events), ["Completed", "Completed", "Published"])
		self.assertTrue(all(e.attended_count for e in events if e.status == "Completed"))
		self.assertTrue(any(e.waiting_count for e in events if e.status == "Published"))
		attended = frappe.get_all(
			"RE Club Event Registration", filters={"status": "Attended"}, pluck="name", limit=5
		)
		for name in attended:
			self.assertTrue(frappe.db.exists("RE Points Entry", {"cause": f"event:{name}:attended"}))
