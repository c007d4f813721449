"""Sales control board benchmark: server time and query count for 200, 2,000 and 20,000 units.

Prints figures, asserts nothing (tests assert behaviour). Run it through `benchmarks/run`, which
calls it with the bench's Python on a site that has recrm installed:

    benchmarks/run [SITE]
"""

import argparse
import statistics
import time

import frappe

SIZES = (200, 2_000, 20_000)
RUNS = 5


def make_building(units: int, tag: str) -> str:
	"""A building of ``units`` units written with bulk inserts: generation speed is not measured here."""
	from recrm.tests.factories import make_building as factory_building

	per_floor = 10 if units <= 2_000 else 40
	floors = units // per_floor
	building = factory_building(floors=min(floors, 200), building_number=f"BENCH-{tag}")
	unit_type = building.stacks[0].unit_type
	statuses = (
		"Available",
		"Available",
		"Held",
		"Reserved",
		"Subscribed",
		"Contracted",
		"Handed Over",
		"Not For Sale",
	)
	rows = []
	now = frappe.utils.now()
	for i in range(units):
		floor, position = divmod(i, per_floor)
		floor += 1
		number = f"{floor}-{position + 1:02}"
		rows.append(
			(
				f"{building.name}-{number}",
				now,
				now,
				"Administrator",
				"Administrator",
				number,
				building.name,
				building.project,
				floor,
				position + 1,
				"Apartment",
				statuses[i % len(statuses)],
				100.0,
				80.0,
				1_000_000 + i,
				10_000.0,
				unit_type,
			)
		)
	fields = [
		"name",
		"creation",
		"modified",
		"owner",
		"modified_by",
		"unit_number",
		"building",
		"project",
		"floor",
		"position",
		"kind",
		"status",
		"gross_area",
		"net_area",
		"list_price",
		"price_per_sqm",
		"unit_type",
	]
	frappe.db.bulk_insert("RE Unit", fields, rows, ignore_duplicates=False, chunk_size=5000)
	return building.name


def measure(building: str) -> tuple[float, float, int]:
	from recrm.api.board import get_board

	get_board(building)  # warm caches as a user's session has them warm
	queries: list[str] = []
	orig_sql = frappe.db.__class__.sql

	def counting_sql(self, *args, **kwargs):
		queries.append(args[0] if args else "")
		return orig_sql(self, *args, **kwargs)

	timings = []
	frappe.db.__class__.sql = counting_sql
	try:
		for _ in range(RUNS):
			queries.clear()
			start = time.perf_counter()
			board = get_board(building)
			timings.append((time.perf_counter() - start) * 1000)
	finally:
		frappe.db.__class__.sql = orig_sql
	assert board["unit_count"] > 0
	return statistics.median(timings), min(timings), len(queries)


def main():
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
		print(f"{'units':>8}  {'median ms':>10}  {'best ms':>8}  {'queries':>7}")
		for size in (int(s) for s in args.sizes.split(",")):
			building = make_building(size, frappe.generate_hash(length=6))
			median, best, count = measure(building)
			print(f"{size:>8}  {median:>10.1f}  {best:>8.1f}  {count:>7}")
	finally:
		frappe.db.rollback()
		frappe.destroy()


if __name__ == "__main__":
	main()
