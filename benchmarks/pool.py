"""Return-to-pool benchmark: the daily job on 1,000,000 customers, and how long it holds locks.

Writes ``--customers`` customers with one owner row each (bulk inserts, named BENCHPOOL-…), of
which ``--lapsed`` share have lapsed today; runs ``recrm.sales.pool.return_lapsed_to_pool`` twice
(the second run must find nothing) and prints the time, the rows returned and the slowest chunk
(a chunk is one transaction: its locks are held that long). Everything it wrote is deleted again.
Prints figures, asserts nothing. Through ``benchmarks/run``, or:

    python benchmarks/pool.py --site SITE [--customers 1000000] [--lapsed 0.1]
"""

import argparse
import time

import frappe
from frappe.utils import add_days, now, nowdate

PREFIX = "BENCHPOOL-"


def write_customers(count: int, lapsed_share: float, project: str, advisor: str) -> int:
	stamp = now()
	every = max(1, round(1 / lapsed_share)) if lapsed_share else 0
	lapsed = 0
	for start in range(0, count, 50_000):
		customers, owners = [], []
		for i in range(start, min(start + 50_000, count)):
			name = f"{PREFIX}{i:07}"
			customers.append((name, stamp, stamp, "Administrator", "Administrator", f"客户{i}", "Prospect"))
			is_lapsed = every and i % every == 0
			lapsed += bool(is_lapsed)
			until = add_days(nowdate(), -(i % 30) if is_lapsed else 1 + i % 30)
			owners.append(
				(
					f"{PREFIX}A{i:07}",
					stamp,
					stamp,
					name,
					"RE Customer",
					"advisors",
					1,
					project,
					advisor,
					until,
				)
			)
		frappe.db.bulk_insert(
			"RE Customer",
			["name", "creation", "modified", "owner", "modified_by", "full_name", "lifecycle_stage"],
			customers,
			chunk_size=10_000,
		)
		frappe.db.bulk_insert(
			"RE Customer Advisor",
			[
				"name",
				"creation",
				"modified",
				"parent",
				"parenttype",
				"parentfield",
				"idx",
				"project",
				"advisor",
				"protected_until",
			],
			owners,
			chunk_size=10_000,
		)
		frappe.db.commit()
	return lapsed


def clean_up(project: str) -> None:
	for doctype, field in (
		("RE Customer Owner Log", "parent"),
		("RE Customer Advisor", "parent"),
		("RE Customer", "name"),
	):
		table = frappe.qb.DocType(doctype)
		frappe.qb.from_(table).delete().where(table[field].like(f"{PREFIX}%")).run()
		frappe.db.commit()
	frappe.delete_doc("RE Project", project, force=True)
	frappe.db.commit()


def main():
	from recrm.sales import pool
	from recrm.tests.factories import make_project

	parser = argparse.ArgumentParser(
		description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
	)
	parser.add_argument("--site", required=True)
	parser.add_argument("--customers", type=int, default=1_000_000)
	parser.add_argument("--lapsed", type=float, default=0.1, help="share of owner rows lapsed today")
	args = parser.parse_args()
	frappe.init(site=args.site)
	frappe.connect()
	frappe.set_user("Administrator")
	project = make_project(project_name=f"{PREFIX}{frappe.generate_hash(length=6)}").name
	frappe.db.commit()
	try:
		started = time.perf_counter()
		lapsed = write_customers(args.customers, args.lapsed, project, "Administrator")
		print(
			f"wrote {args.customers:,} customers, {lapsed:,} lapsed, in {time.perf_counter() - started:.0f} s"
		)

		chunks: list[float] = []
		commit = frappe.db.commit
		last = [time.perf_counter()]

		def timed_commit(*a, **kw):
			commit(*a, **kw)
			now_ = time.perf_counter()
			chunks.append(now_ - last[0])
			last[0] = now_

		frappe.db.commit = timed_commit
		try:
			started = last[0] = time.perf_counter()
			returned = pool.return_lapsed_to_pool()
			first = time.perf_counter() - started
			started = time.perf_counter()
			again = pool.return_lapsed_to_pool()
			second = time.perf_counter() - started
		finally:
			frappe.db.commit = commit
		print(f"first run: {returned:,} rows returned to the pool in {first:.1f} s")
		print(
			f"  {len(chunks)} chunks of {pool.CHUNK_SIZE}; slowest chunk (locks held) {max(chunks) * 1000:.0f} ms"
		)
		print(f"second run: {again:,} rows in {second * 1000:.0f} ms")
	finally:
		frappe.db.rollback()
		clean_up(project)
		frappe.destroy()


if __name__ == "__main__":
	main()
