"""Two buyers, route by route: neither reaches the other's records, and guessing a name reveals nothing.

Buyer A owns unit A1 in building X; buyer B owns B1 in X and B2 in Y. Each has a title deed, a
handover appointment, a defect with a photo and a site-visit sign-up. Building X's progress update
is for both of them, building Y's for B alone, an unpublished one for neither.
"""

import json
import re
from unittest.mock import patch

import frappe
import frappe.client
from frappe.api import v1 as rest
from frappe.core.doctype.file.file import has_permission as file_has_permission
from frappe.core.doctype.file.utils import find_file_by_url
from frappe.desk.form.load import getdoc
from frappe.desk.reportview import get as reportview_get
from frappe.desk.search import search_link, search_widget
from frappe.tests.utils import FrappeTestCase
from frappe.utils import set_request
from frappe.utils.global_search import search as global_search
from frappe.website.serve import get_response
from frappe.www.printview import validate_print_permission
from werkzeug.exceptions import Forbidden

from recrm.api import portal as portal_api
from recrm.overrides.client import get_count
from recrm.portal.access import PortalAccessError, current_customer
from recrm.portal.homes import units_of
from recrm.portal.permissions import CHILD_SCOPES, SCOPES, LinkedTo
from recrm.portal.security import get_html_and_style
from recrm.tests.factories import make_building, make_project, make_unit, make_user
from recrm.tests.portal_factories import (
	make_appointment,
	make_buyer,
	make_construction_update,
	make_defect,
	make_handover_slot,
	make_site_visit_day,
	make_title_deed,
)


def names(rows) -> set[str]:
	"""The names in what a list, search or report route returned, whatever its shape."""
	found = set()
	for row in rows:
		if isinstance(row, str):
			found.add(row)
		elif isinstance(row, list | tuple):
			found.add(row[0])
		else:
			found.add(row.get("name") or row.get("value"))
	return found


class PortalWorld(FrappeTestCase):
	"""The two buyers and their records, made once for the class and rolled back after it."""

	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		frappe.set_user("Administrator")
		cls.project = make_project().name
		cls.x = make_building(project=cls.project).name
		cls.y = make_building(project=cls.project).name
		cls.a1 = make_unit(cls.x, floor=3, unit_number="A-301")
		cls.b1 = make_unit(cls.x, floor=5, unit_number="B-501")
		cls.b2 = make_unit(cls.y, floor=7, unit_number="B-702")
		cls.a = make_buyer("portal-a", full_name="甲业主")
		cls.b = make_buyer("portal-b", full_name="乙业主")
		cls.deed_a = make_title_deed(cls.a1.name, [cls.a.customer]).name
		cls.deed_b = make_title_deed(cls.b1.name, [cls.b.customer]).name
		cls.deed_b2 = make_title_deed(cls.b2.name, [cls.b.customer]).name
		cls.update_x = make_construction_update(cls.x, title="X楼封顶").name
		cls.update_y = make_construction_update(cls.y, title="Y楼外立面").name
		cls.draft_x = make_construction_update(cls.x, published=False, title="X楼草稿").name
		cls.day_x = make_site_visit_day(cls.project, cls.x).name
		cls.day_y = make_site_visit_day(cls.project, cls.y).name
		cls.day_project = make_site_visit_day(cls.project).name
		cls.slot_x = make_handover_slot(cls.project, cls.x, capacity=2).name
		cls.slot_y = make_handover_slot(cls.project, cls.y).name
		cls.appointment_a = make_appointment(cls.a.customer, cls.a1.name, cls.slot_x).name
		cls.appointment_b = make_appointment(cls.b.customer, cls.b1.name, cls.slot_x).name
		cls.defect_a = make_defect(cls.a.customer, cls.a1.name, description="甲的卫生间漏水").name
		cls.defect_b = make_defect(cls.b.customer, cls.b1.name, description="乙的窗框渗水").name
		cls.sign_up_a = cls.sign_up(cls.a.customer, cls.day_x)
		cls.sign_up_b = cls.sign_up(cls.b.customer, cls.day_y)
		cls.staff = make_user("portal-cs@recrm.test", ["RE Customer Service Agent"])
		# what each buyer may see, by DocType
		cls.theirs = {
			cls.a.user: {
				"RE Construction Update": {cls.update_x},
				"RE Site Visit Day": {cls.day_x, cls.day_project},
				"RE Site Visit Sign-up": {cls.sign_up_a},
				"RE Handover Slot": {cls.slot_x},
				"RE Handover Appointment": {cls.appointment_a},
				"RE Handover Defect": {cls.defect_a},
				"RE Title Deed": {cls.deed_a},
			},
			cls.b.user: {
				"RE Construction Update": {cls.update_x, cls.update_y},
				"RE Site Visit Day": {cls.day_x, cls.day_y, cls.day_project},
				"RE Site Visit Sign-up": {cls.sign_up_b},
				"RE Handover Slot": {cls.slot_x, cls.slot_y},
				"RE Handover Appointment": {cls.appointment_b},
				"RE Handover Defect": {cls.defect_b},
				"RE Title Deed": {cls.deed_b, cls.deed_b2},
			},
		}

	@classmethod
	def sign_up(cls, customer: str, day: str) -> str:
		return (
			frappe.get_doc(
				{
					"doctype": "RE Site Visit Sign-up",
					"site_visit_day": day,
					"customer": customer,
					"persons": 2,
				}
			)
			.insert()
			.name
		)

	def tearDown(self):
		frappe.set_user("Administrator")
		frappe.local.form_dict = frappe._dict()

	def all_records(self, doctype: str) -> set[str]:
		return set().union(*(self.theirs[user][doctype] for user in self.theirs)) | (
			{self.draft_x} if doctype == "RE Construction Update" else set()
		)

	def not_theirs(self, user: str) -> list[tuple[str, str]]:
		"""(doctype, name) of every record the buyer must not reach."""
		return [
			(doctype, name)
			for doctype in self.theirs[user]
			for name in sorted(self.all_records(doctype) - self.theirs[user][doctype])
		]

	def other(self, buyer):
		return self.b if buyer is self.a else self.a


class TestWhoTheBuyerIs(PortalWorld):
	def test_each_buyer_is_their_customer(self):
		for buyer in (self.a, self.b):
			frappe.set_user(buyer.user)
			self.assertEqual(current_customer(), buyer.customer)

	def test_guests_staff_and_unlinked_website_users_are_no_buyers(self):
		unlinked = make_user("portal-unlinked@recrm.test", ["RE Home Buyer"])
		for user in ("Guest", self.staff, unlinked):
			frappe.set_user(user)
			with self.assertRaises(PortalAccessError, msg=user):
				current_customer()

	def test_the_units_of_each_buyer(self):
		self.assertEqual([r.unit for r in units_of(self.a.customer)], [self.a1.name])
		self.assertEqual(
			sorted(r.unit for r in units_of(self.b.customer)), sorted([self.b1.name, self.b2.name])
		)
		self.assertEqual(units_of(self.a.customer)[0].relation, "Owner")


class TestListsAndQueries(PortalWorld):
	def test_get_list_shows_each_buyer_only_theirs(self):
		for buyer in (self.a, self.b):
			frappe.set_user(buyer.user)
			for doctype in self.theirs[buyer.user]:
				found = set(frappe.get_list(doctype, pluck="name", limit_page_length=0))
				self.assertEqual(found, self.theirs[buyer.user][doctype], (buyer.user, doctype))

	def test_child_rows_follow_their_parent(self):
		for buyer in (self.a, self.b):
			frappe.set_user(buyer.user)
			for child, parent in CHILD_SCOPES.items():
				if parent not in self.theirs[buyer.user]:
					continue
				rows = frappe.get_list(child, parent_doctype=parent, fields=["parent"], limit_page_length=0)
				self.assertTrue(
					{r.parent for r in rows} <= self.theirs[buyer.user][parent], (buyer.user, child)
				)
		frappe.set_user(self.a.user)
		owners = frappe.client.get_list(
			"RE Title Deed Owner", fields=["parent", "customer"], parent="RE Title Deed", limit_page_length=0
		)
		self.assertEqual({r["customer"] for r in owners}, {self.a.customer})

	def test_frappe_client_methods(self):
		frappe.set_user(self.a.user)
		for doctype, name in self.not_theirs(self.a.user):
			self.assertNotIn(name, names(frappe.client.get_list(doctype, limit_page_length=0)), doctype)
			self.assertFalse(frappe.client.get_value(doctype, "name", {"name": name}), doctype)
			with self.assertRaises(frappe.PermissionError, msg=(doctype, name)):
				frappe.client.get(doctype, name)
		with self.assertRaises(frappe.PermissionError):
			frappe.client.get("RE Handover Defect", filters={"customer": self.b.customer})
		# counts of another buyer's records are nothing, not a number to learn from
		self.assertEqual(get_count("RE Handover Defect", {"customer": self.b.customer}), 0)
		self.assertEqual(get_count("RE Handover Defect"), 1)
		self.assertEqual(get_count("RE Title Deed Owner", {"customer": self.b.customer}), 0)

	def test_rest_resource_list_and_read(self):
		frappe.set_user(self.b.user)
		for doctype, name in self.not_theirs(self.b.user):
			frappe.local.form_dict = frappe._dict(fields=json.dumps(["name"]), limit_page_length=0)
			listed = rest.document_list(doctype)
			self.assertNotIn(name, names(listed), doctype)
			frappe.local.form_dict = frappe._dict()
			with self.assertRaises(frappe.PermissionError, msg=(doctype, name)):
				rest.read_doc(doctype, name)

	def test_report_view_link_search_and_global_search(self):
		frappe.set_user(self.a.user)
		for doctype, name in self.not_theirs(self.a.user):
			frappe.local.form_dict = frappe._dict(doctype=doctype, fields=["name"], limit_page_length=0)
			result = reportview_get()
			values = [row[0] for row in result.get("values", [])] if isinstance(result, dict) else []
			self.assertNotIn(name, values, doctype)
			self.assertNotIn(name, names(search_widget(doctype, txt="", page_length=100)), doctype)
			self.assertNotIn(name, names(search_link(doctype, txt="", page_length=100)), doctype)
		frappe.local.form_dict = frappe._dict()
		self.assertEqual(global_search("乙的窗框渗水"), [])

	def test_desk_form_load(self):
		frappe.set_user(self.a.user)
		for doctype, name in self.not_theirs(self.a.user):
			with self.assertRaises(frappe.PermissionError, msg=(doctype, name)):
				getdoc(doctype, name)
		frappe.clear_messages()

	def test_a_record_linked_to_one_of_theirs_is_theirs(self):
		# how a receipt follows its contract: here a sign-up follows its site-visit day
		rule = LinkedTo("site_visit_day", "RE Site Visit Day")
		with patch.dict(SCOPES, {"RE Site Visit Sign-up": rule}):
			frappe.set_user(self.a.user)
			found = set(frappe.get_list("RE Site Visit Sign-up", pluck="name"))
		self.assertEqual(found, {self.sign_up_a})
		with patch.dict(SCOPES, {"RE Site Visit Sign-up": rule}):
			frappe.set_user(self.b.user)
			found = set(frappe.get_list("RE Site Visit Sign-up", pluck="name"))
		# B's day (building Y) and the days of building X and the project are B's: both sign-ups are
		self.assertEqual(found, {self.sign_up_a, self.sign_up_b})

	def test_staff_see_every_buyer(self):
		frappe.set_user(self.staff)
		self.assertTrue(
			{self.defect_a, self.defect_b} <= set(frappe.get_list("RE Handover Defect", pluck="name"))
		)
		self.assertTrue(
			{self.deed_a, self.deed_b, self.deed_b2} <= set(frappe.get_list("RE Title Deed", pluck="name"))
		)


class TestPrintAndFiles(PortalWorld):
	def test_print_views_refuse_the_other_buyers_records(self):
		frappe.set_user(self.a.user)
		for doctype, name in self.not_theirs(self.a.user):
			doc = frappe.get_doc(doctype, name)
			with self.assertRaises(frappe.PermissionError, msg=(doctype, name)):
				validate_print_permission(doc)
			with self.assertRaises(frappe.PermissionError, msg=(doctype, name)):
				get_html_and_style(doctype, name)
		# own records print (read permission is enough for Frappe's print view)
		validate_print_permission(frappe.get_doc("RE Handover Defect", self.defect_a))

	def test_a_document_given_as_json_does_not_print_for_a_buyer(self):
		frappe.set_user(self.a.user)
		# B's deed claiming to be A's: its owner rows would print B's name next to A's
		forged = {
			"doctype": "RE Title Deed",
			"name": self.deed_b,
			"unit": self.b1.name,
			"owners": [{"customer": self.a.customer}, {"customer": self.b.customer}],
		}
		with self.assertRaises(frappe.PermissionError):
			get_html_and_style(json.dumps(forged))
		frappe.clear_messages()

	def test_a_forged_document_is_judged_as_stored(self):
		frappe.set_user(self.a.user)
		forged = frappe.get_doc(
			{
				"doctype": "RE Handover Defect",
				"name": self.defect_b,
				"customer": self.a.customer,
				"unit": self.a1.name,
			}
		)
		self.assertFalse(forged.has_permission("read"))

	def photos_of(self, doctype: str, name: str) -> list[str]:
		return frappe.get_all(
			"File", filters={"attached_to_doctype": doctype, "attached_to_name": name}, pluck="file_url"
		)

	def test_private_photos_open_only_for_whom_the_record_is(self):
		cases = [
			(self.a.user, "RE Handover Defect", self.defect_a, self.defect_b),
			(self.b.user, "RE Handover Defect", self.defect_b, self.defect_a),
			(self.a.user, "RE Construction Update", self.update_x, self.update_y),
		]
		for user, doctype, own, other in cases:
			own_url, other_url = self.photos_of(doctype, own)[0], self.photos_of(doctype, other)[0]
			self.assertTrue(own_url.startswith("/private/files/"))
			frappe.set_user(user)
			self.assertIsNotNone(find_file_by_url(own_url), (user, doctype))
			self.assertIsNone(find_file_by_url(other_url), (user, doctype))
			other_file = frappe.get_doc("File", {"file_url": other_url})
			self.assertFalse(file_has_permission(other_file, "read", user=user))
			self.assertFalse(other_file.is_downloadable())
			frappe.set_user("Administrator")

	def test_downloading_another_buyers_photo_is_forbidden(self):
		from frappe.utils.response import download_private_file

		other_url = self.photos_of("RE Handover Defect", self.defect_b)[0]
		own_url = self.photos_of("RE Handover Defect", self.defect_a)[0]
		frappe.set_user(self.a.user)
		# the access log of a GET request commits, which would end the test's transaction
		with patch("frappe.utils.response.make_access_log"):
			set_request(method="GET", path=other_url)
			with self.assertRaises(Forbidden):
				download_private_file(other_url)
			set_request(method="GET", path=own_url)
			self.assertEqual(download_private_file(own_url).status_code, 200)

	def test_the_unpublished_updates_photos_open_for_no_buyer(self):
		url = self.photos_of("RE Construction Update", self.draft_x)[0]
		for buyer in (self.a, self.b):
			frappe.set_user(buyer.user)
			self.assertIsNone(find_file_by_url(url))


class TestPages(PortalWorld):
	def render(self, user: str, path: str):
		frappe.set_user(user)
		set_request(method="GET", path=path)
		response = get_response(path)
		self.location = response.headers.get("Location") or ""
		return response.status_code, response.get_data(as_text=True)

	def test_each_page_shows_the_buyer_theirs_and_nothing_of_the_other(self):
		checks = {
			"/my-home": ("A-301", ("B-501", "B-702", "乙业主")),
			"/my-home/progress": ("X楼封顶", ("Y楼外立面", "X楼草稿")),
			"/my-home/handover": (
				"甲的卫生间漏水",
				("乙的窗框渗水", "B-501", self.appointment_b, self.deed_b),
			),
		}
		for path, (own, others) in checks.items():
			status, html = self.render(self.a.user, path)
			self.assertEqual(status, 200, path)
			self.assertIn(own, html, path)
			for other in others:
				self.assertFalse(shows(html, other), (path, other))
		status, html = self.render(self.b.user, "/my-home/handover")
		self.assertIn("乙的窗框渗水", html)
		self.assertNotIn("甲的卫生间漏水", html)

	def test_guests_are_sent_to_log_in_and_staff_are_not_permitted(self):
		status, _html = self.render("Guest", "/my-home/handover")
		self.assertIn(status, (301, 302))
		self.assertIn("/login", self.location)
		status, html = self.render(self.staff, "/my-home")
		self.assertEqual(status, 403)
		self.assertNotIn("A-301", html)


class TestGuessingNames(PortalWorld):
	"""A buyer who types another buyer's names into the portal's methods learns nothing."""

	def refused(self, call, asked: str = "") -> str:
		"""The refusal's words, which name nothing of B's but what was asked for."""
		with self.assertRaises(frappe.PermissionError) as error:
			call()
		messages = [
			json.loads(m).get("message", "") if isinstance(m, str) else m.get("message", "")
			for m in frappe.local.message_log
		]
		text = " ".join([str(error.exception), *messages])
		frappe.clear_messages()
		text = text.replace(asked, "?") if asked else text
		for secret in (self.b.full_name, self.b.customer, "乙的窗框渗水", "B-702", self.b.user):
			self.assertNotIn(secret, text)
		return text

	def test_portal_methods_refuse_the_other_buyers_names_like_missing_ones(self):
		frappe.set_user(self.a.user)
		missing = self.refused(lambda: portal_api.cancel_handover("HA-99999999"))
		taken = self.refused(lambda: portal_api.cancel_handover(self.appointment_b))
		# the same words whether the name exists or not
		self.assertEqual(missing.replace("HA-99999999", "?"), taken.replace(self.appointment_b, "?"))
		self.refused(lambda: portal_api.sign_up_for_site_visit(self.day_y))
		self.refused(lambda: portal_api.cancel_site_visit_sign_up(self.day_y))
		self.refused(lambda: portal_api.book_handover(self.slot_y, self.a1.name))
		self.refused(lambda: portal_api.book_handover(self.slot_x, self.b1.name))
		self.refused(lambda: portal_api.floor_plan(self.b2.name), asked=self.b2.name)
		# and nothing was written
		frappe.set_user("Administrator")
		self.assertEqual(
			frappe.db.get_value("RE Handover Appointment", self.appointment_b, "status"), "Booked"
		)
		self.assertFalse(
			frappe.db.exists(
				"RE Site Visit Sign-up", {"customer": self.a.customer, "site_visit_day": self.day_y}
			)
		)

	def test_frappe_routes_refuse_without_the_records_content(self):
		frappe.set_user(self.a.user)
		for doctype, name in self.not_theirs(self.a.user):
			self.refused(lambda doctype=doctype, name=name: frappe.client.get(doctype, name))
			self.refused(lambda doctype=doctype, name=name: rest.read_doc(doctype, name))


def shows(html: str, text: str) -> bool:
	"""Whether the page shows ``text``; a unit number only as a whole word (a random building name
	such as "测试楼盘-fec467-B-501cc7" is not unit B-501)."""
	if re.fullmatch(r"[A-Z]-\d+", text):
		return re.search(rf"(?<!\w){re.escape(text)}(?!\w)", html) is not None
	return text in html
