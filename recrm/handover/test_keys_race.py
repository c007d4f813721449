"""Never twice: two (or more) key handovers of one unit arriving at once, each on its own
database connection (``recrm.tests.race``): one wins, the others are refused in clear words."""

import frappe
from frappe.utils import nowdate

from recrm.errors import UnitStatusError
from recrm.handover.doctype.re_key_handover.re_key_handover import KeyHandoverError
from recrm.handover.test_keys import SIGNATURE, paid_up_contract
from recrm.tests.cases import StaffTestCase
from recrm.tests.factories import make_building, make_customer, make_payment_plan, make_project, make_unit
from recrm.tests.race import Race, RaceTestCase

AGENTS = 6


class TestKeysNeverTwice(StaffTestCase, RaceTestCase):
	STAFF_PREFIX = "h1race"

	@classmethod
	def make_shared_records(cls):
		cls.agents = cls.staff_team("cs_agent", AGENTS)
		# the naming series' row exists on any site that has made one key handover; racing to make
		# the very first row deadlocks in Frappe's naming (a gap lock), which is not what is tested
		frappe.db.sql("INSERT IGNORE INTO `tabSeries` (name, current) VALUES ('KH-', 0)")

	def setUp(self):
		super().setUp()
		project = make_project().name
		self.building = make_building(project=project).name
		self.plan = make_payment_plan(project).name

	def hand_over(self, unit: str, submit: bool):
		def attempt():
			doc = frappe.get_doc(
				{"doctype": "RE Key Handover", "unit": unit, "handover_date": nowdate()}
			).insert()
			for row in doc.documents:
				row.signed = 1
			doc.buyer_signature = SIGNATURE
			doc.save()
			if submit:
				doc.submit()

		return attempt

	def race(self, submit: bool) -> tuple[Race, str]:
		unit = make_unit(self.building).name
		paid_up_contract(unit, [make_customer().name], self.plan)
		race = Race(
			[(agent, self.hand_over(unit, submit)) for agent in self.agents],
			expected=(frappe.UniqueValidationError, KeyHandoverError, UnitStatusError),
		).run()
		print("\n" + race.report(f"{AGENTS} key handovers of one unit (submit={submit})"))
		return race, unit

	def assertOneWon(self, race: Race, unit: str):
		self.assertEqual(race.errors(), [], race.outcomes)
		self.assertEqual(race.count("won"), 1, race.outcomes)
		self.assertEqual(race.count("refused"), AGENTS - 1)
		number = frappe.db.get_value("RE Unit", unit, "unit_number")
		for _user, outcome, message in race.outcomes:
			if outcome == "refused":
				self.assertIn(f"Unit {number}", message)
		self.assertEqual(frappe.db.count("RE Key Handover", {"unit": unit}), 1)

	def test_parallel_drafts_of_one_unit(self):
		race, unit = self.race(submit=False)
		self.assertOneWon(race, unit)
		self.assertEqual(frappe.db.get_value("RE Unit", unit, "status"), "Contracted")

	def test_parallel_key_handovers_of_one_unit(self):
		race, unit = self.race(submit=True)
		self.assertOneWon(race, unit)
		self.assertEqual(frappe.db.get_value("RE Unit", unit, "status"), "Handed Over")
		history = frappe.get_all(
			"RE Unit Status Log", filters={"unit": unit, "to_status": "Handed Over"}, pluck="reference_name"
		)
		self.assertEqual(len(history), 1)
