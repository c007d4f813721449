"""The demo buyer logs in and finds his homes, their progress, his handover and his title deed."""

import frappe
from frappe.tests.utils import FrappeTestCase
from frappe.utils import set_request
from frappe.website.serve import get_response

from recrm.api.portal import floor_plan
from recrm.demo import data
from recrm.demo.generator import make_demo
from recrm.inventory.buyers import units_of
from recrm.portal.buyer import current_buyer

BUYER = f"buyer@{data.EMAIL_DOMAIN}"


class TestPortalDemo(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()  # rolls back everything the demo made when the class is done
		cls.result = make_demo(scale=0.05, verbose=False)
		cls.customer = frappe.db.get_value("RE Customer", {"portal_user": BUYER}, "name")

	def tearDown(self):
		frappe.set_user("Administrator")
		frappe.local.lang = "en"

	def test_the_demo_buyer_owns_two_homes_one_with_his_wife_and_bought_a_third(self):
		homes = units_of(self.customer)
		self.assertEqual(sorted(home.relation for home in homes), ["Contracted", "Owner", "Owner"])
		self.assertTrue(all(home.floor_plan.startswith("/private/files/") for home in homes))
		owned = [h.unit for h in homes if h.relation == "Owner"]
		deeds = frappe.get_all("RE Title Deed", filters={"unit": ("in", owned)}, fields=["name", "stage"])
		self.assertEqual(sorted(d.stage for d in deeds), ["Initial Registration", "Submitted to Registry"])
		owners = frappe.get_all(
			"RE Title Deed Owner", filters={"parent": ("in", [d.name for d in deeds])}, pluck="customer"
		)
		self.assertEqual(len(owners), 3)

	def test_his_portal_has_progress_slots_defects_and_a_deed(self):
		frappe.set_user(BUYER)
		frappe.local.lang = "zh"  # as a request of his would be (his language); the runner speaks English
		# what is his, through the portal layer (he holds no DocType permission)
		me = current_buyer()
		self.assertGreaterEqual(len(me.names("RE Construction Update")), 2)
		self.assertGreaterEqual(len(me.names("RE Handover Slot")), 10)
		# the two recorded at his appointment and the three more his inspection found
		self.assertEqual(len(me.names("RE Handover Defect")), 5)
		self.assertEqual(len(me.names("RE Title Deed")), 2)
		self.assertGreaterEqual(len(me.names("RE Site Visit Day")), 1)
		self.assertEqual(len(me.names("RE Contract")), 1)
		self.assertEqual(len(me.names("RE Receipt")), 2)
		self.assertEqual(
			me.get_all("RE Complaint", filters={"subject": "厨房水槽下水管渗水"}, pluck="status"),
			["Awaiting Customer"],
		)
		self.assertTrue(me.get_all("RE Satisfaction Survey", filters={"answered_on": ("is", "not set")}))
		for path, expected in (
			("/my-home", "曼乐广场"),
			("/my-home/progress", "竣工验收备案"),
			("/my-home/handover", "主卧窗框密封胶开裂"),
			("/my-home/handover", "交钥匙"),
			("/my-home/contract", "中国建设银行扬州分行"),
			("/my-home/contract", "recrm.portal.files.pdf"),
			("/my-home/complaints", "请告知本周方便上门的时间"),
			("/my-home/complaints", "answer-survey"),
		):
			set_request(method="GET", path=path)
			response = get_response(path)
			html = response.get_data(as_text=True)
			self.assertEqual(response.status_code, 200, path)
			self.assertIn(expected, html, path)
			# nothing left unrendered: no Python reprs, no undefined Jinja variables
			for leftover in ("built-in method", "object at 0x", "{{", "None</"):
				self.assertNotIn(leftover, html, (path, leftover))

	def test_his_floor_plan_downloads(self):
		frappe.set_user(BUYER)
		unit = units_of(self.customer)[0].unit
		floor_plan(unit)
		self.assertTrue(frappe.local.response.filecontent.startswith(b"\x89PNG"))
		self.assertEqual(frappe.local.response.type, "download")
