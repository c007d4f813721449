"""Referrals (老带新) on a real bench: attribution decided by the customer file (refusals for another
advisor's protected customer, an existing customer, oneself by phone, one's household), the number
never kept on the referral, conversion within and outside the window, the reward given once,
clawback, two contracts signed at once rewarding once, and the portal form."""

import frappe
from frappe.tests.utils import FrappeTestCase
from frappe.utils import add_days, nowdate

from recrm.club import membership, points, referrals
from recrm.errors import ClubRuleError
from recrm.tests.factories import (
	make_contract,
	make_customer,
	make_owned_customer,
	make_sale_ground,
	make_staff,
	primary_number,
	random_mobile,
)
from recrm.tests.portal_factories import club_page_as, make_buyer
from recrm.tests.race import Race, RaceTestCase

CONSENT = {membership.DATA_USE: True, membership.MARKETING: True}
REWARD = 500


def set_referral_settings(**values):
	values = {"points_referral": REWARD, "referral_window_days": 30, "referral_clawback_days": 60, **values}
	for field, value in values.items():
		frappe.db.set_single_value("RE Club Settings", field, value)


def refer(member: str, phone: str, **kwargs):
	return frappe.get_doc(
		{
			"doctype": "RE Referral",
			"referrer": member,
			"friend_name": kwargs.pop("friend_name", "王小明"),
			"phone": phone,
			"channel": kwargs.pop("channel", "Reception"),
			**kwargs,
		}
	).insert()


def cancel(contract):
	"""Cancel a signed contract as its approved cancellation request does (RE Sales Change)."""
	contract.reload()
	contract.flags.via_sales_change = True
	contract.cancel()


def referral_entries(referral: str) -> list:
	return frappe.get_all(
		"RE Points Entry",
		filters={"reference_doctype": "RE Referral", "reference_name": referral},
		fields=["kind", "points", "cause"],
		order_by="creation",
	)


class ReferralCase:
	def member(self, **customer) -> str:
		customer = make_customer(**customer).name
		return membership.join(customer, consents=CONSENT)

	def signed(self, friend: str, **kwargs):
		ground = make_sale_ground()
		return make_contract(ground.unit, [friend], payment_plan=ground.plan, **kwargs)


class TestReferralAttribution(ReferralCase, FrappeTestCase):
	def setUp(self):
		set_referral_settings()
		self.ground = make_sale_ground()
		self.staff = make_staff("ref", "advisor")

	def tearDown(self):
		frappe.set_user("Administrator")
		frappe.db.rollback()

	def test_a_new_friend_is_attributed_and_registered_without_the_number_on_the_referral(self):
		member = self.member()
		phone = random_mobile()
		doc = refer(member, phone, project=self.ground.project, advisor=self.staff.advisor)
		self.assertEqual(doc.status, "Attributed")
		self.assertEqual(str(doc.window_ends_on), add_days(nowdate(), 30))
		self.assertFalse(doc.phone)
		stored = frappe.db.get_value("RE Referral", doc.name, ["phone", "phone_masked"])
		self.assertIsNone(stored[0])
		self.assertIn("****", stored[1])
		digits = phone.replace(" ", "")
		row = frappe.db.sql("select * from `tabRE Referral` where name = %s", doc.name, as_dict=True)[0]
		self.assertFalse([v for v in row.values() if isinstance(v, str) and digits in v])
		friend = frappe.get_doc("RE Customer", doc.friend_customer)
		self.assertEqual(primary_number(friend.name), "+86" + digits)
		self.assertEqual(friend.referred_by, frappe.db.get_value("RE Club Member", member, "customer"))
		self.assertEqual(
			[(r.project, r.advisor) for r in friend.advisors], [(self.ground.project, self.staff.advisor)]
		)

	def test_an_advisor_records_a_referral_at_reception_as_their_own(self):
		from recrm.tests.factories import acting_as

		member = self.member()
		other = make_staff("ref-other", "advisor").advisor
		with acting_as(self.staff.advisor):
			doc = refer(member, random_mobile(), project=self.ground.project, advisor=other)
		self.assertEqual((doc.status, doc.advisor), ("Attributed", self.staff.advisor))
		owners = frappe.get_all(
			"RE Customer Advisor", filters={"parent": doc.friend_customer}, pluck="advisor"
		)
		self.assertEqual(owners, [self.staff.advisor])

	def test_a_customer_protected_by_another_advisor_is_not_attributed(self):
		other = make_staff("ref-other", "advisor").advisor
		phone = random_mobile()
		make_owned_customer(self.ground.project, other, 10, phone=phone)
		doc = refer(self.member(), phone, project=self.ground.project, advisor=self.staff.advisor)
		self.assertEqual(doc.status, "Not Attributed")
		self.assertIn("protected by another advisor", doc.reason)
		# on the portal the same referral is refused, nothing written
		with self.assertRaises(ClubRuleError):
			refer(self.member(), phone, channel="Portal")

	def test_an_existing_customer_of_a_project_is_not_attributed(self):
		phone = random_mobile()
		make_owned_customer(self.ground.project, self.staff.advisor, -5, phone=phone)
		doc = refer(self.member(), phone, advisor=self.staff.advisor)
		self.assertEqual(doc.status, "Not Attributed")
		self.assertIn("already a customer of", doc.reason)
		buyer = make_customer().name
		self.signed(buyer)
		with self.assertRaises(ClubRuleError) as refused:
			refer(self.member(), primary_number(buyer), channel="Portal")
		self.assertIn("already a customer", str(refused.exception))

	def test_referring_oneself_by_phone_is_refused(self):
		phone = random_mobile()
		member = self.member(phone=phone)
		before = frappe.db.count("RE Referral")
		with self.assertRaises(ClubRuleError) as refused:
			refer(member, phone.replace(" ", "-"))
		self.assertIn("your own phone", str(refused.exception))
		self.assertEqual(frappe.db.count("RE Referral"), before)

	def test_referring_ones_household_is_refused(self):
		member = self.member()
		mine = frappe.db.get_value("RE Club Member", member, "customer")
		spouse = make_customer().name
		ground = make_sale_ground()
		make_contract(ground.unit, [mine, spouse], payment_plan=ground.plan)
		with self.assertRaises(ClubRuleError) as refused:
			refer(member, primary_number(spouse))
		self.assertIn("household", str(refused.exception))

	def test_a_friend_referred_once_is_not_referred_again(self):
		phone = random_mobile()
		refer(self.member(), phone)
		with self.assertRaises(ClubRuleError):
			refer(self.member(), phone, channel="Portal")

	def test_a_bad_number_is_refused_with_the_phone_message(self):
		with self.assertRaises(ClubRuleError) as refused:
			refer(self.member(), "12345")
		self.assertIn("12345", str(refused.exception))

	def test_the_record_cannot_be_rewritten(self):
		doc = refer(self.member(), random_mobile())
		doc.status = "Rewarded"
		with self.assertRaises(ClubRuleError):
			doc.save()


class TestReferralConversion(ReferralCase, FrappeTestCase):
	def setUp(self):
		set_referral_settings()

	def tearDown(self):
		frappe.db.rollback()

	def test_signing_within_the_window_converts_and_rewards_once(self):
		member = self.member()
		referral = refer(member, random_mobile())
		contract = self.signed(referral.friend_customer)
		doc = frappe.get_doc("RE Referral", referral.name)
		self.assertEqual((doc.status, doc.contract, doc.reward_points), ("Rewarded", contract.name, REWARD))
		self.assertEqual(points.balance(member), REWARD)
		# running the conversion again, or a second contract of the friend, rewards nothing more
		referrals.on_contract_submit(contract)
		referrals.reward(referral.name)
		self.signed(referral.friend_customer)
		self.assertEqual(points.balance(member), REWARD)
		self.assertEqual(len(referral_entries(referral.name)), 1)

	def test_signing_outside_the_window_does_not_convert(self):
		member = self.member()
		referral = refer(member, random_mobile())
		frappe.db.set_value("RE Referral", referral.name, "attributed_on", add_days(nowdate(), -31))
		self.signed(referral.friend_customer)
		self.assertEqual(frappe.db.get_value("RE Referral", referral.name, "status"), "Expired")
		self.assertEqual(points.balance(member), 0)

	def test_a_cancellation_within_the_clawback_window_takes_the_reward_back_once(self):
		member = self.member()
		referral = refer(member, random_mobile())
		contract = self.signed(referral.friend_customer)
		self.assertEqual(points.balance(member), REWARD)
		cancel(contract)
		doc = frappe.get_doc("RE Referral", referral.name)
		self.assertEqual((doc.status, doc.clawed_back_points), ("Clawed Back", REWARD))
		self.assertEqual(points.balance(member), 0)
		self.assertEqual(
			[e.cause.rsplit(":", 1)[1] for e in referral_entries(referral.name)], ["reward", "clawback"]
		)
		# the contract's submit run again, or another contract of the friend, does not reward again
		referrals.on_contract_submit(contract)
		self.signed(referral.friend_customer)
		self.assertEqual(points.balance(member), 0)
		self.assertEqual(frappe.db.get_value("RE Referral", referral.name, "status"), "Clawed Back")

	def test_a_cancellation_after_the_clawback_window_keeps_the_reward(self):
		member = self.member()
		referral = refer(member, random_mobile())
		contract = self.signed(referral.friend_customer)
		frappe.db.set_value("RE Referral", referral.name, "rewarded_on", add_days(nowdate(), -61))
		cancel(contract)
		self.assertEqual(frappe.db.get_value("RE Referral", referral.name, "status"), "Rewarded")
		self.assertEqual(points.balance(member), REWARD)

	def test_the_nightly_run_expires_lapsed_referrals(self):
		referral = refer(self.member(), random_mobile())
		self.assertEqual(referrals.expire_lapsed(add_days(nowdate(), 31)), 1)
		self.assertEqual(frappe.db.get_value("RE Referral", referral.name, "status"), "Expired")

	def test_the_report_counts_by_referrer(self):
		from recrm.club.report.referrals.referrals import execute

		member = self.member()
		referral = refer(member, random_mobile())
		refer(member, random_mobile())
		self.signed(referral.friend_customer)
		_columns, data = execute({"group_by": "referrer"})
		row = next(row for row in data if row.grp == member)
		self.assertEqual(
			(row.referrals, row.attributed, row.converted, row.rewarded, row.points), (2, 2, 1, 1, REWARD)
		)
		with self.assertRaises(frappe.ValidationError):
			execute({"group_by": "nonsense"})

	def test_the_share_of_new_customers(self):
		refer(self.member(), random_mobile())
		share = referrals.referral_share()
		self.assertEqual(share["fieldtype"], "Percent")
		self.assertGreater(share["value"], 0)


class TestReferralRace(ReferralCase, RaceTestCase):
	def test_two_contracts_signed_at_once_reward_once(self):
		set_referral_settings()
		member = self.member()
		referral = refer(member, random_mobile())
		friend = referral.friend_customer
		drafts = []
		for _ in range(2):
			ground = make_sale_ground()
			contract = make_contract(ground.unit, [friend], payment_plan=ground.plan, submit=False)
			drafts.append(contract.name)
		frappe.db.commit()

		def submit(name):
			def run():
				doc = frappe.get_doc("RE Contract", name)
				doc.submit()

			return run

		race = Race([("Administrator", submit(name)) for name in drafts]).run()
		self.assertEqual(race.results(), ["won", "won"], race.report("two contracts"))
		frappe.db.rollback()
		self.assertEqual(points.balance(member), REWARD)
		self.assertEqual(len(referral_entries(referral.name)), 1)
		self.assertEqual(frappe.db.get_value("RE Referral", referral.name, "status"), "Rewarded")


class TestPortalReferral(FrappeTestCase):
	def tearDown(self):
		frappe.set_user("Administrator")
		frappe.db.rollback()

	def page(self, user: str):
		return club_page_as(user)

	def test_a_member_refers_a_friend_and_sees_only_their_own_referrals(self):
		from recrm.api import portal_club

		set_referral_settings()
		alice, bob = make_buyer("ref-alice"), make_buyer("ref-bob")
		membership.join(alice.customer, consents=CONSENT)
		bobs = membership.join(bob.customer, consents=CONSENT)
		refer(bobs, random_mobile(), friend_name="李四")
		frappe.set_user(alice.user)
		frappe.local.cache = {}
		done = portal_club.refer_friend(friend_name="张三丰", phone=random_mobile())
		self.assertEqual(done["status"], "Attributed")
		frappe.set_user(alice.user)
		with self.assertRaises(ClubRuleError):
			portal_club.refer_friend(friend_name="Me", phone=primary_number(alice.customer))
		context = self.page(alice.user)
		self.assertEqual([(r.friend, r.status_key) for r in context.referrals], [("张**", "Attributed")])
		self.assertIn("****", context.referrals[0].phone)
		self.assertEqual(frappe.db.get_value("RE Referral", done["referral"], "channel"), "Portal")

	def test_a_buyer_who_is_no_member_cannot_refer(self):
		from recrm.api import portal_club

		carol = make_buyer("ref-carol")
		frappe.set_user(carol.user)
		frappe.local.cache = {}
		with self.assertRaises(frappe.ValidationError):
			portal_club.refer_friend(friend_name="X", phone=random_mobile())
