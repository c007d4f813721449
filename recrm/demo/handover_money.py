"""The demo's handover money: one building with its final survey imported and every area difference
settled (approved and booked) across the bands of the national rule, and one late building with
its delivery penalties, some approved, the rest waiting for approval.

Deterministic (the surveyed areas cycle through the five bands in unit order) and re-runnable: a
building that already has settlements or penalties is left alone.
"""

import frappe
from frappe.model.workflow import apply_workflow
from frappe.utils import add_days, flt, nowdate

from recrm.handover import area, booking, penalty

# surveyed / contracted, in unit order: exact, within +3 %, within −3 %, over +3 %, under −3 %
BAND_FACTORS = (1.0, 1.02, 0.985, 1.045, 0.955)


class HandoverMoneyDemo:
	def __init__(self, builder):
		self.builder = builder
		self.created = {"area_settlements": 0, "delivery_penalties": 0}

	def rng(self, *parts):
		return self.builder.rng("handover-money", *parts)

	def build(self) -> dict:
		booking.ensure_workflows()
		sold = [b for b in self.builder.buildings if area.building_contracts(b)]
		if sold:
			self.settle_areas(sold[0])
		if len(sold) > 1:
			self.late_penalties(sold[1])
		self.builder.say(
			frappe._("Demo handover money: {0} area settlements and {1} delivery penalties created.").format(
				self.created["area_settlements"], self.created["delivery_penalties"]
			)
		)
		return self.created

	def approve(self, doctype: str, names: list[str]) -> None:
		for name in names:
			doc = apply_workflow(frappe.get_doc(doctype, name), booking.SEND)
			apply_workflow(doc, booking.APPROVE)

	def settle_areas(self, building: str) -> None:
		if frappe.db.exists(area.SETTLEMENT, {"building": building}):
			return
		units = frappe.get_all(
			"RE Unit",
			filters={"building": building},
			fields=["unit_number", "gross_area"],
			order_by="name asc",
		)
		lines = "".join(
			f"{u.unit_number},{flt(u.gross_area) * BAND_FACTORS[i % len(BAND_FACTORS)]:.2f}\n"
			for i, u in enumerate(units)
		)
		url = (
			frappe.get_doc(
				{
					"doctype": "File",
					"file_name": f"survey-{building}.csv",
					"content": "unit,area\n" + lines,
					"is_private": 1,
				}
			)
			.insert(ignore_permissions=True)
			.file_url
		)
		survey = frappe.get_doc({"doctype": area.SURVEY, "building": building, "survey_file": url}).insert(
			ignore_permissions=True
		)
		area.import_survey(survey.name)
		names = frappe.get_all(area.SETTLEMENT, filters={"building": building}, pluck="name", order_by="name")
		self.approve(area.SETTLEMENT, names)
		self.created["area_settlements"] += len(names)

	def late_penalties(self, building: str) -> None:
		if frappe.db.exists(penalty.PENALTY, {"building": building}):
			return
		planned = add_days(nowdate(), -75)
		frappe.db.set_value(
			"RE Building", building, {"planned_handover_date": planned, "actual_handover_date": nowdate()}
		)
		frappe.db.set_value(
			"RE Contract", {"building": building, "docstatus": 1}, "promised_handover_date", planned
		)
		penalty.compute_for_building(building)
		names = frappe.get_all(penalty.PENALTY, filters={"building": building}, pluck="name", order_by="name")
		self.approve(penalty.PENALTY, names[: len(names) // 2])
		self.created["delivery_penalties"] += len(names)
