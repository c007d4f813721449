"""One number, one customer, however many reception desks register it at once.

20 registrations of one new visitor (``recrm.api.reception.register_visitor``) run on 20 parallel
database connections (recrm/tests/race.py): the unique index of RE Customer Number decides, the
19 others are refused with the usual duplicate message, never a database error. The same for one
WeChat ID typed at 20 desks with 20 different numbers."""

import frappe

from recrm.api.reception import register_visitor
from recrm.errors import DuplicateCustomerError
from recrm.tests.cases import StaffTestCase
from recrm.tests.factories import make_project, random_mobile, unique
from recrm.tests.race import Race, RaceTestCase

DESKS = 20
ADVISORS = 5
# generous: the figures are printed
TIME_LIMIT = 20
# what a refusal must never show: the database's own words
DATABASE_WORDS = ("IntegrityError", "Duplicate entry", "must be unique", "Traceback")


class TestRegistrationRace(StaffTestCase, RaceTestCase):
	STAFF_PREFIX = "race-reception"

	@classmethod
	def make_shared_records(cls):
		cls.advisors = cls.staff_team("advisor", ADVISORS)
		cls.project = make_project().name

	def attempts(self, visitor: str, phone_of, wechat_id=None):
		return [
			(
				self.advisors[i % ADVISORS],
				lambda i=i: register_visitor(
					full_name=f"{visitor}{i}", phone=phone_of(i), project=self.project, wechat_id=wechat_id
				),
			)
			for i in range(DESKS)
		]

	def assertOneWinnerAndClearRefusals(self, race: Race, visitor: str, words: str):
		self.assertEqual(race.errors(), [])
		self.assertEqual(race.count("won"), 1, race.outcomes)
		self.assertEqual(race.count("refused"), DESKS - 1, race.outcomes)
		for outcome in race.outcomes:
			if outcome.outcome == "refused":
				self.assertIn(words, outcome.message)
				for word in DATABASE_WORDS:
					self.assertNotIn(word, outcome.message)
		self.assertEqual(
			len(frappe.get_all("RE Customer", filters={"full_name": ("like", f"{visitor}%")})), 1
		)
		self.assertLess(race.wall, TIME_LIMIT)

	def test_twenty_desks_register_one_new_number_and_one_customer_has_it(self):
		mobile = random_mobile()  # 139 1234 5678
		digits = mobile.replace(" ", "")
		# typed as each desk would: with spaces, dashes, +86, or none
		written = (mobile, digits, f"+86 {mobile}", f"{digits[:3]}-{digits[3:7]}-{digits[7:]}")
		visitor = unique("并发访客")
		race = Race(
			self.attempts(visitor, lambda i: written[i % len(written)]), expected=(DuplicateCustomerError,)
		)
		race.run()
		print("\n" + race.report(f"{DESKS} registrations of one new number"))
		self.assertOneWinnerAndClearRefusals(race, visitor, "already belongs to")
		holders = frappe.get_all("RE Customer Number", filters={"number": f"+86{digits}"}, pluck="customer")
		self.assertEqual(len(holders), 1)
		self.assertEqual(frappe.db.count("RE Interaction", {"customer": holders[0]}), 1)

	def test_twenty_desks_register_one_wechat_id_and_one_customer_has_it(self):
		wechat_id = unique("wx_race")
		visitor = unique("微信访客")
		numbers = [random_mobile() for _ in range(DESKS)]
		race = Race(
			self.attempts(visitor, lambda i: numbers[i], wechat_id=wechat_id),
			expected=(DuplicateCustomerError,),
		)
		race.run()
		print("\n" + race.report(f"{DESKS} registrations of one WeChat ID"))
		self.assertOneWinnerAndClearRefusals(race, visitor, f"WeChat ID {wechat_id} already belongs to")
		self.assertEqual(frappe.db.count("RE Customer", {"wechat_id": wechat_id}), 1)
		# the refused desks' numbers are free again
		self.assertEqual(
			frappe.db.count(
				"RE Customer Number", {"number": ("in", [f"+86{n.replace(' ', '')}" for n in numbers])}
			),
			1,
		)
