"""The pool (公海): claims refused while another advisor's protection runs, allowed after; the daily
return to the pool; the Pool view; one winner when advisors claim at once."""

import frappe
from frappe.utils import add_days, getdate, nowdate

from recrm.errors import SalesRuleError
from recrm.sales.pool import claim, pool_filters, return_lapsed_to_pool
from recrm.tests.cases import StaffTestCase
from recrm.tests.factories import make_customer, make_interaction, make_project
from recrm.tests.race import Race, RaceTestCase


def owner_log(customer: str) -> list[tuple]:
	return [
		(r.project, r.from_advisor, r.to_advisor, r.cause)
		for r in frappe.get_all(
			"RE Customer Owner Log",
			filters={"parenttype": "RE Customer", "parent": customer},
			fields=["project", "from_advisor", "to_advisor", "cause"],
			order_by="idx asc",
		)
	]


def owner_rows(customer: str) -> dict:
	return {
		r.project: r
		for r in frappe.get_all(
			"RE Customer Advisor",
			filters={"parenttype": "RE Customer", "parent": customer},
			fields=["project", "advisor", "since", "protected_until"],
		)
	}


class TestClaim(StaffTestCase):
	STAFF_PREFIX = "pool"
	STAFF = ("owner", "claimant", "cs_agent")

	def setUp(self):
		self.project = make_project(protection_days=15).name

	def tearDown(self):
		frappe.local.lang = "en"
		super().tearDown()

	def customer_owned_until(self, until) -> str:
		return make_customer(
			advisors=[{"project": self.project, "advisor": self.owner, "protected_until": until}]
		).name

	def test_a_claim_is_refused_while_another_advisor_protects_the_customer(self):
		customer = self.customer_owned_until(add_days(nowdate(), 3))
		frappe.set_user(self.claimant)
		with self.assertRaises(SalesRuleError) as error:
			claim(customer, self.project)
		message = str(error.exception)
		self.assertIn(frappe.utils.get_fullname(self.owner), message)
		self.assertIn(frappe.utils.formatdate(add_days(nowdate(), 3)), message)
		frappe.set_user("Administrator")
		self.assertEqual(owner_rows(customer)[self.project].advisor, self.owner)
		self.assertEqual(owner_log(customer), [(self.project, None, self.owner, "Registered")])

	def test_the_refusal_is_in_chinese_for_a_chinese_user(self):
		customer = self.customer_owned_until(add_days(nowdate(), 3))
		frappe.set_user(self.claimant)
		frappe.local.lang = "zh"
		with self.assertRaises(SalesRuleError) as error:
			claim(customer, self.project)
		self.assertIn("认领", str(error.exception))

	def test_a_claim_succeeds_once_the_protection_has_lapsed(self):
		# protected_until is the first day the protection is over
		customer = self.customer_owned_until(nowdate())
		frappe.set_user(self.claimant)
		result = claim(customer, self.project)
		frappe.set_user("Administrator")
		self.assertTrue(result["claimed"])
		row = owner_rows(customer)[self.project]
		self.assertEqual(row.advisor, self.claimant)
		self.assertEqual(getdate(row.since), getdate(nowdate()))
		self.assertEqual(getdate(row.protected_until), getdate(add_days(nowdate(), 15)))
		self.assertEqual(owner_log(customer)[-1], (self.project, self.owner, self.claimant, "Claimed"))
		# the claimant is protected now: the former owner cannot take it back
		frappe.set_user(self.owner)
		with self.assertRaises(SalesRuleError):
			claim(customer, self.project)

	def test_a_customer_in_the_pool_is_claimed(self):
		customer = make_customer(advisors=[{"project": self.project, "advisor": None}]).name
		other_project = make_project().name
		frappe.set_user(self.claimant)
		claim(customer, self.project)
		claim(customer, other_project)  # never owned there: the claimant is the first owner
		frappe.set_user("Administrator")
		rows = owner_rows(customer)
		self.assertEqual((rows[self.project].advisor, rows[other_project].advisor), (self.claimant,) * 2)
		self.assertEqual(
			owner_log(customer),
			[(self.project, None, self.claimant, "Claimed"), (other_project, None, self.claimant, "Claimed")],
		)

	def test_claiming_ones_own_customer_changes_nothing(self):
		customer = self.customer_owned_until(add_days(nowdate(), 3))
		frappe.set_user(self.owner)
		self.assertFalse(claim(customer, self.project)["claimed"])
		frappe.set_user("Administrator")
		self.assertEqual(len(owner_log(customer)), 1)

	def test_who_may_claim_what(self):
		customer = self.customer_owned_until(nowdate())
		elsewhere = make_project().name
		limited = self.staff_limited_to("advisor", elsewhere)
		agent = self.cs_agent
		frappe.set_user(limited)
		with self.assertRaises(frappe.PermissionError):
			claim(customer, self.project)
		frappe.set_user(agent)
		with self.assertRaises(frappe.PermissionError):
			claim(customer, self.project)
		frappe.set_user(self.claimant)
		with self.assertRaises(frappe.DoesNotExistError):
			claim("CUS-NOSUCH", self.project)
		frappe.set_user("Administrator")
		self.assertEqual(owner_rows(customer)[self.project].advisor, self.owner)

	def test_an_interaction_reclaims_a_customer_from_the_pool(self):
		customer = self.customer_owned_until(nowdate())
		frappe.set_user(self.claimant)
		interaction = make_interaction(customer=customer, project=self.project).name
		frappe.set_user("Administrator")
		self.assertEqual(owner_rows(customer)[self.project].advisor, self.claimant)
		self.assertEqual(owner_log(customer)[-1], (self.project, self.owner, self.claimant, "Claimed"))
		self.assertEqual(
			frappe.get_all(
				"RE Customer Owner Log", filters={"parent": customer, "cause": "Claimed"}, pluck="note"
			),
			[interaction],
		)

	def test_the_pool_view_shows_the_pool_of_my_projects(self):
		elsewhere = make_project().name
		advisor = self.staff_limited_to("advisor", self.project, name="viewer")
		in_my_pool = make_customer(advisors=[{"project": self.project, "advisor": None}]).name
		in_other_pool = make_customer(advisors=[{"project": elsewhere, "advisor": None}]).name
		owned = self.customer_owned_until(add_days(nowdate(), 5))
		unowned = make_customer().name
		frappe.set_user(advisor)
		names = frappe.get_list("RE Customer", filters=pool_filters(), pluck="name", limit=0)
		self.assertIn(in_my_pool, names)
		for name in (in_other_pool, owned, unowned):
			self.assertNotIn(name, names)
		self.assertEqual(len(names), len(set(names)))


class TestReturnToPool(StaffTestCase):
	"""The daily job commits after every chunk: its records are committed and removed by hand."""

	STAFF_PREFIX = "lapse"
	STAFF = ("owner", "other_advisor")

	def setUp(self):
		self.project = make_project(protection_days=10).name
		self.other = self.other_advisor

		def owned_until(until):
			return make_customer(
				advisors=[{"project": self.project, "advisor": self.owner, "protected_until": until}]
			).name

		self.lapsed = [owned_until(add_days(nowdate(), -d)) for d in range(5)]  # today and before
		self.protected = owned_until(add_days(nowdate(), 1))
		self.pool = make_customer(advisors=[{"project": self.project, "advisor": None}]).name
		self.customers = [*self.lapsed, self.protected, self.pool]
		frappe.db.commit()

	def tearDown(self):
		frappe.set_user("Administrator")
		frappe.db.rollback()
		for name in self.customers:
			frappe.delete_doc("RE Customer", name, force=True)
		frappe.delete_doc("RE Project", self.project, force=True)
		frappe.db.commit()

	def test_lapsed_owners_return_to_the_pool_once(self):
		returned = return_lapsed_to_pool(chunk_size=2)
		self.assertGreaterEqual(returned, len(self.lapsed))
		for name in self.lapsed:
			row = owner_rows(name)[self.project]
			self.assertEqual((row.advisor, row.protected_until), (None, None), name)
			self.assertEqual(getdate(row.since), getdate(nowdate()))
			self.assertEqual(owner_log(name)[-1], (self.project, self.owner, None, "Lapsed to Pool"))
		self.assertEqual(owner_rows(self.protected)[self.project].advisor, self.owner)
		self.assertEqual(len(owner_log(self.protected)), 1)
		self.assertEqual(owner_log(self.pool), [])

		# a second run changes nothing
		before = {name: owner_log(name) for name in self.customers}
		self.assertEqual(return_lapsed_to_pool(chunk_size=2), 0)
		self.assertEqual({name: owner_log(name) for name in self.customers}, before)

		# the permission rules agree: another advisor sees the customer and claims it; the
		# former owner owns it no more
		frappe.set_user(self.other)
		self.assertTrue(frappe.has_permission("RE Customer", "read", doc=self.lapsed[0]))
		self.assertIn(self.lapsed[0], frappe.get_list("RE Customer", filters=pool_filters(), pluck="name"))
		claim(self.lapsed[0], self.project)
		frappe.set_user(self.owner)
		self.assertFalse(frappe.has_permission("RE Customer", "read", doc=self.lapsed[0]))

	def test_a_customer_open_in_a_form_must_be_reloaded(self):
		stale = frappe.get_doc("RE Customer", self.lapsed[0])
		return_lapsed_to_pool()
		stale.impressions = "still thinks the owner protects them"
		with self.assertRaises(frappe.TimestampMismatchError):
			stale.save()


class TestClaimRace(StaffTestCase, RaceTestCase):
	"""Real parallel connections: of many advisors claiming one pool customer at once, one wins."""

	STAFF_PREFIX = "claim-race"

	WORKERS = 6

	def setUp(self):
		super().setUp()
		self.project = make_project(protection_days=30).name
		self.customer = make_customer(advisors=[{"project": self.project, "advisor": None}]).name
		self.advisors = self.staff_team("advisor", self.WORKERS)

	def test_only_one_claim_wins(self):
		def claim_it():
			return claim(self.customer, self.project)

		race = Race([(user, claim_it) for user in self.advisors], expected=(SalesRuleError,)).run()

		self.assertEqual(race.results(), ["refused"] * (self.WORKERS - 1) + ["won"], race.outcomes)
		rows = frappe.get_all(
			"RE Customer Advisor", filters={"parent": self.customer}, fields=["project", "advisor"]
		)
		self.assertEqual(len(rows), 1)
		self.assertIn(rows[0].advisor, self.advisors)
		self.assertEqual(owner_log(self.customer), [(self.project, None, rows[0].advisor, "Claimed")])
