"""Reservation benchmark: server time from the request to the commit of reserving a unit.

An advisor reserves units one after another the way the desk does it (insert the reservation,
submit it, commit), each on its own unit; the figures are the time each took and the queries it
ran. Prints figures, asserts nothing. Everything it creates is removed again.

    benchmarks/run reservation [SITE] [--count N]
"""

import argparse
import statistics
import time

import frappe

from recrm.core.roles import SALES_ADVISOR


def main():
	parser = argparse.ArgumentParser(
		description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
	)
	parser.add_argument("--site", required=True)
	parser.add_argument("--count", type=int, default=50)
	args = parser.parse_args()
	frappe.init(site=args.site)
	frappe.connect()
	from recrm.tests.factories import make_building, make_customer, make_unit, make_user

	frappe.set_user("Administrator")
	advisor = make_user("bench-advisor@recrm.test", [SALES_ADVISOR])
	building = make_building(
		building_number=f"BENCH-R-{frappe.generate_hash(length=4)}", floors=args.count // 2 + 1
	)
	units = [make_unit(building.name, floor=1 + i // 2, position=1 + i % 2).name for i in range(args.count)]
	customers = [make_customer().name for _ in range(args.count)]
	frappe.db.commit()
	timings, queries, names = [], [], []
	try:
		frappe.set_user(advisor)
		for unit, customer in zip(units, customers, strict=True):
			counter = {"n": 0}
			original = frappe.db.sql

			def counting(*a, _original=original, _counter=counter, **kw):
				_counter["n"] += 1
				return _original(*a, **kw)

			frappe.db.sql = counting
			start = time.perf_counter()
			doc = frappe.get_doc(
				{
					"doctype": "RE Reservation",
					"customer": customer,
					"unit": unit,
					"agreed_price": 1_000_000,
					"deposit": 50_000,
					"deposit_payment_method": "WeChat Pay",
					"valid_until": frappe.utils.add_days(frappe.utils.nowdate(), 7),
				}
			).insert()
			doc.submit()
			frappe.db.commit()
			timings.append((time.perf_counter() - start) * 1000)
			frappe.db.sql = original
			queries.append(counter["n"])
			names.append(doc.name)
		warm = timings[1:] or timings  # the first one loads the metadata
		print(f"reservations: {len(timings)}")
		print(f"median ms: {statistics.median(warm):.1f}")
		print(f"p95 ms:    {sorted(warm)[int(len(warm) * 0.95) - 1]:.1f}")
		print(f"best ms:   {min(warm):.1f}")
		print(f"first ms:  {timings[0]:.1f}")
		print(f"queries:   {statistics.median(queries):.0f}")
	finally:
		frappe.set_user("Administrator")
		frappe.db.rollback()
		frappe.db.delete("RE Unit Status Log", {"unit": ("in", units)})
		frappe.db.delete("RE Reservation", {"name": ("in", names or [""])})
		frappe.db.delete("RE Unit", {"name": ("in", units)})
		for customer in customers:
			frappe.delete_doc("RE Customer", customer, force=True, ignore_permissions=True)
		unit_types = frappe.get_all("RE Unit Type", {"project": building.project}, pluck="name")
		frappe.delete_doc("RE Building", building.name, force=True, ignore_permissions=True)
		for unit_type in unit_types:
			frappe.delete_doc("RE Unit Type", unit_type, force=True, ignore_permissions=True)
		frappe.delete_doc("RE Project", building.project, force=True, ignore_permissions=True)
		frappe.db.commit()
		frappe.destroy()


if __name__ == "__main__":
	main()
