"""Merging two records of one person: nothing lost, nothing duplicated, nothing half-done."""

from unittest.mock import patch

import frappe
from frappe.utils import add_days, getdate, nowdate

from recrm.api.reception import lookup
from recrm.core.phones import mask_phone, normalise_phone
from recrm.sales.merge import MergeError, merge_customers
from recrm.tests.cases import StaffTestCase
from recrm.tests.factories import (
	make_customer,
	make_interaction,
	make_project,
	phone_numbers,
	primary_number,
	random_mobile,
)


class TestMerge(StaffTestCase):
	STAFF_PREFIX = "merge"
	STAFF = ("manager", "advisor", "other_advisor")

	def setUp(self):
		self.advisor_a, self.advisor_b = self.advisor, self.other_advisor
		self.shared, self.only_source, self.only_target = (make_project().name for _ in range(3))
		self.source_phones = [random_mobile(), random_mobile()]
		self.target_phone = random_mobile()
		self.target_number = normalise_phone(self.target_phone)
		self.source = make_customer(
			full_name="王先生（重复）",
			phones=[{"phone": self.source_phones[0], "is_primary": 1}, {"phone": self.source_phones[1]}],
			wechat_id=frappe.generate_hash(length=12),
			email="wang.dup@example.com",
			occupation="教师",
			impressions="带着孩子来",
		)
		self.target = make_customer(
			full_name="王先生", phone=self.target_phone, occupation="工程师", impressions="穿深色西装"
		)
		# the source: two visits in its project by advisor A, who also owns it in the shared project
		# with the later protection
		frappe.set_user(self.advisor_a)
		self.source_interactions = [
			make_interaction(customer=self.source.name, project=self.only_source, kind="Visit").name,
			make_interaction(customer=self.source.name, project=self.shared).name,
		]
		frappe.set_user(self.advisor_b)
		self.target_interactions = [
			make_interaction(
				customer=self.target.name,
				project=self.shared,
				interaction_time=add_days(nowdate(), -5),
			).name,
			make_interaction(customer=self.target.name, project=self.only_target).name,
		]
		frappe.set_user("Administrator")

	def merge(self):
		frappe.set_user(self.manager)
		result = merge_customers(self.source.name, self.target.name)
		frappe.set_user("Administrator")
		return result

	def test_the_duplicate_goes_and_every_interaction_stays(self):
		self.assertEqual(self.merge(), {"name": self.target.name, "merged": self.source.name})
		self.assertFalse(frappe.db.exists("RE Customer", self.source.name))
		interactions = frappe.get_all(
			"RE Interaction",
			filters={"name": ("in", self.source_interactions + self.target_interactions)},
			fields=["customer", "customer_name"],
		)
		self.assertEqual(len(interactions), 4)
		self.assertEqual(
			{(i.customer, i.customer_name) for i in interactions}, {(self.target.name, "王先生")}
		)
		self.assertFalse(frappe.db.exists("RE Interaction", {"customer": self.source.name}))

	def test_the_target_takes_what_it_lacks(self):
		self.merge()
		target = frappe.get_doc("RE Customer", self.target.name)
		self.assertEqual(target.full_name, "王先生")
		self.assertEqual(target.occupation, "工程师")  # its own value stays
		self.assertEqual(target.wechat_id, self.source.wechat_id)
		self.assertEqual(target.email, "wang.dup@example.com")
		self.assertIn("穿深色西装", target.impressions)
		self.assertIn("带着孩子来", target.impressions)
		phones = phone_numbers(target.name)
		self.assertEqual(len(phones), 3)
		self.assertEqual(len(phones), len(set(phones)))
		self.assertEqual([row.is_primary for row in target.phones], [1, 0, 0])
		self.assertEqual(primary_number(target.name), self.target_number)
		self.assertEqual(target.primary_phone_masked, self.target.primary_phone_masked)
		# each phone is on one customer only, and the reception finds the kept one by any of them
		for phone in phones:
			self.assertEqual(
				frappe.get_all("RE Customer Number", filters={"number": phone}, pluck="customer"),
				[self.target.name],
			)
		self.assertFalse(frappe.get_all("RE Customer Number", filters={"customer": self.source.name}))
		self.assertEqual(lookup(self.source_phones[1])["name"], self.target.name)

	def test_owner_rows_keep_the_later_protection_and_the_changes_are_logged(self):
		self.merge()
		target = frappe.get_doc("RE Customer", self.target.name)
		owners = {row.project: row.advisor for row in target.advisors}
		self.assertEqual(
			owners,
			{self.shared: self.advisor_a, self.only_source: self.advisor_a, self.only_target: self.advisor_b},
		)
		merged = [
			(row.project, row.from_advisor, row.to_advisor, row.changed_by)
			for row in target.owner_log
			if row.cause == "Merged"
		]
		self.assertEqual(
			sorted(merged, key=str),
			sorted(
				[
					(self.shared, self.advisor_b, self.advisor_a, self.manager),
					(self.only_source, None, self.advisor_a, self.manager),
				],
				key=str,
			),
		)
		# the duplicate's own history is kept
		registered = {(row.project, row.to_advisor) for row in target.owner_log if row.cause == "Registered"}
		self.assertIn((self.only_source, self.advisor_a), registered)
		self.assertIn((self.only_target, self.advisor_b), registered)

	def test_the_later_stage_is_kept_with_both_histories(self):
		self.assertEqual(self.source.reload().lifecycle_stage, "Interested")
		self.assertEqual(self.target.reload().lifecycle_stage, "Interested")
		source_log = len(self.source.stage_log)
		target_log = len(self.target.stage_log)
		self.merge()
		target = frappe.get_doc("RE Customer", self.target.name)
		self.assertEqual(target.lifecycle_stage, "Interested")
		self.assertEqual(len(target.stage_log), source_log + target_log)

	def test_a_later_stage_of_the_duplicate_wins(self):
		source = make_customer()
		make_interaction(customer=source.name, kind="Visit")
		target = make_customer()
		frappe.set_user(self.manager)
		merge_customers(source.name, target.name)
		frappe.set_user("Administrator")
		target.reload()
		self.assertEqual(target.lifecycle_stage, "Interested")
		self.assertEqual(
			[(row.to_stage, row.cause) for row in target.stage_log],
			[("Interested", "visit"), ("Interested", "merge")],
		)

	def test_the_merged_phones_are_kept_apart_and_masked(self):
		self.merge()
		target = frappe.get_doc("RE Customer", self.target.name)
		numbers = phone_numbers(target.name)
		self.assertEqual([row.phone for row in target.phones], [None, None, None])
		self.assertEqual([row.masked_phone for row in target.phones], [mask_phone(n) for n in numbers])
		self.assertFalse(
			frappe.db.exists("Dynamic Link", {"link_doctype": "RE Customer", "link_name": self.source.name})
		)

	def test_bad_merges_are_refused_clearly(self):
		frappe.set_user(self.manager)
		with self.assertRaises(MergeError) as error:
			merge_customers(self.target.name, self.target.name)
		self.assertIn(self.target.name, str(error.exception))
		with self.assertRaises(frappe.DoesNotExistError) as error:
			merge_customers("CUS-NOSUCH", self.target.name)
		self.assertIn("CUS-NOSUCH", str(error.exception))
		with self.assertRaises(frappe.DoesNotExistError):
			merge_customers(self.source.name, "CUS-NOSUCH")
		frappe.local.lang = "zh"
		try:
			with self.assertRaises(MergeError) as error:
				merge_customers(self.target.name, self.target.name)
			self.assertIn("合并", str(error.exception))
		finally:
			frappe.local.lang = "en"

	def test_an_advisor_cannot_merge(self):
		frappe.set_user(self.advisor_a)
		with self.assertRaises(frappe.PermissionError):
			merge_customers(self.source.name, self.target.name)
		frappe.set_user("Administrator")
		self.assertTrue(frappe.db.exists("RE Customer", self.source.name))

	def test_a_failure_leaves_nothing_half_merged(self):
		before_target = frappe.get_doc("RE Customer", self.target.name).as_dict()
		before_source = frappe.get_doc("RE Customer", self.source.name).as_dict()
		delete_doc = frappe.delete_doc

		def failing_delete(doctype, name=None, *args, **kwargs):
			if doctype == "RE Customer":
				raise frappe.ValidationError("the disk is full")
			return delete_doc(doctype, name, *args, **kwargs)

		frappe.set_user(self.manager)
		numbers_before = {name: phone_numbers(name) for name in (self.source.name, self.target.name)}
		# the very last step fails: links are re-pointed, the target saved, the source's numbers gone
		with patch("frappe.delete_doc", side_effect=failing_delete):
			with self.assertRaises(frappe.ValidationError) as error:
				merge_customers(self.source.name, self.target.name)
		self.assertIn("the disk is full", str(error.exception))
		frappe.set_user("Administrator")

		target = frappe.get_doc("RE Customer", self.target.name)
		source = frappe.get_doc("RE Customer", self.source.name)
		for before, after in ((before_target, target), (before_source, source)):
			self.assertEqual(after.modified, before.modified)
			for table in ("phones", "advisors", "owner_log", "stage_log"):
				self.assertEqual(
					[row.name for row in after.get(table)], [row.name for row in before[table]], table
				)
			self.assertEqual((after.wechat_id, after.email), (before.wechat_id, before.email))
			self.assertEqual(phone_numbers(after.name), numbers_before[after.name])
		self.assertEqual(
			set(frappe.get_all("RE Interaction", filters={"customer": self.source.name}, pluck="name")),
			set(self.source_interactions),
		)
