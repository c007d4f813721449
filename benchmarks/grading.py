"""Nightly value grading benchmark: grade_everyone over N customers and M interactions.

Writes the customers (names BENCH-0000001 …) and their interactions with INSERT … SELECT from
MariaDB's sequence engine, grades everyone twice (the first run writes every row, the second only
what changed: nothing), prints the figures and deletes what it wrote. Prints figures, asserts
nothing. Run it with the bench's Python on a site that has recrm installed:

    python benchmarks/grading.py --site SITE [--customers 1000000] [--interactions 5000000]
"""

import argparse
import time

import frappe

PREFIX = "BENCH-"
DELETE_BATCH = 50_000


def generate(customers: int, interactions: int) -> None:
	frappe.db.sql(
		f"""insert into `tabRE Customer` (name, creation, modified, modified_by, owner, full_name,
			lifecycle_stage, family_structure, age_band, income_band, budget, purpose, referred_by)
		select concat(%(prefix)s, lpad(seq, 7, '0')), now(), now(), 'Administrator', 'Administrator',
			concat('客户', seq),
			elt(1 + seq %% 7, 'Prospect', 'Prospect', 'Interested', 'Interested', 'Qualified', 'Contracted', 'Owner'),
			elt(1 + seq %% 8, 'Single', 'Couple', 'Couple with Young Children', 'Couple with Older Children',
				'Three Generations', 'Empty Nest', 'Other', ''),
			elt(1 + seq %% 7, 'Under 25', '25-34', '35-44', '45-54', '55-64', '65 and Over', ''),
			elt(1 + seq %% 6, 'Low', 'Lower Middle', 'Middle', 'Upper Middle', 'High', ''),
			if(seq %% 3 = 0, 500000 + (seq %% 60) * 100000, 0),
			elt(1 + seq %% 5, 'Own Use', 'Upgrade', 'Investment', 'Second Home', ''),
			if(seq %% 10 = 0 and seq > 1, concat(%(prefix)s, lpad(seq - 1, 7, '0')), null)
		from seq_1_to_{int(customers)}""",
		{"prefix": PREFIX},
	)
	frappe.db.sql(
		f"""insert into `tabRE Interaction` (name, creation, modified, modified_by, owner, customer,
			project, advisor, kind, interaction_time)
		select concat(%(prefix)s, 'I-', seq), now(), now(), 'Administrator', 'Administrator',
			concat(%(prefix)s, lpad(1 + (seq * 7919) %% {int(customers)}, 7, '0')), 'BENCH', 'Administrator',
			'Incoming Call', now() - interval (seq %% 365) day
		from seq_1_to_{int(interactions)}""",
		{"prefix": PREFIX},
	)
	frappe.db.commit()


def clean_up() -> None:
	for table in ("tabRE Interaction", "tabRE Customer"):
		while True:
			frappe.db.sql(f"delete from `{table}` where name like %s limit {DELETE_BATCH}", (f"{PREFIX}%",))
			frappe.db.commit()
			if not frappe.db.sql(f"select 1 from `{table}` where name like %s limit 1", (f"{PREFIX}%",)):
				break


def main():
	parser = argparse.ArgumentParser(
		description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
	)
	parser.add_argument("--site", required=True)
	parser.add_argument("--customers", type=int, default=1_000_000)
	parser.add_argument("--interactions", type=int, default=5_000_000)
	parser.add_argument("--keep", action="store_true", help="leave the generated rows in place")
	args = parser.parse_args()
	frappe.init(site=args.site)
	frappe.connect()
	from recrm.sales.grading import grade_everyone

	try:
		started = time.monotonic()
		generate(args.customers, args.interactions)
		print(
			f"generated {args.customers:,} customers and {args.interactions:,} interactions"
			f" in {time.monotonic() - started:.0f} s"
		)
		for run in ("first (every row written)", "second (nothing changed)"):
			result = grade_everyone()
			print(
				f"grade_everyone, {run}: {result['customers']:,} customers, {result['changed']:,}"
				f" changed, {result['seconds']:.1f} s"
			)
	finally:
		if not args.keep:
			clean_up()
		frappe.destroy()


if __name__ == "__main__":
	main()
