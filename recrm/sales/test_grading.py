# Copyright (c) 2026, recrm developers and contributors
# For license information, please see license.txt

import re
from contextlib import contextmanager
from pathlib import Path
from unittest.mock import patch

import frappe
from frappe.tests.utils import FrappeTestCase
from frappe.utils import add_days, now_datetime

from recrm.errors import SalesRuleError
from recrm.messages import rule_messages
from recrm.sales import grading
from recrm.sales.grading import ValueSource, grade_customers, grade_everyone, queue_grading
from recrm.tests.factories import make_customer, make_interaction, make_project

# customers the fake hook below gives a value to, set per test
HOOKED: dict[str, dict] = {}


def fake_value_facts(customers: list[str]) -> dict[str, dict]:
	"""A ``recrm_value_facts`` hook, as the contract or club work will register one."""
	return {name: facts for name, facts in HOOKED.items() if name in customers}


def graded(name: str) -> frappe._dict:
	return frappe.db.get_value(
		"RE Customer", name, [*grading.GRADED_FIELDS, "graded_on", "modified"], as_dict=True
	)


@contextmanager
def outside_tests():
	frappe.flags.in_test = False
	try:
		yield
	finally:
		frappe.flags.in_test = True


def settings(**values):
	doc = frappe.get_single("RE Sales Settings")
	doc.update(values)
	return doc.save()


class TestValueGrading(FrappeTestCase):
	def setUp(self):
		self.project = make_project().name
		HOOKED.clear()

	def tearDown(self):
		frappe.set_user("Administrator")
		frappe.db.rollback()
		# the cached settings would outlive a rolled-back change of them
		frappe.clear_document_cache("RE Sales Settings", "RE Sales Settings")
		HOOKED.clear()

	def interact(self, customer: str, days_ago: int = 0, **kwargs):
		return make_interaction(
			customer,
			self.project,
			interaction_time=add_days(now_datetime(), -days_ago),
			**kwargs,
		)

	# ---- the settings -----------------------------------------------------------------------

	def test_the_settings_start_with_the_cores_default_rules(self):
		self.assertEqual(grading.grading_rules(), grading.DEFAULT_RULES)

	def test_rules_that_make_no_sense_are_refused_with_a_readable_message(self):
		with self.assertRaises(SalesRuleError) as error:
			settings(weight_historical=-1)
		self.assertIn("Weight of Historical Value", str(error.exception))
		with self.assertRaises(SalesRuleError) as error:
			settings(weight_historical=0, weight_current=0, weight_potential=0)
		self.assertIn("At least one of the three weights", str(error.exception))
		with self.assertRaises(SalesRuleError) as error:
			settings(threshold_a=30, threshold_b=35, threshold_c=15)
		self.assertIn("30, 35, 15 are not", str(error.exception))
		with self.assertRaises(SalesRuleError) as error:
			settings(threshold_a=160)
		self.assertIn("from 0 to 100", str(error.exception))

	def test_every_grading_rule_error_has_a_message(self):
		source = (Path(grading.__file__).parent.parent / "core" / "grading.py").read_text()
		codes = set(re.findall(r'RuleError\(\s*"([a-z_]+)"', source))
		self.assertTrue(codes)
		self.assertEqual(codes - set(rule_messages()), set())

	def test_changing_the_rules_grades_everyone_again(self):
		fan = make_customer()
		make_customer(referred_by=fan.name)
		make_customer(referred_by=fan.name)
		# two referrals: 50 potential points, 0.3 × 50 = 15: grade C
		self.assertEqual((graded(fan.name).value_score, graded(fan.name).value_grade), (15, "C"))
		settings(weight_historical=0, weight_current=0, weight_potential=1)
		self.assertEqual((graded(fan.name).value_score, graded(fan.name).value_grade), (50, "B"))

	# ---- what moves a grade -----------------------------------------------------------------

	def test_a_new_customer_is_graded_and_segmented(self):
		customer = make_customer(family_structure="Couple with Young Children", budget=2_000_000)
		values = graded(customer.name)
		# a growing family is an upgrade signal: 20 potential points, 0.3 × 20 = 6
		self.assertEqual(values.value_grade, "D")
		self.assertEqual(values.potential_points, 20)
		self.assertEqual(values.value_score, 6)
		self.assertEqual(
			(values.life_stage, values.affordability, values.segment),
			("Young Family", "Middle", "Young Family / Middle"),
		)
		self.assertIsNotNone(values.graded_on)

	def test_a_customer_with_nothing_known_is_in_the_unknown_segment(self):
		values = graded(make_customer().name)
		self.assertEqual((values.value_grade, values.segment), ("D", "Unknown / Unknown"))

	def test_recent_interactions_raise_the_potential_and_old_ones_do_not(self):
		customer = make_customer().name
		self.interact(customer, days_ago=120)
		self.assertEqual(graded(customer).potential_points, 0)
		first = self.interact(customer)
		self.interact(customer, days_ago=10)
		self.assertEqual(graded(customer).potential_points, 8)
		frappe.delete_doc("RE Interaction", first.name)
		self.assertEqual(graded(customer).potential_points, 4)

	def test_an_interaction_moved_to_another_customer_grades_both(self):
		one, other = make_customer().name, make_customer().name
		interaction = self.interact(one)
		interaction.customer = other
		interaction.save()
		self.assertEqual((graded(one).potential_points, graded(other).potential_points), (0, 4))

	def test_referrals_count_for_the_customer_who_referred(self):
		fan = make_customer().name
		friend = make_customer(referred_by=fan)
		self.assertEqual(graded(fan).potential_points, 25)
		make_customer(referred_by=fan)
		self.assertEqual(graded(fan).potential_points, 50)
		other_fan = make_customer().name
		friend.referred_by = other_fan
		friend.save()
		self.assertEqual((graded(fan).potential_points, graded(other_fan).potential_points), (25, 25))
		frappe.delete_doc("RE Customer", friend.name)
		self.assertEqual(graded(other_fan).potential_points, 0)

	def test_a_customer_cannot_refer_themselves(self):
		customer = make_customer()
		customer.referred_by = customer.name
		with self.assertRaises(SalesRuleError):
			customer.save()

	def test_changing_the_profile_moves_the_segment_and_upgrade_signals(self):
		customer = make_customer(family_structure="Couple", purpose="Own Use")
		self.assertEqual(graded(customer.name).segment, "First-time Buyer / Unknown")
		customer.purpose = "Upgrade"
		customer.income_band = "High"
		customer.save()
		values = graded(customer.name)
		self.assertEqual(values.segment, "Couple without Children / Luxury")
		self.assertEqual(values.potential_points, 20)

	def test_a_form_opened_before_grading_does_not_write_old_values_back(self):
		customer = make_customer()
		stale = frappe.get_doc("RE Customer", customer.name)
		make_customer(referred_by=customer.name)
		self.assertEqual(graded(customer.name).potential_points, 25)
		stale.occupation = "教师"
		stale.save()
		self.assertEqual(graded(customer.name).potential_points, 25)
		self.assertEqual(stale.potential_points, 25)

	def test_grading_leaves_modified_alone(self):
		customer = make_customer().name
		frappe.db.set_value("RE Customer", customer, "value_grade", None, update_modified=False)
		before = graded(customer)
		self.assertEqual(grade_customers([customer]), 1)
		after = graded(customer)
		self.assertEqual((after.value_grade, after.modified), ("D", before.modified))

	# ---- where value facts come from --------------------------------------------------------

	def test_signed_contracts_count_by_share_and_active_reservations_as_current_value(self):
		from recrm.tests.factories import make_contract, make_reservation

		wife, husband, hopeful = make_customer().name, make_customer().name, make_customer().name
		contract = make_contract(buyers=[{"customer": wife, "share": 60}, {"customer": husband, "share": 40}])
		reservation = make_reservation(customer=hopeful)
		facts = grading.gather_facts([wife, husband, hopeful])
		self.assertAlmostEqual(facts[wife]["historical_value"], contract.final_price * 0.6, places=2)
		self.assertAlmostEqual(facts[husband]["historical_value"], contract.final_price * 0.4, places=2)
		self.assertAlmostEqual(facts[hopeful]["current_value"], reservation.agreed_price, places=2)
		self.assertFalse(facts[hopeful].get("historical_value"))

	def test_a_value_source_sums_amounts_per_customer(self):
		# a stand-in for RE Contract: the customers' own budgets, where the purpose is investment
		source = ValueSource(
			"historical_value", "RE Customer", "name", "budget", (("purpose", "Investment"),)
		)
		investor = make_customer(budget=1_500_000, purpose="Investment").name
		dreamer = make_customer(budget=9_000_000, purpose="Own Use").name
		with patch.object(grading, "VALUE_SOURCES", (source,)):
			grade_customers([investor, dreamer])
		self.assertEqual(graded(investor).historical_points, 50)
		self.assertEqual(graded(dreamer).historical_points, 0)

	def test_a_value_source_without_its_columns_counts_nothing(self):
		source = ValueSource("historical_value", "RE Customer", "name", "no_such_amount")
		self.assertEqual(grading.source_values(source, [make_customer().name]), {})

	def test_apps_add_value_facts_through_the_hook(self):
		buyer = make_customer().name
		member = make_customer().name
		HOOKED.update(
			{
				buyer: {"historical_value": 3_000_000, "current_value": 1_000_000},
				member: {"is_club_member": True, "interactions_90d": 2},
			}
		)
		with patch.object(grading, "value_fact_hooks", return_value=[f"{__name__}.fake_value_facts"]):
			grade_customers([buyer, member])
		# 0.4 × 100 + 0.3 × 50 = 55: grade B
		self.assertEqual((graded(buyer).value_score, graded(buyer).value_grade), (55, "B"))
		# club 10 + two interactions 8
		self.assertEqual(graded(member).potential_points, 18)

	# ---- everyone, nightly ------------------------------------------------------------------

	def test_everyone_is_graded_in_chunks_and_only_changes_are_written(self):
		customers = [make_customer().name for _ in range(7)]
		for name in customers[:3]:
			self.interact(name)
		frappe.db.set_value("RE Customer", customers, "value_grade", None, update_modified=False)
		result = grade_everyone(chunk_size=3, commit=False)
		self.assertGreaterEqual(result["customers"], 7)
		self.assertEqual(result["changed"], 7)
		self.assertTrue(all(graded(name).value_grade == "D" for name in customers))
		self.assertEqual(grade_everyone(chunk_size=3, commit=False)["changed"], 0)

	def test_a_chunk_costs_the_same_queries_for_few_or_many_customers(self):
		def queries(count: int) -> int:
			names = [make_customer().name for _ in range(count)]
			for name in names:
				self.interact(name)
			frappe.db.set_value("RE Customer", names, "value_grade", None, update_modified=False)
			rows = grading.customer_rows({"name": ("in", names)})
			with patch.object(frappe.db, "sql", wraps=frappe.db.sql) as sql:
				self.assertEqual(grading.grade_rows(rows, grading.grading_rules()), count)
			return sql.call_count

		self.assertEqual(queries(2), queries(12))

	def test_a_customer_with_impossible_figures_does_not_stop_the_others(self):
		broken = make_customer(budget=-5).name
		fine = make_customer(budget=2_000_000).name
		frappe.db.set_value("RE Customer", [broken, fine], "value_grade", None, update_modified=False)
		self.assertEqual(grade_customers([broken, fine]), 1)
		self.assertFalse(graded(broken).value_grade)
		self.assertEqual(graded(fine).affordability, "Middle")

	# ---- the background jobs ----------------------------------------------------------------

	def test_outside_tests_one_deduplicated_job_per_customer_is_queued_after_commit(self):
		with outside_tests(), patch("frappe.enqueue") as enqueue:
			queue_grading(["CUS-A", "CUS-B", None])
			queue_grading(["CUS-A"])
			self.assertEqual(enqueue.call_count, 2)
			kwargs = enqueue.call_args_list[0].kwargs
			self.assertEqual(kwargs["job_id"], "recrm-grade-customer::CUS-A")
			self.assertTrue(kwargs["deduplicate"])
			self.assertTrue(kwargs["enqueue_after_commit"])
			self.assertFalse(kwargs.get("now"))
			# a new transaction queues again
			frappe.db.rollback()
			queue_grading(["CUS-A"])
			self.assertEqual(enqueue.call_count, 3)

	def test_a_change_of_rules_queues_everyone_on_the_long_queue(self):
		with outside_tests(), patch("frappe.enqueue") as enqueue:
			grading.queue_grade_everyone()
		kwargs = enqueue.call_args.kwargs
		self.assertEqual(enqueue.call_args.args[0], "recrm.sales.grading.grade_everyone")
		self.assertEqual(
			(kwargs["queue"], kwargs["job_id"], kwargs["deduplicate"]), ("long", "recrm-grade-everyone", True)
		)
		self.assertTrue(kwargs["commit"])

	def test_the_nightly_job_is_scheduled(self):
		self.assertIn(
			"recrm.sales.grading.grade_everyone", frappe.get_hooks("scheduler_events")["daily_long"]
		)
