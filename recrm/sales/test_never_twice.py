"""Never twice: whatever requests arrive at once, one unit is reserved or sold once.

Each request runs in its own thread on its own database connection (``frappe.init`` +
``frappe.connect``), released together by a barrier, as concurrent HTTP requests would be. The
records they race for are committed first, and removed again afterwards.
"""

import random
from unittest.mock import patch

import frappe
from frappe.utils import add_days, nowdate

from recrm.errors import SalesRuleError, UnitStatusError
from recrm.inventory.status import apply_sales_control
from recrm.sales import reservations
from recrm.sales.reservations import expire_lapsed_reservations, lapsed_reservations
from recrm.tests.cases import StaffTestCase
from recrm.tests.factories import (
	make_building,
	make_contract,
	make_customer,
	make_payment_plan,
	make_project,
	make_receipt,
	make_reservation,
	make_unit,
)
from recrm.tests.race import Race, RaceTestCase

ADVISORS = 20
MANAGERS = 4
# generous: the figures are printed; the target is 2 s for 20+ requests
TIME_LIMIT = 15


class NeverTwiceTestCase(StaffTestCase, RaceTestCase):
	STAFF_PREFIX = "race"

	@classmethod
	def make_shared_records(cls):
		cls.advisors = cls.staff_team("advisor", ADVISORS)
		cls.managers = cls.staff_team("manager", MANAGERS)
		cls.finance = cls.staff_team("finance", 6)

	def setUp(self):
		super().setUp()
		self.project = make_project().name
		self.building = make_building(project=self.project).name
		self.plan = make_payment_plan(self.project).name

	def unit(self) -> str:
		return make_unit(self.building).name

	def customer(self) -> str:
		return make_customer().name

	def unit_history(self, unit: str) -> list[tuple]:
		return [
			(r.from_status, r.to_status, r.reference_name)
			for r in frappe.get_all(
				"RE Unit Status Log",
				filters={"unit": unit},
				fields=["from_status", "to_status", "reference_name", "changed_at"],
				order_by="changed_at asc, creation asc",
			)
		]

	def assertRefusalsAreClear(self, race: Race, *fragments: str):
		errors = [(u, m) for u, o, m in race.outcomes if o == "error"]
		self.assertEqual(errors, [], "only the expected refusals")
		for _user, outcome, message in race.outcomes:
			if outcome == "refused":
				self.assertTrue(any(f in message for f in fragments), message)


class TestNeverTwice(NeverTwiceTestCase):
	def test_twenty_advisors_and_four_managers_race_for_one_unit(self):
		unit = self.unit()
		number = frappe.db.get_value("RE Unit", unit, "unit_number")
		drafts = {}
		for advisor in self.advisors:
			frappe.set_user(advisor)
			drafts[advisor] = make_reservation(unit, self.customer(), submit=False).name
		frappe.set_user("Administrator")
		frappe.db.commit()

		def reserve(name):
			return lambda: frappe.get_doc("RE Reservation", name).submit()

		def hold(manager):
			return lambda: apply_sales_control(unit, "hold", f"销控 by {manager}")

		# the holds arrive while the reservations are in flight (within 0.4 s), so either may win
		attempts = [(a, reserve(drafts[a])) for a in self.advisors] + [
			(m, hold(m), random.uniform(0, 0.4)) for m in self.managers
		]
		race = Race(attempts, expected=(UnitStatusError,)).run()
		print("\n" + race.report("20 reservations + 4 holds on one unit"))

		self.assertEqual(race.count("won"), 1, race.outcomes)
		self.assertEqual(race.count("refused"), ADVISORS + MANAGERS - 1)
		self.assertRefusalsAreClear(race, f"Unit {number}")
		self.assertLess(race.wall, TIME_LIMIT)

		winner = race.winners()[0]
		submitted = frappe.get_all(
			"RE Reservation", filters={"unit": unit, "docstatus": 1}, fields=["name", "status", "active_unit"]
		)
		status = frappe.db.get_value("RE Unit", unit, "status")
		if winner in self.advisors:
			self.assertEqual(len(submitted), 1)
			self.assertEqual((submitted[0].name, submitted[0].status), (drafts[winner], "Active"))
			self.assertEqual(submitted[0].active_unit, unit)
			self.assertEqual(status, "Subscribed")
			self.assertEqual(self.unit_history(unit), [("Available", "Subscribed", drafts[winner])])
		else:
			self.assertEqual(submitted, [])
			self.assertEqual(status, "Held")
			self.assertEqual(self.unit_history(unit), [("Available", "Held", None)])
		# the losers' drafts are untouched, ready to be pointed at another unit
		self.assertEqual(
			frappe.db.count("RE Reservation", {"unit": unit, "docstatus": 0}),
			ADVISORS - (winner in self.advisors),
		)

	def test_a_contract_and_the_expiry_job_race_for_a_reservation(self):
		"""The reservation lapsed yesterday and is still active: the expiry job and three attempts to
		sign it arrive at once, five times over. Each time exactly one wins."""
		tomorrow = add_days(nowdate(), 1)
		for round_ in range(5):
			unit = self.unit()
			customer = self.customer()
			frappe.set_user(self.advisors[0])
			reservation = make_reservation(unit, customer, valid_until=nowdate()).name
			contracts = [
				make_contract(
					unit, [customer], reservation=reservation, payment_plan=self.plan, submit=False
				).name
				for _ in range(3)
			]
			frappe.set_user("Administrator")
			frappe.db.commit()

			def sign(name):
				return lambda: frappe.get_doc("RE Contract", name).submit()

			def expire():
				if not expire_lapsed_reservations(now=tomorrow, commit=False):
					raise UnitStatusError("the expiry job found nothing to expire")

			# the job arrives a little later each round, so that contracts win some rounds
			attempts = [(self.advisors[0], sign(c)) for c in contracts] + [
				("Administrator", expire, 0.05 * round_)
			]

			# the job sees this round's reservation only: others on the site (the demo's) are not the
			# test's to expire, and would make the job win beside a contract
			def this_round(now=None, ours=reservation):
				return [name for name in lapsed_reservations(now) if name == ours]

			with patch.object(reservations, "lapsed_reservations", this_round):
				race = Race(attempts, expected=(UnitStatusError,)).run()
			print("\n" + race.report("3 contracts + the expiry job on one reservation"))
			self.assertEqual(race.count("won"), 1, race.outcomes)
			self.assertRefusalsAreClear(
				race, reservation, "nothing to expire", "modified after you have opened it"
			)

			res = frappe.db.get_value(
				"RE Reservation", reservation, ["status", "active_unit", "contract"], as_dict=True
			)
			signed = frappe.get_all("RE Contract", {"unit": unit, "docstatus": 1}, pluck="name")
			status = frappe.db.get_value("RE Unit", unit, "status")
			if race.winners() == ["Administrator"]:
				self.assertEqual(
					(res.status, res.active_unit, status, signed), ("Expired", None, "Available", [])
				)
				self.assertEqual(
					self.unit_history(unit),
					[("Available", "Subscribed", reservation), ("Subscribed", "Available", reservation)],
				)
			else:
				self.assertEqual((res.status, res.active_unit, status), ("Converted", None, "Contracted"))
				self.assertEqual(signed, [res.contract])
				self.assertEqual(
					self.unit_history(unit),
					[("Available", "Subscribed", reservation), ("Subscribed", "Contracted", res.contract)],
				)

	def test_contracts_and_reservations_race_for_an_available_unit(self):
		unit = self.unit()
		number = frappe.db.get_value("RE Unit", unit, "unit_number")
		attempts = []
		for i, advisor in enumerate(self.advisors[:12]):
			frappe.set_user(advisor)
			if i % 2:
				name = make_reservation(unit, self.customer(), submit=False).name
				# a reservation is lighter than a contract: it arrives within 0.3 s, so either may win
				submit = lambda name=name: frappe.get_doc("RE Reservation", name).submit()  # noqa: E731
				attempts.append((advisor, submit, random.uniform(0, 0.3)))
			else:
				name = make_contract(unit, [self.customer()], payment_plan=self.plan, submit=False).name
				attempts.append((advisor, lambda name=name: frappe.get_doc("RE Contract", name).submit()))
		frappe.set_user("Administrator")
		frappe.db.commit()

		race = Race(attempts, expected=(UnitStatusError,)).run()
		print("\n" + race.report("6 contracts + 6 reservations on one available unit"))
		self.assertEqual(race.count("won"), 1, race.outcomes)
		self.assertRefusalsAreClear(race, f"Unit {number}")
		reservations = frappe.get_all("RE Reservation", {"unit": unit, "docstatus": 1}, pluck="name")
		contracts = frappe.get_all("RE Contract", {"unit": unit, "docstatus": 1}, pluck="name")
		self.assertEqual(len(reservations) + len(contracts), 1)
		history = self.unit_history(unit)
		self.assertEqual(len(history), 1)
		expected = "Contracted" if contracts else "Subscribed"
		self.assertEqual(frappe.db.get_value("RE Unit", unit, "status"), expected)
		self.assertEqual(history[0][1:], (expected, (contracts or reservations)[0]))

	def test_receipts_for_the_same_money_are_applied_once(self):
		unit = self.unit()
		frappe.set_user(self.advisors[0])
		contract = make_contract(unit, [self.customer()], payment_plan=self.plan).name
		frappe.set_user("Administrator")
		frappe.db.commit()

		def receive():
			return lambda: make_receipt(contract, 1_000_000)

		race = Race([(user, receive()) for user in self.finance], expected=(SalesRuleError,)).run()
		print("\n" + race.report("6 receipts of the whole price on one contract"))
		self.assertEqual(race.count("won"), 1, race.outcomes)
		self.assertRefusalsAreClear(race, "more than the")
		totals = frappe.db.get_value(
			"RE Contract", contract, ["paid_amount", "outstanding_amount", "status"], as_dict=True
		)
		self.assertEqual(
			(totals.paid_amount, totals.outstanding_amount, totals.status), (1_000_000, 0, "Paid Up")
		)
		self.assertEqual(frappe.db.count("RE Receipt", {"contract": contract, "docstatus": 1}), 1)
