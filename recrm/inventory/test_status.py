"""Unit status changes: who may make them, where they may go, and one winner when requests race."""

import frappe

from recrm.errors import UnitStatusError
from recrm.inventory.status import apply_sales_control, change_unit_status
from recrm.tests.cases import StaffTestCase
from recrm.tests.factories import make_unit
from recrm.tests.race import Race, RaceTestCase


class TestUnitStatus(StaffTestCase):
	STAFF_PREFIX = "status"
	STAFF = ("manager", "advisor")

	def setUp(self):
		self.unit = make_unit()

	def history(self) -> list[dict]:
		return frappe.get_all(
			"RE Unit Status Log",
			filters={"unit": self.unit.name},
			fields=["from_status", "to_status", "changed_by", "reason", "reference_doctype"],
			order_by="creation asc",
		)

	def test_a_manager_holds_and_releases_with_the_reason_kept(self):
		frappe.set_user(self.manager)
		apply_sales_control(self.unit.name, "hold", "开盘前销控")
		self.assertEqual(frappe.db.get_value("RE Unit", self.unit.name, "status"), "Held")
		apply_sales_control(self.unit.name, "release", "加推")
		self.assertEqual(frappe.db.get_value("RE Unit", self.unit.name, "status"), "Available")
		history = self.history()
		self.assertEqual(
			[(h.from_status, h.to_status) for h in history], [("Available", "Held"), ("Held", "Available")]
		)
		self.assertEqual(history[0].changed_by, self.manager)
		self.assertEqual(history[0].reason, "开盘前销控")

	def test_an_advisor_cannot_hold(self):
		frappe.set_user(self.advisor)
		with self.assertRaises(frappe.PermissionError):
			apply_sales_control(self.unit.name, "hold", "mine")
		frappe.set_user("Administrator")
		self.assertEqual(frappe.db.get_value("RE Unit", self.unit.name, "status"), "Available")
		self.assertEqual(self.history(), [])

	def test_a_reason_is_required(self):
		frappe.set_user(self.manager)
		with self.assertRaises(frappe.ValidationError):
			apply_sales_control(self.unit.name, "hold", "  ")

	def test_impossible_moves_are_refused_and_leave_no_trace(self):
		change_unit_status(self.unit.name, "Reserved", "reservation", "RE Unit", self.unit.name)
		frappe.set_user(self.manager)
		with self.assertRaises(UnitStatusError):
			apply_sales_control(self.unit.name, "hold", "too late")
		frappe.set_user("Administrator")
		with self.assertRaises(UnitStatusError):
			change_unit_status(self.unit.name, "Handed Over", "skipping the contract")
		self.assertEqual(frappe.db.get_value("RE Unit", self.unit.name, "status"), "Reserved")
		self.assertEqual(len(self.history()), 1)

	def test_a_caller_that_saw_another_status_is_refused(self):
		change_unit_status(self.unit.name, "Held", "sales control")
		with self.assertRaises(UnitStatusError) as error:
			change_unit_status(self.unit.name, "Reserved", "reservation", expected_from="Available")
		self.assertIn(self.unit.unit_number, str(error.exception))


class TestUnitStatusRace(StaffTestCase, RaceTestCase):
	"""Real parallel connections: exactly one of many managers racing to hold a unit wins."""

	STAFF_PREFIX = "status-race"
	WORKERS = 8

	def setUp(self):
		super().setUp()
		self.unit = make_unit()
		self.managers = self.staff_team("manager", self.WORKERS)

	def test_only_one_hold_wins(self):
		def hold(user):
			return lambda: apply_sales_control(self.unit.name, "hold", f"hold by {user}")

		race = Race([(user, hold(user)) for user in self.managers], expected=(UnitStatusError,)).run()

		self.assertEqual(race.results(), ["refused"] * (self.WORKERS - 1) + ["won"], race.outcomes)
		self.assertEqual(frappe.db.get_value("RE Unit", self.unit.name, "status"), "Held")
		history = frappe.get_all("RE Unit Status Log", filters={"unit": self.unit.name}, fields=["to_status"])
		self.assertEqual([h.to_status for h in history], ["Held"])
