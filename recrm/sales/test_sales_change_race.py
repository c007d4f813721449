"""One open sales change per contract, however many are asked for at once: the contract's row is
locked before the check (recrm/sales/doctype/re_sales_change), on real parallel connections
(recrm/tests/race.py)."""

from unittest.mock import patch

import frappe
from frappe.model.naming import make_autoname

from recrm.errors import SalesRuleError
from recrm.sales import approval
from recrm.tests.cases import StaffTestCase
from recrm.tests.factories import (
	acting_as,
	make_contract,
	make_reservation,
	make_sale_ground,
	make_sales_change,
)
from recrm.tests.race import Race, RaceTestCase

REQUESTS = 8


class TestSalesChangeRace(StaffTestCase, RaceTestCase):
	STAFF_PREFIX = "race-change"
	STAFF = ("advisor", "manager")

	@classmethod
	def make_shared_records(cls):
		approval.set_default_limits()
		approval.ensure_workflows()
		# the year's naming series exists before the race, as on any site that has made one change:
		# Frappe creates a missing series with a plain INSERT after a locking read of no row, and two
		# such first inserts at once deadlock each other (Frappe's naming, not the rule under test)
		make_autoname("SCH-.YYYY.-.#####", "RE Sales Change")

	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		# the workflow e-mail attaches a PDF print; this bench has no wkhtmltopdf
		cls.attach_print = patch("frappe.attach_print", return_value={"fname": "x.pdf", "fcontent": b"%PDF"})
		cls.attach_print.start()
		cls.addClassCleanup(cls.attach_print.stop)

	def test_one_open_change_per_contract(self):
		sale = make_sale_ground()
		with acting_as(self.advisor):
			reservation = make_reservation(sale.unit, sale.customer, deposit=50_000).name
			contract = make_contract(reservation=reservation, payment_plan=sale.plan).name

		def request():
			make_sales_change(contract, "Cancellation", "客户要求", refund_decision="Refund Everything Paid")

		attempts = [(self.advisor if i % 2 else self.manager, request) for i in range(REQUESTS)]
		race = Race(attempts, expected=(SalesRuleError,)).run()
		print("\n" + race.report(f"{REQUESTS} sales changes of one contract"))
		self.assertEqual(race.errors(), [])
		self.assertEqual(race.count("won"), 1, race.outcomes)
		for outcome in race.outcomes:
			if outcome.outcome == "refused":
				self.assertIn("already has an open sales change", outcome.message)
		self.assertEqual(frappe.db.count("RE Sales Change", {"contract": contract}), 1)
