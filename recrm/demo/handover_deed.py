"""The demo's title deeds (房产证): the handed-over homes of the building with the most of them get
their deeds, spread over the eight stages (网签 → 发证) from its handover date, handled by customer service;
a few are behind their next stage's due date, so the Handover workspace's overdue card, the
"Title Deed Stages" report and the daily alert have something to show.

Deterministic (its own ``rng``) and re-runnable: a unit with a deed is left alone."""

import frappe
from frappe.utils import add_days, getdate

from recrm.core.deed import DEED_STAGES, STAGE_DAYS
from recrm.demo import data
from recrm.handover.deed import stage_rows

# how many deeds (at most) the demo makes, and one in this many is left overdue
MAX_DEEDS = 80
OVERDUE_EVERY = 5


def demo_email(prefix: str) -> str:
	return f"{prefix}@{data.EMAIL_DOMAIN}"


class HandoverDeedDemo:
	def __init__(self, builder):
		self.builder = builder
		self.today = getdate()
		self.created = {"deeds_in_stages": 0}

	def rng(self, *parts):
		return self.builder.rng("handover_deed", *parts)

	def build(self) -> dict:
		handler = demo_email("cs.agent")
		if not frappe.db.exists("User", handler):
			handler = "Administrator"
		building = self.handed_over_building()
		if not building:
			return self.created
		with_deed = set(frappe.get_all("RE Title Deed", pluck="unit"))
		units = frappe.get_all(
			"RE Unit",
			filters={"building": building, "status": "Handed Over"},
			pluck="name",
			order_by="floor asc, name asc",
		)
		owners = frappe.get_all(
			"RE Customer",
			filters={"lifecycle_stage": ("in", ("Owner", "Member"))},
			pluck="name",
			order_by="name asc",
		) or frappe.get_all("RE Customer", pluck="name", order_by="name asc", limit=200)
		if not owners:
			return self.created
		for index, unit in enumerate(units[:MAX_DEEDS]):
			if unit not in with_deed:
				self.deed(unit, index, handler, owners)
		return self.created

	def handed_over_building(self) -> str | None:
		"""The building with the most handed-over homes."""
		rows = frappe.get_all(
			"RE Unit",
			filters={"status": "Handed Over"},
			fields=["building", "count(name) as homes"],
			group_by="building",
			order_by="homes desc, building asc",
			limit=1,
		)
		return rows[0].building if rows else None

	def deed(self, unit: str, index: int, handler: str, owners: list[str]) -> None:
		"""The deed of ``unit``: its contract's buyers as owners, else one of the demo's owners."""
		rng = self.rng(unit)
		contract = frappe.db.get_value("RE Contract", {"unit": unit, "docstatus": 1}, "name")
		buyers = (
			frappe.get_all(
				"RE Contract Buyer",
				filters={"parenttype": "RE Contract", "parent": contract},
				fields=["customer", "share"],
				order_by="idx asc",
			)
			if contract
			else []
		) or [frappe._dict(customer=rng.choice(owners), share=None)]
		stage = DEED_STAGES[index % len(DEED_STAGES)]
		overdue = index % OVERDUE_EVERY == 1 and stage != DEED_STAGES[-1]
		# walk back from today: each stage reached within its default days of the one before
		reached, on = {}, getdate(add_days(self.today, -rng.randint(1, 10)))
		if overdue:
			following = DEED_STAGES[DEED_STAGES.index(stage) + 1]
			on = getdate(add_days(self.today, -(STAGE_DAYS[following] + rng.randint(5, 40))))
		for position in range(DEED_STAGES.index(stage), -1, -1):
			reached[DEED_STAGES[position]] = on
			on = getdate(add_days(on, -max(1, rng.randint(1, STAGE_DAYS[DEED_STAGES[position]] or 10))))
		shares = [b.share for b in buyers]
		frappe.get_doc(
			{
				"doctype": "RE Title Deed",
				"unit": unit,
				"handled_by": handler,
				"owners": [
					{"customer": b.customer, "share": b.share if all(shares) else None} for b in buyers
				],
				"stage": stage,
				"stages": stage_rows(reached, handler),
				"certificate_number": f"沪(2026)不动产权第{100000 + index:07d}号"
				if DEED_STAGES.index(stage) >= DEED_STAGES.index("Certificate Collected")
				else None,
			}
		).insert(ignore_permissions=True)
		self.created["deeds_in_stages"] += 1
