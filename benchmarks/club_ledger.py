"""The club's points ledger at size: a member's balance (one indexed read) and the nightly tier and
expiry run over 100,000 members and 2,000,000 entries (goal: < 2 min), and the reconciliation.

The members and entries are written with SQL (``INSERT … SELECT`` over MariaDB's sequence engine),
named ``BENCH-…``, and removed afterwards. Prints figures, asserts nothing:

    benchmarks/run club_ledger [SITE] [--members 100000] [--entries 2000000]
"""

import argparse
import time
from datetime import date

import frappe

GOAL_SECONDS = 120


def generate(members: int, entries: int) -> None:
	now = frappe.utils.now()
	frappe.db.sql(
		f"""insert into `tabRE Club Member` (name, creation, modified, owner, modified_by, customer,
		customer_name, member_number, status, joined_on, channel, points_balance)
		select concat('BENCH-M-', seq), %(now)s, %(now)s, 'Administrator', 'Administrator',
		concat('BENCH-C-', seq), concat('会员', seq), concat('BENCH-M-', seq), 'Active',
		date_sub('2026-06-30', interval (seq mod 2000) day), 'Desk', 0 from seq_1_to_{int(members)}""",
		{"now": now},
	)
	# earns over 2024–2026 (expiring at the end of the second year after), every fifth a spend
	frappe.db.sql(
		f"""insert into `tabRE Points Entry` (name, creation, modified, owner, modified_by, member,
		kind, points, posted_on, expires_on, cause)
		select concat('BENCH-E-', seq), %(now)s, %(now)s, 'Administrator', 'Administrator',
		concat('BENCH-M-', 1 + seq mod {int(members)}),
		if(seq mod 5 = 0, 'Spend', 'Earn'), if(seq mod 5 = 0, -10, 50),
		date_add('2024-01-01', interval (seq div {int(members)}) * 1095 div {max(entries // members, 1)} day),
		if(seq mod 5 = 0, null, makedate(year(date_add('2024-01-01', interval
			(seq div {int(members)}) * 1095 div {max(entries // members, 1)} day)) + 2, 365)),
		concat('bench:', seq) from seq_0_to_{int(entries) - 1}""",
		{"now": now},
	)
	frappe.db.sql(
		"""update `tabRE Club Member` m join (select member, sum(points) total from `tabRE Points Entry`
		where member like 'BENCH-M-%%' group by member) s on s.member = m.name set m.points_balance = s.total"""
	)
	for name, order, minimum in (("BENCH Silver", 1, 0), ("BENCH Gold", 2, 400), ("BENCH Platinum", 3, 800)):
		frappe.db.sql(
			"""insert into `tabRE Club Tier` (name, creation, modified, owner, modified_by, tier_name,
			tier_order, min_points, min_units, min_years) values (%s, %s, %s, 'Administrator',
			'Administrator', %s, %s, %s, 0, %s)""",
			(name, now, now, name, order, minimum, 1 if order == 3 else 0),
		)
	frappe.db.commit()


def clean() -> None:
	frappe.db.sql("delete from `tabRE Points Entry` where member like 'BENCH-M-%%'")
	frappe.db.sql("delete from `tabRE Club Tier Change` where parent like 'BENCH-M-%%'")
	frappe.db.sql("delete from `tabRE Club Member` where name like 'BENCH-M-%%'")
	frappe.db.sql("delete from `tabRE Club Tier` where name like 'BENCH %%'")
	frappe.db.commit()


def timed(label: str, function, *args):
	start = time.perf_counter()
	result = function(*args)
	seconds = time.perf_counter() - start
	print(f"{label}: {seconds:.2f} s ({result})", flush=True)
	return seconds


def main():
	parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
	parser.add_argument("--site", required=True)
	parser.add_argument("--members", type=int, default=100_000)
	parser.add_argument("--entries", type=int, default=2_000_000)
	args = parser.parse_args()
	frappe.init(site=args.site)
	frappe.connect()
	from recrm.club import points, tiers

	try:
		clean()
		generated = timed("generate (SQL)", lambda: generate(args.members, args.entries) or "done")
		del generated
		sample = [f"BENCH-M-{1 + i * (args.members // 1000 or 1)}" for i in range(1000)]
		start = time.perf_counter()
		for member in sample:
			points.balance(member)
		each = (time.perf_counter() - start) / len(sample) * 1000
		print(f"balance of a member: {each:.3f} ms a read (one indexed read of the member's row)")
		plan = frappe.db.sql(
			"explain select points_balance from `tabRE Club Member` where name = 'BENCH-M-1'", as_dict=True
		)
		print(f"  plan: key={plan[0].get('key')} rows={plan[0].get('rows')}")
		night = timed("nightly expiry (2027-01-01)", points.expire_points, date(2027, 1, 1))
		night += timed("nightly tiers", tiers.update_all_tiers, date(2027, 1, 1))
		night += timed("nightly reconciliation", lambda: len(points.mismatched_balances()))
		print(
			f"nightly tier + expiry + reconciliation over {args.members:,} members and {args.entries:,} entries:"
			f" {night:.1f} s (goal < {GOAL_SECONDS} s) {'OK' if night < GOAL_SECONDS else 'TOO SLOW'}"
		)
	finally:
		clean()
		frappe.destroy()


if __name__ == "__main__":
	main()
