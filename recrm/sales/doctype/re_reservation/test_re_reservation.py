# Copyright (c) 2026, recrm developers and contributors
# For license information, please see license.txt

import frappe
from frappe.utils import add_days, get_datetime, nowdate

from recrm.errors import SalesRuleError, UnitStatusError
from recrm.inventory.status import apply_sales_control
from recrm.sales.doctype.re_reservation.re_reservation import cancel_reservation
from recrm.sales.reservations import expire_lapsed_reservations
from recrm.tests.cases import StaffTestCase
from recrm.tests.factories import (
	acting_as,
	make_customer,
	make_project,
	make_reservation,
	make_unit,
)


def status_of(unit: str) -> str:
	return frappe.db.get_value("RE Unit", unit, "status")


def history(unit: str) -> list[tuple]:
	return [
		(row.from_status, row.to_status, row.reference_name)
		for row in frappe.get_all(
			"RE Unit Status Log",
			filters={"unit": unit},
			fields=["from_status", "to_status", "reference_name", "creation"],
			order_by="creation asc, changed_at asc",
		)
	]


class ReservationTestCase(StaffTestCase):
	STAFF_PREFIX = "rsv"
	STAFF = ("advisor", "other_advisor", "manager", "gm", "finance", "service")

	def setUp(self):
		self.set_up_sale(unit={"floor_price": 900_000})

	def reserve(self, user=None, **kwargs):
		with acting_as(user or self.advisor):
			return make_reservation(
				kwargs.pop("unit", self.unit), kwargs.pop("customer", self.customer), **kwargs
			)


class TestReservation(ReservationTestCase):
	def test_submitting_subscribes_the_unit_and_qualifies_the_customer(self):
		reservation = self.reserve()
		self.assertEqual(reservation.status, "Active")
		self.assertEqual(reservation.advisor, self.advisor)
		self.assertEqual(reservation.project, self.project)
		self.assertEqual(reservation.list_price, 1_000_000)
		self.assertEqual(frappe.db.get_value("RE Reservation", reservation.name, "active_unit"), self.unit)
		self.assertEqual(status_of(self.unit), "Subscribed")
		self.assertEqual(history(self.unit), [("Available", "Subscribed", reservation.name)])
		customer = frappe.get_doc("RE Customer", self.customer)
		self.assertEqual(customer.lifecycle_stage, "Qualified")
		self.assertEqual(customer.stage_log[-1].cause, "reservation")

	def test_a_reserved_unit_cannot_be_reserved_again(self):
		self.reserve()
		with self.assertRaises(UnitStatusError) as error:
			self.reserve(user=self.other_advisor, customer=make_customer().name)
		unit_number = frappe.db.get_value("RE Unit", self.unit, "unit_number")
		self.assertIn(unit_number, str(error.exception))
		self.assertIn("Subscribed", str(error.exception))
		self.assertEqual(frappe.db.count("RE Reservation", {"unit": self.unit}), 1)

	def test_refusals_are_told_in_the_users_language(self):
		self.reserve()
		frappe.local.lang = "zh"
		try:
			with self.assertRaises(UnitStatusError) as error:
				self.reserve(user=self.other_advisor, customer=make_customer().name)
			with self.assertRaises(SalesRuleError) as dates:
				self.reserve(unit=make_unit(self.building).name, valid_until=add_days(nowdate(), -1))
		finally:
			frappe.local.lang = "en"
		self.assertIn("只有可售房源才能认购", str(error.exception))
		self.assertIn("已认购", str(error.exception))
		self.assertIn("早于认购日期", str(dates.exception))

	def test_a_held_unit_cannot_be_reserved_until_released(self):
		frappe.set_user(self.manager)
		apply_sales_control(self.unit, "hold", "开盘前销控")
		with self.assertRaises(UnitStatusError):
			self.reserve()
		frappe.set_user(self.manager)
		apply_sales_control(self.unit, "release", "加推")
		self.assertEqual(self.reserve().status, "Active")

	def test_a_unit_taken_between_saving_and_submitting_is_refused_under_the_lock(self):
		frappe.set_user(self.advisor)
		draft = make_reservation(self.unit, self.customer, submit=False)
		frappe.set_user(self.manager)
		apply_sales_control(self.unit, "hold", "领导留房")
		frappe.set_user(self.advisor)
		draft.reload()
		frappe.db.savepoint("submit")
		with self.assertRaises(UnitStatusError) as error:
			draft.submit()
		self.assertIn("no longer", str(error.exception))
		frappe.db.rollback(save_point="submit")  # as the failed request is
		frappe.set_user("Administrator")
		self.assertEqual(frappe.db.get_value("RE Reservation", draft.name, "docstatus"), 0)
		self.assertEqual(status_of(self.unit), "Held")

	def test_the_database_allows_one_active_reservation_per_unit(self):
		first = self.reserve()
		second = make_reservation(make_unit(self.building).name, make_customer().name)
		# whatever bypasses the unit's lock, the unique index has the last word
		second.unit = first.unit
		with self.assertRaises(UnitStatusError):
			from recrm.sales.deals import claim_unit

			claim_unit(second)
		indexes = frappe.db.sql(
			"show index from `tabRE Reservation` where Key_name = 'unique_active_reservation'"
		)
		self.assertTrue(indexes and indexes[0][1] == 0, "a UNIQUE index on active_unit")

	def test_dates_in_the_wrong_order_are_refused(self):
		with self.assertRaises(SalesRuleError) as error:
			self.reserve(reserved_on=nowdate(), valid_until=add_days(nowdate(), -1))
		self.assertIn("is before the reservation date", str(error.exception))
		self.assertEqual(status_of(self.unit), "Available")

	def test_a_reservation_that_has_already_lapsed_cannot_be_submitted(self):
		with self.assertRaises(SalesRuleError) as error:
			self.reserve(reserved_on=add_days(nowdate(), -5), valid_until=add_days(nowdate(), -1))
		self.assertIn("has passed", str(error.exception))

	def test_a_deposit_above_the_price_or_nothing_is_refused(self):
		with self.assertRaises(SalesRuleError) as error:
			self.reserve(deposit=1_200_000)
		self.assertIn("more than the agreed price", str(error.exception))
		with self.assertRaises(SalesRuleError) as error:
			self.reserve(deposit=0)
		self.assertIn("greater than zero", str(error.exception))
		with self.assertRaises(SalesRuleError):
			self.reserve(deposit=100.005)
		self.assertEqual(frappe.db.count("RE Reservation", {"unit": self.unit}), 0)

	def test_below_the_floor_price_only_the_general_manager_may_reserve(self):
		with self.assertRaises(SalesRuleError) as error:
			self.reserve(agreed_price=850_000)
		# the advisor may not see the floor price: the message does not tell it
		self.assertNotIn("900", str(error.exception))
		self.assertIn("floor price", str(error.exception))
		frappe.set_user(self.manager)
		with self.assertRaises(SalesRuleError) as error:
			make_reservation(self.unit, self.customer, agreed_price=850_000)
		self.assertIn("900,000.00", str(error.exception))
		frappe.set_user("Administrator")
		self.assertEqual(self.reserve(user=self.gm, agreed_price=850_000).status, "Active")

	def test_an_advisor_reserves_only_in_their_projects_and_in_their_own_name(self):
		limited = self.staff_limited_to("advisor", make_project().name, name="limited")
		with self.assertRaises(frappe.PermissionError):
			self.reserve(user=limited)
		with self.assertRaises(frappe.PermissionError):
			self.reserve(advisor=self.other_advisor)
		self.assertEqual(status_of(self.unit), "Available")

	def test_an_advisor_cannot_reserve_for_a_customer_another_advisor_protects(self):
		protected = make_customer(
			advisors=[
				{
					"project": self.project,
					"advisor": self.other_advisor,
					"protected_until": add_days(nowdate(), 10),
				}
			]
		).name
		with self.assertRaises(frappe.PermissionError):
			self.reserve(customer=protected)
		self.assertEqual(self.reserve(user=self.other_advisor, customer=protected).status, "Active")

	def test_customer_service_reads_but_does_not_reserve(self):
		reservation = self.reserve()
		frappe.set_user(self.service)
		self.assertTrue(frappe.has_permission("RE Reservation", "read", doc=reservation.name))
		self.assertFalse(frappe.has_permission("RE Reservation", "create"))
		frappe.set_user(self.finance)
		self.assertIn(reservation.name, frappe.get_list("RE Reservation", pluck="name"))

	def test_an_advisor_sees_only_their_own_and_their_customers_reservations(self):
		mine = self.reserve()
		theirs = self.reserve(
			user=self.other_advisor, unit=make_unit(self.building).name, customer=make_customer().name
		)
		frappe.set_user(self.advisor)
		names = frappe.get_list("RE Reservation", pluck="name")
		self.assertIn(mine.name, names)
		self.assertNotIn(theirs.name, names)
		self.assertFalse(frappe.has_permission("RE Reservation", "read", doc=theirs.name))
		frappe.set_user(self.manager)
		self.assertEqual(
			set(frappe.get_list("RE Reservation", pluck="name")) >= {mine.name, theirs.name}, True
		)


class TestReservationCancellation(ReservationTestCase):
	def test_cancelling_with_a_refund_frees_the_unit_and_keeps_the_decision(self):
		reservation = self.reserve(deposit=20_000)
		frappe.set_user(self.advisor)
		result = cancel_reservation(reservation.name, "Refund", "客户改买其他楼盘")
		frappe.set_user("Administrator")
		self.assertEqual(result["status"], "Cancelled")
		reservation.reload()
		self.assertEqual(reservation.docstatus, 2)
		self.assertEqual((reservation.deposit_refunded, reservation.deposit_forfeited), (20_000, 0))
		self.assertEqual(reservation.cancelled_by, self.advisor)
		self.assertIsNone(frappe.db.get_value("RE Reservation", reservation.name, "active_unit"))
		self.assertEqual(status_of(self.unit), "Available")
		self.assertEqual(
			history(self.unit),
			[("Available", "Subscribed", reservation.name), ("Subscribed", "Available", reservation.name)],
		)
		# the customer put money down once: still qualified
		self.assertEqual(frappe.db.get_value("RE Customer", self.customer, "lifecycle_stage"), "Qualified")
		# the unit can be reserved again
		self.assertEqual(self.reserve(customer=make_customer().name).status, "Active")

	def test_only_a_manager_may_forfeit_the_deposit(self):
		reservation = self.reserve()
		frappe.set_user(self.advisor)
		with self.assertRaises(frappe.PermissionError):
			cancel_reservation(reservation.name, "Forfeit", "客户违约")
		frappe.set_user("Administrator")
		self.assertEqual(frappe.db.get_value("RE Reservation", reservation.name, "status"), "Active")
		self.assertEqual(status_of(self.unit), "Subscribed")
		frappe.set_user(self.manager)
		cancel_reservation(reservation.name, "Forfeit", "客户违约")
		frappe.set_user("Administrator")
		reservation.reload()
		self.assertEqual((reservation.deposit_refunded, reservation.deposit_forfeited), (0, 50_000))
		self.assertEqual(status_of(self.unit), "Available")

	def test_cancelling_needs_a_decision_on_the_deposit_and_a_reason(self):
		reservation = self.reserve()
		frappe.set_user(self.advisor)
		reservation.reload()
		with self.assertRaises(SalesRuleError) as error:
			reservation.cancel()
		self.assertIn("reason", str(error.exception))
		with self.assertRaises(SalesRuleError) as error:
			cancel_reservation(reservation.name, "", "客户放弃")
		self.assertIn("deposit", str(error.exception))
		with self.assertRaises(SalesRuleError):
			cancel_reservation(reservation.name, "Refund", "   ")
		frappe.set_user("Administrator")
		self.assertEqual(frappe.db.get_value("RE Reservation", reservation.name, "docstatus"), 1)
		self.assertEqual(status_of(self.unit), "Subscribed")

	def test_a_cancelled_reservation_is_amended_into_a_fresh_draft(self):
		reservation = self.reserve()
		frappe.set_user(self.advisor)
		cancel_reservation(reservation.name, "Refund", "日期写错")
		amended = frappe.copy_doc(frappe.get_doc("RE Reservation", reservation.name))
		amended.update({"amended_from": reservation.name, "docstatus": 0})  # as the Amend button does
		amended.valid_until = add_days(nowdate(), 14)
		amended.insert()
		self.assertEqual(amended.name, f"{reservation.name}-1")
		self.assertEqual(
			(amended.status, amended.deposit_fate, amended.cancellation_reason), ("Draft", None, None)
		)
		amended.submit()
		frappe.set_user("Administrator")
		self.assertEqual(status_of(self.unit), "Subscribed")

	def test_others_cannot_cancel(self):
		reservation = self.reserve()
		for user in (self.finance, self.service):
			frappe.set_user(user)
			with self.assertRaises(frappe.PermissionError):
				cancel_reservation(reservation.name, "Refund", "not mine")
		frappe.set_user("Administrator")
		self.assertEqual(status_of(self.unit), "Subscribed")


class TestReservationExpiry(ReservationTestCase):
	def test_the_daily_job_expires_lapsed_reservations_once(self):
		lapsing = self.reserve(valid_until=nowdate())
		other_unit = make_unit(self.building).name
		lasting = self.reserve(
			unit=other_unit, customer=make_customer().name, valid_until=add_days(nowdate(), 3)
		)
		tomorrow = get_datetime(add_days(nowdate(), 1))

		self.assertEqual(expire_lapsed_reservations(now=tomorrow, commit=False), 1)
		lapsing.reload()
		self.assertEqual(lapsing.status, "Expired")
		self.assertIsNotNone(lapsing.expired_on)
		self.assertIsNone(frappe.db.get_value("RE Reservation", lapsing.name, "active_unit"))
		self.assertEqual(status_of(self.unit), "Available")
		self.assertEqual(status_of(other_unit), "Subscribed")
		self.assertEqual(frappe.db.get_value("RE Reservation", lasting.name, "status"), "Active")

		before = (history(self.unit), frappe.db.get_value("RE Reservation", lapsing.name, "modified"))
		self.assertEqual(expire_lapsed_reservations(now=tomorrow, commit=False), 0)
		self.assertEqual(
			(history(self.unit), frappe.db.get_value("RE Reservation", lapsing.name, "modified")), before
		)
		self.assertEqual(len(history(self.unit)), 2)

	def test_a_reservation_valid_today_is_not_expired_today(self):
		self.reserve(valid_until=nowdate())
		self.assertEqual(expire_lapsed_reservations(commit=False), 0)
		self.assertEqual(status_of(self.unit), "Subscribed")

	def test_an_expired_reservation_is_cancelled_to_record_its_deposit_without_touching_the_unit(self):
		expired = self.reserve(valid_until=nowdate())
		expire_lapsed_reservations(now=get_datetime(add_days(nowdate(), 1)), commit=False)
		self.reserve(customer=make_customer().name)  # the unit was sold on
		frappe.set_user(self.manager)
		cancel_reservation(expired.name, "Forfeit", "逾期未签约，定金不退")
		frappe.set_user("Administrator")
		expired.reload()
		self.assertEqual((expired.status, expired.deposit_forfeited), ("Cancelled", 50_000))
		self.assertEqual(status_of(self.unit), "Subscribed")

	def test_a_unit_changed_by_hand_is_logged_and_does_not_stop_the_others(self):
		broken = self.reserve(valid_until=nowdate())
		fine = self.reserve(
			unit=make_unit(self.building).name, customer=make_customer().name, valid_until=nowdate()
		)
		frappe.db.set_value("RE Unit", self.unit, "status", "Held")  # behind the system's back
		self.assertEqual(
			expire_lapsed_reservations(now=get_datetime(add_days(nowdate(), 1)), commit=False), 1
		)
		self.assertEqual(frappe.db.get_value("RE Reservation", broken.name, "status"), "Active")
		self.assertEqual(frappe.db.get_value("RE Reservation", fine.name, "status"), "Expired")
		self.assertTrue(frappe.db.exists("Error Log", {"reference_name": broken.name}))
