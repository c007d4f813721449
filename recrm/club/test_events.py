"""Club events on a real bench: capacity and the waiting list that moves up, who may come, the
door (a second check-in refused, also two at once), attendance points once, and the portal."""

import frappe
from frappe.tests.utils import FrappeTestCase
from frappe.utils import add_days, add_to_date, now_datetime

from recrm.club import check_in, events, membership, points
from recrm.core.roles import CLUB_MANAGER, CS_AGENT
from recrm.errors import ClubRuleError
from recrm.portal.buyer import NotTheirsError
from recrm.tests.factories import make_contract, make_customer, make_sale_ground, make_user
from recrm.tests.portal_factories import club_page_as, make_buyer
from recrm.tests.race import Race, RaceTestCase

CONSENT = {membership.DATA_USE: True, membership.MARKETING: True}


def new_member(customer: str | None = None) -> str:
	return membership.join(customer or make_customer().name, consents=CONSENT)


def make_event(**kwargs) -> str:
	now = now_datetime()
	doc = frappe.get_doc(
		{
			"doctype": "RE Club Event",
			"title": kwargs.pop("title", "业主联谊会 " + frappe.generate_hash(length=6)),
			"kind": kwargs.pop("kind", "Social"),
			"status": kwargs.pop("status", "Published"),
			"starts_at": kwargs.pop("starts_at", add_to_date(now, hours=2)),
			"ends_at": kwargs.pop("ends_at", add_to_date(now, hours=5)),
			"registration_opens": kwargs.pop("registration_opens", add_days(now, -3)),
			"registration_closes": kwargs.pop("registration_closes", add_to_date(now, hours=1)),
			"capacity": kwargs.pop("capacity", 2),
			"points": kwargs.pop("points", 50),
			**kwargs,
		}
	)
	return doc.insert(ignore_permissions=True).name


def status_of(registration: str) -> tuple:
	return frappe.db.get_value(
		"RE Club Event Registration", registration, ["status", "waiting_position"], as_dict=False
	)


class TestRegistration(FrappeTestCase):
	def tearDown(self):
		frappe.set_user("Administrator")
		frappe.db.rollback()

	def test_capacity_then_the_waiting_list_which_moves_up_on_a_cancel(self):
		event = make_event(capacity=2)
		buyer = make_buyer("event-promoted")
		a, b, c, d = new_member(), new_member(), new_member(buyer.customer), new_member()
		ra, rb = events.register(event, a), events.register(event, b)
		rc, rd = events.register(event, c), events.register(event, d)
		self.assertEqual([r["status"] for r in (ra, rb, rc, rd)], ["Registered"] * 2 + ["Waiting"] * 2)
		self.assertEqual([rc["position"], rd["position"]], [1, 2])
		self.assertEqual(
			frappe.db.get_value("RE Club Event", event, ["registered_count", "waiting_count"]), (2, 2)
		)
		result = events.cancel(rb["registration"])
		self.assertEqual(result["promoted"], [rc["registration"]])
		self.assertEqual(status_of(rc["registration"]), ("Registered", 0))
		self.assertEqual(status_of(rd["registration"]), ("Waiting", 2))
		self.assertEqual(status_of(rb["registration"])[0], "Cancelled")
		self.assertTrue(
			frappe.db.exists(
				"Notification Log",
				{"for_user": buyer.user, "document_name": rc["registration"]},
			)
		)
		# a waiting place cancelled promotes nobody; a cancelled member registers again at the end
		events.cancel(rd["registration"])
		again = events.register(event, b)
		self.assertEqual(
			(again["registration"], again["status"], again["position"]), (rb["registration"], "Waiting", 1)
		)
		# more seats on the form: the waiting move up
		doc = frappe.get_doc("RE Club Event", event)
		doc.capacity = 3
		doc.save(ignore_permissions=True)
		self.assertEqual(status_of(rb["registration"])[0], "Registered")

	def test_one_registration_per_member_and_event(self):
		event, member = make_event(), new_member()
		events.register(event, member)
		with self.assertRaisesRegex(ClubRuleError, "already on the list"):
			events.register(event, member)
		# the unique index has the last word, should anything get past the check
		with self.assertRaises(Exception) as raised:
			frappe.db.sql(
				"""insert into `tabRE Club Event Registration` (name, event, member, status)
				values (%s, %s, %s, 'Waiting')""",
				(frappe.generate_hash(length=10), event, member),
			)
		self.assertIn("Duplicate", str(raised.exception))

	def test_registrations_by_hand_are_refused(self):
		event, member = make_event(), new_member()
		with self.assertRaisesRegex(ClubRuleError, "portal or at the door"):
			frappe.get_doc(
				{
					"doctype": "RE Club Event Registration",
					"event": event,
					"member": member,
					"status": "Registered",
				}
			).insert(ignore_permissions=True)

	def test_who_may_not_come_is_refused(self):
		now = now_datetime()
		member = new_member()
		gold = frappe.get_doc(
			{
				"doctype": "RE Club Tier",
				"tier_name": "测试金卡" + frappe.generate_hash(length=4),
				"tier_order": 90,
				"min_points": 10**6,
			}
		).insert(ignore_permissions=True)
		cases = [
			(make_event(status="Draft"), "not open for registration"),
			(
				make_event(
					registration_opens=add_days(now, 1),
					registration_closes=add_days(now, 2),
					starts_at=add_days(now, 3),
					ends_at=add_days(now, 3.2),
				),
				"opens on",
			),
			(
				make_event(registration_opens=add_days(now, -3), registration_closes=add_days(now, -1)),
				"closed on",
			),
			(make_event(audience="Minimum Tier", min_tier=gold.name), "higher tier"),
			(
				make_event(audience="Owners of the Project", project=make_sale_ground().project),
				"for the owners of",
			),
		]
		for event, message in cases:
			with self.assertRaisesRegex(ClubRuleError, message):
				events.register(event, member)
		membership.leave(member)
		with self.assertRaisesRegex(ClubRuleError, "Only active club members"):
			events.register(make_event(), member)
		self.assertFalse(frappe.db.exists("RE Club Event Registration", {"member": member}))

	def test_the_owners_of_the_project_may_come(self):
		ground = make_sale_ground()
		make_contract(ground.unit, [ground.customer], payment_plan=ground.plan)
		member = new_member(ground.customer)
		event = make_event(audience="Owners of the Project", project=ground.project)
		self.assertEqual(events.register(event, member)["status"], "Registered")

	def test_event_form_checks(self):
		now = now_datetime()
		with self.assertRaisesRegex(ClubRuleError, "end after it starts"):
			make_event(starts_at=add_days(now, 2), ends_at=add_days(now, 1))
		with self.assertRaisesRegex(ClubRuleError, "minimum tier"):
			make_event(audience="Minimum Tier")
		with self.assertRaisesRegex(ClubRuleError, "cannot be negative"):
			make_event(capacity=-1)


class TestCheckIn(FrappeTestCase):
	def tearDown(self):
		frappe.set_user("Administrator")
		frappe.db.rollback()

	def test_check_in_earns_the_points_once_and_a_second_is_refused(self):
		event, member = make_event(points=50), new_member()
		reg = events.register(event, member)["registration"]
		result = events.check_in(event, member.lower().replace("-", ""))
		self.assertEqual((result["registration"], result["points"], result["walk_in"]), (reg, 50, False))
		self.assertEqual(points.balance(member), 50)
		with self.assertRaisesRegex(ClubRuleError, "already checked in"):
			events.check_in(event, member)
		self.assertEqual(points.balance(member), 50)
		self.assertEqual(frappe.db.count("RE Points Entry", {"cause": f"event:{reg}:attended"}), 1)
		row = frappe.db.get_value(
			"RE Club Event Registration", reg, ["status", "checked_in_by", "checked_in_at"], as_dict=True
		)
		self.assertEqual((row.status, row.checked_in_by), ("Attended", "Administrator"))
		self.assertTrue(row.checked_in_at)
		# an attended place is not cancelled
		with self.assertRaisesRegex(ClubRuleError, "Only a registered or waiting place"):
			events.cancel(reg)

	def test_walk_ins_while_seats_are_free(self):
		event = make_event(capacity=1)
		first, second = new_member(), new_member()
		self.assertTrue(events.check_in(event, first)["walk_in"])
		with self.assertRaisesRegex(ClubRuleError, "is full"):
			events.check_in(event, second)
		closed = make_event(capacity=10, admit_walk_ins=0)
		with self.assertRaisesRegex(ClubRuleError, "not registered"):
			events.check_in(closed, second)

	def test_bad_codes_and_closed_doors(self):
		event = make_event()
		with self.assertRaisesRegex(ClubRuleError, "not a member code"):
			events.check_in(event, "hello")
		with self.assertRaisesRegex(ClubRuleError, "No club member has the number"):
			events.check_in(event, "CM-999999999")
		draft = make_event(status="Draft")
		with self.assertRaisesRegex(ClubRuleError, "not open for check-in"):
			events.check_in(draft, new_member())

	def test_only_the_door_staff_check_in(self):
		event, member = make_event(), new_member()
		events.register(event, member)
		agent = make_user("event-cs@recrm.test", [CS_AGENT])
		club = make_user("event-club@recrm.test", [CLUB_MANAGER])
		frappe.set_user(agent)
		with self.assertRaises(frappe.PermissionError):
			check_in.scan(event, member)
		frappe.set_user(club)
		self.assertEqual(check_in.scan(event, member)["member"], member)
		self.assertIn(event, [row.name for row in check_in.door_events()])


class TestParallelCheckIn(RaceTestCase):
	def test_two_check_ins_of_one_member_at_once_admit_once_and_earn_once(self):
		event, member = make_event(points=30), new_member()
		reg = events.register(event, member)["registration"]
		frappe.db.commit()
		race = Race(
			[("Administrator", lambda: events.check_in(event, member)) for _ in range(2)],
			expected=(ClubRuleError,),
		).run()
		self.assertEqual(race.results(), ["refused", "won"], race.report("two check-ins"))
		self.assertEqual(points.balance(member), 30)
		self.assertEqual(frappe.db.count("RE Points Entry", {"cause": f"event:{reg}:attended"}), 1)
		for _user, outcome, message in race.outcomes:
			if outcome == "refused":
				self.assertIn("already checked in", message)

	def test_two_registrations_for_the_last_seat(self):
		event = make_event(capacity=1)
		a, b = new_member(), new_member()
		frappe.db.commit()
		race = Race([("Administrator", lambda m=m: events.register(event, m)) for m in (a, b)]).run()
		self.assertEqual(race.results(), ["won", "won"], race.report("last seat"))
		statuses = sorted(
			frappe.get_all("RE Club Event Registration", filters={"event": event}, pluck="status")
		)
		self.assertEqual(statuses, ["Registered", "Waiting"])


class TestPortalEvents(FrappeTestCase):
	def tearDown(self):
		frappe.set_user("Administrator")
		frappe.db.rollback()

	def page(self, user: str):
		return club_page_as(user)

	def test_a_member_registers_and_cancels_on_the_portal_and_only_their_own(self):
		from recrm.api import portal_club

		alice, bob = make_buyer("event-alice"), make_buyer("event-bob")
		new_member(alice.customer)
		bobs = new_member(bob.customer)
		event = make_event(capacity=1)
		bobs_place = events.register(event, bobs)["registration"]
		context = self.page(alice.user)
		shown = [e for e in context.events if e.name == event]
		self.assertEqual((len(shown), shown[0].may_register, shown[0].full), (1, True, True))
		frappe.set_user(alice.user)
		frappe.local.cache = {}
		mine = portal_club.register_for_event(event=event)
		self.assertEqual((mine["status"], mine["position"]), ("Waiting", 1))
		shown = next(e for e in self.page(alice.user).events if e.name == event)
		self.assertEqual((shown.status, shown.position, shown.may_cancel), ("Waiting", 1, True))
		frappe.set_user(alice.user)
		frappe.local.cache = {}
		with self.assertRaises(NotTheirsError):
			portal_club.cancel_event_registration(registration=bobs_place)
		self.assertEqual(status_of(bobs_place)[0], "Registered")
		portal_club.cancel_event_registration(registration=mine["registration"])
		self.assertEqual(status_of(mine["registration"])[0], "Cancelled")
		# a website user holds no permission on the DocTypes
		self.assertFalse(frappe.has_permission("RE Club Event Registration", "read", user=alice.user))
		self.assertFalse(frappe.has_permission("RE Club Event", "read", user=alice.user))
