# Copyright (c) 2026, recrm developers and contributors
# For license information, please see license.txt

from decimal import Decimal

import frappe
from frappe.utils import add_days, getdate, nowdate

from recrm.errors import SalesRuleError, UnitStatusError
from recrm.tests.cases import StaffTestCase
from recrm.tests.factories import (
	acting_as,
	make_contract,
	make_customer,
	make_disclosure,
	make_payment_plan,
	make_project,
	make_reservation,
	make_unit,
)


def money(value) -> Decimal:
	return Decimal(str(value)).quantize(Decimal("0.01"))


def schedule(contract) -> list[tuple]:
	return [
		(row.purpose, money(row.amount), money(row.paid), row.due_date and getdate(row.due_date))
		for row in frappe.get_doc("RE Contract", contract).schedule
	]


class ContractTestCase(StaffTestCase):
	STAFF_PREFIX = "con"
	STAFF = ("advisor", "other_advisor", "manager", "gm", "finance", "service", "engineer")

	def setUp(self):
		self.set_up_sale(unit={"floor_price": 900_000})

	def as_user(self, user, factory, *args, **kwargs):
		with acting_as(user):
			return factory(*args, **kwargs)

	def sign(self, user=None, **kwargs):
		kwargs.setdefault("payment_plan", self.plan)
		if "reservation" not in kwargs:
			kwargs.setdefault("unit", self.unit)
			kwargs.setdefault("buyers", [self.customer])
		return self.as_user(user or self.advisor, make_contract, **kwargs)

	def status_of(self, unit=None) -> str:
		return frappe.db.get_value("RE Unit", unit or self.unit, "status")


class TestSigning(ContractTestCase):
	def test_a_reservation_at_a_price_in_fen_gives_a_discount_in_fen(self):
		unit = make_unit(self.building, floor=3, list_price=1_234_567.89).name
		reservation = self.as_user(
			self.advisor, make_reservation, unit, self.customer, agreed_price=1_210_000
		)
		contract = self.sign(reservation=reservation.name, submit=False)
		self.assertEqual(money(contract.discount_value), money("24567.89"))
		self.assertEqual(money(contract.final_price), money(1_210_000))

	def test_signing_a_reservation_converts_it_credits_the_deposit_and_contracts_the_unit(self):
		reservation = self.as_user(
			self.advisor, make_reservation, self.unit, self.customer, agreed_price=980_000, deposit=50_000
		)
		contract = self.sign(reservation=reservation.name)
		self.assertEqual(contract.status, "Signed")
		self.assertEqual(
			(contract.discount_type, contract.discount_amount, contract.final_price),
			("Amount", 20_000, 980_000),
		)
		self.assertEqual(contract.deposit_credited, 50_000)
		self.assertEqual(
			schedule(contract.name),
			[
				("Down Payment", money(294_000), money(50_000), add_days(getdate(nowdate()), 7)),
				("Balance", money(686_000), money(0), add_days(getdate(nowdate()), 30)),
			],
		)
		self.assertEqual((contract.paid_amount, contract.outstanding_amount), (50_000, 930_000))
		self.assertEqual(self.status_of(), "Contracted")
		res = frappe.db.get_value(
			"RE Reservation", reservation.name, ["status", "contract", "active_unit"], as_dict=True
		)
		self.assertEqual((res.status, res.contract, res.active_unit), ("Converted", contract.name, None))
		self.assertEqual(frappe.db.get_value("RE Contract", contract.name, "active_unit"), self.unit)
		log = frappe.get_all(
			"RE Unit Status Log",
			filters={"unit": self.unit},
			fields=["from_status", "to_status", "reference_doctype"],
			order_by="creation asc",
		)
		self.assertEqual(
			[(r.from_status, r.to_status, r.reference_doctype) for r in log],
			[("Available", "Subscribed", "RE Reservation"), ("Subscribed", "Contracted", "RE Contract")],
		)
		customer = frappe.get_doc("RE Customer", self.customer)
		self.assertEqual(
			(customer.lifecycle_stage, customer.stage_log[-1].cause), ("Contracted", "contract_signed")
		)

	def test_a_contract_without_reservation_takes_an_available_unit(self):
		contract = self.sign()
		self.assertEqual((contract.final_price, contract.deposit_credited), (1_000_000, 0))
		self.assertEqual(self.status_of(), "Contracted")
		self.assertEqual(sum(money(r.amount) for r in contract.schedule), money(1_000_000))

	def test_a_unit_reserved_for_someone_else_cannot_be_signed_past_the_reservation(self):
		reservation = self.as_user(self.advisor, make_reservation, self.unit, self.customer)
		with self.assertRaises(UnitStatusError) as error:
			self.sign(buyers=[make_customer().name])
		self.assertIn(reservation.name, str(error.exception))
		self.assertEqual(self.status_of(), "Subscribed")

	def test_a_sold_unit_cannot_be_signed_again(self):
		self.sign()
		with self.assertRaises(UnitStatusError) as error:
			self.sign(buyers=[make_customer().name])
		self.assertIn("Contracted", str(error.exception))
		self.assertEqual(frappe.db.count("RE Contract", {"unit": self.unit}), 1)

	def test_a_reservation_that_is_no_longer_active_cannot_be_signed(self):
		from recrm.sales.doctype.re_reservation.re_reservation import cancel_reservation
		from recrm.sales.reservations import expire_lapsed_reservations

		expired = self.as_user(
			self.advisor, make_reservation, self.unit, self.customer, valid_until=nowdate()
		)
		expire_lapsed_reservations(now=add_days(nowdate(), 1), commit=False)
		with self.assertRaises(SalesRuleError) as error:
			self.sign(reservation=expired.name)
		self.assertIn("only an active reservation", str(error.exception))
		cancelled = self.as_user(self.advisor, make_reservation, self.unit, self.customer)
		frappe.set_user(self.advisor)
		cancel_reservation(cancelled.name, "Refund", "客户改主意")
		frappe.set_user("Administrator")
		with self.assertRaises(frappe.ValidationError):
			self.sign(reservation=cancelled.name)
		self.assertEqual(self.status_of(), "Available")

	def test_the_reservations_customer_must_be_a_buyer_and_sign_after_reserving(self):
		reservation = self.as_user(self.advisor, make_reservation, self.unit, self.customer)
		with self.assertRaises(SalesRuleError):
			self.sign(reservation=reservation.name, buyers=[make_customer().name])
		with self.assertRaises(SalesRuleError) as error:
			self.sign(reservation=reservation.name, signed_on=add_days(nowdate(), -3))
		self.assertIn("before reservation", str(error.exception))

	def test_a_reservation_of_another_unit_cannot_be_signed_for_this_one(self):
		reservation = self.as_user(
			self.advisor, make_reservation, make_unit(self.building).name, self.customer
		)
		with self.assertRaises(SalesRuleError) as error:
			self.sign(reservation=reservation.name, unit=self.unit, buyers=[self.customer])
		self.assertIn("is for unit", str(error.exception))

	def test_a_contract_cannot_be_signed_in_the_future(self):
		with self.assertRaises(SalesRuleError):
			self.sign(signed_on=add_days(nowdate(), 2))
		self.assertEqual(self.status_of(), "Available")

	def test_a_signed_contract_is_not_cancelled_by_the_cancel_button(self):
		contract = self.sign()
		contract.reload()  # as Administrator, who holds the cancel permission
		with self.assertRaises(SalesRuleError) as error:
			contract.cancel()
		self.assertIn("cancellation request", str(error.exception))
		frappe.set_user("Administrator")
		self.assertEqual(frappe.db.get_value("RE Contract", contract.name, "docstatus"), 1)
		self.assertEqual(self.status_of(), "Contracted")


class TestBuyersAndPrice(ContractTestCase):
	def test_two_buyers_share_the_ownership(self):
		other = make_customer().name
		contract = self.sign(
			buyers=[{"customer": self.customer, "share": 60}, {"customer": other, "share": 40}]
		)
		self.assertEqual([b.customer for b in contract.buyers], [self.customer, other])
		self.assertIn(frappe.db.get_value("RE Customer", other, "full_name"), contract.buyer_names)
		for customer in (self.customer, other):
			self.assertEqual(frappe.db.get_value("RE Customer", customer, "lifecycle_stage"), "Contracted")

	def test_shares_not_adding_up_to_100_are_refused(self):
		other = make_customer().name
		with self.assertRaises(SalesRuleError) as error:
			self.sign(buyers=[{"customer": self.customer, "share": 60}, {"customer": other, "share": 30}])
		self.assertIn("90.00%", str(error.exception))
		with self.assertRaises(SalesRuleError) as error:
			self.sign(
				buyers=[{"customer": self.customer, "share": 50}, {"customer": self.customer, "share": 50}]
			)
		self.assertIn("more than once", str(error.exception))
		with self.assertRaises(SalesRuleError):
			self.sign(
				buyers=[{"customer": self.customer, "share": 33.333}, {"customer": other, "share": 66.667}]
			)
		self.assertEqual(self.status_of(), "Available")

	def test_discounts_by_percentage_or_amount(self):
		contract = self.sign(discount_type="Percentage", discount_value=2.5, submit=False)
		self.assertEqual((contract.final_price, contract.discount_amount), (975_000, 25_000))
		contract = self.sign(
			unit=make_unit(self.building, floor_price=900_000).name,
			discount_type="Amount",
			discount_value=12_345.67,
			submit=False,
		)
		self.assertEqual(contract.final_price, 987_654.33)
		self.assertEqual(contract.discount_percent, 1.2346)
		with self.assertRaises(SalesRuleError):
			self.sign(discount_type="Percentage", discount_value=120, submit=False)

	def test_below_the_floor_only_the_general_manager_may_sign(self):
		with self.assertRaises(SalesRuleError) as error:
			self.sign(discount_value=15)
		self.assertIn("floor price", str(error.exception))
		self.assertNotIn("900", str(error.exception))
		with self.assertRaises(SalesRuleError) as error:
			self.sign(user=self.manager, discount_value=15)
		self.assertIn("900,000.00", str(error.exception))
		# the general manager allows it on the advisor's draft, the advisor signs it unchanged
		draft = self.sign(discount_value=5, acknowledge=False, submit=False)
		frappe.set_user(self.gm)
		draft.reload()
		draft.discount_value = 15
		draft.save()
		self.assertEqual(draft.floor_approved_by, self.gm)
		frappe.set_user(self.advisor)
		draft.reload()
		draft.acknowledge_disclosures()
		draft.submit()
		self.assertEqual(draft.final_price, 850_000)
		self.assertEqual(self.status_of(), "Contracted")

	def test_a_general_managers_approval_does_not_cover_a_later_price(self):
		draft = self.sign(discount_value=5, acknowledge=False, submit=False)
		frappe.set_user(self.gm)
		draft.reload()
		draft.discount_value = 11
		draft.save()
		frappe.set_user(self.advisor)
		draft.reload()
		draft.discount_value = 15
		with self.assertRaises(SalesRuleError):
			draft.save()


class TestSchedules(ContractTestCase):
	def mortgage_plan(self, **kwargs):
		return make_payment_plan(
			self.project,
			method="Mortgage",
			instalments=[{"purpose": "Down Payment", "share_type": "Remainder", "days": 0}],
			**kwargs,
		).name

	def test_a_mortgage_schedule_has_the_down_payment_and_the_banks_row(self):
		contract = self.sign(
			payment_plan=self.mortgage_plan(min_down_payment_percent=30),
			loans=[
				{
					"kind": "Mortgage Loan",
					"lender": "中国建设银行扬州分行",
					"amount": 650_000,
					"term_months": 360,
				}
			],
		)
		self.assertEqual(contract.payment_method, "Mortgage")
		self.assertEqual(
			schedule(contract.name),
			[
				("Down Payment", money(350_000), money(0), getdate(nowdate())),
				("Mortgage Loan", money(650_000), money(0), None),
			],
		)

	def test_loans_the_method_does_not_allow_or_need_are_refused(self):
		with self.assertRaises(SalesRuleError) as error:
			self.sign(payment_plan=self.mortgage_plan())
		self.assertIn("needs a loan", str(error.exception))
		with self.assertRaises(SalesRuleError) as error:
			self.sign(
				loans=[{"kind": "Mortgage Loan", "lender": "工商银行", "amount": 500_000, "term_months": 240}]
			)
		self.assertIn("takes no loan", str(error.exception))
		with self.assertRaises(SalesRuleError) as error:
			self.sign(
				payment_plan=self.mortgage_plan(min_down_payment_percent=30),
				loans=[
					{"kind": "Mortgage Loan", "lender": "工商银行", "amount": 800_000, "term_months": 240}
				],
			)
		self.assertIn("below the minimum", str(error.exception))

	def test_an_odd_price_is_split_to_the_fen_and_adds_up(self):
		plan = make_payment_plan(
			self.project,
			method="Instalments",
			instalments=[
				{"purpose": "Down Payment", "share_type": "Percentage", "value": 33.33},
				{"purpose": "Instalment", "share_type": "Percentage", "value": 33.33, "days": 90},
				{"purpose": "Balance", "share_type": "Remainder", "days": 180},
			],
		).name
		contract = self.sign(payment_plan=plan, discount_type="Amount", discount_value=0.01)
		self.assertEqual(sum(money(r.amount) for r in contract.schedule), money(999_999.99))
		self.assertEqual(
			[money(r.amount) for r in contract.schedule], [money(333_300), money(333_300), money(333_399.99)]
		)

	def test_a_disabled_plan_is_refused(self):
		frappe.db.set_value("RE Payment Plan", self.plan, "disabled", 1)
		with self.assertRaises(SalesRuleError) as error:
			self.sign()
		self.assertIn("disabled", str(error.exception))

	def test_a_disbursal_outside_the_contracts_days_is_refused(self):
		plan = self.mortgage_plan()
		loan = {"kind": "Mortgage Loan", "lender": "农业银行", "amount": 500_000, "term_months": 120}
		for stage, day in (
			("Disbursed", None),
			("Disbursed", add_days(nowdate(), 1)),
			("Disbursed", add_days(nowdate(), -1)),
		):
			with self.assertRaises(SalesRuleError):
				self.sign(payment_plan=plan, loans=[{**loan, "approval_stage": stage, "disbursed_on": day}])
		contract = self.sign(
			payment_plan=plan, loans=[{**loan, "approval_stage": "Disbursed", "disbursed_on": nowdate()}]
		)
		self.assertEqual(schedule(contract.name)[1][3], getdate(nowdate()))

	def test_a_plan_of_another_project_is_refused(self):
		with self.assertRaises(SalesRuleError):
			self.sign(payment_plan=make_payment_plan(make_project().name).name)
		self.assertTrue(self.sign(payment_plan=make_payment_plan(None).name).name)

	def test_a_loan_disbursed_dates_the_banks_row(self):
		contract = self.sign(
			payment_plan=self.mortgage_plan(),
			loans=[{"kind": "Mortgage Loan", "lender": "中国银行", "amount": 600_000, "term_months": 240}],
		)
		loan = contract.loans[0].name
		frappe.set_user(self.finance)
		contract = frappe.get_doc("RE Contract", contract.name)
		# a stage that is no stage is refused in words (it answered 500)
		with self.assertRaisesRegex(SalesRuleError, "is not an approval stage"):
			contract.record_loan_progress(loan, "Signed By Bank")
		contract.record_loan_progress(loan, "Approved")
		contract.record_loan_progress(loan, "Disbursed", nowdate())
		frappe.set_user("Administrator")
		self.assertEqual(schedule(contract.name)[1][3], getdate(nowdate()))
		contract.reload()
		self.assertEqual(contract.loans[0].approval_stage, "Disbursed")
		with self.assertRaises(SalesRuleError):
			contract.record_loan_progress(loan, "Approved")
		frappe.set_user(self.service)
		with self.assertRaises(frappe.PermissionError):
			frappe.get_doc("RE Contract", contract.name).record_loan_progress(loan, "Disbursed", nowdate())


class TestConstructionStages(ContractTestCase):
	def setUp(self):
		super().setUp()
		self.plan = make_payment_plan(
			self.project,
			method="Instalments",
			instalments=[
				{"purpose": "Down Payment", "share_type": "Percentage", "value": 30},
				{
					"purpose": "Instalment",
					"share_type": "Percentage",
					"value": 40,
					"due_rule": "At a Construction Stage",
					"stage": "Structure",
					"days": 10,
				},
				{
					"purpose": "Balance",
					"share_type": "Remainder",
					"due_rule": "At a Construction Stage",
					"stage": "Topped Out",
					"days": 15,
				},
			],
		).name

	def reach(self, stage, on=None):
		frappe.set_user(self.engineer)
		building = frappe.get_doc("RE Building", self.building)
		building.construction_stage = stage
		building.construction_stage_date = on
		building.save()
		frappe.set_user("Administrator")
		return building

	def test_reaching_a_stage_dates_the_instalments_waiting_for_it_once(self):
		contract = self.sign(signed_on=add_days(nowdate(), -60))
		self.assertEqual([row[3] for row in schedule(contract.name)][1:], [None, None])
		# topped out straight from not started: the structure stage was reached too
		building = self.reach("Topped Out", add_days(nowdate(), -5))
		self.assertEqual([row.stage for row in building.stage_log], ["Foundation", "Structure", "Topped Out"])
		reached = getdate(add_days(nowdate(), -5))
		self.assertEqual(
			[row[3] for row in schedule(contract.name)][1:], [add_days(reached, 10), add_days(reached, 15)]
		)
		# reported again, with another date: nothing changes
		self.reach("Fit-out", nowdate())
		self.assertEqual(
			[row[3] for row in schedule(contract.name)][1:], [add_days(reached, 10), add_days(reached, 15)]
		)
		self.assertEqual(
			frappe.db.get_value("RE Contract", contract.name, "next_due_date"),
			getdate(add_days(nowdate(), -60)),
		)

	def test_a_stage_reached_before_signing_counts_from_the_signing_day(self):
		self.reach("Structure", add_days(nowdate(), -30))
		contract = self.sign()
		self.assertEqual(schedule(contract.name)[1][3], add_days(getdate(nowdate()), 10))
		self.assertIsNone(schedule(contract.name)[2][3])

	def test_a_stage_cannot_be_reached_in_the_future(self):
		with self.assertRaises(frappe.ValidationError):
			self.reach("Foundation", add_days(nowdate(), 3))

	def test_only_engineering_records_the_stage(self):
		frappe.set_user(self.advisor)
		building = frappe.get_doc("RE Building", self.building)
		self.assertFalse(building.has_permission("write"))


class TestDisclosure(ContractTestCase):
	def test_signing_needs_the_buyers_acknowledgement_of_the_current_list(self):
		make_disclosure(self.project)
		draft = self.sign(acknowledge=False, submit=False)
		frappe.set_user(self.advisor)
		with self.assertRaises(SalesRuleError) as error:
			draft.submit()
		self.assertIn("has not acknowledged", str(error.exception))
		draft.reload()
		result = draft.acknowledge_disclosures()
		self.assertEqual(result["facts"], 1)
		self.assertEqual(len(draft.disclosures), 1)
		self.assertIn("600 m", draft.disclosures[0].description)
		self.assertEqual(draft.disclosure_recorded_by, self.advisor)
		# a fact published after the acknowledgement asks for a new one
		frappe.set_user("Administrator")
		make_disclosure(
			self.project, category="Planning Change", description="东侧规划道路拓宽", distance_m=0
		)
		frappe.set_user(self.advisor)
		draft.reload()
		with self.assertRaises(SalesRuleError) as error:
			draft.submit()
		self.assertIn("changed after the buyer acknowledged", str(error.exception))
		draft.reload()
		draft.acknowledge_disclosures()
		draft.submit()
		self.assertEqual(len(draft.disclosures), 2)
		self.assertEqual(self.status_of(), "Contracted")

	def test_a_withdrawn_or_reworded_fact_asks_for_a_new_acknowledgement(self):
		fact = make_disclosure(self.project)
		draft = self.sign(submit=False)
		frappe.db.set_value("RE Disclosure", fact.name, "description", "垃圾中转站已迁址")
		frappe.set_user(self.advisor)
		draft.reload()
		with self.assertRaises(SalesRuleError):
			draft.submit()

	def test_the_buyer_acknowledges_only_the_list_they_were_shown(self):
		make_disclosure(self.project)
		draft = self.sign(acknowledge=False, submit=False)
		frappe.set_user(self.advisor)
		shown = draft.disclosures_to_acknowledge()
		self.assertEqual(len(shown["facts"]), 1)
		frappe.set_user("Administrator")
		make_disclosure(
			self.project, category="Known Defect", description="3号楼地下室有渗水记录", distance_m=0
		)
		frappe.set_user(self.advisor)
		draft.reload()
		with self.assertRaises(SalesRuleError) as error:
			draft.acknowledge_disclosures(shown["fingerprint"])
		self.assertIn("changed while they were shown", str(error.exception))
		shown = draft.disclosures_to_acknowledge()
		draft.acknowledge_disclosures(shown["fingerprint"])
		self.assertEqual(draft.disclosure_fingerprint, shown["fingerprint"])
		draft.submit()

	def test_a_project_without_disclosures_still_needs_the_acknowledgement(self):
		draft = self.sign(acknowledge=False, submit=False)
		frappe.set_user(self.advisor)
		with self.assertRaises(SalesRuleError):
			draft.submit()
		draft.reload()
		self.assertEqual(draft.acknowledge_disclosures()["facts"], 0)
		draft.submit()

	def test_only_someone_who_may_edit_the_contract_records_the_acknowledgement(self):
		draft = self.sign(acknowledge=False, submit=False)
		frappe.set_user(self.finance)
		with self.assertRaises(frappe.PermissionError):
			frappe.get_doc("RE Contract", draft.name).acknowledge_disclosures()

	def test_a_facility_needs_its_distance_within_a_kilometre(self):
		with self.assertRaises(frappe.ValidationError):
			make_disclosure(self.project, distance_m=1500)


class TestContractAccess(ContractTestCase):
	def test_advisors_see_only_their_own_and_their_customers_contracts(self):
		mine = self.sign()
		theirs = self.sign(
			user=self.other_advisor, unit=make_unit(self.building).name, buyers=[make_customer().name]
		)
		frappe.set_user(self.advisor)
		names = frappe.get_list("RE Contract", pluck="name")
		self.assertIn(mine.name, names)
		self.assertNotIn(theirs.name, names)
		self.assertFalse(frappe.has_permission("RE Contract", "read", doc=theirs.name))
		for user in (self.finance, self.service, self.manager):
			frappe.set_user(user)
			self.assertTrue(
				{mine.name, theirs.name} <= set(frappe.get_list("RE Contract", pluck="name")), user
			)
		frappe.set_user(self.service)
		self.assertFalse(frappe.has_permission("RE Contract", "create"))

	def test_an_advisor_signs_only_in_their_projects_for_customers_they_may_see(self):
		limited = self.staff_limited_to("advisor", make_project().name, name="limited")
		with self.assertRaises(frappe.PermissionError):
			self.sign(user=limited)
		protected = make_customer(
			advisors=[
				{
					"project": self.project,
					"advisor": self.other_advisor,
					"protected_until": add_days(nowdate(), 9),
				}
			]
		).name
		with self.assertRaises(frappe.PermissionError):
			self.sign(buyers=[protected])
		self.assertEqual(self.status_of(), "Available")
