# Copyright (c) 2026, recrm developers and contributors
# For license information, please see license.txt

"""Bad input: each refusal is clear, in the user's language, and leaves nothing written.

One table: each case sets up a sale at the point of the mistake, names what must not change, and
makes the mistake as the user who would make it, once in English and once in Chinese. The refusal
must be the expected kind of error, say what went wrong in the user's language, and leave the
records it names exactly as they were (the check runs before the test's rollback, in the same
transaction: nothing was written even for a moment)."""

from collections.abc import Callable
from dataclasses import dataclass

import frappe
from frappe.utils import add_days, nowdate

from recrm.errors import SalesRuleError, UnitStatusError
from recrm.inventory.status import apply_sales_control
from recrm.tests.cases import StaffTestCase
from recrm.tests.factories import (
	make_building,
	make_contract,
	make_customer,
	make_payment_plan,
	make_project,
	make_receipt,
	make_reservation,
	make_sales_change,
	make_unit,
)


@dataclass
class Case:
	name: str
	# (test, language) -> a function making the mistake as its user
	arrange: Callable
	error: type
	en: str  # a part of the English message
	zh: str  # the same part in Chinese
	watched: tuple[str, ...]  # the doctypes that must not change


def snapshot(doctypes) -> dict:
	"""Every row of the watched doctypes (names, statuses, money), to compare before and after."""
	fields = {
		"RE Unit": ["name", "status", "modified"],
		"RE Unit Status Log": ["name"],
		"RE Reservation": ["name", "docstatus", "status", "modified"],
		"RE Contract": ["name", "docstatus", "status", "workflow_state", "paid_amount", "modified"],
		"RE Payment Schedule": ["name", "amount", "paid", "due_date"],
		"RE Receipt": ["name", "docstatus"],
		"RE Payment Plan": ["name"],
		"RE Sales Change": ["name", "docstatus"],
		"RE Customer": ["name", "lifecycle_stage", "modified"],
	}
	return {
		doctype: frappe.get_all(doctype, fields=fields[doctype], order_by="name", limit_page_length=0)
		for doctype in doctypes
	}


class TestBadInput(StaffTestCase):
	STAFF_PREFIX = "bad"
	STAFF = ("advisor", "manager", "finance")

	def setUp(self):
		self.project = make_project().name
		self.building = make_building(project=self.project).name
		self.plan = make_payment_plan(self.project).name

	def tearDown(self):
		frappe.local.lang = "en"
		super().tearDown()

	def unit(self, **kwargs) -> str:
		return make_unit(self.building, **kwargs).name

	def as_user(self, user, fn):
		def run():
			frappe.set_user(user)
			try:
				return fn()
			finally:
				frappe.set_user("Administrator")

		return run

	def signed(self, discount=0):
		customer, unit = make_customer().name, self.unit()
		frappe.set_user(self.advisor)
		try:
			reservation = make_reservation(unit, customer, deposit=50_000)
			return make_contract(
				reservation=reservation.name,
				payment_plan=self.plan,
				discount_type="Percentage",
				discount_value=discount,
			)
		finally:
			frappe.set_user("Administrator")

	# --- the cases ----------------------------------------------------------------------------------

	def unit_not_available(self):
		unit = self.unit()
		frappe.set_user(self.manager)
		apply_sales_control(unit, "hold", "开盘前销控")
		frappe.set_user("Administrator")
		customer = make_customer().name
		return self.as_user(self.advisor, lambda: make_reservation(unit, customer))

	def price_below_floor(self):
		unit = self.unit(floor_price=950_000)
		customer = make_customer().name
		return self.as_user(self.advisor, lambda: make_reservation(unit, customer, agreed_price=900_000))

	def discount_beyond_authority(self):
		unit = self.unit()
		customer = make_customer().name
		contract = self.as_user(
			self.advisor,
			lambda: make_contract(
				unit=unit,
				buyers=[customer],
				payment_plan=self.plan,
				discount_type="Percentage",
				discount_value=8,
				submit=False,
			),
		)()
		return self.as_user(self.advisor, lambda: frappe.get_doc("RE Contract", contract.name).submit())

	def schedule_not_adding_up(self):
		return self.as_user(
			self.manager,
			lambda: make_payment_plan(
				self.project,
				instalments=[
					{"purpose": "Down Payment", "share_type": "Percentage", "value": 30, "days": 7},
					{"purpose": "Balance", "share_type": "Percentage", "value": 60, "days": 30},
				],
			),
		)

	def receipt_larger_than_due(self):
		contract = self.signed()
		due = contract.outstanding_amount
		return self.as_user(self.finance, lambda: make_receipt(contract.name, due + 1))

	def no_disclosure_acknowledged(self):
		unit = self.unit()
		customer = make_customer().name
		contract = self.as_user(
			self.advisor,
			lambda: make_contract(
				unit=unit, buyers=[customer], payment_plan=self.plan, acknowledge=False, submit=False
			),
		)()
		return self.as_user(self.advisor, lambda: frappe.get_doc("RE Contract", contract.name).submit())

	def cancel_without_refund_decision(self):
		contract = self.signed()
		make_receipt(contract.name, 100_000)
		return self.as_user(
			self.advisor,
			lambda: make_sales_change(contract.name, "Cancellation", "客户要求退房"),
		)

	def cancel_button_on_a_paid_contract(self):
		contract = self.signed()
		make_receipt(contract.name, 100_000)
		# only a System Manager has the Cancel button at all
		return self.as_user("Administrator", lambda: frappe.get_doc("RE Contract", contract.name).cancel())

	def reservation_dates_reversed(self):
		unit = self.unit()
		customer = make_customer().name
		return self.as_user(
			self.advisor,
			lambda: make_reservation(
				unit, customer, reserved_on=nowdate(), valid_until=add_days(nowdate(), -3)
			),
		)

	def receipt_before_signing(self):
		contract = self.signed()
		return self.as_user(
			self.finance,
			lambda: make_receipt(contract.name, 1000, received_on=add_days(contract.signed_on, -5)),
		)

	def contract_signed_before_reserving(self):
		unit = self.unit()
		customer = make_customer().name
		reservation = self.as_user(self.advisor, lambda: make_reservation(unit, customer))()
		return self.as_user(
			self.advisor,
			lambda: make_contract(
				reservation=reservation.name,
				payment_plan=self.plan,
				signed_on=add_days(nowdate(), -2),
				submit=False,
			),
		)

	CASES = (
		Case(
			"a unit not available",
			unit_not_available,
			UnitStatusError,
			"only an available unit can be reserved",
			"只有可售房源才能认购",
			("RE Unit", "RE Unit Status Log", "RE Reservation"),
		),
		Case(
			"a price below the floor price",
			price_below_floor,
			SalesRuleError,
			"floor price",
			"底价",
			("RE Unit", "RE Unit Status Log", "RE Reservation", "RE Customer"),
		),
		Case(
			"a discount beyond authority",
			discount_beyond_authority,
			SalesRuleError,
			"needs the approval of",
			"审批",
			("RE Unit", "RE Unit Status Log", "RE Contract", "RE Customer"),
		),
		Case(
			"a schedule that does not add up",
			schedule_not_adding_up,
			SalesRuleError,
			"100%",
			"100%",
			("RE Payment Plan",),
		),
		Case(
			"a receipt larger than what is due",
			receipt_larger_than_due,
			SalesRuleError,
			"due",
			"应收",
			("RE Receipt", "RE Contract", "RE Payment Schedule", "RE Customer"),
		),
		Case(
			"a contract without acknowledged disclosure",
			no_disclosure_acknowledged,
			SalesRuleError,
			"has not acknowledged the disclosures",
			"尚未确认",
			("RE Unit", "RE Unit Status Log", "RE Contract", "RE Customer"),
		),
		Case(
			"cancelling a contract with receipts but no refund decision",
			cancel_without_refund_decision,
			SalesRuleError,
			"decide the refund first",
			"请先作出退款决定",
			("RE Sales Change", "RE Contract", "RE Unit", "RE Unit Status Log"),
		),
		Case(
			"cancelling a paid contract with the Cancel button",
			cancel_button_on_a_paid_contract,
			SalesRuleError,
			"cancellation request",
			"退房",
			("RE Contract", "RE Unit", "RE Unit Status Log", "RE Receipt", "RE Customer"),
		),
		Case(
			"a reservation valid until before it was made",
			reservation_dates_reversed,
			SalesRuleError,
			"before",
			"早于认购日期",
			("RE Unit", "RE Reservation"),
		),
		Case(
			"a receipt dated before the contract was signed",
			receipt_before_signing,
			SalesRuleError,
			"before contract",
			"签约",
			("RE Receipt", "RE Contract", "RE Payment Schedule"),
		),
		Case(
			"a contract signed before its reservation was made",
			contract_signed_before_reserving,
			SalesRuleError,
			"before reservation",
			"认购",
			("RE Unit", "RE Contract", "RE Reservation"),
		),
	)

	def test_each_bad_input_is_refused_clearly_in_the_users_language_and_writes_nothing(self):
		for case in self.CASES:
			for lang, fragment in (("en", case.en), ("zh", case.zh)):
				with self.subTest(case=case.name, lang=lang):
					mistake = case.arrange(self)
					before = snapshot(case.watched)
					frappe.local.lang = lang
					try:
						with self.assertRaises(case.error) as refused:
							mistake()
					finally:
						frappe.local.lang = "en"
					message = str(refused.exception)
					self.assertIn(fragment, message)
					if lang == "zh":
						self.assertTrue(any("\u4e00" <= ch <= "\u9fff" for ch in message), message)
					self.assertEqual(snapshot(case.watched), before, "nothing is written")
