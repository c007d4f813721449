# Copyright (c) 2026, recrm developers and contributors
# For license information, please see license.txt
"""Phone privacy: an advisor sees the full number only of their own customers, by every route.

The full numbers are kept in RE Customer Number, which no role may read; what the customer and its
rows hold is masked. So the tests below ask every route, with filters, OR filters and ORDER BY on
every field of RE Customer and RE Customer Phone (from the meta, not a hand list), and compare the
answer for a customer's hidden digits with the answer for digits nobody has: equal answers tell
nothing. HTTP routes (``/api/resource``, ``/api/v2``, Data Export) are in test_phone_privacy_http.py."""

import json

import frappe
import frappe.client
from frappe.desk.form.load import getdoc
from frappe.desk.reportview import export_query
from frappe.desk.reportview import get as reportview_get
from frappe.desk.search import search_widget
from frappe.model import default_fields, no_value_fields, table_fields

from recrm.api.phones import get_full_phones
from recrm.api.reception import lookup, register_visitor
from recrm.errors import DuplicateCustomerError, SalesRuleError
from recrm.overrides.client import get_count
from recrm.sales.phone_privacy import NUMBER
from recrm.tests.cases import StaffTestCase
from recrm.tests.factories import (
	make_complaint,
	make_customer,
	make_interaction,
	make_owned_customer,
	make_project,
)

# the advisor's own customer, and another advisor's whose protection lapsed (the pool: readable)
MINE = "139 1357 2222"
MINE_FULL = "+8613913572222"
THEIRS = "138 2468 8000"
THEIRS_FULL = "+8613824688000"
THEIRS_MASKED = "138****8000"
# digits of THEIRS that its masked form hides, and a number of the same masked form that nobody has
HIDDEN = "824688"
NOBODYS_FULL = "+8613899998000"
NOBODYS_HIDDEN = "899998"
LIST_FIELDS = [
	"`tabRE Customer`.`name`",
	"`tabRE Customer`.`primary_phone_masked`",
	"`tabRE Customer Phone`.`phone`",
	"`tabRE Customer Phone`.`masked_phone`",
]
CHILD_FIELDS = ("parent", "parenttype", "parentfield")


def as_text(value) -> str:
	if isinstance(value, bytes):
		return value.decode("utf-8")
	return value if isinstance(value, str) else frappe.as_json(value)


def columns_of(doctype: str) -> list[str]:
	"""Every field of ``doctype`` that is a column: from the meta, standard fields included."""
	meta = frappe.get_meta(doctype)
	fields = [
		df.fieldname
		for df in meta.fields
		if df.fieldtype not in no_value_fields and df.fieldtype not in table_fields
	]
	standard = [field for field in default_fields if field != "doctype"]
	if not meta.istable:
		standard = [field for field in standard if field not in CHILD_FIELDS]
	return list(dict.fromkeys([*standard, *fields]))


def answer(query):
	"""What a query answers, an error included (its kind: the words may name the value asked for)."""
	try:
		return as_text(query())
	except Exception as error:
		return f"refused: {type(error).__name__}"


class TestPhonePrivacy(StaffTestCase):
	STAFF_PREFIX = "privacy"
	STAFF = ("owner", "advisor", "manager", "cs_agent", "engineer")

	def setUp(self):
		self.project = make_project().name
		self.theirs = make_owned_customer(self.project, self.owner, -1, phone=THEIRS).name
		self.mine = make_owned_customer(self.project, self.advisor, 9, phone=MINE).name
		self.both = [self.theirs, self.mine]

	def tearDown(self):
		frappe.local.form_dict = frappe._dict()
		frappe.local.response = frappe._dict({"docs": []})
		super().tearDown()

	def assertNoFullNumber(self, value, number=THEIRS_FULL):
		text = as_text(value)
		national = number[3:]
		self.assertNotIn(national, text)
		self.assertNotIn(f"{national[:3]} {national[3:7]} {national[7:]}", text)
		self.assertNotIn(national[2:8], text)

	def reportview_rows(self, doctype="RE Customer", fields=LIST_FIELDS):
		frappe.local.form_dict = frappe._dict(
			doctype=doctype,
			fields=json.dumps(fields),
			filters=json.dumps([[doctype, "name", "in", self.both]] if doctype == "RE Customer" else []),
			order_by=f"`tab{doctype}`.`name` asc",
			start=0,
			page_length=20,
			view="Report",
		)
		return reportview_get()

	def exported_csv(self, doctype="RE Customer", fields=LIST_FIELDS) -> str:
		frappe.local.form_dict = frappe._dict(
			doctype=doctype,
			file_format_type="CSV",
			title=doctype,
			fields=json.dumps(fields),
			filters=json.dumps([[doctype, "name", "in", self.both]] if doctype == "RE Customer" else []),
		)
		frappe.local.response = frappe._dict({"docs": []})
		export_query()
		return as_text(frappe.response["filecontent"])

	def form(self, name) -> dict:
		frappe.local.response = frappe._dict({"docs": []})
		getdoc("RE Customer", name)
		return {"doc": frappe.response.docs[0].as_dict(), "docinfo": frappe.response.get("docinfo")}

	# --- nothing of the full number is stored where a generic route reads -----------------------------

	def test_the_customer_and_its_rows_hold_no_full_number(self):
		customer = frappe.db.get_value("RE Customer", self.theirs, "*", as_dict=True)
		rows = frappe.get_all("RE Customer Phone", filters={"parent": self.theirs}, fields=["*"])
		self.assertNoFullNumber([customer, rows])
		self.assertEqual(customer.primary_phone_masked, THEIRS_MASKED)
		self.assertEqual([(row.phone, row.masked_phone) for row in rows], [(None, THEIRS_MASKED)])
		self.assertEqual(
			frappe.get_all(
				NUMBER, filters={"customer": self.theirs}, fields=["name", "number", "is_primary"]
			),
			[{"name": rows[0].name, "number": THEIRS_FULL, "is_primary": 1}],
		)
		# and Frappe's Contact gets nothing of a customer
		self.assertFalse(
			frappe.get_all("Dynamic Link", filters={"link_doctype": "RE Customer", "link_name": self.theirs})
		)
		self.assertFalse(frappe.get_all("Contact Phone", filters={"phone": ("like", f"%{HIDDEN}%")}))

	def test_no_filter_sort_or_count_on_any_field_tells_an_advisor_the_number(self):
		frappe.set_user(self.advisor)
		for doctype in ("RE Customer", "RE Customer Phone"):
			parent = "RE Customer" if doctype == "RE Customer Phone" else None
			scope = {"parent" if parent else "name": ("in", self.both)}
			for field in columns_of(doctype):
				for hidden, full in ((HIDDEN, THEIRS_FULL), (NOBODYS_HIDDEN, NOBODYS_FULL)):
					probes = (
						{field: full},
						{field: full[3:]},
						{field: ("like", f"%{hidden}%")},
						# as typed: 138 2468 8000
						{field: ("like", f"%{full[6:10]} {full[10]}%")},
					)
					answers = []
					for probe in probes:
						answers += [
							answer(
								lambda probe=probe: frappe.client.get_list(
									doctype, fields=["name"], filters={**scope, **probe}, parent=parent
								)
							),
							answer(
								lambda probe=probe: frappe.client.get_list(
									doctype, fields=["name"], filters=scope, or_filters=probe, parent=parent
								)
							),
							answer(lambda probe=probe: get_count(doctype, filters={**scope, **probe})),
						]
						if not parent:
							answers.append(
								answer(
									lambda probe=probe: frappe.client.get_value(
										doctype, "name", {**scope, **probe}
									)
								)
							)
					if hidden == HIDDEN:
						theirs = answers
					else:
						self.assertEqual(theirs, answers, f"{doctype}.{field}")
				rows = answer(
					lambda field=field: frappe.client.get_list(
						doctype, fields=["*"], filters=scope, order_by=f"{field} desc", parent=parent
					)
				)
				self.assertNoFullNumber(rows)
				self.assertNoFullNumber(rows, MINE_FULL)

	def test_the_store_of_numbers_is_refused_to_everyone_by_every_route(self):
		row = frappe.get_all(NUMBER, filters={"customer": self.theirs}, pluck="name")[0]
		for user in (self.advisor, self.owner, self.manager, self.cs_agent):
			frappe.set_user(user)
			for query in (
				lambda: frappe.client.get_list(NUMBER, fields=["number"]),
				lambda: frappe.client.get(NUMBER, row),
				lambda: frappe.client.get_value(NUMBER, "number", {"customer": self.theirs}),
				lambda: get_count(NUMBER, filters={"number": THEIRS_FULL}),
				lambda: self.reportview_rows(NUMBER, ["name", "number"]),
				lambda: self.exported_csv(NUMBER, ["name", "number"]),
				lambda: search_widget(NUMBER, "8000", as_dict=True),
			):
				with self.assertRaises(frappe.PermissionError, msg=user):
					query()

	# --- an advisor -------------------------------------------------------------------------------

	def test_a_complaint_keeps_its_customers_masked_number(self):
		complaint = make_complaint(customer=self.theirs, project=self.project)
		self.assertEqual(complaint.customer_phone, THEIRS_MASKED)
		self.assertNoFullNumber(frappe.db.get_value("RE Complaint", complaint.name, "*", as_dict=True))

	def test_an_advisor_lists_and_exports_masked_numbers_only(self):
		make_interaction(customer=self.theirs, project=self.project, advisor=self.advisor)
		frappe.set_user(self.advisor)
		rows = frappe.get_list(
			"RE Customer", fields=LIST_FIELDS, filters={"name": ("in", self.both)}, limit_page_length=0
		)
		for found in (rows, self.reportview_rows(), self.exported_csv()):
			self.assertNoFullNumber(found)
			self.assertNoFullNumber(found, MINE_FULL)
			self.assertIn(THEIRS_MASKED, as_text(found))
		self.assertIn("139****2222", self.exported_csv())

	def test_an_advisor_opens_another_advisors_customer_with_masked_numbers(self):
		# the history of a number change is sent with the form too
		customer = frappe.get_doc("RE Customer", self.theirs)
		customer.add_phone = "138 2468 9999"
		customer.save(ignore_version=False)
		frappe.set_user(self.advisor)
		form = self.form(self.theirs)
		self.assertNoFullNumber(form)
		self.assertNoFullNumber(form, "+8613824689999")
		self.assertEqual(form["doc"]["primary_phone_masked"], THEIRS_MASKED)
		self.assertTrue(form["docinfo"]["versions"])
		self.assertEqual(form["doc"]["__onload"]["full_phones"], [])
		self.assertEqual(form["doc"]["phones"][0]["masked_phone"], THEIRS_MASKED)

	def test_an_advisor_opens_their_own_customer_with_the_full_numbers(self):
		frappe.set_user(self.advisor)
		form = self.form(self.mine)
		full = form["doc"]["__onload"]["full_phones"]
		self.assertEqual([(p["phone"], p["is_primary"]) for p in full], [(MINE_FULL, 1)])
		self.assertEqual(full[0]["row"], form["doc"]["phones"][0]["name"])
		self.assertNoFullNumber(form["doc"]["phones"], MINE_FULL)

	def test_frappe_client_print_and_search_give_an_advisor_masked_numbers(self):
		frappe.set_user(self.advisor)
		reads = [
			frappe.client.get("RE Customer", self.theirs),
			frappe.client.get_value("RE Customer", ["*"], self.theirs),
			frappe.client.get_list("RE Customer", fields=["*"], filters={"name": ("in", self.both)}),
			frappe.client.get_list(
				"RE Customer Phone", fields=["*"], filters={"parent": self.theirs}, parent="RE Customer"
			),
			frappe.get_print("RE Customer", self.theirs),
		]
		self.assertIn(THEIRS_MASKED, as_text(reads))
		self.assertNoFullNumber(reads)
		# link search finds a customer by the masked number's digits, never by the hidden ones
		found = search_widget("RE Customer", "8000", as_dict=True)
		self.assertIn(self.theirs, [row.name for row in found])
		self.assertNoFullNumber(found)
		self.assertFalse(search_widget("RE Customer", HIDDEN, as_dict=True))

	def test_the_history_keeps_no_full_number(self):
		frappe.set_user(self.manager)
		customer = frappe.get_doc("RE Customer", self.mine)
		customer.add_phone = "139 3333 4444"
		customer.save(ignore_version=False)
		customer = frappe.get_doc("RE Customer", self.mine)
		customer.phones[0].is_primary = 0
		customer.phones[1].is_primary = 1
		customer.phones[1].phone = "139 3333 5555"  # a manager types a new number into a row
		customer.save(ignore_version=False)
		frappe.set_user("Administrator")
		versions = frappe.get_all(
			"Version", filters={"ref_doctype": "RE Customer", "docname": self.mine}, pluck="data"
		)
		self.assertTrue(versions)
		self.assertIn("139****4444", "".join(versions))
		for number in ("+8613933334444", "+8613933335555", MINE_FULL):
			self.assertNoFullNumber(versions, number)
		self.assertEqual(
			sorted(frappe.get_all(NUMBER, filters={"customer": self.mine}, pluck="number")),
			[MINE_FULL, "+8613933335555"],
		)
		self.assertEqual(frappe.db.get_value("RE Customer", self.mine, "primary_phone_masked"), "139****5555")

	def test_the_advisor_who_registered_a_customer_reassigned_since_reads_no_number(self):
		frappe.set_user(self.advisor)
		name = register_visitor("访客", "137 2468 1111", self.project)["customer"]
		self.assertEqual(get_full_phones([name]), {name: "+8613724681111"})
		frappe.set_user(self.manager)
		customer = frappe.get_doc("RE Customer", name)
		customer.advisors[0].advisor = self.owner
		customer.save()
		frappe.set_user(self.advisor)
		self.assertEqual(get_full_phones([name]), {})
		with self.assertRaises(frappe.PermissionError):
			frappe.client.get("RE Customer", name)
		with self.assertRaises(frappe.PermissionError):
			lookup("137 2468 1111")
		for doctype in ("Contact", "Contact Phone"):
			rows = answer(
				lambda doctype=doctype: frappe.client.get_list(
					doctype,
					fields=["*"],
					parent="Contact" if doctype == "Contact Phone" else None,
					limit_page_length=0,
				)
			)
			self.assertNoFullNumber(rows, "+8613724681111")

	# --- managers and customer service --------------------------------------------------------------

	def test_managers_and_customer_service_get_the_full_numbers_from_recrm(self):
		for user in (self.manager, self.cs_agent):
			frappe.set_user(user)
			form = self.form(self.theirs)
			self.assertEqual([p["phone"] for p in form["doc"]["__onload"]["full_phones"]], [THEIRS_FULL])
			self.assertEqual(get_full_phones(self.both), {self.theirs: THEIRS_FULL, self.mine: MINE_FULL})
			self.assertEqual(lookup(THEIRS)["phone"], THEIRS_FULL)
			# what generic routes give them is masked, as for everyone
			self.assertNoFullNumber(frappe.client.get("RE Customer", self.theirs))

	# --- typing numbers ---------------------------------------------------------------------------

	def test_an_advisor_registers_a_customer_with_a_normalised_phone(self):
		frappe.set_user(self.advisor)
		name = make_customer(phone="(+86) 137-0000-1111").name
		with self.assertRaises(DuplicateCustomerError) as error:
			make_customer(phone="13700001111")
		# the number the advisor typed, and nobody they may not open
		self.assertIn("+8613700001111", str(error.exception))
		frappe.set_user("Administrator")
		customer = frappe.get_doc("RE Customer", name)
		self.assertEqual(
			frappe.get_all(NUMBER, filters={"customer": name}, pluck="number"), ["+8613700001111"]
		)
		self.assertEqual(customer.primary_phone_masked, "137****1111")
		self.assertEqual((customer.phones[0].phone, customer.phones[0].masked_phone), (None, "137****1111"))

	def test_an_advisor_adds_a_phone_through_add_phone_and_keeps_the_others(self):
		frappe.set_user(self.advisor)
		customer = frappe.get_doc("RE Customer", self.mine)
		customer.apply_fieldlevel_read_permissions()
		customer.add_phone = "+86 136 5555 6666"
		customer.save()
		self.assertIsNone(customer.add_phone)
		frappe.set_user("Administrator")
		customer = frappe.get_doc("RE Customer", self.mine)
		numbers = {row.name: row.number for row in frappe.get_all(NUMBER, fields=["name", "number"])}
		self.assertEqual(
			[(numbers[row.name], row.is_primary) for row in customer.phones],
			[(MINE_FULL, 1), ("+8613655556666", 0)],
		)
		self.assertEqual(customer.primary_phone_masked, "139****2222")

	def test_an_advisor_cannot_type_a_number_into_a_phone_row(self):
		frappe.set_user(self.advisor)
		customer = frappe.get_doc("RE Customer", self.mine)
		customer.append("phones", {"phone": "136 5555 7777"})
		with self.assertRaises(SalesRuleError) as error:
			customer.save()
		self.assertIn("Add Phone", str(error.exception))
		customer = frappe.get_doc("RE Customer", self.mine)
		customer.phones[0].phone = "136 5555 8888"
		customer.impressions = "came back with her parents"
		customer.save()
		frappe.set_user("Administrator")
		self.assertEqual(frappe.get_all(NUMBER, filters={"customer": self.mine}, pluck="number"), [MINE_FULL])

	def test_a_phone_added_to_another_customer_is_refused_as_a_duplicate(self):
		frappe.set_user(self.advisor)
		customer = frappe.get_doc("RE Customer", self.mine)
		customer.add_phone = THEIRS
		with self.assertRaises(DuplicateCustomerError) as error:
			customer.save()
		# the advisor may open the pool's customer: the link to it
		self.assertIn(self.theirs, str(error.exception))
		self.assertIn(THEIRS_FULL, str(error.exception))

	def test_a_duplicate_of_a_customer_the_user_may_not_open_names_nobody(self):
		protected = make_owned_customer(self.project, self.owner, 9, phone="137 9753 1111").name
		frappe.set_user(self.advisor)
		with self.assertRaises(DuplicateCustomerError) as error:
			make_customer(phone="13797531111")
		self.assertIn("a customer you may not open", str(error.exception))
		self.assertNotIn(protected, str(error.exception))
		self.assertFalse(frappe.has_permission("RE Customer", "read", doc=protected))

	def test_a_deleted_customer_takes_its_numbers_along(self):
		frappe.delete_doc("RE Customer", self.mine)
		self.assertFalse(frappe.get_all(NUMBER, filters={"customer": self.mine}))
		self.assertEqual(make_customer(phone=MINE).primary_phone_masked, "139****2222")
