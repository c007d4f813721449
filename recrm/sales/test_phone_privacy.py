# Copyright (c) 2026, recrm developers and contributors
# For license information, please see license.txt
"""Phone privacy: an advisor sees the full number only of their own customers, by every route."""

import json

import frappe
import frappe.api.v1
from frappe.desk.form.load import getdoc
from frappe.desk.reportview import export_query
from frappe.desk.reportview import get as reportview_get
from frappe.desk.search import search_widget
from frappe.tests.utils import FrappeTestCase
from frappe.utils import add_days, nowdate

from recrm.overrides.client import get_count
from recrm.sales.phone_privacy import download_template, export_data
from recrm.tests.cases import StaffTestCase
from recrm.tests.factories import (
	make_customer,
	make_interaction,
	make_owned_customer,
	make_project,
	make_user,
)
from recrm.utils import DuplicateCustomerError, SalesRuleError

# the advisor's own customer, and another advisor's whose protection lapsed (the pool: readable)
MINE = "139 1111 2222"
MINE_FULL = "+8613911112222"
THEIRS = "138 0013 8000"
THEIRS_FULL = "+8613800138000"
THEIRS_MASKED = "138****8000"
LIST_FIELDS = [
	"`tabRE Customer`.`name`",
	"`tabRE Customer`.`primary_phone`",
	"`tabRE Customer`.`primary_phone_masked`",
	"`tabRE Customer Phone`.`phone`",
	"`tabRE Customer Phone`.`normalised_phone`",
	"`tabRE Customer Phone`.`masked_phone`",
]


def as_text(value) -> str:
	if isinstance(value, bytes):
		return value.decode("utf-8")
	return value if isinstance(value, str) else frappe.as_json(value)


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

	def list_rows(self):
		return frappe.get_list(
			"RE Customer", fields=LIST_FIELDS, filters={"name": ("in", self.both)}, limit_page_length=0
		)

	def reportview_rows(self):
		frappe.local.form_dict = frappe._dict(
			doctype="RE Customer",
			fields=json.dumps(LIST_FIELDS),
			filters=json.dumps([["RE Customer", "name", "in", self.both]]),
			order_by="`tabRE Customer`.`name` asc",
			start=0,
			page_length=20,
			view="Report",
		)
		return reportview_get()

	def exported_csv(self) -> str:
		frappe.local.form_dict = frappe._dict(
			doctype="RE Customer",
			file_format_type="CSV",
			title="RE Customer",
			fields=json.dumps(LIST_FIELDS),
			filters=json.dumps([["RE Customer", "name", "in", self.both]]),
		)
		frappe.local.response = frappe._dict({"docs": []})
		export_query()
		return as_text(frappe.response["filecontent"])

	def form(self, name) -> dict:
		frappe.local.response = frappe._dict({"docs": []})
		getdoc("RE Customer", name)
		return {"doc": frappe.response.docs[0].as_dict(), "docinfo": frappe.response.get("docinfo")}

	# --- an advisor -------------------------------------------------------------------------------

	def test_an_advisor_lists_masked_numbers_only(self):
		make_interaction(customer=self.theirs, project=self.project, advisor=self.advisor)
		frappe.set_user(self.advisor)
		for rows in (self.list_rows(), self.reportview_rows()):
			self.assertNoFullNumber(rows)
			self.assertNoFullNumber(rows, MINE_FULL)
			self.assertIn(THEIRS_MASKED, as_text(rows))
		for row in self.list_rows():
			self.assertNotIn("primary_phone", row)
			self.assertNotIn("normalised_phone", row)
			self.assertNotIn("phone", row)
		# Frappe 15 skips the field after each one it strips (frappe/frappe#37950)
		for fields in (["primary_phone", "*"], ["phones.phone", "phones.normalised_phone", "name"]):
			rows = frappe.get_list("RE Customer", fields=fields, filters={"name": self.theirs})
			self.assertTrue(rows, fields)
			self.assertNoFullNumber(rows)
		interactions = frappe.get_list(
			"RE Interaction", fields=["customer.primary_phone", "customer.primary_phone as p", "name"]
		)
		self.assertTrue(interactions)
		self.assertNoFullNumber(interactions)

	def test_an_advisor_exports_masked_numbers_only(self):
		frappe.set_user(self.advisor)
		csv = self.exported_csv()
		self.assertIn(THEIRS_MASKED, csv)
		self.assertIn("139****2222", csv)
		self.assertNoFullNumber(csv)
		self.assertNoFullNumber(csv, MINE_FULL)

	def test_an_advisor_opens_another_advisors_customer_with_masked_numbers(self):
		# the history of a number change is sent with the form too
		customer = frappe.get_doc("RE Customer", self.theirs)
		customer.add_phone = "138 0013 9999"
		customer.save(ignore_version=False)
		frappe.set_user(self.advisor)
		form = self.form(self.theirs)
		self.assertNoFullNumber(form)
		self.assertNoFullNumber(form, "+8613800139999")
		self.assertEqual(form["doc"]["primary_phone_masked"], THEIRS_MASKED)
		self.assertIsNone(form["doc"].get("primary_phone"))
		self.assertTrue(form["docinfo"]["versions"])
		self.assertEqual(form["doc"]["__onload"]["full_phones"], [])
		self.assertEqual(form["doc"]["phones"][0]["masked_phone"], THEIRS_MASKED)

	def test_an_advisor_opens_their_own_customer_with_the_full_numbers(self):
		frappe.set_user(self.advisor)
		form = self.form(self.mine)
		self.assertIsNone(form["doc"].get("primary_phone"))
		full = form["doc"]["__onload"]["full_phones"]
		self.assertEqual([(p["phone"], p["is_primary"]) for p in full], [(MINE_FULL, 1)])
		self.assertEqual(full[0]["row"], form["doc"]["phones"][0]["name"])

	def test_frappe_client_and_rest_give_an_advisor_masked_numbers(self):
		frappe.set_user(self.advisor)
		for name in self.both:
			reads = [
				frappe.client.get("RE Customer", name),
				frappe.api.v1.read_doc("RE Customer", name).as_dict(),
				frappe.client.get_value("RE Customer", ["primary_phone", "primary_phone_masked"], name),
				frappe.client.get_list("RE Customer", fields=["*"], filters={"name": name}),
				frappe.client.get_list(
					"RE Customer Phone",
					fields=["*"],
					filters={"parent": name},
					parent="RE Customer",
				),
			]
			self.assertNoFullNumber(reads)
			self.assertNoFullNumber(reads, MINE_FULL)
		self.assertEqual(
			frappe.client.get_value("RE Customer", ["primary_phone", "primary_phone_masked"], self.theirs),
			{"primary_phone_masked": THEIRS_MASKED},
		)

	def test_the_print_view_gives_an_advisor_masked_numbers(self):
		frappe.set_user(self.advisor)
		html = frappe.get_print("RE Customer", self.theirs)
		self.assertIn(THEIRS_MASKED, html)
		self.assertNoFullNumber(html)

	def test_an_advisor_cannot_filter_sort_or_count_by_a_hidden_number(self):
		frappe.set_user(self.advisor)
		queries = [
			lambda: frappe.get_list("RE Customer", filters={"primary_phone": ("like", "+86138001%")}),
			lambda: frappe.get_list("RE Customer", or_filters={"primary_phone": ("like", "+86138001%")}),
			lambda: frappe.get_list(
				"RE Customer", filters=[["RE Customer Phone", "normalised_phone", "like", "+86138001%"]]
			),
			lambda: frappe.get_list(
				"RE Customer", filters=[["RE Customer Phone", "phone", "like", "138 0013%"]]
			),
			lambda: frappe.get_list("RE Customer", order_by="PRIMARY_PHONE desc"),
			lambda: frappe.get_list("RE Customer", fields=["count(*) as n"], group_by="primary_phone"),
			lambda: frappe.client.get_list(
				"RE Customer Phone", filters={"normalised_phone": THEIRS_FULL}, parent="RE Customer"
			),
			lambda: frappe.client.get_value("RE Customer", "name", {"primary_phone": THEIRS_FULL}),
			lambda: get_count("RE Customer", filters={"primary_phone": ("like", "+86138001%")}),
			lambda: get_count("RE Customer Phone", filters={"normalised_phone": THEIRS_FULL}),
		]
		for query in queries:
			with self.assertRaises(frappe.PermissionError):
				query()
		# the masked copies and the rest of the customer filter as before
		self.assertEqual(
			frappe.get_list("RE Customer", filters={"primary_phone_masked": THEIRS_MASKED}, pluck="name"),
			[self.theirs],
		)
		self.assertEqual(get_count("RE Customer", filters={"name": ("in", self.both)}), 2)
		self.assertEqual(
			frappe.get_list(
				"RE Customer", filters={"full_name": ("like", "%phone%"), "name": self.theirs}, pluck="name"
			),
			[],
		)

	def test_link_search_finds_customers_by_their_masked_phone(self):
		frappe.set_user(self.advisor)
		found = search_widget("RE Customer", "8000", as_dict=True)
		self.assertIn(self.theirs, [row.name for row in found])
		self.assertNoFullNumber(found)
		self.assertFalse(search_widget("RE Customer", "0013800", as_dict=True))

	def test_frappe_client_get_count_is_replaced_for_customers(self):
		hooks = frappe.get_hooks("override_whitelisted_methods")
		self.assertEqual(hooks["frappe.client.get_count"], ["recrm.overrides.client.get_count"])
		for method in (
			"frappe.core.doctype.data_import.data_import.download_template",
			"frappe.core.doctype.data_export.exporter.export_data",
		):
			self.assertTrue(hooks[method][0].startswith("recrm.sales.phone_privacy."), method)
		frappe.set_user(self.engineer)
		with self.assertRaises(frappe.PermissionError):
			get_count("RE Customer")

	def test_the_data_import_export_leaves_out_the_hidden_numbers(self):
		frappe.set_user(self.advisor)
		frappe.local.response = frappe._dict()
		download_template(
			"RE Customer",
			export_fields=json.dumps(
				{
					"RE Customer": ["name", "primary_phone", "primary_phone_masked"],
					"phones": ["name", "phone", "normalised_phone", "masked_phone"],
				}
			),
			export_records="all",
		)
		csv = frappe.response["result"]
		self.assertIn(THEIRS_MASKED, csv)
		self.assertNoFullNumber(csv)
		self.assertNoFullNumber(csv, MINE_FULL)
		with self.assertRaises(frappe.PermissionError):
			export_data(doctype="RE Customer", with_data=1, all_doctypes=1, file_type="CSV")

	# --- managers and customer service --------------------------------------------------------------

	def test_managers_and_customer_service_see_the_full_numbers(self):
		for user in (self.manager, self.cs_agent):
			frappe.set_user(user)
			rows = self.list_rows()
			self.assertEqual({row.primary_phone for row in rows}, {THEIRS_FULL, MINE_FULL}, user)
			self.assertIn(THEIRS, {row.phone for row in rows})
			self.assertIn(THEIRS_FULL, as_text(self.reportview_rows()))
			form = self.form(self.theirs)
			self.assertEqual(form["doc"]["primary_phone"], THEIRS_FULL)
			self.assertEqual(form["doc"]["phones"][0]["phone"], THEIRS)
			self.assertEqual(
				frappe.get_list("RE Customer", filters={"primary_phone": THEIRS_FULL}, pluck="name"),
				[self.theirs],
			)
		frappe.set_user(self.manager)
		csv = self.exported_csv()
		self.assertIn(THEIRS_FULL, csv)
		self.assertIn(MINE_FULL, csv)

	def test_the_history_keeps_number_changes_masked(self):
		frappe.set_user(self.manager)
		customer = frappe.get_doc("RE Customer", self.mine)
		customer.add_phone = "139 3333 4444"
		customer.save(ignore_version=False)
		customer.phones[0].is_primary = 0
		customer.phones[1].is_primary = 1
		customer.save(ignore_version=False)
		versions = frappe.get_all(
			"Version", filters={"ref_doctype": "RE Customer", "docname": self.mine}, pluck="data"
		)
		self.assertTrue(versions)
		self.assertIn("139****4444", "".join(versions))
		self.assertNoFullNumber(versions, "+8613933334444")
		self.assertNoFullNumber(versions, MINE_FULL)

	def test_the_patch_masks_existing_customers_and_their_history(self):
		from recrm.patches.v0_1.mask_customer_phones import mask_versions, set_masked_copies

		frappe.db.set_value("RE Customer", self.theirs, "primary_phone_masked", None)
		frappe.db.sql("update `tabRE Customer Phone` set masked_phone = null where parent = %s", self.theirs)
		version = frappe.get_doc(
			{
				"doctype": "Version",
				"ref_doctype": "RE Customer",
				"docname": self.theirs,
				"data": "{}",
			}
		).insert(ignore_permissions=True)
		raw = {"changed": [["primary_phone", None, THEIRS_FULL]], "added": [["phones", {"phone": THEIRS}]]}
		frappe.db.set_value("Version", version.name, "data", json.dumps(raw))
		set_masked_copies("RE Customer Phone", "normalised_phone", "masked_phone")
		set_masked_copies("RE Customer", "primary_phone", "primary_phone_masked")
		mask_versions()
		customer = frappe.get_doc("RE Customer", self.theirs)
		self.assertEqual(customer.primary_phone_masked, THEIRS_MASKED)
		self.assertEqual(customer.phones[0].masked_phone, THEIRS_MASKED)
		data = frappe.db.get_value("Version", version.name, "data")
		self.assertNoFullNumber(data)
		self.assertIn(THEIRS_MASKED, data)

	# --- typing numbers ---------------------------------------------------------------------------

	def test_an_advisor_registers_a_customer_with_a_normalised_phone(self):
		frappe.set_user(self.advisor)
		name = make_customer(phone="(+86) 137-0000-1111").name
		with self.assertRaises(DuplicateCustomerError) as error:
			make_customer(phone="13700001111")
		# the number the advisor typed, not one they may not see
		self.assertIn("+8613700001111", str(error.exception))
		frappe.set_user("Administrator")
		customer = frappe.get_doc("RE Customer", name)
		self.assertEqual(customer.primary_phone, "+8613700001111")
		self.assertEqual(customer.phones[0].phone, "(+86) 137-0000-1111")
		self.assertEqual(customer.primary_phone_masked, "137****1111")
		self.assertEqual(customer.phones[0].masked_phone, "137****1111")

	def test_an_advisor_adds_a_phone_through_add_phone_and_keeps_the_others(self):
		frappe.set_user(self.advisor)
		customer = frappe.get_doc("RE Customer", self.mine)
		# what the form sends back: the numbers the advisor may not read are not in it
		customer.apply_fieldlevel_read_permissions()
		customer.add_phone = "+86 136 5555 6666"
		customer.save()
		self.assertIsNone(customer.add_phone)
		frappe.set_user("Administrator")
		customer = frappe.get_doc("RE Customer", self.mine)
		self.assertEqual(
			[(row.normalised_phone, row.is_primary) for row in customer.phones],
			[(MINE_FULL, 1), ("+8613655556666", 0)],
		)
		self.assertEqual(customer.primary_phone, MINE_FULL)

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
		self.assertEqual(frappe.db.get_value("RE Customer", self.mine, "primary_phone"), MINE_FULL)

	def test_a_phone_added_to_another_customer_is_refused_as_a_duplicate(self):
		frappe.set_user(self.advisor)
		customer = frappe.get_doc("RE Customer", self.mine)
		customer.add_phone = THEIRS
		with self.assertRaises(DuplicateCustomerError) as error:
			customer.save()
		self.assertIn(self.theirs, str(error.exception))
		self.assertIn(THEIRS_FULL, str(error.exception))
