"""What a buyer does on the portal: sign up for site-visit days and book handover appointments —
places counted under a lock, one sign-up per day, one booked appointment per unit, changes until a
day before — and the last place goes to one buyer only when many race for it."""

from datetime import timedelta
from unittest.mock import patch

import frappe
from frappe.tests.utils import FrappeTestCase
from frappe.utils import add_days, get_datetime, now_datetime, nowdate

from recrm.api import portal
from recrm.errors import PortalRuleError
from recrm.handover.doctype.re_handover_appointment.re_handover_appointment import SlotTakenError
from recrm.portal.buyer import NotTheirsError
from recrm.tests.factories import make_building, make_project, make_unit
from recrm.tests.portal_factories import (
	make_appointment,
	make_buyer,
	make_handover_slot,
	make_site_visit_day,
	make_site_visit_sign_up,
	make_title_deed,
)
from recrm.tests.race import Race, RaceTestCase


class PortalCase(FrappeTestCase):
	def setUp(self):
		self.project = make_project().name
		self.building = make_building(project=self.project).name
		self.buyer = self.owner_of(make_unit(self.building, floor=2).name)

	def tearDown(self):
		frappe.set_user("Administrator")
		frappe.db.rollback()

	def owner_of(self, unit: str) -> frappe._dict:
		buyer = make_buyer("act")
		make_title_deed(unit, [buyer.customer])
		buyer.unit = unit
		return buyer


class TestSiteVisitSignUp(PortalCase):
	def test_a_buyer_signs_up_with_company_and_the_places_are_counted(self):
		day = make_site_visit_day(self.project, self.building, capacity=5).name
		frappe.set_user(self.buyer.user)
		result = portal.sign_up_for_site_visit(day, persons=3)
		self.assertEqual(result["persons"], 3)
		frappe.set_user("Administrator")
		self.assertEqual(frappe.db.get_value("RE Site Visit Day", day, "signed_up_persons"), 3)
		sign_up = frappe.get_doc("RE Site Visit Sign-up", result["sign_up"])
		self.assertEqual(sign_up.customer, self.buyer.customer)

	def test_a_day_for_the_whole_project_is_open_to_its_buyers(self):
		day = make_site_visit_day(self.project, capacity=5).name
		frappe.set_user(self.buyer.user)
		portal.sign_up_for_site_visit(day)

	def test_a_full_day_refuses_more_than_is_left(self):
		day = make_site_visit_day(self.project, self.building, capacity=4).name
		other = self.owner_of(make_unit(self.building, floor=3).name)
		frappe.set_user(other.user)
		portal.sign_up_for_site_visit(day, persons=3)
		frappe.set_user(self.buyer.user)
		with self.assertRaises(PortalRuleError) as error:
			portal.sign_up_for_site_visit(day, persons=2)
		self.assertIn("1", str(error.exception))
		portal.sign_up_for_site_visit(day, persons=1)

	def test_one_sign_up_per_buyer_and_day(self):
		day = make_site_visit_day(self.project, self.building).name
		frappe.set_user(self.buyer.user)
		portal.sign_up_for_site_visit(day)
		with self.assertRaises(PortalRuleError):
			portal.sign_up_for_site_visit(day)
		frappe.set_user("Administrator")
		# the unique index refuses it even past the method's own check
		with self.assertRaises(frappe.UniqueValidationError):
			make_site_visit_sign_up(day, self.buyer.customer)
		frappe.clear_messages()

	def test_parties_are_one_to_four(self):
		day = make_site_visit_day(self.project, self.building).name
		frappe.set_user(self.buyer.user)
		for persons in (0, 5):
			with self.assertRaises(PortalRuleError):
				portal.sign_up_for_site_visit(day, persons=persons)

	def test_closed_past_and_other_buildings_days_are_refused(self):
		closed = make_site_visit_day(self.project, self.building, status="Closed").name
		other_building = make_site_visit_day(self.project, make_building(project=self.project).name).name
		frappe.set_user(self.buyer.user)
		with self.assertRaises(PortalRuleError):
			portal.sign_up_for_site_visit(closed)
		with self.assertRaises(NotTheirsError):
			portal.sign_up_for_site_visit(other_building)
		frappe.set_user("Administrator")
		past = make_site_visit_day(self.project, self.building, days_ahead=1)
		past.db_set("visit_date", add_days(nowdate(), -1))
		frappe.set_user(self.buyer.user)
		with self.assertRaises(PortalRuleError):
			portal.sign_up_for_site_visit(past.name)

	def test_a_sign_up_is_cancelled_until_a_day_before(self):
		day = make_site_visit_day(self.project, self.building, capacity=5).name
		frappe.set_user(self.buyer.user)
		portal.sign_up_for_site_visit(day, persons=2)
		portal.cancel_site_visit_sign_up(day)
		frappe.set_user("Administrator")
		self.assertEqual(frappe.db.get_value("RE Site Visit Day", day, "signed_up_persons"), 0)
		soon = make_site_visit_day(self.project, self.building, days_ahead=0)
		soon.db_set("start_time", (now_datetime() + timedelta(hours=3)).strftime("%H:%M:%S"))
		if get_datetime(f"{soon.visit_date} {soon.start_time}") <= now_datetime():
			return  # too close to midnight to make a visit later today
		frappe.set_user(self.buyer.user)
		portal.sign_up_for_site_visit(soon.name)
		with self.assertRaises(PortalRuleError):
			portal.cancel_site_visit_sign_up(soon.name)

	def test_staff_cannot_lower_the_capacity_below_the_sign_ups(self):
		day = make_site_visit_day(self.project, self.building, capacity=5)
		frappe.set_user(self.buyer.user)
		portal.sign_up_for_site_visit(day.name, persons=3)
		frappe.set_user("Administrator")
		day.reload()
		day.capacity = 2
		with self.assertRaises(PortalRuleError):
			day.save()


class TestHandoverBooking(PortalCase):
	def test_a_buyer_books_a_slot_for_their_unit(self):
		slot = make_handover_slot(self.project, self.building, capacity=2).name
		frappe.set_user(self.buyer.user)
		result = portal.book_handover(slot, self.buyer.unit)
		frappe.set_user("Administrator")
		appointment = frappe.get_doc("RE Handover Appointment", result["appointment"])
		self.assertEqual((appointment.customer, appointment.status), (self.buyer.customer, "Booked"))
		self.assertEqual(appointment.booked_by, self.buyer.user)
		self.assertEqual(frappe.db.get_value("RE Handover Slot", slot, "booked"), 1)

	def test_a_slot_just_taken_is_refused_clearly(self):
		slot = make_handover_slot(self.project, self.building, capacity=1).name
		other = self.owner_of(make_unit(self.building, floor=4).name)
		frappe.set_user(other.user)
		portal.book_handover(slot, other.unit)
		frappe.set_user(self.buyer.user)
		with self.assertRaises(SlotTakenError) as error:
			portal.book_handover(slot, self.buyer.unit)
		self.assertIn("just taken", str(error.exception))
		self.assertNotIn(other.full_name, str(error.exception))

	def test_booking_again_moves_the_appointment(self):
		first = make_handover_slot(self.project, self.building, capacity=1).name
		second = make_handover_slot(self.project, self.building, capacity=1, days_ahead=9).name
		frappe.set_user(self.buyer.user)
		booked = portal.book_handover(first, self.buyer.unit)["appointment"]
		moved = portal.book_handover(second, self.buyer.unit)
		self.assertEqual(moved, {"appointment": booked, "moved": True})
		frappe.set_user("Administrator")
		self.assertEqual(frappe.db.get_value("RE Handover Slot", first, "booked"), 0)
		self.assertEqual(frappe.db.get_value("RE Handover Slot", second, "booked"), 1)

	def test_a_unit_has_one_booked_appointment_whatever_the_route(self):
		slot = make_handover_slot(self.project, self.building, capacity=3).name
		make_appointment(self.buyer.customer, self.buyer.unit, slot)
		with self.assertRaises(frappe.UniqueValidationError):
			make_appointment(self.buyer.customer, self.buyer.unit, slot)
		frappe.clear_messages()

	def test_cancelling_frees_the_place_until_a_day_before(self):
		slot = make_handover_slot(self.project, self.building, capacity=1).name
		frappe.set_user(self.buyer.user)
		appointment = portal.book_handover(slot, self.buyer.unit)["appointment"]
		portal.cancel_handover(appointment)
		frappe.set_user("Administrator")
		self.assertEqual(frappe.db.get_value("RE Handover Appointment", appointment, "status"), "Cancelled")
		self.assertEqual(frappe.db.get_value("RE Handover Slot", slot, "booked"), 0)
		tomorrow = make_handover_slot(self.project, self.building, days_ahead=1)
		tomorrow.db_set("slot_start", now_datetime() + timedelta(hours=5))
		tomorrow.db_set("slot_end", now_datetime() + timedelta(hours=6))
		frappe.set_user(self.buyer.user)
		soon = portal.book_handover(tomorrow.name, self.buyer.unit)["appointment"]
		with self.assertRaises(PortalRuleError):
			portal.cancel_handover(soon)

	def test_a_slot_of_another_building_or_a_unit_not_theirs_is_refused(self):
		elsewhere = make_handover_slot(self.project, make_building(project=self.project).name).name
		slot = make_handover_slot(self.project, self.building).name
		stranger = make_unit(self.building, floor=6).name
		frappe.set_user(self.buyer.user)
		with self.assertRaises(NotTheirsError):
			portal.book_handover(elsewhere, self.buyer.unit)
		with self.assertRaises(NotTheirsError):
			portal.book_handover(slot, stranger)

	def test_a_slot_that_has_begun_is_refused(self):
		slot = make_handover_slot(self.project, self.building)
		slot.db_set("slot_start", now_datetime() - timedelta(minutes=5))
		frappe.set_user(self.buyer.user)
		with self.assertRaises(PortalRuleError):
			portal.book_handover(slot.name, self.buyer.unit)


class TestDeadlocks(FrappeTestCase):
	def test_a_booking_ended_by_a_deadlock_is_tried_again(self):
		# MariaDB deadlocks two first inserts of a naming series (gap locks on tabSeries)
		calls = []

		def action():
			calls.append(1)
			if len(calls) == 1:
				raise frappe.QueryDeadlockError("Deadlock found when trying to get lock")
			return "booked"

		with patch.object(frappe.db, "rollback") as rollback:
			self.assertEqual(portal.retried_on_deadlock(action), "booked")
		self.assertEqual(len(calls), 2)
		rollback.assert_called_once()

	def test_a_lasting_deadlock_is_not_hidden(self):
		def action():
			raise frappe.QueryDeadlockError("Deadlock found when trying to get lock")

		with patch.object(frappe.db, "rollback"), patch.object(portal.time, "sleep"):
			with self.assertRaises(frappe.QueryDeadlockError):
				portal.retried_on_deadlock(action)


class TestTheLastPlace(RaceTestCase):
	"""Real parallel connections: buyers racing for the last places get them one each, no more."""

	WORKERS = 6

	def setUp(self):
		super().setUp()
		self.project = make_project().name
		self.building = make_building(project=self.project).name
		self.buyers = []
		for floor in range(1, self.WORKERS + 1):
			buyer = make_buyer(email=f"portal-race-{floor}@recrm.test")
			buyer.unit = make_unit(self.building, floor=floor).name
			make_title_deed(buyer.unit, [buyer.customer])
			self.buyers.append(buyer)
		self.slot = make_handover_slot(self.project, self.building, capacity=2).name
		self.day = make_site_visit_day(self.project, self.building, capacity=3).name

	def race(self, attempt) -> list[str]:
		attempts = [(buyer.user, lambda buyer=buyer: attempt(buyer)) for buyer in self.buyers]
		return Race(attempts, expected=(PortalRuleError,)).run().results()

	def test_two_places_in_a_slot_go_to_two_buyers(self):
		outcomes = self.race(lambda buyer: portal.book_handover(self.slot, buyer.unit))
		self.assertEqual(outcomes, ["refused"] * (self.WORKERS - 2) + ["won"] * 2, outcomes)
		self.assertEqual(
			frappe.db.count("RE Handover Appointment", {"slot": self.slot, "status": "Booked"}), 2
		)
		self.assertEqual(frappe.db.get_value("RE Handover Slot", self.slot, "booked"), 2)

	def test_three_places_on_a_day_go_to_three_buyers(self):
		outcomes = self.race(lambda buyer: portal.sign_up_for_site_visit(self.day, persons=1))
		self.assertEqual(outcomes, ["refused"] * (self.WORKERS - 3) + ["won"] * 3, outcomes)
		self.assertEqual(frappe.db.count("RE Site Visit Sign-up", {"site_visit_day": self.day}), 3)
		self.assertEqual(frappe.db.get_value("RE Site Visit Day", self.day, "signed_up_persons"), 3)
