"""The demo's owners' club: three tiers, members with a year of points, consents given and some
withdrawn; and its events: an owners' day and a cocktail reception past (registrations, attendance
checked in at the door, its points), a briefing to come (registered and a waiting list). An event
that exists (by its title) is left as it is, so a second run makes nothing.

About 800 members at scale 1 (40 at the tests' 0.05), drawn in a fixed order from the demo's
customers, the contracted ones first. Each joined on a day of the past two years, consenting to the
club's use of their data (and most to marketing messages; one in ten withdrew that since), and has a
year of points: monthly activity earns, some spends. Every entry has a cause of its own
(``demo:<member>:<n>``) and a customer already a member is not joined again, so a second run makes
nothing.
"""

import random
from datetime import date, datetime, timedelta

import frappe
from frappe import _
from frappe.utils import getdate, nowdate

from recrm.club import events, membership, merchants, points
from recrm.core import redemption
from recrm.demo import data

MEMBERS = 800  # at scale 1
REFERRALS = 120  # at scale 1
FAMILY = "王李张刘陈杨黄赵吴周"
GIVEN = ("伟", "芳", "娜", "敏", "静", "磊", "洋", "婷", "强", "军")
TIERS = (
	("Silver Card", 1, 0, 0, 0, "积分兑换礼品\n业主专属活动"),
	("Gold Card", 2, 800, 1, 0, "积分兑换礼品\n业主专属活动\n物业费九五折\n新盘优先选房"),
	("Diamond Card", 3, 2000, 1, 1, "积分兑换礼品\n业主专属活动\n物业费九折\n新盘优先选房\n专属客户经理"),
)


class ClubDemo:
	def __init__(self, builder):
		self.builder = builder
		self.scale = builder.scale
		self.created = {
			"members": 0,
			"points_entries": 0,
			"referrals": 0,
			"club_events": 0,
			"club_registrations": 0,
			"merchants": 0,
			"merchant_offers": 0,
			"redemption_codes": 0,
			"redemptions": 0,
		}

	def rng(self, *parts) -> random.Random:
		return self.builder.rng("club", *parts)

	def build(self) -> dict:
		self.make_tiers()
		today = getdate(nowdate())
		for customer in self.customers():
			self.make_member(customer, today)
		self.make_referrals(today)
		self.make_events(today)
		self.make_merchants(today)
		self.builder.say(
			_("Demo club: {0} members and {1} points entries created.").format(
				self.created["members"], self.created["points_entries"]
			)
		)
		return self.created

	def make_tiers(self) -> None:
		for name, order, min_points, min_units, min_years, benefits in TIERS:
			if not frappe.db.exists("RE Club Tier", name):
				frappe.get_doc(
					{
						"doctype": "RE Club Tier",
						"tier_name": name,
						"tier_order": order,
						"min_points": min_points,
						"min_units": min_units,
						"min_years": min_years,
						"benefits": benefits,
					}
				).insert(ignore_permissions=True)

	def customers(self) -> list[str]:
		count = max(1, round(MEMBERS * self.scale))
		contracted = frappe.db.sql_list(
			"""select distinct b.customer from `tabRE Contract Buyer` b join `tabRE Contract` c
			on c.name = b.parent where c.docstatus = 1 order by b.customer"""
		)
		others = frappe.get_all("RE Customer", pluck="name", order_by="name asc", limit=count * 2)
		chosen = list(dict.fromkeys(contracted + others))
		return chosen[:count]

	def make_member(self, customer: str, today: date) -> None:
		rng = self.rng(customer)
		existing = membership.member_of(customer)
		if existing:
			return
		marketing = rng.random() < 0.8
		member = membership.join(
			customer,
			rng.choice(("Desk", "Reception", "Portal")),
			{membership.DATA_USE: True, membership.MARKETING: marketing},
			rng.choice(("Signed Form", "Portal Tick", "Phone")),
			birthday=date(1960 + rng.randrange(40), 1 + rng.randrange(12), 1 + rng.randrange(28)),
		)
		joined = today - timedelta(days=rng.randrange(60, 730))
		frappe.db.set_value("RE Club Member", member, "joined_on", joined, update_modified=False)
		self.created["members"] += 1
		if marketing and rng.random() < 0.125:
			membership.record_consent(member, membership.MARKETING, False, "Phone")
		level = rng.random()
		monthly = 40 if level < 0.5 else (120 if level < 0.85 else 260)
		for month in range(12):
			on = today - timedelta(days=30 * (12 - month))
			earned = monthly + rng.randrange(0, 40)
			self.post(member, "Earn", earned, f"demo:{member}:{month}:earn", on, _("Club activity"))
			if rng.random() < 0.15:
				spend = min(points.balance(member), 30 + rng.randrange(0, 120))
				if spend > 0:
					self.post(member, "Spend", spend, f"demo:{member}:{month}:spend", on, _("Gift redeemed"))

	def make_referrals(self, today: date) -> None:
		"""Members' friends (老带新): most new to the file (attributed; some whose window ended,
		expired), some already customers (recorded at reception, not attributed). A friend's
		number is drawn from the member's own generator; a number already referred is skipped."""
		from recrm.club import referrals
		from recrm.errors import ClubRuleError
		from recrm.sales.phone_privacy import primary_numbers

		members = frappe.get_all(
			"RE Club Member", filters={"status": "Active"}, fields=["name", "customer"], order_by="name"
		)[: max(3, round(REFERRALS * self.scale))]
		known = frappe.get_all("RE Customer", pluck="name", order_by="name", limit=len(members))
		numbers = primary_numbers(known)
		for index, member in enumerate(members):
			rng = self.rng("referral", member.name)
			existing = rng.random() < 0.25 and numbers.get(known[index % len(known)])
			phone = existing or f"+86166{rng.randrange(10**8):08d}"
			if frappe.db.exists("RE Referral", {"phone_key": referrals.phone_key(phone)}):
				continue
			try:
				doc = frappe.get_doc(
					{
						"doctype": "RE Referral",
						"referrer": member.name,
						"friend_name": rng.choice(FAMILY) + rng.choice(GIVEN),
						"phone": phone,
						"channel": rng.choice(("Portal", "Reception")) if not existing else "Reception",
					}
				)
				doc.flags.ignore_permissions = True
				frappe.flags.mute_messages = True
				doc.insert()
			except ClubRuleError:
				continue
			finally:
				frappe.flags.mute_messages = False
			self.created["referrals"] += 1
			if doc.status == "Attributed":
				on = today - timedelta(days=rng.randrange(0, 300))
				frappe.db.set_value(
					"RE Referral",
					doc.name,
					{
						"referred_on": on,
						"attributed_on": on,
						"window_ends_on": referrals.rules.window_end(on, referrals.window_days()),
					},
					update_modified=False,
				)
		referrals.expire_lapsed(today)

	def post(self, member, kind, amount, cause, on, note) -> None:
		done = points.post(member, kind, amount, cause, posted_on=on, note=note)
		self.created["points_entries"] += int(done["recorded"])

	# --- events ------------------------------------------------------------------------------------

	def make_events(self, today: date) -> None:
		members = frappe.get_all(
			"RE Club Member", filters={"status": "Active"}, pluck="name", order_by="name asc"
		)
		if not members:
			return
		project = frappe.db.get_value("RE Project", {}, "name", order_by="name asc")
		size = max(4, round(60 * self.scale))
		plans = (
			# title, kind, days from today, capacity, points, past
			("业主日 · 春季社区开放日", "Owners' Day", -75, size, 80, True),
			("万客会新年酒会", "Cocktail Reception", -20, size, 50, True),
			# today's: the door of the club check-in page is open
			("业主沙龙 · 家居收纳分享", "Social", 0, max(2, size // 2), 20, False),
			("新盘说明会 · 二期", "Briefing", 12, max(2, size // 2), 30, False),
		)
		for title, kind, days, capacity, award, past in plans:
			if frappe.db.exists("RE Club Event", {"title": title}):
				continue
			starts = datetime.combine(today + timedelta(days=days), datetime.min.time()) + timedelta(hours=14)
			event = frappe.get_doc(
				{
					"doctype": "RE Club Event",
					"title": title,
					"kind": kind,
					"project": project,
					"venue": "销售中心" if kind == "Briefing" else "会所",
					"status": "Published",
					"starts_at": starts,
					"ends_at": starts + timedelta(hours=3),
					"registration_opens": starts - timedelta(days=30),
					"registration_closes": starts - timedelta(hours=2),
					"capacity": capacity,
					"points": award,
					"audience": "All Members",
				}
			).insert(ignore_permissions=True)
			self.created["club_events"] += 1
			rng = self.rng("event", title)
			chosen = rng.sample(members, min(len(members), capacity + max(2, capacity // 4)))
			window = starts - timedelta(days=10)
			for member in chosen:
				events.register(event.name, member, rng.choice(("Portal", "Desk")), now=window)
				self.created["club_registrations"] += 1
			if not past:
				continue
			seated = frappe.get_all(
				"RE Club Event Registration",
				filters={"event": event.name, "status": "Registered"},
				pluck="member",
				order_by="member asc",
			)
			for member in seated:
				if rng.random() < 0.8:
					events.check_in(event.name, member)
			frappe.db.set_value("RE Club Event", event.name, "status", "Completed", update_modified=False)

	# partner merchants (商业联盟) ---------------------------------------------------------------

	def make_merchants(self, today: date) -> None:
		"""Two merchants with offers (one per tier and up, one past), codes for some members and a
		few of them redeemed. Found by name again on a second run: nothing made or changed twice."""
		login = f"merchant@{data.EMAIL_DOMAIN}"
		offers = []
		for merchant_name, category, address, users, rows in MERCHANTS:
			merchant = frappe.db.get_value(merchants.MERCHANT, {"merchant_name": merchant_name}, "name")
			if not merchant:
				logins = [{"user": login}] if users and frappe.db.exists("User", login) else []
				merchant = (
					frappe.get_doc(
						{
							"doctype": merchants.MERCHANT,
							"merchant_name": merchant_name,
							"category": category,
							"address": address,
							"users": logins,
						}
					)
					.insert(ignore_permissions=True)
					.name
				)
				self.created["merchants"] += 1
			for title, tier, start, end, description in rows:
				offer = frappe.db.get_value(merchants.OFFER, {"merchant": merchant, "title": title}, "name")
				if not offer:
					offer = (
						frappe.get_doc(
							{
								"doctype": merchants.OFFER,
								"merchant": merchant,
								"title": title,
								"status": redemption.OFFER_ACTIVE,
								"minimum_tier": tier,
								"valid_from": today + timedelta(days=start),
								"valid_to": today + timedelta(days=end),
								"description": description,
							}
						)
						.insert(ignore_permissions=True)
						.name
					)
					self.created["merchant_offers"] += 1
				offers.append((merchant, offer, title, login if users else "Administrator"))
		chosen = frappe.get_all(
			membership.MEMBER,
			filters={"status": membership.ACTIVE},
			pluck="name",
			order_by="name asc",
			limit=max(4, round(CODE_HOLDERS * self.scale)),
		)
		# every merchant shows at least one redemption (its first code issued is used)
		redeemed = set(
			frappe.get_all(merchants.CODE, filters={"status": redemption.REDEEMED}, pluck="merchant")
		)
		for member in chosen:
			mine = {row.name for row in merchants.offers_for(member)}
			for merchant, offer, title, cashier in offers:
				# seeded by the offer's title: its name is a hash, different on every site
				rng = self.rng("code", member, title)
				if offer not in mine or rng.random() < 0.5:
					continue
				got = merchants.issue_code(member, offer)
				self.created["redemption_codes"] += int(got["new"])
				if got["status"] == redemption.ISSUED and (rng.random() < 0.4 or merchant not in redeemed):
					merchants.redeem(merchant, got["code"], cashier)
					redeemed.add(merchant)
					self.created["redemptions"] += 1


CODE_HOLDERS = 120  # members with codes, at scale 1
MERCHANTS = (
	(
		"悦味茶餐厅",
		"Dining",
		"滨江路 88 号商业街 1 层",
		True,
		(
			("会员饮品买一送一", None, -60, 120, "凭会员优惠码，任选饮品买一送一。"),
			("金卡会员午市套餐九折", "Gold Card", -30, 180, "金卡及以上会员，午市套餐九折。"),
			("夏日冰饮特惠", None, -200, -20, "已结束的夏季活动。"),
		),
	),
	(
		"花语家居花艺",
		"Home and Living",
		"滨江路 90 号",
		False,
		(
			("入住绿植赠送", None, -90, 90, "新业主凭优惠码领取绿植一盆。"),
			("钻石卡会员花艺八折", "Diamond Card", -10, 200, "钻石卡会员，全店花艺八折。"),
		),
	),
)
