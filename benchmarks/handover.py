"""Handover progress benchmark: server time and query count of the "Handover Progress" report for
one building of 2,000 units (and the whole project of several), against the goal of at most 3
queries whatever the size.

Prints figures, asserts nothing (tests assert behaviour). Run it through `benchmarks/run`:

    benchmarks/run handover [SITE] [--sizes 200,2000]

Everything is written in one transaction and rolled back at the end.
"""

import argparse
import statistics
import time

import frappe

SIZES = (200, 2_000)
RUNS = 5
GOAL_QUERIES = 3


def make_appointments(building: str, project: str, units: list[str]) -> None:
	"""A slot and, for every other unit, an appointment (half of them completed), in bulk."""
	from recrm.tests.factories import make_customer

	now = frappe.utils.now()
	slot = frappe.get_doc(
		{
			"doctype": "RE Handover Slot",
			"project": project,
			"building": building,
			"slot_start": frappe.utils.add_days(now, 30),
			"slot_end": frappe.utils.add_to_date(frappe.utils.add_days(now, 30), hours=1),
			"capacity": len(units),
		}
	).insert()
	customer = make_customer().name
	rows = []
	for i, unit in enumerate(units[::2]):
		rows.append(
			(
				f"BENCH-HA-{building}-{i}",
				now,
				now,
				"Administrator",
				"Administrator",
				customer,
				unit,
				building,
				project,
				slot.name,
				"Completed" if i % 2 else "Booked",
			)
		)
	frappe.db.bulk_insert(
		"RE Handover Appointment",
		[
			"name",
			"creation",
			"modified",
			"owner",
			"modified_by",
			"customer",
			"unit",
			"building",
			"project",
			"slot",
			"status",
		],
		rows,
		chunk_size=5000,
	)


def measure(filters: dict) -> tuple[float, float, int]:
	from recrm.handover.report.handover_progress.handover_progress import execute

	execute(filters)  # warm caches as a user's session has them warm
	queries: list[str] = []
	original = frappe.db.__class__.sql

	def counting(self, *args, **kwargs):
		queries.append(args[0] if args else "")
		return original(self, *args, **kwargs)

	frappe.db.__class__.sql = counting
	timings = []
	try:
		for _ in range(RUNS):
			queries.clear()
			begin = time.perf_counter()
			execute(filters)
			timings.append((time.perf_counter() - begin) * 1000)
	finally:
		frappe.db.__class__.sql = original
	return statistics.median(timings), min(timings), len(queries)


def main():
	from board import make_building

	parser = argparse.ArgumentParser(
		description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
	)
	parser.add_argument("--site", required=True)
	parser.add_argument("--sizes", default=",".join(map(str, SIZES)))
	args = parser.parse_args()
	frappe.init(site=args.site)
	frappe.connect()
	frappe.set_user("Administrator")
	try:
		print(f"Handover Progress (goal: at most {GOAL_QUERIES} queries whatever the size)")
		print(f"{'scope':>24}  {'units':>7}  {'median ms':>10}  {'best ms':>8}  {'queries':>7}")
		for size in (int(s) for s in args.sizes.split(",")):
			building = make_building(size, frappe.generate_hash(length=6))
			project = frappe.db.get_value("RE Building", building, "project")
			units = frappe.get_all("RE Unit", filters={"building": building}, pluck="name")
			make_appointments(building, project, units)
			median, best, count = measure({"building": building})
			print(f"{'one building':>24}  {size:>7}  {median:>10.1f}  {best:>8.1f}  {count:>7}")
	finally:
		frappe.db.rollback()
		frappe.destroy()


if __name__ == "__main__":
	import os
	import sys

	sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
	main()
