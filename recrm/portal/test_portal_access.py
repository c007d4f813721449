"""Two buyers, route by route: Frappe's routes give a buyer nothing of recrm's, the portal layer gives
each buyer exactly their own, and guessing a name reveals nothing.

Buyer A owns unit A1 in building X; buyer B owns B1 in X and B2 in Y. Each has a title deed, a
handover appointment, a defect with a photo and a site-visit sign-up. Building X's progress update
is for both of them, building Y's for B alone, an unpublished one for neither.

Home buyers hold no DocType permission: ``TestEveryRecrmDocType`` asks Frappe's generic routes for
every DocType of recrm's modules (read from the database, not listed here) and expects a refusal.
The other classes run again over the deals and the complaints (``recrm/api/test_portal_*.py``).
"""

import json
import re
from unittest.mock import patch

import frappe
import frappe.client
from frappe.api import v1 as rest
from frappe.api import v2
from frappe.apps import get_default_path
from frappe.core.doctype.file.utils import find_file_by_url
from frappe.desk.form.load import getdoc
from frappe.desk.reportview import get as reportview_get
from frappe.handler import execute_cmd
from frappe.utils import set_request
from frappe.utils.global_search import search as global_search
from frappe.website.serve import get_response
from frappe.website.utils import get_home_page
from frappe.www.printview import validate_print_permission
from werkzeug.exceptions import Forbidden

from recrm.api import portal as portal_api
from recrm.core.roles import BUYER_ROLE, CS_AGENT
from recrm.inventory.buyers import units_of
from recrm.overrides.client import get_count
from recrm.overrides.printview import get_html_and_style
from recrm.portal import files
from recrm.portal.access import PortalAccessError, current_customer
from recrm.portal.buyer import NotTheirsError, current_buyer
from recrm.portal.scopes import CHILD_SCOPES, SCOPES, LinkedTo
from recrm.record_access import parents_of
from recrm.tests.cases import StaffTestCase
from recrm.tests.factories import make_building, make_project, make_unit
from recrm.tests.portal_factories import (
	make_appointment,
	make_buyer,
	make_construction_update,
	make_defect,
	make_handover_slot,
	make_site_visit_day,
	make_site_visit_sign_up,
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


def route(cmd: str, **form) -> object:
	"""A whitelisted method called as /api/method/<cmd> calls it (overrides in hooks.py applied)."""
	set_request(method="GET", path=f"/api/method/{cmd}")
	frappe.local.form_dict = frappe._dict(cmd=cmd, **form)
	try:
		return execute_cmd(cmd)
	finally:
		frappe.local.form_dict = frappe._dict()


def refusal_text(error, ignore: str = "") -> str:
	messages = [
		json.loads(m).get("message", "") if isinstance(m, str) else m.get("message", "")
		for m in frappe.local.message_log
	]
	frappe.clear_messages()
	return (
		" ".join([str(error), *messages]).replace(ignore, "?")
		if ignore
		else " ".join([str(error), *messages])
	)


class PortalWorld(StaffTestCase):
	"""The two buyers and their records, made once for the class and rolled back after it (the
	tests are not rolled back one by one)."""

	STAFF_PREFIX = "portal"
	STAFF = ("cs_agent", "advisor")

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
		cls.staff = cls.cs_agent
		cls.staff_without_service = cls.advisor
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
		return make_site_visit_sign_up(day, customer, persons=2).name

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
			self.assertEqual(current_buyer().customer, buyer.customer)

	def test_guests_staff_and_unlinked_website_users_are_no_buyers(self):
		unlinked = self.website_user("unlinked")
		for user in ("Guest", self.staff, unlinked):
			frappe.set_user(user)
			with self.assertRaises(PortalAccessError, msg=user):
				current_buyer()

	def test_the_units_of_each_buyer(self):
		self.assertEqual([r.unit for r in units_of(self.a.customer)], [self.a1.name])
		self.assertEqual(
			sorted(r.unit for r in units_of(self.b.customer)), sorted([self.b1.name, self.b2.name])
		)
		self.assertEqual(units_of(self.a.customer)[0].relation, "Owner")

	def test_the_buyer_role_holds_no_doctype_permission(self):
		for doctype in ("DocPerm", "Custom DocPerm"):
			self.assertEqual(frappe.get_all(doctype, filters={"role": BUYER_ROLE}, pluck="parent"), [])


class TestTheBuyerLayer(PortalWorld):
	"""``recrm.portal.buyer``: each buyer's records, exactly, by the rules of SCOPES."""

	def test_each_buyer_gets_exactly_their_records(self):
		for buyer in (self.a, self.b):
			frappe.set_user(buyer.user)
			me = current_buyer()
			for doctype, theirs in self.theirs[buyer.user].items():
				self.assertEqual(me.names(doctype) & self.all_records(doctype), theirs, (buyer.user, doctype))
				listed = {row.name for row in me.get_all(doctype, fields=["name"])}
				self.assertEqual(listed & self.all_records(doctype), theirs, (buyer.user, doctype))
				for name in self.all_records(doctype) - theirs:
					self.assertFalse(me.owns(doctype, name), (buyer.user, doctype, name))

	def test_child_rows_follow_their_parent(self):
		for buyer in (self.a, self.b):
			frappe.set_user(buyer.user)
			me = current_buyer()
			for child, parent in CHILD_SCOPES.items():
				if parent not in self.theirs[buyer.user]:
					continue
				rows = me.children(child, self.all_records(parent), ["name"])
				self.assertTrue(set(rows) <= self.theirs[buyer.user][parent], (buyer.user, child))

	def test_a_name_not_theirs_is_refused_like_a_missing_one(self):
		frappe.set_user(self.a.user)
		me = current_buyer()
		for doctype, name in self.not_theirs(self.a.user):
			self.assertEqual(
				self.refusal(lambda: me.check(doctype, name), name),
				self.refusal(lambda: me.check(doctype, "NO-SUCH-0001"), "NO-SUCH-0001"),
			)

	def refusal(self, call, asked: str) -> str:
		frappe.clear_messages()
		with self.assertRaises(NotTheirsError) as error:
			call()
		return refusal_text(error.exception, asked)

	def test_a_record_linked_to_one_of_theirs_is_theirs(self):
		# how a receipt follows its contract: here a sign-up follows its site-visit day
		rule = LinkedTo("site_visit_day", "RE Site Visit Day")
		if "RE Site Visit Sign-up" not in self.theirs[self.a.user]:
			return
		with patch.dict(SCOPES, {"RE Site Visit Sign-up": rule}):
			frappe.set_user(self.a.user)
			found_a = current_buyer().names("RE Site Visit Sign-up")
			frappe.set_user(self.b.user)
			found_b = current_buyer().names("RE Site Visit Sign-up")
		self.assertEqual(found_a & {self.sign_up_a, self.sign_up_b}, {self.sign_up_a})
		# B's day (building Y) and the days of building X and the project are B's: both sign-ups are
		self.assertEqual(found_b & {self.sign_up_a, self.sign_up_b}, {self.sign_up_a, self.sign_up_b})

	def test_staff_see_every_buyer(self):
		frappe.set_user(self.staff)
		for doctype in self.theirs[self.a.user]:
			if frappe.has_permission(doctype, "read"):
				self.assertTrue(
					self.all_records(doctype) <= set(frappe.get_list(doctype, pluck="name")), doctype
				)


class TestFrappeRoutesRefuseBuyers(PortalWorld):
	"""A buyer's own records and the other's alike: Frappe's routes give a buyer none of them."""

	def every_record(self):
		return [(doctype, name) for doctype in self.theirs[self.a.user] for name in self.all_records(doctype)]

	def test_lists_counts_reports_and_search(self):
		for buyer in (self.a, self.b):
			frappe.set_user(buyer.user)
			for doctype in self.theirs[buyer.user]:
				for call in (
					lambda doctype=doctype: frappe.client.get_list(doctype, limit_page_length=0),
					lambda doctype=doctype: get_count(doctype),
					lambda doctype=doctype: frappe.client.get_value(doctype, "name", {}),
				):
					with self.assertRaises(frappe.PermissionError, msg=(buyer.user, doctype)):
						call()
				frappe.clear_messages()
		frappe.set_user(self.a.user)
		self.assertEqual(global_search("乙的窗框渗水"), [])

	def test_single_records_prints_and_desk_forms(self):
		frappe.set_user(self.a.user)
		for doctype, name in self.every_record():
			doc = frappe.get_doc(doctype, name)
			for call in (
				lambda doctype=doctype, name=name: frappe.client.get(doctype, name),
				lambda doctype=doctype, name=name: rest.read_doc(doctype, name),
				lambda doc=doc: validate_print_permission(doc),
				lambda doctype=doctype, name=name: get_html_and_style(doctype, name),
				lambda doctype=doctype, name=name: getdoc(doctype, name),
			):
				with self.assertRaises(frappe.PermissionError, msg=(doctype, name)):
					call()
			frappe.clear_messages()

	def test_a_document_given_as_json_does_not_print_for_a_buyer(self):
		frappe.set_user(self.a.user)
		forged = {
			"doctype": "RE Title Deed",
			"name": self.deed_b,
			"unit": self.b1.name,
			"owners": [{"customer": self.a.customer}, {"customer": self.b.customer}],
		}
		with self.assertRaises(frappe.PermissionError):
			get_html_and_style(json.dumps(forged))
		frappe.clear_messages()


class TestEveryRecrmDocType(PortalWorld):
	"""Every DocType of recrm's modules, as the database lists them: a buyer is refused by Frappe's
	generic list, REST v1 and v2, count, link search and report view routes."""

	def test_every_recrm_doctype_refuses_a_buyer(self):
		modules = frappe.get_all("Module Def", filters={"app_name": "recrm"}, pluck="name")
		doctypes = frappe.get_all(
			"DocType", filters={"module": ("in", modules)}, fields=["name", "istable"], order_by="name"
		)
		self.assertGreater(len(doctypes), 40)
		frappe.set_user(self.a.user)
		refused = []
		for row in doctypes:
			parent = (parents_of(row.name) or [None])[0] if row.istable else None
			calls = {
				"frappe.client.get_list": lambda row=row, parent=parent: frappe.client.get_list(
					row.name, parent=parent, limit_page_length=5
				),
				"/api/resource": lambda row=row: self.rest_list(row.name),
				"search_link": lambda row=row, parent=parent: route(
					"frappe.desk.search.search_link",
					doctype=row.name,
					txt="",
					ignore_user_permissions=1,
					reference_doctype=parent,
				),
				"reportview.get": lambda row=row: self.report_view(row.name),
				"/api/v2 list": lambda row=row: self.rest_list(row.name, v2.document_list),
				"/api/v2 count": lambda row=row: self.rest_list(row.name, v2.count),
			}
			for label, call in calls.items():
				try:
					answer = call()
				except frappe.PermissionError:
					refused.append((row.name, label))
				else:
					self.fail(f"{label} answered a buyer for {row.name}: {answer!r}"[:300])
				finally:
					frappe.clear_messages()
		self.assertEqual(len(refused), 6 * len(doctypes))

	def rest_list(self, doctype: str, route=rest.document_list):
		frappe.local.form_dict = frappe._dict(fields=json.dumps(["name"]), limit_page_length=5)
		try:
			return route(doctype)
		finally:
			frappe.local.form_dict = frappe._dict()

	def report_view(self, doctype: str):
		frappe.local.form_dict = frappe._dict(doctype=doctype, fields=["name"], limit_page_length=5)
		try:
			return reportview_get()
		finally:
			frappe.local.form_dict = frappe._dict()


class TestFrappesOwnDocTypes(PortalWorld):
	"""What a website user reads of Frappe's DocTypes through the role All stays their own."""

	def test_no_child_rows_and_no_search_escalation(self):
		frappe.set_user("Administrator")
		contact = frappe.get_doc(
			{
				"doctype": "Contact",
				"first_name": "乙的联系人",
				"phone_nos": [{"phone": "13911112222", "is_primary_mobile_no": 1}],
			}
		).insert()
		frappe.set_user(self.a.user)
		for child, parent in (("Contact Phone", "Contact"), ("Has Role", "User"), ("DefaultValue", "User")):
			rows = frappe.client.get_list(child, parent=parent, fields=["parent"], limit_page_length=0)
			self.assertEqual(rows, [], child)
		for doctype in ("Contact", "File", "ToDo", "Communication", "User"):
			found = route(
				"frappe.desk.search.search_link", doctype=doctype, txt="", ignore_user_permissions=1
			)
			self.assertNotIn(contact.name, names(found), doctype)
			if doctype in ("Contact", "User"):
				self.assertEqual(found, [], doctype)
		self.assertEqual(frappe.client.get_list("Tag Link", limit_page_length=0), [])


class TestFiles(PortalWorld):
	def photos_of(self, doctype: str, name: str) -> list[str]:
		return frappe.get_all(
			"File", filters={"attached_to_doctype": doctype, "attached_to_name": name}, pluck="file_url"
		)

	def serve(self, url: str):
		frappe.local.response.filecontent = None
		files.download(url)
		return frappe.local.response.filecontent

	def test_the_portal_serves_each_buyer_the_photos_of_their_records_only(self):
		cases = [
			(self.a.user, "RE Handover Defect", self.defect_a, self.defect_b),
			(self.b.user, "RE Handover Defect", self.defect_b, self.defect_a),
			(self.a.user, "RE Construction Update", self.update_x, self.update_y),
		]
		for user, doctype, own, other in cases:
			own_url, other_url = self.photos_of(doctype, own)[0], self.photos_of(doctype, other)[0]
			self.assertTrue(own_url.startswith("/private/files/"))
			frappe.set_user(user)
			self.assertTrue(self.serve(own_url).startswith(b"\x89PNG"), (user, doctype))
			self.assertEqual(
				self.refusal(lambda: self.serve(other_url), other_url.rsplit("/", 1)[1]),
				self.refusal(lambda: self.serve("/private/files/no-such.png"), "no-such.png"),
			)
			frappe.set_user("Administrator")

	def refusal(self, call, asked: str) -> str:
		frappe.clear_messages()
		with self.assertRaises(NotTheirsError) as error:
			call()
		return refusal_text(error.exception, asked)

	def test_frappes_file_routes_give_a_buyer_no_file_of_a_record(self):
		from frappe.utils.response import download_private_file

		frappe.set_user(self.a.user)
		for doctype, name in (("RE Handover Defect", self.defect_a), ("RE Handover Defect", self.defect_b)):
			url = self.photos_of(doctype, name)[0]
			self.assertIsNone(find_file_by_url(url))
			with patch("frappe.utils.response.make_access_log"):
				set_request(method="GET", path=url)
				with self.assertRaises(Forbidden):
					download_private_file(url)

	def test_a_files_refusal_names_nothing_it_is_attached_to(self):
		frappe.set_user("Administrator")
		file_name = frappe.db.get_value(
			"File", {"attached_to_doctype": "RE Handover Defect", "attached_to_name": self.defect_b}, "name"
		)
		for user in (self.a.user, self.staff_without_service):
			frappe.set_user(user)
			frappe.clear_messages()
			with self.assertRaises(frappe.PermissionError) as error:
				frappe.client.get("File", file_name)
			text = refusal_text(error.exception)
			self.assertNotIn(self.defect_b, text, user)
			self.assertNotIn("Handover Defect", text, user)

	def test_the_unpublished_updates_photos_open_for_no_buyer(self):
		url = self.photos_of("RE Construction Update", self.draft_x)[0]
		for buyer in (self.a, self.b):
			frappe.set_user(buyer.user)
			with self.assertRaises(NotTheirsError):
				self.serve(url)


class TestPages(PortalWorld):
	def render(self, user: str, path: str):
		frappe.set_user(user)
		set_request(method="GET", path=path)
		response = get_response(path)
		self.location = response.headers.get("Location") or ""
		return response.status_code, response.get_data(as_text=True)

	def test_each_page_shows_the_buyer_theirs_and_nothing_of_the_other(self):
		own_photo = frappe.db.get_value(
			"File",
			{"attached_to_doctype": "RE Handover Defect", "attached_to_name": self.defect_a},
			"file_url",
		)
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
		status, html = self.render(self.a.user, "/my-home/handover")
		# photos through the portal's file method, never Frappe's file URL
		self.assertIn(frappe.utils.escape_html(files.file_src(own_photo)), html)
		self.assertNotIn('src="/private/files/', html)
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


class TestHomePages(PortalWorld):
	"""``/`` and the page after logging in: my-home for a buyer, the desk for staff."""

	def home(self, user: str) -> str:
		frappe.set_user(user)
		frappe.cache.hdel("home_page", user)
		return get_home_page()

	def test_a_buyer_lands_on_my_home_staff_keep_frappes(self):
		self.assertEqual(self.home(self.a.user), "my-home")
		frappes = self.home("Administrator")
		self.assertNotEqual(frappes, "my-home")
		self.assertEqual(self.home(self.staff), frappes)
		frappe.set_user("Administrator")
		staff_buyer = self.staff_with_roles("staff-buyer", CS_AGENT, BUYER_ROLE)
		self.assertEqual(self.home(staff_buyer), frappes)
		frappe.set_user("Administrator")
		unlinked = self.website_user("unlinked")
		self.assertNotEqual(self.home(unlinked), "my-home")

	def test_logging_in_sends_a_buyer_to_my_home_and_staff_to_their_app(self):
		# what LoginManager.set_user_info answers: get_default_path() or "/" + get_home_page()
		frappe.set_user(self.a.user)
		self.assertIsNone(get_default_path())
		self.assertEqual(self.home(self.a.user), "my-home")
		frappe.set_user(self.staff)
		self.assertTrue(get_default_path().startswith("/app"))

	def test_the_root_is_no_403_for_staff_holding_the_buyer_role(self):
		staff_buyer = self.staff_with_roles("staff-buyer", CS_AGENT, BUYER_ROLE)
		for user in ("Administrator", staff_buyer):
			frappe.set_user(user)
			frappe.cache.hdel("home_page", user)
			set_request(method="GET", path="/")
			self.assertNotEqual(get_response("/").status_code, 403, user)
		frappe.set_user(self.a.user)
		frappe.cache.hdel("home_page", self.a.user)
		set_request(method="GET", path="/")
		response = get_response("/")
		self.assertEqual(response.status_code, 200)
		self.assertIn("A-301", response.get_data(as_text=True))


class TestGuessingNames(PortalWorld):
	"""A buyer who types another buyer's names into the portal's methods learns nothing."""

	def refused(self, call, asked: str = "") -> str:
		"""The refusal's words, which name nothing of B's but what was asked for."""
		frappe.clear_messages()
		with self.assertRaises(frappe.PermissionError) as error:
			call()
		text = refusal_text(error.exception, asked)
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
		self.refused(lambda: portal_api.cancel_handover())
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
