"""The demo's care after move-in: customer managers and four-year revisits for the demo's owners
(those handed over in 2022 are due: about two in three visited, the others due or missed), the visit
tasks of the due ones, and a loyalty maintenance fund per project with the developer's yearly
contributions and works on the older buildings. Revisits are unique per unit and owner and fund
entries are found by their description, so a second run makes nothing."""

import frappe
from frappe import _
from frappe.utils import add_days, getdate, nowdate

from recrm.club import care

CONTRIBUTION = 500_000  # a year, per project
WORKS = (
	# (year, description, cost, paid by the fund)
	(2025, "外墙翻新（{0}）", 380_000, 300_000),
	(2026, "电梯更换（{0}）", 520_000, 350_000),
)


class CareDemo:
	def __init__(self, builder):
		self.builder = builder
		self.created = {"revisits": 0, "revisits_visited": 0, "fund_entries": 0}

	def rng(self, *parts):
		return self.builder.rng("care", *parts)

	def build(self) -> dict:
		today = getdate(nowdate())
		self.created["revisits"] = care.catch_up_revisits()
		self.visit_some(today)
		care.assign_due_tasks(today)
		for project in frappe.get_all("RE Project", pluck="name", order_by="name"):
			self.make_fund(project, today)
		self.builder.say(
			_("Demo care: {0} revisits ({1} visited) and {2} fund entries created.").format(
				self.created["revisits"], self.created["revisits_visited"], self.created["fund_entries"]
			)
		)
		return self.created

	def visit_some(self, today) -> None:
		due = frappe.get_all(
			"RE Owner Revisit",
			filters={"status": "Scheduled", "due_date": ("<=", today), "visited_on": ("is", "not set")},
			fields=["name", "due_date"],
			order_by="name",
		)
		for row in due:
			rng = self.rng(row.name)
			if rng.random() >= 0.66:
				continue
			doc = frappe.get_doc("RE Owner Revisit", row.name)
			doc.status = "Visited"
			doc.visited_on = min(today, getdate(add_days(row.due_date, rng.randint(-20, 40))))
			doc.notes = rng.choice(
				("业主满意，房屋状况良好。", "业主反映小区绿化需补种，已转物业。", "外墙有轻微渗水，已报修。")
			)
			doc.save(ignore_permissions=True)
			self.created["revisits_visited"] += 1

	def make_fund(self, project: str, today) -> None:
		fund = frappe.db.get_value("RE Loyalty Fund", {"project": project})
		if not fund:
			fund = (
				frappe.get_doc({"doctype": "RE Loyalty Fund", "project": project})
				.insert(ignore_permissions=True)
				.name
			)
		label = frappe.db.get_value("RE Project", project, "project_name") or project
		for year in range(2023, today.year + 1):
			self.entry(
				fund,
				"Contribution",
				CONTRIBUTION,
				f"{year}年度开发商注资",
				f"{year}-01-15",
				contribution_year=year,
			)
		for year, description, cost, paid in WORKS:
			if year <= today.year:
				self.entry(fund, "Works", paid, description.format(label), f"{year}-09-01", works_cost=cost)

	def entry(self, fund: str, kind: str, amount, description: str, posting_date: str, **values) -> None:
		if frappe.db.exists(
			"RE Loyalty Fund Entry", {"fund": fund, "description": description, "docstatus": 1}
		):
			return
		frappe.get_doc(
			{
				"doctype": "RE Loyalty Fund Entry",
				"fund": fund,
				"kind": kind,
				"amount": amount,
				"posting_date": posting_date,
				"description": description,
				**values,
			}
		).insert(ignore_permissions=True).submit()
		self.created["fund_entries"] += 1
