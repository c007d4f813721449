"""/my-home shows the owner their customer manager (客户经理), and nobody else's."""

import frappe
from frappe.utils import set_request
from frappe.website.serve import get_response

from recrm.core.roles import CS_AGENT
from recrm.tests.cases import StaffTestCase
from recrm.tests.factories import make_contract, make_sale_ground
from recrm.tests.portal_factories import make_buyer


class TestManagerOnMyHome(StaffTestCase):
	STAFF_PREFIX = "h6portal"

	def render(self, user: str) -> str:
		frappe.set_user(user)
		frappe.local.cache = {}
		set_request(method="GET", path="/my-home")
		response = get_response("/my-home")
		self.assertEqual(response.status_code, 200)
		return response.get_data(as_text=True)

	def test_the_buyer_sees_their_manager_only(self):
		manager = self.staff_with_roles("manager-wang", CS_AGENT)
		frappe.db.set_value(
			"User", manager, {"first_name": "王经理", "last_name": "", "phone": "0755-12345678"}
		)
		frappe.db.set_value("User", manager, "full_name", "王经理")
		a, b = make_buyer("h6a"), make_buyer("h6b")
		for buyer in (a, b):
			ground = make_sale_ground()
			make_contract(ground.unit, [buyer.customer], payment_plan=ground.plan)
		frappe.db.set_value("RE Customer", a.customer, "customer_manager", manager)

		html = self.render(a.user)
		self.assertIn("王经理", html)
		self.assertIn("0755-12345678", html)
		html = self.render(b.user)
		self.assertNotIn("王经理", html)
