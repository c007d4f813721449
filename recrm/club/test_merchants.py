"""Partner merchants on a real bench: a member's code issued once, redeemed once (also by two
cashiers at once), refused to another merchant, for an expired offer and to a member of a lower
tier; a merchant's login sees only its own offers and redemptions and holds no DocType permission."""

import frappe
from frappe.tests.utils import FrappeTestCase
from frappe.utils import add_days, nowdate

from recrm.api import portal_club, portal_merchant
from recrm.club import membership
from recrm.club.merchants import CODE, RedemptionError, offers_for
from recrm.core import redemption
from recrm.core.roles import MERCHANT_ROLE
from recrm.errors import PortalRuleError
from recrm.portal.access import PortalAccessError, home_page
from recrm.portal.merchant import current_merchant
from recrm.tests.factories import make_user
from recrm.tests.portal_factories import make_buyer
from recrm.tests.race import Race, RaceTestCase

CONSENT = {membership.DATA_USE: True, membership.MARKETING: False}


def merchant_user(email: str) -> str:
	"""A website user (the merchant's role comes with the merchant)."""
	return make_user(email, [])


def make_merchant(name: str, user: str) -> str:
	doc = frappe.get_doc(
		{
			"doctype": "RE Club Merchant",
			"merchant_name": f"{name} {frappe.generate_hash(length=6)}",
			"category": "Dining",
			"users": [{"user": user}],
		}
	).insert()
	frappe.clear_cache(user=user)
	return doc.name


def make_offer(merchant: str, title: str, tier: str | None = None, **kwargs) -> str:
	return (
		frappe.get_doc(
			{
				"doctype": "RE Merchant Offer",
				"merchant": merchant,
				"title": title,
				"minimum_tier": tier,
				"status": kwargs.pop("status", "Active"),
				"valid_from": kwargs.pop("valid_from", add_days(nowdate(), -10)),
				"valid_to": kwargs.pop("valid_to", add_days(nowdate(), 30)),
				**kwargs,
			}
		)
		.insert()
		.name
	)


def make_tiers() -> tuple[str, str]:
	names = []
	for label, order in (("Silver", 1), ("Gold", 2)):
		name = f"Test {label} {frappe.generate_hash(length=6)}"
		frappe.get_doc({"doctype": "RE Club Tier", "tier_name": name, "tier_order": order}).insert()
		names.append(name)
	return names[0], names[1]


def member_of_tier(buyer, tier: str) -> str:
	member = membership.member_of(buyer.customer) or membership.join(buyer.customer, consents=CONSENT)
	frappe.db.set_value("RE Club Member", member, "tier", tier)
	return member


def as_user(user: str):
	frappe.set_user(user)
	frappe.local.cache.clear()


class TestMerchants(FrappeTestCase):
	def setUp(self):
		frappe.set_user("Administrator")
		self.silver, self.gold = make_tiers()
		self.gold_buyer = make_buyer("gold-member")
		self.silver_buyer = make_buyer("silver-member")
		self.gold_member = member_of_tier(self.gold_buyer, self.gold)
		self.silver_member = member_of_tier(self.silver_buyer, self.silver)
		self.cashier = merchant_user(f"cashier-{frappe.generate_hash(length=8)}@recrm.test")
		self.other_cashier = merchant_user(f"cashier-{frappe.generate_hash(length=8)}@recrm.test")
		self.merchant = make_merchant("茶餐厅", self.cashier)
		self.other = make_merchant("花店", self.other_cashier)
		self.gold_offer = make_offer(self.merchant, "金卡九折", self.gold)
		self.open_offer = make_offer(self.merchant, "免费饮品")
		self.other_offer = make_offer(self.other, "鲜花八折")

	def tearDown(self):
		frappe.set_user("Administrator")
		frappe.db.rollback()

	def code_of(self, buyer, offer: str) -> str:
		as_user(buyer.user)
		try:
			return portal_club.get_offer_code(offer)["code"]
		finally:
			frappe.set_user("Administrator")

	def redeem_as(self, user: str, code: str) -> dict:
		as_user(user)
		try:
			return portal_merchant.redeem_code(code)
		finally:
			frappe.set_user("Administrator")

	def test_the_merchant_login_gets_the_role_and_no_doctype_permission(self):
		self.assertIn(MERCHANT_ROLE, frappe.get_roles(self.cashier))
		for doctype in ("DocPerm", "Custom DocPerm"):
			self.assertEqual(frappe.get_all(doctype, filters={"role": MERCHANT_ROLE}, pluck="parent"), [])
		for doctype in ("RE Club Merchant", "RE Merchant Offer", CODE, "RE Club Member"):
			self.assertFalse(frappe.has_permission(doctype, "read", user=self.cashier), doctype)
		self.assertEqual(home_page(self.cashier), "merchant")

	def test_a_staff_login_cannot_be_a_merchant_login(self):
		with self.assertRaises(frappe.ValidationError):
			make_merchant("药房", "Administrator")

	def test_the_code_is_issued_once(self):
		first = self.code_of(self.gold_buyer, self.gold_offer)
		again = self.code_of(self.gold_buyer, self.gold_offer)
		self.assertEqual(first, again)
		self.assertTrue(redemption.is_well_formed(redemption.normalise(first)))
		self.assertEqual(frappe.db.count(CODE, {"member": self.gold_member, "offer": self.gold_offer}), 1)
		# the unique index stands behind the lock
		with self.assertRaises(frappe.UniqueValidationError):
			frappe.get_doc(
				{
					"doctype": CODE,
					"member": self.gold_member,
					"offer": self.gold_offer,
					"merchant": self.merchant,
					"code": redemption.new_code(),
				}
			).insert(ignore_permissions=True)

	def test_the_offers_of_a_tier(self):
		silver = {o.name for o in offers_for(self.silver_member)}
		gold = {o.name for o in offers_for(self.gold_member)}
		self.assertNotIn(self.gold_offer, silver)
		self.assertIn(self.open_offer, silver)
		self.assertTrue({self.gold_offer, self.open_offer, self.other_offer} <= gold)

	def test_a_member_of_a_lower_tier_is_refused(self):
		with self.assertRaises(PortalRuleError) as refused:
			self.code_of(self.silver_buyer, self.gold_offer)
		self.assertIn("not an offer for your tier", str(refused.exception))
		self.assertFalse(frappe.db.exists(CODE, {"member": self.silver_member}))

	def test_a_code_is_redeemed_once(self):
		code = self.code_of(self.gold_buyer, self.gold_offer)
		typed = " " + code.lower().replace("-", " ") + " "
		got = self.redeem_as(self.cashier, typed)
		self.assertIn(code, got["message"])
		row = frappe.db.get_value(
			CODE, {"code": redemption.normalise(code)}, ["status", "redeemed_by"], as_dict=True
		)
		self.assertEqual((row.status, row.redeemed_by), ("Redeemed", self.cashier))
		with self.assertRaises(RedemptionError) as refused:
			self.redeem_as(self.cashier, code)
		self.assertIn("redeemed already", str(refused.exception))

	def test_another_merchants_code_and_a_made_up_code_are_refused_alike(self):
		code = self.code_of(self.gold_buyer, self.gold_offer)
		messages = []
		for typed in (code, redemption.display(redemption.new_code()), "12345", None):
			with self.assertRaises(RedemptionError) as refused:
				self.redeem_as(self.other_cashier, typed)
			messages.append(str(refused.exception))
		self.assertIn("is not a code for one of your offers", messages[0])
		made_up = messages[1].split(" ")[0]
		self.assertEqual(messages[0].replace(code, "X"), messages[1].replace(made_up, "X"))
		self.assertEqual(frappe.db.get_value(CODE, {"code": redemption.normalise(code)}, "status"), "Issued")

	def test_an_expired_or_closed_offer_is_refused(self):
		code = self.code_of(self.gold_buyer, self.gold_offer)
		frappe.db.set_value("RE Merchant Offer", self.gold_offer, "valid_to", add_days(nowdate(), -1))
		with self.assertRaises(RedemptionError) as refused:
			self.redeem_as(self.cashier, code)
		self.assertIn("ended on", str(refused.exception))
		frappe.db.set_value(
			"RE Merchant Offer", self.gold_offer, {"valid_to": add_days(nowdate(), 5), "status": "Closed"}
		)
		with self.assertRaises(RedemptionError) as refused:
			self.redeem_as(self.cashier, code)
		self.assertIn("is not running", str(refused.exception))
		self.assertEqual(frappe.db.get_value(CODE, {"code": redemption.normalise(code)}, "status"), "Issued")

	def test_a_merchant_sees_only_their_own(self):
		self.redeem_as(self.cashier, self.code_of(self.gold_buyer, self.gold_offer))
		self.redeem_as(self.other_cashier, self.code_of(self.gold_buyer, self.other_offer))
		as_user(self.cashier)
		mine = current_merchant()
		self.assertEqual(mine.merchant, self.merchant)
		self.assertEqual({o.name for o in mine.offers()}, {self.gold_offer, self.open_offer})
		self.assertEqual({r.offer for r in mine.redemptions()}, {self.gold_offer})
		for user in ("Guest", self.gold_buyer.user):
			as_user(user)
			with self.assertRaises(PortalAccessError):
				current_merchant()
			with self.assertRaises(PortalAccessError):
				portal_merchant.redeem_code("X")
		# a disabled merchant's login is no merchant's
		frappe.set_user("Administrator")
		frappe.db.set_value("RE Club Merchant", self.merchant, "enabled", 0)
		as_user(self.cashier)
		with self.assertRaises(PortalAccessError):
			current_merchant()


class TestRedemptionRace(RaceTestCase):
	@classmethod
	def make_shared_records(cls):
		frappe.set_user("Administrator")
		_silver, cls.gold = make_tiers()
		cls.buyer = make_buyer(email="merchant-race-member@recrm.test")
		cls.member = member_of_tier(cls.buyer, cls.gold)
		cls.cashiers = [merchant_user(f"merchant-race-{i}@recrm.test") for i in (1, 2)]
		cls.merchant = (
			frappe.get_doc(
				{
					"doctype": "RE Club Merchant",
					"merchant_name": f"竞速商户 {frappe.generate_hash(length=6)}",
					"users": [{"user": user} for user in cls.cashiers],
				}
			)
			.insert()
			.name
		)
		cls.offer = make_offer(cls.merchant, "竞速优惠", cls.gold)

	def test_two_requests_for_a_code_at_once_get_one_code(self):
		got = []

		def ask():
			frappe.local.cache.clear()
			got.append(portal_club.get_offer_code(self.offer)["code"])

		race = Race([(self.buyer.user, ask), (self.buyer.user, ask)], expected=(RedemptionError,)).run()
		self.assertEqual(race.results(), ["won", "won"], race.report("two asks"))
		self.assertEqual(len(set(got)), 1)
		self.assertEqual(frappe.db.count(CODE, {"member": self.member, "offer": self.offer}), 1)

	def test_a_code_typed_at_two_tills_at_once_is_redeemed_once(self):
		frappe.set_user(self.buyer.user)
		code = portal_club.get_offer_code(self.offer)["code"]
		frappe.set_user("Administrator")

		def redeem():
			frappe.local.cache.clear()
			portal_merchant.redeem_code(code)

		race = Race([(user, redeem) for user in self.cashiers], expected=(RedemptionError,)).run()
		self.assertEqual(race.results(), ["refused", "won"], race.report("two tills"))
		print(race.report("two tills"))
		refusal = next(o.message for o in race.outcomes if o.outcome == "refused")
		self.assertIn("redeemed already", refusal)
		row = frappe.db.get_value(
			CODE, {"code": redemption.normalise(code)}, ["status", "redeemed_by"], as_dict=True
		)
		self.assertEqual(row.status, "Redeemed")
		self.assertEqual(row.redeemed_by, race.winners()[0])
