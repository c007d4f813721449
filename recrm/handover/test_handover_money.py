"""Area reconciliation and late-delivery penalties on a real bench: a survey report imported,
every band of the national rule with its exact amount, the approval (no self-approval) and the
booking on the contract (an instalment or credit); a late building's penalties; bad input refused
with nothing written."""

from decimal import Decimal

import frappe
from frappe.model.workflow import apply_workflow
from frappe.utils import add_days, flt, nowdate, set_request
from frappe.website.serve import get_response

from recrm.core.roles import CS_MANAGER, VP_FINANCE
from recrm.handover import area, booking, penalty
from recrm.handover.booking import APPROVED, PENDING, REJECTED
from recrm.tests.cases import StaffTestCase
from recrm.tests.factories import (
	acting_as,
	make_building,
	make_contract,
	make_customer,
	make_payment_plan,
	make_project,
	make_receipt,
	make_unit,
)
from recrm.tests.portal_factories import make_buyer

# surveyed area of a 100 m² unit sold for 1,000,000.00 (10,000.00 a m²) → (band, amount)
BANDS = {
	"100": ("No Difference", Decimal("0.00")),
	"102.5": ("Within +Threshold", Decimal("25000.00")),
	"98.75": ("Within −Threshold", Decimal("-12500.00")),
	"105": ("Over +Threshold", Decimal("30000.00")),  # 3 m² paid, 2 m² borne by the developer
	"95": ("Under −Threshold", Decimal("-70000.00")),  # 3 m² once, 2 m² twice over
}


def attach_report(survey_name: str, lines: list[tuple[str, str]]) -> str:
	content = "unit,area\n" + "".join(f"{n},{a}\n" for n, a in lines)
	return (
		frappe.get_doc(
			{
				"doctype": "File",
				"file_name": f"{survey_name}.csv",
				"content": content,
				"is_private": 1,
			}
		)
		.insert(ignore_permissions=True)
		.file_url
	)


class TestHandoverMoney(StaffTestCase):
	STAFF_PREFIX = "money"
	STAFF = ("cs_manager", "vp_finance", "finance")

	def setUp(self):
		booking.ensure_workflows()
		self.project = make_project().name
		self.building = make_building(
			project=self.project, planned_handover_date=add_days(nowdate(), -40)
		).name
		self.plan = make_payment_plan(self.project).name

	def sell(self, count: int) -> list[frappe._dict]:
		sold = []
		for i in range(count):
			unit = make_unit(self.building, floor=i + 1)
			contract = make_contract(unit.name, buyers=[make_customer().name], payment_plan=self.plan)
			sold.append(frappe._dict(unit=unit.name, number=unit.unit_number, contract=contract.name))
		return sold

	def import_survey(self, lines):
		url = attach_report(self.building, lines)
		survey = frappe.get_doc(
			{"doctype": "RE Area Survey", "building": self.building, "survey_file": url}
		).insert()
		area.start_import(survey.name)
		return frappe.get_doc("RE Area Survey", survey.name)

	def settlement(self, contract: str):
		return frappe.get_doc("RE Area Settlement", {"active_contract": contract})

	def approve(self, doc, sender=None, approver=None):
		with acting_as(sender or self.cs_manager):
			apply_workflow(doc, "Send for Approval")
		with acting_as(approver or self.vp_finance):
			return apply_workflow(frappe.get_doc(doc.doctype, doc.name), "Approve")

	# ---- area ---------------------------------------------------------------------------------

	def test_five_bands_exact_to_the_fen_through_approval_to_schedule_and_credit(self):
		sold = self.sell(5)
		with acting_as(self.cs_manager):
			survey = self.import_survey([(s.number, a) for s, a in zip(sold, BANDS, strict=True)])
		self.assertEqual(survey.status, "Imported", survey.import_log)
		self.assertEqual((survey.units_surveyed, survey.settlements_drafted), (5, 5))
		self.assertEqual(flt(survey.total_charge, 2), 55000.00)
		self.assertEqual(flt(survey.total_refund, 2), 82500.00)
		for s, surveyed in zip(sold, BANDS, strict=True):
			band, amount = BANDS[surveyed]
			doc = self.settlement(s.contract)
			self.assertEqual(flt(frappe.db.get_value("RE Unit", s.unit, "surveyed_area")), float(surveyed))
			self.assertEqual((doc.band, Decimal(str(doc.amount)).quantize(Decimal("0.01"))), (band, amount))
			self.assertEqual(doc.workflow_state, "Draft")
			self.assertEqual(bool(doc.may_cancel), band in ("Over +Threshold", "Under −Threshold"))
			self.assertTrue(area.readiness_check(s.contract, s.unit))  # not settled yet

			before = frappe.db.get_value(
				"RE Contract", s.contract, ["outstanding_amount", "credit_balance"], as_dict=True
			)
			rows_before = frappe.db.count("RE Payment Schedule", {"parent": s.contract})
			doc = self.approve(doc)
			self.assertEqual(doc.workflow_state, APPROVED)
			self.assertEqual(doc.approved_by, self.vp_finance)
			after = frappe.db.get_value(
				"RE Contract", s.contract, ["outstanding_amount", "credit_balance"], as_dict=True
			)
			rows_after = frappe.db.count("RE Payment Schedule", {"parent": s.contract})
			if amount > 0:
				self.assertEqual(rows_after, rows_before + 1)
				self.assertAlmostEqual(after.outstanding_amount - before.outstanding_amount, float(amount), 2)
				self.assertEqual(doc.booked_as, "Instalment")
			else:
				self.assertEqual(rows_after, rows_before)
				self.assertAlmostEqual(
					flt(after.credit_balance) - flt(before.credit_balance), float(-amount), 2
				)
			self.assertEqual(area.readiness_check(s.contract, s.unit), [])

	def test_reimport_is_idempotent_and_keeps_approved(self):
		sold = self.sell(2)
		with acting_as(self.cs_manager):
			self.import_survey([(sold[0].number, "102"), (sold[1].number, "99")])
		first = self.settlement(sold[0].contract)
		self.approve(first)
		with acting_as(self.cs_manager):
			survey = self.import_survey([(sold[0].number, "104"), (sold[1].number, "98")])
		self.assertEqual(survey.settlements_drafted, 1)
		self.assertEqual(
			frappe.db.count("RE Area Settlement", {"contract": ("in", [s.contract for s in sold])}), 2
		)
		self.assertEqual(self.settlement(sold[0].contract).name, first.name)
		self.assertEqual(flt(self.settlement(sold[1].contract).amount), -20000.0)

	def test_bad_areas_refused_whole_nothing_written(self):
		sold = self.sell(4)
		with acting_as(self.cs_manager):
			survey = self.import_survey(
				[
					(sold[0].number, "0"),
					(sold[1].number, "-5"),
					(sold[2].number, "200.01"),
					(sold[3].number, "101"),
				]
			)
		self.assertEqual(survey.status, "Failed")
		log = survey.import_log
		self.assertIn("greater than zero", log)
		self.assertIn("more than twice", log)
		self.assertEqual(log.count("\n"), 2)  # three bad lines, the good one not among them
		self.assertFalse(frappe.db.get_value("RE Unit", sold[3].unit, "surveyed_area"))
		self.assertFalse(frappe.db.exists("RE Area Settlement", {"building": self.building}))

	def test_unknown_unit_refused(self):
		self.sell(1)
		with acting_as(self.cs_manager):
			survey = self.import_survey([("NO-SUCH", "100")])
		self.assertEqual(survey.status, "Failed")
		self.assertIn("NO-SUCH", survey.import_log)

	def test_no_self_approval_and_no_edit_of_amounts(self):
		sold = self.sell(1)
		both = self.staff_with_roles("both", CS_MANAGER, VP_FINANCE)
		with acting_as(both):
			self.import_survey([(sold[0].number, "102")])
			doc = self.settlement(sold[0].contract)
			apply_workflow(doc, "Send for Approval")
			with self.assertRaises(frappe.ValidationError):
				apply_workflow(frappe.get_doc(doc.doctype, doc.name), "Approve")
			doc = frappe.get_doc(doc.doctype, doc.name)
			doc.workflow_state = APPROVED
			with self.assertRaises(frappe.ValidationError):
				doc.save()
		self.assertEqual(frappe.db.get_value(doc.doctype, doc.name, "workflow_state"), PENDING)
		self.assertFalse(frappe.db.get_value(doc.doctype, doc.name, "booked_on"))
		doc = frappe.get_doc(doc.doctype, doc.name)
		doc.amount = 1
		with self.assertRaises(frappe.ValidationError):
			doc.save()

	def test_rejected_frees_the_contract_for_a_new_draft(self):
		sold = self.sell(1)
		with acting_as(self.cs_manager):
			self.import_survey([(sold[0].number, "101")])
			doc = self.settlement(sold[0].contract)
			apply_workflow(doc, "Send for Approval")
		with acting_as(self.vp_finance):
			doc = apply_workflow(frappe.get_doc(doc.doctype, doc.name), "Reject")
		self.assertEqual(doc.workflow_state, REJECTED)
		self.assertFalse(doc.active_contract)
		with acting_as(self.cs_manager):
			self.import_survey([(sold[0].number, "101")])
		self.assertEqual(self.settlement(sold[0].contract).workflow_state, "Draft")

	# ---- penalty -------------------------------------------------------------------------------

	def test_late_building_penalty_drafted_approved_and_credited(self):
		sold = self.sell(2)
		make_receipt(sold[0].contract, 300000)
		self.assertEqual(
			str(frappe.db.get_value("RE Contract", sold[0].contract, "promised_handover_date")),
			add_days(nowdate(), -40),
		)
		building = frappe.get_doc("RE Building", self.building)
		building.actual_handover_date = nowdate()
		building.save()  # the hook drafts the penalties
		doc = frappe.get_doc("RE Delivery Penalty", {"active_contract": sold[0].contract})
		# 300,000.00 × 0.01 % × 40 days
		self.assertEqual((doc.days_late, flt(doc.amount, 2)), (40, 1200.00))
		self.assertEqual(
			flt(frappe.get_doc("RE Delivery Penalty", {"active_contract": sold[1].contract}).amount), 0
		)
		before = flt(frappe.db.get_value("RE Contract", sold[0].contract, "credit_balance"))
		doc = self.approve(doc, sender=self.finance)
		self.assertEqual(doc.booked_as, "Credit")
		self.assertAlmostEqual(
			flt(frappe.db.get_value("RE Contract", sold[0].contract, "credit_balance")) - before, 1200.0, 2
		)

	def test_forecast_from_the_planned_date_not_saved(self):
		sold = self.sell(2)
		make_receipt(sold[0].contract, 500000)
		rows = penalty.forecast([self.building])
		by_contract = {r["contract"]: r for r in rows}
		self.assertEqual(by_contract[sold[0].contract]["days_late"], 0)  # planned date is the promised one
		frappe.db.set_value("RE Building", self.building, "planned_handover_date", add_days(nowdate(), 10))
		rows = {r["contract"]: r for r in penalty.forecast([self.building])}
		self.assertEqual(rows[sold[0].contract]["days_late"], 50)
		self.assertEqual(rows[sold[0].contract]["amount"], 2500.0)
		self.assertFalse(frappe.db.exists("RE Delivery Penalty", {"building": self.building}))

	def test_penalty_for_on_time_building_refused(self):
		self.sell(1)
		frappe.db.set_value("RE Building", self.building, "actual_handover_date", add_days(nowdate(), -40))
		with self.assertRaises(penalty.DeliveryPenaltyError) as refused:
			penalty.compute_for_building(self.building)
		self.assertIn("on time", str(refused.exception))
		self.assertFalse(frappe.db.exists("RE Delivery Penalty", {"building": self.building}))

	# ---- reports and portal --------------------------------------------------------------------

	def test_reports_total_per_building(self):
		from recrm.handover.report.area_reconciliation import area_reconciliation
		from recrm.handover.report.delivery_penalty_exposure import delivery_penalty_exposure

		sold = self.sell(3)
		with acting_as(self.cs_manager):
			self.import_survey([(sold[0].number, "102"), (sold[1].number, "95"), (sold[2].number, "106")])
		_columns, data, _msg, chart = area_reconciliation.execute({"building": self.building})
		self.assertEqual(len(data), 1)
		row = data[0]
		self.assertEqual((row["units_surveyed"], row["may_cancel"]), (3, 2))
		self.assertEqual((row["charges"], row["refunds"], row["net"]), (50000.0, 70000.0, -20000.0))
		self.assertTrue(chart)
		make_receipt(sold[0].contract, 100000)
		frappe.db.set_value("RE Building", self.building, "planned_handover_date", add_days(nowdate(), 20))
		_columns, data, _msg, chart = delivery_penalty_exposure.execute({"building": self.building})
		self.assertEqual(data[0]["contracts"], 3)
		self.assertEqual(data[0]["days_late"], 60)
		self.assertEqual(data[0]["exposure"], 600.0)  # 100,000.00 × 0.01 % × 60 days
		# a user without read permission on the settlements is refused
		with acting_as(self.website_user("nobody")), self.assertRaises(frappe.PermissionError):
			area_reconciliation.execute({"building": self.building})

	def test_buyer_sees_area_difference_and_penalty_once_sent_for_approval(self):
		buyer = make_buyer("money-buyer")
		unit = make_unit(self.building, floor=9)
		contract = make_contract(unit.name, buyers=[buyer.customer], payment_plan=self.plan).name
		with acting_as(self.cs_manager):
			self.import_survey([(unit.unit_number, "96")])
		doc = self.settlement(contract)

		def page():
			frappe.set_user(buyer.user)
			set_request(method="GET", path="/my-home/contract")
			html = get_response("/my-home/contract").get_data(as_text=True)
			frappe.set_user("Administrator")
			return html

		self.assertNotIn(doc.name, page())  # a draft is not yet shown
		self.approve(doc)
		html = page()
		self.assertIn(doc.name, html)
		self.assertIn("50,000.00", html)  # 3 m² refunded once, 1 m² twice, at 10,000.00
		self.assertIn("Under", html)

	def test_demo_piece_settles_every_band_and_drafts_penalties_once(self):
		from types import SimpleNamespace

		from recrm.demo.handover_money import HandoverMoneyDemo

		self.sell(5)
		late = make_building(project=self.project).name
		for i in range(2):
			make_contract(
				make_unit(late, floor=i + 1).name, buyers=[make_customer().name], payment_plan=self.plan
			)
		builder = SimpleNamespace(buildings=[self.building, late], say=lambda message: None)
		created = HandoverMoneyDemo(builder).build()
		self.assertEqual(created, {"area_settlements": 5, "delivery_penalties": 2})
		bands = set(frappe.get_all("RE Area Settlement", filters={"building": self.building}, pluck="band"))
		self.assertEqual(len(bands), 5)
		states = frappe.get_all(
			"RE Area Settlement", filters={"building": self.building}, pluck="workflow_state"
		)
		self.assertEqual(set(states), {APPROVED})
		again = HandoverMoneyDemo(builder).build()
		self.assertEqual(again, {"area_settlements": 0, "delivery_penalties": 0})
