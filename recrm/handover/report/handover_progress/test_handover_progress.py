import frappe
from frappe.utils import nowdate

from recrm.handover.report.handover_progress.handover_progress import execute
from recrm.handover.test_keys import accepted_inspection, key_handover, make_batch, paid_up_contract
from recrm.tests.cases import StaffTestCase
from recrm.tests.factories import make_building, make_contract, make_customer, make_unit
from recrm.tests.portal_factories import make_appointment, make_handover_slot


def count_queries(function):
	queries = []
	original = frappe.db.__class__.sql

	def counting(self, *args, **kwargs):
		queries.append(args[0] if args else "")
		return original(self, *args, **kwargs)

	frappe.db.__class__.sql = counting
	try:
		result = function()
	finally:
		frappe.db.__class__.sql = original
	return result, queries


class TestHandoverProgress(StaffTestCase):
	STAFF_PREFIX = "h1prog"
	STAFF = ("cs_agent", "advisor")

	def setUp(self):
		super().setUp()
		self.set_up_sale()
		frappe.db.set_value("RE Building", self.building, "construction_stage", "Completed")

	def test_counts_per_building(self):
		units = [self.unit] + [make_unit(self.building, floor=f).name for f in (2, 3, 4)]
		customers = [make_customer().name for _ in units]
		paid_up_contract(units[0], [customers[0]], self.plan)
		paid_up_contract(units[1], [customers[1]], self.plan)
		make_contract(units[2], [customers[2]], payment_plan=self.plan)
		batch = make_batch(self.building, ready=True)
		batch.open_batch()
		slot = make_handover_slot(self.project, self.building, capacity=5).name
		done = make_appointment(customers[0], units[0], slot).name
		make_appointment(customers[1], units[1], slot)
		key_handover(units[0], appointment=done, submit=True)
		# inspected counts the units with an RE Handover Inspection: units[0] and units[1] (each
		# accepted by paid_up_contract), a second inspection of units[1] counts once, and units[2]
		# is not inspected (its appointment was never completed either)
		accepted_inspection(units[1], customers[1])

		columns, data, _message, chart, summary = execute({"building": self.building})
		row = data[0]
		self.assertEqual(
			{k: row[k] for k in ("batch", "units", "contracted", "booked", "inspected", "keys")},
			{"batch": batch.name, "units": 4, "contracted": 3, "booked": 2, "inspected": 2, "keys": 1},
		)
		self.assertEqual(row["batch_status"], "Open")
		self.assertAlmostEqual(row["keys_percent"], 33.3)
		self.assertEqual(len(chart["data"]["datasets"]), 4)
		self.assertTrue(columns and summary)
		self.assertEqual(str(frappe.db.get_value("RE Unit", units[0], "handed_over_on")), nowdate())

	def test_three_queries_whatever_the_size(self):
		execute({})  # metadata cached
		_result, small = count_queries(lambda: execute({"building": self.building}))
		other = make_building(project=self.project).name
		for floor in range(1, 11):
			for position in (1, 2):
				make_unit(other, floor=floor, position=position)
		_result, large = count_queries(lambda: execute({"project": self.project}))
		self.assertLessEqual(len(small), 3, small)
		self.assertLessEqual(len(large), 3, large)

	def test_a_user_sees_only_the_buildings_they_may_read(self):
		limited = self.staff_limited_to("cs_agent", self.project)
		other_project_building = make_building().name
		frappe.set_user(limited)
		buildings = {row["building"] for row in execute({})[1]}
		self.assertIn(self.building, buildings)
		self.assertNotIn(other_project_building, buildings)
