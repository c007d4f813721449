"""The isolation matrix: nobody reaches another person's data by any of Frappe's routes.

At test time it enumerates every whitelisted method of every installed app and every DocType
(child and single included) — no hand-written list, so a route Frappe or recrm adds later is
called without editing this test — and calls them over HTTP (Frappe's WSGI application, each
request on its own connection with real logged-in sessions) as a guest, two home buyers and two
advisors who own nothing of the others'. Each actor's records carry unique markers (a random
string in the customer's name, the complaint's subject and description, a file's name, notes;
a phone number of their own); which records are an actor's is found, not listed: every row any
table gained while the actor's records were made that holds one of the actor's markers or points
at such a row (a Version, a Comment, a File, a Contact and its phones, child rows …).

Routes called: every whitelisted method (``/api/method/…``; a controller's through
``run_doc_method``), ``/api/resource/<doctype>`` listed for every DocType, every other actor's
record by name on ``/api/resource`` and ``/api/v2/document`` (child rows included), and every
other actor's file by its URL.

Asserted, for every call:

- no answer carries another actor's marker, phone number or record name;
- an answer about another actor's record (its name, their user, their marker as a search text)
  is the same as the answer about one that does not exist (status code and body, the name
  replaced): no count, search or existence oracle;
- nothing answers 5xx.

Arguments are sampled from each method's signature, one target record per method and actor
(the DocTypes rotate over every recrm DocType and Frappe's Contact, File, Version, Comment,
Communication, User …), not every combination: the matrix runs in every CI run. It prints what
it enumerated, the requests it made and its run time.
"""

import re
import time
from urllib.parse import quote

import frappe
import frappe.model
from frappe.app import application
from frappe.utils import add_days, now_datetime, nowdate
from frappe.utils.password import update_password
from werkzeug.test import Client

from recrm.portal.security import is_recrm_doctype
from recrm.tests import isolation as iso
from recrm.tests.cases import StaffTestCase
from recrm.tests.factories import (
	emails_muted,
	make_building,
	make_complaint,
	make_contract,
	make_customer,
	make_interaction,
	make_payment_plan,
	make_project,
	make_reservation,
	make_survey,
	make_unit,
	make_user,
	move_complaint,
	random_mobile,
)
from recrm.tests.portal_factories import (
	attach_private_file,
	make_appointment,
	make_buyer,
	make_defect,
	make_handover_slot,
	make_title_deed,
)

PASSWORD = "Matrix-Isolation-2026!"
USERS = {
	"buyer_a": "matrix-buyer-a@recrm.test",
	"buyer_b": "matrix-buyer-b@recrm.test",
	# the staff of TestIsolationMatrix.STAFF
	"advisor_a": "matrix-advisor@recrm.test",
	"advisor_b": "matrix-other-advisor@recrm.test",
	# two partner merchants' logins (website users with RE Partner Merchant, recrm/portal/merchant.py)
	"merchant_a": "matrix-merchant-a@recrm.test",
	"merchant_b": "matrix-merchant-b@recrm.test",
	# owns the buyers' customers; not an actor
	"owner": "matrix-owner@recrm.test",
}
# Frappe DocTypes that hold a person's data beside recrm's own: always among the sampled DocTypes
FRAPPE_PERSONAL = (
	"Contact",
	"Contact Phone",
	"Contact Email",
	"Dynamic Link",
	"File",
	"Version",
	"Comment",
	"Communication",
	"ToDo",
	"User",
)
# a guard against a runaway matrix (a route that hangs, a seed that explodes), not a speed goal: the
# matrix grows with every route and DocType, and shares two cores with whatever else runs
BUDGET_SECONDS = 900


def merchant_login(email: str) -> None:
	"""A website user without a role: the merchant's role comes with its merchant."""
	make_user(email, [])


class Failures:
	def __init__(self):
		self.rows: list[str] = []

	def add(self, kind: str, actor, route: str, params, detail: str):
		self.rows.append(f"[{kind}] as {actor.key}: {route} {params!r} -> {detail}")


class TestIsolationMatrix(StaffTestCase):
	STAFF_PREFIX = "matrix"
	STAFF = ("advisor", "other_advisor", "owner")

	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.started = time.monotonic()
		frappe.set_user("Administrator")
		cls.actors = {
			"guest": iso.Actor("guest", "Guest", "guest"),
			"buyer_a": iso.Actor("buyer_a", USERS["buyer_a"], "buyer", iso.marker("mxba")),
			"buyer_b": iso.Actor("buyer_b", USERS["buyer_b"], "buyer", iso.marker("mxbb")),
			"advisor_a": iso.Actor("advisor_a", USERS["advisor_a"], "advisor", iso.marker("mxaa")),
			"advisor_b": iso.Actor("advisor_b", USERS["advisor_b"], "advisor", iso.marker("mxab")),
			"merchant_a": iso.Actor("merchant_a", USERS["merchant_a"], "merchant", iso.marker("mxma")),
			"merchant_b": iso.Actor("merchant_b", USERS["merchant_b"], "merchant", iso.marker("mxmb")),
		}
		with emails_muted():
			cls.seed()
		frappe.db.commit()
		cls.seeded = time.monotonic()
		cls.worker = iso.Worker(frappe.local.site)
		for actor in cls.actors.values():
			actor.client = Client(application, use_cookies=True)
			if actor.kind != "guest":
				response = cls.worker.request(
					actor.client, "POST", "/api/method/login", {"usr": actor.user, "pwd": PASSWORD}
				)
				assert response.status_code == 200, (actor.user, response.get_data(as_text=True)[:300])

	@classmethod
	def tearDownClass(cls):
		cls.worker.stop()
		frappe.db.rollback()
		super().tearDownClass()

	# --- the world -------------------------------------------------------------------------------

	@classmethod
	def seed(cls):
		tables = iso.stored_tables()
		project = make_project().name
		building = make_building(project=project).name
		units = {key: make_unit(building, floor=index + 2).name for index, key in enumerate(cls.actors)}
		cls.plan = make_payment_plan(project).name
		slot = make_handover_slot(project, building, capacity=5).name
		for key in ("buyer_a", "buyer_b"):
			cls.website_user(key)  # matrix-buyer-a@recrm.test …, as in USERS
		for key in ("merchant_a", "merchant_b"):
			merchant_login(USERS[key])
		for user in USERS.values():
			update_password(user, PASSWORD)
		frappe.db.commit()
		for key, actor in cls.actors.items():
			if actor.kind == "guest":
				continue
			start = now_datetime()
			phone = random_mobile()
			actor.phones = iso.phone_forms(phone)
			if actor.kind == "buyer":
				cls.seed_buyer(actor, project, units[key], slot, phone)
			elif actor.kind == "merchant":
				cls.seed_merchant(actor, phone)
			else:
				cls.seed_advisor(actor, project, units[key], phone)
			made = iso.records_made_between(start, now_datetime(), tables)
			actor.records = iso.secret_records(made, actor.secrets)

	@classmethod
	def seed_buyer(cls, actor, project, unit, slot, phone):
		m = actor.marker
		owner = [{"project": project, "advisor": USERS["owner"], "protected_until": add_days(nowdate(), 60)}]
		buyer = make_buyer(email=actor.user, full_name=f"{m}业主", phone=phone, advisors=owner)
		customer = buyer.customer
		make_contract(unit=unit, buyers=[customer], payment_plan=cls.plan, advisor=USERS["owner"])
		make_title_deed(unit, [customer])
		make_appointment(customer, unit, slot)
		make_defect(customer, unit, description=f"{m} 窗框渗水")
		complaint = make_complaint(
			customer, project, unit=unit, subject=f"{m} 门锁坏了", description=f"{m} 入户门锁打不开"
		)
		cls.with_photo_comment_and_log(complaint.name, m)
		survey = make_survey(customer, project, period="2026")
		# the survey link's token answers the survey as the customer: a secret of theirs
		if survey.token:
			actor.phones.add(survey.token)
		make_interaction(customer, project, advisor=USERS["owner"], outcome=f"{m} 回访")

	@classmethod
	def seed_merchant(cls, actor, phone):
		m = actor.marker
		merchant = frappe.get_doc(
			{
				"doctype": "RE Club Merchant",
				"merchant_name": f"{m}商户",
				"category": "Dining",
				"phone": phone,
				"address": f"{m} 商业街",
				"users": [{"user": actor.user}],
			}
		).insert()
		frappe.get_doc(
			{
				"doctype": "RE Merchant Offer",
				"merchant": merchant.name,
				"title": f"{m} 优惠",
				"status": "Active",
				"description": f"{m} 九折",
			}
		).insert()

	@classmethod
	def seed_advisor(cls, actor, project, unit, phone):
		m = actor.marker
		mine = [{"project": project, "advisor": actor.user, "protected_until": add_days(nowdate(), 60)}]
		customer = make_customer(phone, full_name=f"{m}客户", advisors=mine)
		make_interaction(customer.name, project, advisor=actor.user, outcome=f"{m} 看房")
		reservation = make_reservation(unit, customer.name, advisor=actor.user)
		make_contract(reservation=reservation.name, payment_plan=cls.plan, advisor=actor.user)
		complaint = make_complaint(customer.name, project, subject=f"{m} 售楼处噪音", description=f"{m} 投诉")
		cls.with_photo_comment_and_log(complaint.name, m)

	@classmethod
	def with_photo_comment_and_log(cls, complaint: str, m: str):
		url = attach_private_file("RE Complaint", complaint, file_name=f"{m}.png").file_url
		doc = frappe.get_doc("RE Complaint", complaint)
		doc.append("photos", {"photo": url, "caption": f"{m} 照片"})
		doc.save()
		move_complaint(complaint, "In Progress", note=f"{m} 已派工")
		doc.add_comment("Comment", f"{m} 员工备注")
		frappe.get_doc(
			{
				"doctype": "Communication",
				"communication_type": "Communication",
				"communication_medium": "Phone",
				"sent_or_received": "Received",
				"subject": f"{m} 来电",
				"content": f"{m} 来电内容",
				"reference_doctype": "RE Complaint",
				"reference_name": complaint,
			}
		).insert(ignore_permissions=True)

	# --- the matrix ------------------------------------------------------------------------------

	def others(self, actor) -> list:
		return [other for other in self.actors.values() if other is not actor and other.kind != "guest"]

	def leak_patterns(self, actor) -> list[tuple[str, re.Pattern]]:
		"""What ``actor`` must not read: the others' markers, phones and record names."""
		patterns = []
		for other in self.others(actor):
			for value in other.secrets:
				patterns.append((f"{other.key}'s {value}", re.compile(re.escape(value))))
			for doctype, name in other.records:
				patterns.append(
					(f"{other.key}'s {doctype} {name}", re.compile(rf"(?<![\w-]){re.escape(name)}(?![\w-])"))
				)
		return patterns

	def check(self, actor, route: str, params, got: iso.Answer, given: set[str]):
		if got.status >= 500:
			detail = f"{got.status} {iso.error_line(got.text)}"
			# recrm's: a recrm method or DocType, or a traceback through recrm's code
			if self.recrm_route or "apps/recrm/" in got.text or "recrm." in iso.error_line(got.text):
				self.failures.add("5xx", actor, route, params, detail)
			else:
				# Frappe's own code on the sampled arguments: listed, not recrm's to fix
				self.frappe_5xx.add("5xx", actor, route, params, detail)
		# what the request itself carried may come back (an echo is no leak)
		given = given | set(iso.strings_in(params))
		for label, pattern in self.patterns[actor.key]:
			if any(pattern.search(value) for value in given):
				continue
			if pattern.search(got.text):
				self.failures.add("leak", actor, route, params, f"{label} in {got.status} {got.text[:200]}")
				return

	def compare(self, actor, route, params, found: iso.Answer, name: str, missing: iso.Answer, fake: str):
		"""The answer on another's ``name`` against the answer on the missing ``fake``."""
		if found.status != missing.status:
			difference = f"status {found.status} / {missing.status}"
		else:
			difference = iso.first_difference(
				iso.comparable(found.text, name), iso.comparable(missing.text, fake)
			)
		if difference:
			self.failures.add(
				"oracle",
				actor,
				route,
				params,
				f"another's {name!r} and the missing {fake!r} answer differently: {difference}",
			)

	def call(self, actor, http: str, route: str, params: dict) -> iso.Answer:
		# the test's own connection holds no lock a request may wait for (a column Frappe adds on the fly)
		frappe.db.rollback()
		began = time.monotonic()
		got = iso.answer(self.worker.request(actor.client, http, route, params))
		self.requests += 1
		self.timings.append((time.monotonic() - began, route, params.get("method") or ""))
		return got

	def pair(self, actor, http, route_of, params_of, secret: str, fake: str):
		"""Call with another actor's ``secret`` (a name, a user, a marker) and with ``fake``, then check both."""
		found = self.call(actor, http, route_of(secret), params_of(secret))
		missing = self.call(actor, http, route_of(fake), params_of(fake))
		self.check(actor, route_of(secret), params_of(secret), found, {secret})
		self.check(actor, route_of(fake), params_of(fake), missing, {fake})
		self.compare(actor, route_of(secret), params_of(secret), found, secret, missing, fake)

	# --- the targets -----------------------------------------------------------------------------

	def targets(self, actor) -> list[tuple[str, str, object]]:
		"""(doctype, name, owner) of the others' records, one per DocType, recrm's and Frappe's
		personal DocTypes first."""
		by_doctype = {}
		for other in self.others(actor):
			for doctype, name in other.records:
				by_doctype.setdefault(doctype, (doctype, name, other))
		return sorted(by_doctype.values(), key=lambda t: (not t[0].startswith("RE "), t[0]))

	def test_each_actor_is_logged_in_and_reads_their_own(self):
		"""The matrix means something only if the actors are who they say and reach their own."""
		self.requests, self.timings = 0, []
		for actor in self.actors.values():
			got = self.call(actor, "GET", "/api/method/frappe.auth.get_logged_user", {})
			if actor.kind == "guest":
				self.assertIn(got.status, (401, 403), got.text[:200])
			else:
				self.assertEqual(got.json.get("message"), actor.user, got.text[:200])
		for key in ("advisor_a", "advisor_b"):
			actor = self.actors[key]
			got = self.call(
				actor, "GET", "/api/resource/RE Customer", {"fields": ["full_name"], "limit": 500}
			)
			self.assertIn(actor.marker, got.text, f"{key} reads their own customer")
		self.assertTrue(all(actor.records for actor in self.actors.values() if actor.kind != "guest"))

	def test_matrix(self):
		self.failures = Failures()
		self.frappe_5xx = Failures()
		self.recrm_route = False
		self.requests = 0
		self.timings = []
		self.patterns = {key: self.leak_patterns(actor) for key, actor in self.actors.items()}
		imported, not_imported = iso.installed_app_modules()
		methods = iso.whitelisted_methods()
		doctypes = frappe.get_all(
			"DocType", fields=["name", "istable", "issingle", "is_virtual"], order_by="name"
		)
		skipped = {}
		called = 0
		for index, method in enumerate(methods):
			reason = iso.skip_reason(method)
			if reason:
				skipped[method.path] = reason
				continue
			called += 1
			self.recrm_route = any(
				(path or "").startswith("recrm.") for path in (method.path, method.via)
			) or bool(method.doctype and is_recrm_doctype(method.doctype))
			for actor in self.method_actors(method, index):
				self.call_method(actor, method, index)
		self.document_routes(doctypes)
		elapsed = time.monotonic() - self.started
		summary = (
			f"isolation matrix: {len(methods)} whitelisted methods enumerated ({called} called, "
			f"{len(skipped)} skipped by rule, {len([m for m in methods if m.guest])} open to guests) from"
			f" {imported} modules ({len(not_imported)} not importable); {len(doctypes)} DocTypes"
			f" ({len([d for d in doctypes if d.istable])} child, {len([d for d in doctypes if d.issingle])}"
			f" single); {sum(len(a.records) for a in self.actors.values())} seeded records of"
			f" {len(self.actors) - 1} actors; {self.requests} requests;"
			f" {elapsed:.0f} s ({self.seeded - self.started:.0f} s seeding)"
		)
		print(summary)
		for seconds, route, method in sorted(self.timings, reverse=True)[:8]:
			print(f"  slowest: {seconds:.2f} s {route} {method}")
		for reason in sorted(set(skipped.values())):
			print(f"  skipped ({reason}): {len([p for p, r in skipped.items() if r == reason])}")
		self.assertLess(elapsed, BUDGET_SECONDS, summary)
		if self.frappe_5xx.rows:
			by_route = {}
			for row in sorted(self.frappe_5xx.rows):
				route = row.split(": ", 1)[1].split(" ", 1)[0]
				by_route.setdefault(route, []).append(row.rsplit(" -> ", 1)[-1])
			print(
				f"{len(self.frappe_5xx.rows)} 5xx answers of {len(by_route)} of Frappe's own methods on the"
				" sampled arguments (not recrm's code; listed, not failing):"
			)
			for route, errors in by_route.items():
				print(f"  {route}: {len(errors)} x {errors[0][:140]}")
		if self.failures.rows:
			print("\n".join(self.failures.rows))
		self.assertEqual(self.failures.rows, [], f"{len(self.failures.rows)} failures; {summary}")

	def method_actors(self, method, index):
		"""A guest for methods open to guests; one buyer, one advisor and one merchant (alternating A
		and B) for all."""
		actors = [self.actors["guest"]] if method.guest else []
		side = "a" if index % 2 == 0 else "b"
		return [
			*actors,
			self.actors[f"buyer_{side}"],
			self.actors[f"advisor_{side}"],
			self.actors[f"merchant_{side}"],
		]

	def call_method(self, actor, method: iso.Method, index: int):
		targets = self.targets(actor)
		doctype, name, owner = targets[index % len(targets)]
		params = method.parameters
		http = "GET" if "GET" in method.http_methods else method.http_methods[0]
		if method.doctype is not None:
			self.call_doc_method(actor, method, http, params)
			return
		route = f"/api/method/{method.path}"
		if not [p for p in params.values() if p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD)]:
			# a method that reads its arguments from the request (report view, its count and export)
			params = iso.FORM_DICT_PARAMETERS
		# filters name the target too: the name is what varies
		names = set(params) & (iso.NAME_PARAMS | iso.NAME_LIST_PARAMS | iso.FILTER_PARAMS)
		users = set(params) & iso.USER_PARAMS
		texts = set(params) & iso.TEXT_PARAMS
		if names:
			secret, fake = name, self.missing(doctype, name)
		elif users:
			secret = owner.user
			fake = f"{iso.missing_like(owner.user.split('@')[0])}@recrm.test"
		else:
			secret, fake = owner.marker, iso.marker(owner.marker[:4])

		def params_of(value):
			return self.arguments(
				params,
				doctype,
				value if names else name,
				value if users else owner.user,
				value if (texts and not names and not users) else owner.marker,
				source=name,
			)

		if names or users or texts:
			self.pair(actor, http, lambda _value: route, params_of, secret, fake)
		else:
			got = self.call(actor, http, route, params_of(secret))
			self.check(actor, route, params_of(secret), got, set())

	def call_doc_method(self, actor, method, http, params):
		"""A controller method, called on another's record of its DocType (or a missing one)."""
		doctype = method.doctype
		names = [name for other in self.others(actor) for name in other.names_of(doctype)]
		route = "/api/method/run_doc_method"
		args = self.arguments(params, doctype, names[0] if names else "x", self.others(actor)[0].user, "x")

		def params_of(value):
			return {"dt": doctype, "dn": value, "method": method.path.rsplit(".", 1)[1], "args": args}

		if names:
			self.pair(actor, http, lambda _value: route, params_of, names[0], self.missing(doctype, names[0]))
		else:
			got = self.call(actor, http, route, params_of(iso.missing_like("MISSING-0001")))
			self.check(actor, route, params_of("x"), got, set())

	def missing(self, doctype: str, name: str) -> str:
		for _attempt in range(5):
			fake = iso.missing_like(name)
			if fake != name and not frappe.db.exists(doctype, fake):
				return fake
		return f"{name}-missing"

	def arguments(
		self, params: dict, doctype: str, name: str, user: str, text: str, source: str | None = None
	) -> dict:
		"""Arguments for a method's parameters, sampled by name: the target's DocType and name, the
		other actor's user and marker, filters on the name and on the fields the caller may not
		read (their values taken from ``source``, the real record, for the missing name too: only
		the name differs), every field, ``ignore_user_permissions``; a neutral value for the rest."""
		source = source or name
		meta = frappe.get_meta(doctype)
		parent = self.parent_of(doctype) if meta.istable else None
		hidden = {
			df.fieldname: df
			for df in meta.fields
			if df.permlevel and not df.is_virtual and df.fieldtype not in frappe.model.no_value_fields
		}
		filters = {"name": name}
		if hidden:
			row = (
				frappe.db.get_value(doctype, source, list(hidden), as_dict=True)
				if frappe.db.exists(doctype, source)
				else None
			)
			for fieldname in hidden:
				value = (row or {}).get(fieldname)
				if isinstance(value, str) and value:
					filters[fieldname] = value
		args = {}
		for pname, param in params.items():
			if param.kind in (param.VAR_POSITIONAL, param.VAR_KEYWORD):
				continue
			if pname in iso.DOCTYPE_PARAMS:
				args[pname] = doctype
			elif pname == "parent_doctype" or pname == "parent":
				args[pname] = parent
			elif pname in iso.NAME_PARAMS:
				args[pname] = name
			elif pname in iso.NAME_LIST_PARAMS:
				args[pname] = [name]
			elif pname in iso.USER_PARAMS:
				args[pname] = user
			elif pname in iso.TEXT_PARAMS:
				args[pname] = text
			elif pname in ("filters", "filter"):
				args[pname] = filters
			elif pname == "or_filters":
				args[pname] = [[doctype, "name", "=", name]]
			elif pname in ("fields", "fieldname", "field"):
				args[pname] = ["*"] if pname == "fields" else "name"
			elif pname in ("ignore_user_permissions", "ignore_permissions"):
				args[pname] = 1
			elif pname in ("doc", "docs"):
				args[pname] = {"doctype": doctype, "name": name}
			elif pname == "group_by" or pname == "field_name":
				args[pname] = "assigned_to"
			elif pname in ("limit", "page_length", "page_len", "limit_page_length"):
				args[pname] = 20
			elif param.default is not inspect_empty():
				continue
			else:
				args[pname] = neutral(param.annotation)
		return args

	def parent_of(self, doctype: str) -> str | None:
		return frappe.db.get_value(
			"DocField",
			{
				"options": doctype,
				"fieldtype": ("in", ("Table", "Table MultiSelect")),
				"parenttype": "DocType",
			},
			"parent",
		)

	# --- /api/resource and /api/v2 ---------------------------------------------------------------

	def document_routes(self, doctypes):
		"""Every DocType listed by every actor; every DocType with another's records read by name
		(existing against missing) on /api/resource and /api/v2."""
		for index, dt in enumerate(doctypes):
			if dt.is_virtual:
				continue
			self.recrm_route = is_recrm_doctype(dt.name)
			side = "a" if index % 2 == 0 else "b"
			for actor in (self.actors["guest"], self.actors[f"buyer_{side}"], self.actors[f"advisor_{side}"]):
				doctype = quote(dt.name)
				if dt.issingle:
					for route in (
						f"/api/resource/{doctype}/{doctype}",
						f"/api/v2/document/{doctype}/{doctype}",
					):
						self.check(actor, route, {}, self.call(actor, "GET", route, {}), set())
					continue
				params = {"fields": ["*"], "limit_page_length": 100}
				if dt.istable:
					params["parent"] = self.parent_of(dt.name)
				route = f"/api/resource/{doctype}"
				self.check(actor, route, params, self.call(actor, "GET", route, params), set())
		for actor in self.actors.values():
			for doctype, name, _owner in self.targets(actor):
				self.recrm_route = is_recrm_doctype(doctype)
				fake = self.missing(doctype, name)
				for prefix in ("/api/resource", "/api/v2/document"):

					def route_of(value, prefix=prefix, doctype=doctype):
						return f"{prefix}/{quote(doctype)}/{quote(value, safe='')}"

					self.pair(actor, "GET", route_of, lambda _value: {}, name, fake)
			self.file_urls(actor)

	def file_urls(self, actor):
		"""Every file of another actor, opened by its URL, answers as a URL nobody has."""
		self.recrm_route = True
		for other in self.others(actor):
			for name in other.names_of("File"):
				url = frappe.db.get_value("File", name, "file_url")
				if not url:
					continue
				folder, file_name = url.rsplit("/", 1)
				fake = f"{iso.marker('mxff')}.{file_name.rsplit('.', 1)[-1]}"
				self.pair(
					actor,
					"GET",
					lambda value, folder=folder: f"{folder}/{value}",
					lambda _value: {},
					file_name,
					fake,
				)


def inspect_empty():
	import inspect

	return inspect.Parameter.empty


def neutral(annotation):
	"""A harmless value of the parameter's type."""
	text = str(annotation)
	if annotation is bool or "bool" in text:
		return 0
	if annotation is int or "int" in text:
		return 1
	if annotation is dict or "dict" in text:
		return {}
	if annotation is list or "list" in text:
		return []
	return "x"
