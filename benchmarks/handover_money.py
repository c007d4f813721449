"""Handover money benchmark: area reconciliation of a 2,000-unit building (import of the survey
report + compute + draft the settlements) against < 10 s, and the late-delivery penalty forecast of
2,000 contracts against < 5 s.

Prints figures, asserts nothing. Run it through `benchmarks/run`:

    benchmarks/run handover_money [SITE] [--units N] [--runs N]

The building, its units and signed contracts are written with bulk inserts (generation is not what
is measured) inside one transaction that is rolled back at the end: the site keeps nothing.
"""

import argparse
import random
import time

import frappe
from frappe.utils import add_days, nowdate

from recrm.handover import area, penalty
from recrm.tests.factories import make_building, make_project

TAG = "BHM"


def generate(units: int) -> tuple[str, list[tuple[str, str]]]:
	project = make_project().name
	building = make_building(project=project, planned_handover_date=add_days(nowdate(), 30)).name
	now, user = frappe.utils.now(), frappe.session.user
	rng = random.Random(13)
	unit_rows, contract_rows, report = [], [], []
	for i in range(units):
		unit, number = f"{TAG}-U-{building}-{i:05d}", f"{i // 8 + 1:03d}{i % 8 + 1:02d}"
		gross = round(rng.uniform(70, 160), 2)
		price = round(gross * rng.uniform(9000, 16000), 2)
		unit_rows.append([unit, now, now, user, user, building, project, number, "Sold", gross, price])
		contract_rows.append(
			[
				f"{TAG}-C-{building}-{i:05d}",
				now,
				now,
				user,
				user,
				1,
				unit,
				project,
				building,
				"Signed",
				price,
				round(price * rng.uniform(0.3, 1), 2),
				add_days(nowdate(), -rng.randrange(0, 60)),
			]
		)
		report.append((number, f"{gross * rng.uniform(0.94, 1.06):.2f}"))
	common = ["name", "creation", "modified", "owner", "modified_by"]
	frappe.db.bulk_insert(
		"RE Unit",
		[*common, "building", "project", "unit_number", "status", "gross_area", "list_price"],
		unit_rows,
	)
	frappe.db.bulk_insert(
		"RE Contract",
		[
			*common,
			"docstatus",
			"unit",
			"project",
			"building",
			"status",
			"final_price",
			"paid_amount",
			"promised_handover_date",
		],
		contract_rows,
	)
	return building, report


def main() -> None:
	parser = argparse.ArgumentParser(
		description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
	)
	parser.add_argument("--site", required=True)
	parser.add_argument("--units", type=int, default=2000)
	args = parser.parse_args()
	frappe.init(site=args.site)
	frappe.connect()
	frappe.set_user("Administrator")
	try:
		building, report = generate(args.units)
		content = "unit,area\n" + "".join(f"{n},{a}\n" for n, a in report)
		url = (
			frappe.get_doc(
				{"doctype": "File", "file_name": f"{TAG}-survey.csv", "content": content, "is_private": 1}
			)
			.insert(ignore_permissions=True)
			.file_url
		)
		survey = frappe.get_doc(
			{"doctype": "RE Area Survey", "building": building, "survey_file": url}
		).insert()
		frappe.flags.in_test = True  # the import runs at once rather than queued (recrm.jobs)
		t = time.perf_counter()
		area.start_import(survey.name)
		seconds = time.perf_counter() - t
		done = frappe.db.get_value(
			"RE Area Survey", survey.name, ["status", "units_surveyed", "settlements_drafted"]
		)
		print(
			f"  area reconciliation, {args.units:,} units (import + compute + draft): {seconds:6.2f} s   goal < 10 s"
			f"   ({done[0]}: {done[1]:,} surveyed, {done[2]:,} settlements drafted)"
		)
		frappe.db.set_value(
			"RE Building", building, "planned_handover_date", add_days(nowdate(), 30), update_modified=False
		)
		t = time.perf_counter()
		rows = penalty.forecast([building])
		seconds = time.perf_counter() - t
		exposure = sum(r["amount"] for r in rows)
		print(
			f"  penalty forecast, {len(rows):,} contracts:                    {seconds:6.2f} s   goal < 5 s"
			f"   (exposure {exposure:,.2f})"
		)
	finally:
		frappe.db.rollback()
		frappe.destroy()


if __name__ == "__main__":
	main()
