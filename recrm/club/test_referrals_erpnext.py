"""The referral reward's money in ERPNext's books: the friend's signing posts a submitted Journal
Entry (expense to the referral payable account, once), the cancellation within the clawback window
cancels it, and RE Club Settings refuses a Payable account ERPNext would refuse at the signing. Each
test is skipped, with the reason, where ERPNext is not installed (as recrm/finance/test_erpnext.py)."""

import frappe
from frappe.utils import flt

from recrm.club import referrals
from recrm.club.test_referrals import ReferralCase, cancel, refer, set_referral_settings
from recrm.finance import test_erpnext as books_tests
from recrm.tests.factories import random_mobile

MONEY = 1000
EXPENSE = f"Marketing Expenses - {books_tests.ABBR}"


class TestReferralBooks(ReferralCase, books_tests.ERPNextBooksTestCase):
	def reward_and_claw_back(self, payable: str):
		set_referral_settings(
			referral_money=MONEY, referral_expense_account=EXPENSE, referral_payable_account=payable
		)
		self.assertTrue(referrals.money_enabled())
		member = self.member()
		referral = refer(member, random_mobile())
		contract = self.signed(referral.friend_customer)
		doc = frappe.get_doc("RE Referral", referral.name)
		self.assertEqual((doc.status, flt(doc.reward_money)), ("Rewarded", MONEY))
		entry = frappe.get_doc("Journal Entry", doc.journal_entry)
		self.assertEqual((entry.docstatus, flt(entry.total_debit)), (1, MONEY))
		# a second attempt finds the first entry
		self.assertEqual(referrals.post_journal_entry(referral.name, member, MONEY), entry.name)
		cancel(contract)
		self.assertEqual(frappe.db.get_value("RE Referral", referral.name, "status"), "Clawed Back")
		self.assertEqual(frappe.db.get_value("Journal Entry", entry.name, "docstatus"), 2)
		return entry

	def test_the_reward_is_a_journal_entry_cancelled_by_the_clawback(self):
		self.reward_and_claw_back(f"Payroll Payable - {books_tests.ABBR}")

	def test_a_receivable_account_is_credited_to_the_referrer(self):
		entry = self.reward_and_claw_back(f"Debtors - {books_tests.ABBR}")
		row = next(a for a in entry.accounts if a.account == f"Debtors - {books_tests.ABBR}")
		self.assertEqual(row.party_type, "Customer")
		self.assertTrue(row.party)

	def test_the_settings_refuse_a_payable_account(self):
		doc = frappe.get_doc("RE Club Settings")
		doc.referral_expense_account = EXPENSE
		doc.referral_payable_account = f"Creditors - {books_tests.ABBR}"
		self.assertRaises(frappe.ValidationError, doc.save)
		doc.referral_payable_account = f"Payroll Payable - {books_tests.ABBR}"
		doc.referral_expense_account = f"Debtors - {books_tests.ABBR}"
		self.assertRaises(frappe.ValidationError, doc.save)
