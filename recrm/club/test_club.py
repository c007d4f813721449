"""The club on a real bench: membership and the lifecycle, consent, and the points ledger's rules
(once per cause, never negative — also under parallel spends —, expiry, the nightly reconciliation),
the portal page of one's own membership, and the refusals of bad input."""

from unittest.mock import patch

import frappe
from frappe.tests.utils import FrappeTestCase
from frappe.utils import add_days, getdate, nowdate

from recrm.club import membership, points, tiers
from recrm.core import lifecycle as stages
from recrm.errors import ClubRuleError
from recrm.portal.buyer import NotTheirsError
from recrm.tests.factories import make_contract, make_customer, make_sale_ground
from recrm.tests.portal_factories import club_page_as, make_buyer
from recrm.tests.race import Race, RaceTestCase

CONSENT = {membership.DATA_USE: True, membership.MARKETING: True}


def join(customer: str, **kwargs) -> str:
	return membership.join(customer, consents=kwargs.pop("consents", CONSENT), **kwargs)


def entries_of(member: str) -> list:
	return frappe.get_all(
		"RE Points Entry", filters={"member": member}, fields=["kind", "points", "cause"], order_by="creation"
	)


def ledger_sum(member: str) -> int:
	return int(
		frappe.db.sql("select coalesce(sum(points), 0) from `tabRE Points Entry` where member = %s", member)[
			0
		][0]
	)


class TestMembership(FrappeTestCase):
	def tearDown(self):
		frappe.set_user("Administrator")
		frappe.db.rollback()

	def owner(self) -> str:
		"""A customer who owns a handed-over unit (an Owner 业主)."""
		ground = make_sale_ground()
		make_contract(ground.unit, [ground.customer], payment_plan=ground.plan)
		frappe.db.set_value("RE Unit", ground.unit, "status", "Handed Over")
		from recrm.sales.lifecycle import update_stages

		update_stages([ground.customer], stages.HANDOVER)
		self.assertEqual(frappe.db.get_value("RE Customer", ground.customer, "lifecycle_stage"), stages.OWNER)
		return ground.customer

	def test_joining_makes_an_owner_a_member_and_leaving_takes_it_back(self):
		customer = self.owner()
		member = join(customer)
		doc = frappe.get_doc("RE Club Member", member)
		self.assertTrue(doc.member_number.startswith("CM-"))
		self.assertEqual((doc.status, doc.consent_data, doc.consent_marketing), ("Active", 1, 1))
		self.assertEqual(frappe.db.get_value("RE Customer", customer, "lifecycle_stage"), stages.MEMBER)
		self.assertEqual(membership.value_facts([customer]), {customer: {"is_club_member": True}})
		membership.leave(member, "moved away")
		self.assertEqual(frappe.db.get_value("RE Customer", customer, "lifecycle_stage"), stages.OWNER)
		self.assertEqual(membership.value_facts([customer]), {})
		causes = [row.cause for row in frappe.get_doc("RE Customer", customer).stage_log]
		self.assertEqual(causes[-2:], [stages.CLUB_JOINED, stages.CLUB_LEFT])
		# joining again reuses the record, with a new consent row
		self.assertEqual(join(customer), member)
		self.assertEqual(frappe.db.get_value("RE Customer", customer, "lifecycle_stage"), stages.MEMBER)

	def test_a_prospect_who_joins_keeps_their_sales_stage(self):
		customer = make_customer().name
		join(customer)
		self.assertEqual(frappe.db.get_value("RE Customer", customer, "lifecycle_stage"), stages.PROSPECT)

	def test_a_second_membership_is_refused(self):
		customer = make_customer().name
		join(customer)
		with self.assertRaises(ClubRuleError) as refused:
			join(customer)
		self.assertIn("already a club member", str(refused.exception))
		self.assertEqual(frappe.db.count("RE Club Member", {"customer": customer}), 1)
		# the database's unique index has the last word
		second = frappe.get_doc({"doctype": "RE Club Member", "customer": customer})
		second.flags.club_change = True
		with self.assertRaises(frappe.UniqueValidationError):
			second.insert(ignore_permissions=True)

	def test_joining_needs_consent_to_the_use_of_data(self):
		customer = make_customer().name
		with self.assertRaises(ClubRuleError):
			join(customer, consents={membership.MARKETING: True})
		self.assertIsNone(membership.member_of(customer))

	def test_a_member_who_withdrew_consent_gets_no_club_messages(self):
		buyer = make_buyer("club-msg")
		member = join(buyer.customer)
		self.assertTrue(membership.send_club_message(member, "新春酒会", "邀请"))
		membership.record_consent(member, membership.MARKETING, False, "Phone")
		self.assertFalse(membership.may_message(member))
		before = frappe.db.count("Notification Log", {"for_user": buyer.user})
		self.assertFalse(membership.send_club_message(member, "新春酒会", "邀请"))
		self.assertEqual(frappe.db.count("Notification Log", {"for_user": buyer.user}), before)
		history = frappe.get_doc("RE Club Member", member).consents
		self.assertEqual([(r.purpose, r.action) for r in history][-1], (membership.MARKETING, "Withdrawn"))

	def test_a_members_tier_follows_points_and_has_a_history(self):
		frappe.db.delete("RE Club Tier")
		for name, order, minimum in (("T-Silver", 1, 0), ("T-Gold", 2, 500)):
			frappe.get_doc(
				{"doctype": "RE Club Tier", "tier_name": name, "tier_order": order, "min_points": minimum}
			).insert()
		member = join(make_customer().name)
		self.assertEqual(frappe.db.get_value("RE Club Member", member, "tier"), "T-Silver")
		points.post(member, "Earn", 600, f"test:{member}:gold")
		self.assertEqual(frappe.db.get_value("RE Club Member", member, "tier"), "T-Gold")
		log = frappe.get_doc("RE Club Member", member).tier_log
		self.assertEqual(
			[(r.from_tier, r.to_tier) for r in log], [(None, "T-Silver"), ("T-Silver", "T-Gold")]
		)
		with patch.object(frappe.db, "commit"):
			self.assertEqual(tiers.update_all_tiers(), 0)


class TestLedger(FrappeTestCase):
	def tearDown(self):
		frappe.set_user("Administrator")
		frappe.db.rollback()

	def setUp(self):
		self.member = join(make_customer().name)

	def test_one_entry_per_cause(self):
		first = points.post(self.member, "Earn", 100, f"test:{self.member}:once")
		again = points.post(self.member, "Earn", 100, f"test:{self.member}:once")
		self.assertEqual((first["recorded"], again["recorded"]), (True, False))
		self.assertEqual(again["entry"], first["entry"])
		self.assertEqual(points.balance(self.member), 100)
		self.assertEqual(len(entries_of(self.member)), 1)

	def test_a_signed_contract_earns_once_and_its_cancellation_takes_it_back(self):
		frappe.db.set_single_value("RE Club Settings", "points_per_10k", 1)
		frappe.clear_document_cache("RE Club Settings", "RE Club Settings")
		customer = frappe.db.get_value("RE Club Member", self.member, "customer")
		ground = make_sale_ground()
		contract = make_contract(ground.unit, [customer], payment_plan=ground.plan)
		expected = int(contract.final_price // 10_000)
		self.assertGreater(expected, 0)
		self.assertEqual(points.balance(self.member), expected)
		points.on_contract_submit(contract)  # the event again: a re-run or a re-submission
		self.assertEqual(points.balance(self.member), expected)
		self.assertEqual(len(entries_of(self.member)), 1)
		points.on_contract_cancel(contract)
		points.on_contract_cancel(contract)
		self.assertEqual(points.balance(self.member), 0)
		self.assertEqual([e.kind for e in entries_of(self.member)], ["Earn", "Adjust"])

	def test_an_answered_survey_earns_once(self):
		from recrm.service.surveys import answer_survey
		from recrm.tests.factories import make_survey

		frappe.db.set_single_value("RE Club Settings", "points_survey", 50)
		frappe.clear_document_cache("RE Club Settings", "RE Club Settings")
		customer = frappe.db.get_value("RE Club Member", self.member, "customer")
		survey = make_survey(customer=customer)
		self.assertEqual(points.balance(self.member), 0)
		answer_survey(survey.name, {"overall": 5})
		points.on_survey_update(frappe.get_doc("RE Satisfaction Survey", survey.name))
		self.assertEqual(points.balance(self.member), 50)
		self.assertEqual([e.cause for e in entries_of(self.member)], [f"survey:{survey.name}:{self.member}"])

	def test_birthday_points_once_a_year(self):
		frappe.db.set_value("RE Club Member", self.member, "birthday", "1980-" + nowdate()[5:])
		self.assertGreaterEqual(points.award_birthdays(), 1)
		self.assertEqual(points.award_birthdays(), 0)
		self.assertEqual(len([e for e in entries_of(self.member) if e.cause.startswith("birthday:")]), 1)

	def test_spending_more_than_the_balance_is_refused_and_nothing_written(self):
		points.post(self.member, "Earn", 50, f"test:{self.member}:earn")
		with self.assertRaises(ClubRuleError) as refused:
			points.spend(self.member, 51, f"test:{self.member}:spend")
		self.assertIn("Only 50 points are left", str(refused.exception))
		self.assertEqual(points.balance(self.member), 50)
		self.assertEqual(len(entries_of(self.member)), 1)

	def test_an_entry_is_never_edited_or_deleted(self):
		name = points.post(self.member, "Earn", 50, f"test:{self.member}:earn")["entry"]
		entry = frappe.get_doc("RE Points Entry", name)
		entry.points = 5000
		with self.assertRaises(ClubRuleError) as refused:
			entry.save(ignore_permissions=True)
		self.assertIn("never changed or deleted", str(refused.exception))
		with self.assertRaises(ClubRuleError):
			frappe.delete_doc("RE Points Entry", name, ignore_permissions=True)
		self.assertEqual(frappe.db.get_value("RE Points Entry", name, "points"), 50)
		self.assertEqual(points.balance(self.member), 50)

	def test_points_expire_at_the_end_of_the_second_year_after_spends_took_the_oldest(self):
		points.post(self.member, "Earn", 100, f"test:{self.member}:old", posted_on="2024-03-01")
		points.post(self.member, "Earn", 40, f"test:{self.member}:new", posted_on="2025-03-01")
		points.spend(self.member, 30, f"test:{self.member}:spend", posted_on="2025-06-01")
		with patch.object(frappe.db, "commit"):
			self.assertEqual(points.expire_points(getdate("2025-12-31")), 0)
			self.assertEqual(points.expire_points(getdate("2027-01-01")), 1)
			self.assertEqual(points.expire_points(getdate("2027-01-01")), 0)
		self.assertEqual(points.balance(self.member), 40)
		self.assertEqual(points.balance(self.member), ledger_sum(self.member))
		expired = [e for e in entries_of(self.member) if e.kind == "Expire"]
		self.assertEqual([(e.points, e.cause) for e in expired], [(-70, f"expire:{self.member}:2026-12-31")])

	def test_the_nightly_reconciliation_finds_a_tampered_balance(self):
		points.post(self.member, "Earn", 100, f"test:{self.member}:earn")
		self.assertNotIn(self.member, [row.member for row in points.mismatched_balances()])
		frappe.db.sql("update `tabRE Club Member` set points_balance = 9999 where name = %s", self.member)
		found = {row.member: row for row in points.reconcile()}
		self.assertIn(self.member, found)
		self.assertEqual((found[self.member].stored, int(found[self.member].ledger)), (9999, 100))
		# reported, not fixed
		self.assertEqual(points.balance(self.member), 9999)

	def test_a_form_save_never_overwrites_the_ledgers_balance(self):
		doc = frappe.get_doc("RE Club Member", self.member)
		points.post(self.member, "Earn", 70, f"test:{self.member}:earn")
		doc.points_balance = 1_000_000
		doc.save(ignore_permissions=True)
		self.assertEqual(points.balance(self.member), 70)

	def test_the_erpnext_mirror_stays_off_without_erpnext(self):
		frappe.db.set_single_value("RE Club Settings", "mirror_loyalty_program", 1)
		name = points.post(self.member, "Earn", 10, f"test:{self.member}:earn")["entry"]
		# on a site with ERPNext too: the site is made to read as one without it
		apps = [app for app in frappe.get_installed_apps() if app != "erpnext"]
		with patch("frappe.get_installed_apps", return_value=apps):
			self.assertFalse(points.loyalty_mirroring_enabled())
			self.assertFalse(points.mirror_to_loyalty_program(frappe.get_doc("RE Points Entry", name)))


class TestParallelSpends(RaceTestCase):
	def test_two_spends_at_once_never_take_the_balance_below_zero(self):
		member = join(make_customer().name)
		points.post(member, "Earn", 100, f"test:{member}:earn")
		frappe.db.commit()

		def spend(key):
			return lambda: points.spend(member, 80, f"test:{member}:spend:{key}")

		race = Race(
			[("Administrator", spend("a")), ("Administrator", spend("b"))], expected=(ClubRuleError,)
		).run()
		self.assertEqual(race.results(), ["refused", "won"], race.report("two spends"))
		self.assertEqual(points.balance(member), 20)
		self.assertEqual(ledger_sum(member), 20)
		for _user, outcome, message in race.outcomes:
			if outcome == "refused":
				self.assertIn("Only 20 points are left", message)

	def test_one_cause_twice_at_once_is_recorded_once(self):
		member = join(make_customer().name)
		frappe.db.commit()
		race = Race(
			[
				("Administrator", lambda: points.post(member, "Earn", 10, f"test:{member}:same"))
				for _ in range(3)
			]
		).run()
		self.assertEqual(race.results(), ["won", "won", "won"], race.report("same cause"))
		self.assertEqual(ledger_sum(member), 10)
		self.assertEqual(points.balance(member), 10)


class TestPortalClub(FrappeTestCase):
	def tearDown(self):
		frappe.set_user("Administrator")
		frappe.db.rollback()

	def page(self, user: str):
		return club_page_as(user)

	def test_a_buyer_joins_and_sees_only_their_own_membership(self):
		from recrm.api import portal_club

		alice, bob = make_buyer("club-alice"), make_buyer("club-bob")
		bobs = join(bob.customer)
		points.post(bobs, "Earn", 77, f"test:{bobs}:earn")
		frappe.set_user(alice.user)
		frappe.local.cache = {}
		self.assertIsNone(self.page(alice.user).member)
		frappe.set_user(alice.user)
		with self.assertRaises(frappe.ValidationError):
			portal_club.join_club(data_use=0)
		mine = portal_club.join_club(data_use=1, marketing=0)["member"]
		context = self.page(alice.user)
		self.assertEqual(context.member.name, mine)
		self.assertEqual(context.member.points_balance, 0)
		self.assertIn("<svg", context.card_svg)
		self.assertEqual(context.entries, [])
		frappe.set_user(alice.user)
		frappe.local.cache = {}
		with self.assertRaises(NotTheirsError):
			portal_club.set_marketing_consent(member=bobs, given=0)
		self.assertEqual(frappe.db.get_value("RE Club Member", bobs, "consent_marketing"), 1)
		context = self.page(bob.user)
		self.assertEqual(context.member.name, bobs)
		self.assertEqual([e.points for e in context.entries], [77])
		frappe.set_user("Administrator")
		self.assertEqual(
			frappe.db.get_value("RE Club Member", mine, ["customer", "channel"]), (alice.customer, "Portal")
		)
