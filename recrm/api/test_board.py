import frappe

from recrm.api.board import get_board
from recrm.inventory.status import change_unit_status
from recrm.inventory.unit_generation import generate_units
from recrm.tests.cases import StaffTestCase
from recrm.tests.factories import make_building, make_project


class TestSalesControlBoard(StaffTestCase):
	STAFF_PREFIX = "board"
	STAFF = ("manager",)

	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.project = make_project().name
		cls.other_project = make_project().name
		cls.building = make_building(project=cls.project, floors=25).name
		cls.other_building = make_building(project=cls.other_project, floors=2).name
		generate_units(cls.building)
		generate_units(cls.other_building)
		cls.advisor = cls.staff_limited_to("advisor", cls.project, name="advisor")
		frappe.db.commit()

	@classmethod
	def tearDownClass(cls):
		frappe.set_user("Administrator")
		frappe.db.delete("User Permission", {"user": cls.advisor})
		for doctype, field, value in (
			("RE Unit Status Log", "project", cls.project),
			("RE Unit", "project", cls.project),
			("RE Unit", "project", cls.other_project),
			("RE Building", "project", cls.project),
			("RE Building", "project", cls.other_project),
			("RE Unit Type", "project", cls.project),
			("RE Unit Type", "project", cls.other_project),
		):
			frappe.db.delete(doctype, {field: value})
		frappe.db.delete("RE Project", {"name": ("in", [cls.project, cls.other_project])})
		frappe.db.commit()
		super().tearDownClass()

	def test_board_draws_floors_by_positions_with_totals(self):
		unit = frappe.db.get_value("RE Unit", {"building": self.building, "unit_number": "2501"})
		change_unit_status(unit, "Reserved", "reservation")
		board = get_board(self.building)
		self.assertEqual(board["unit_count"], 50)
		self.assertEqual(board["positions"], [1, 2])
		self.assertEqual(board["rows"][0]["floor"], 25)
		self.assertEqual(board["rows"][0]["cells"][0]["status"], "Reserved")
		self.assertEqual(board["summary"]["Reserved"]["count"], 1)
		self.assertEqual(board["summary"]["Available"]["count"], 49)
		total_value = sum(s["value"] for s in board["summary"].values())
		self.assertEqual(
			total_value, sum(frappe.get_all("RE Unit", {"building": self.building}, pluck="list_price"))
		)

	def test_board_loads_in_three_queries(self):
		frappe.set_user(self.advisor)
		get_board(self.building)  # warm the caches a real user's session has warm too
		with self.assertQueryCount(3):
			board = get_board(self.building)
		self.assertEqual(board["unit_count"], 50)

	def test_a_user_limited_to_one_project_cannot_open_another(self):
		frappe.set_user(self.advisor)
		with self.assertRaises(frappe.PermissionError):
			get_board(self.other_building)

	def test_floor_price_and_actions_only_for_managers(self):
		frappe.set_user(self.advisor)
		board = get_board(self.building)
		cell = board["rows"][0]["cells"][0]
		self.assertNotIn("floor_price", cell)
		self.assertEqual(board["actions"], {})
		frappe.set_user(self.manager)
		board = get_board(self.building)
		self.assertIn("floor_price", board["rows"][0]["cells"][0])
		self.assertEqual([a["key"] for a in board["actions"]["Available"]], ["hold", "withdraw"])

	def test_parking_has_its_own_board(self):
		board = get_board(self.building, board="Parking")
		self.assertEqual(board["unit_count"], 0)
