"""The door of a club event: one check-in (the member's code to a committed attendance with its
points), median and 95th percentile against the goal of 200 ms, on an event of N registered
members among 100,000 (written with SQL, named ``BENCH-…``, removed afterwards). Also the refusal
of a second check-in. Prints figures, asserts nothing:

    benchmarks/run club_check_in [SITE] [--members 100000] [--registered 2000] [--checkins 300]
"""

import argparse
import statistics
import time

import frappe

GOAL_MS = 200
EVENT = "BENCH-EVENT"


def generate(members: int, registered: int) -> None:
	now = frappe.utils.now()
	frappe.db.sql(
		f"""insert into `tabRE Club Member` (name, creation, modified, owner, modified_by, customer,
		customer_name, member_number, status, joined_on, channel, points_balance)
		select concat('BENCH-M-', seq), %(now)s, %(now)s, 'Administrator', 'Administrator',
		concat('BENCH-C-', seq), concat('会员', seq), concat('CM-8', lpad(seq, 8, '0')), 'Active',
		'2026-01-01', 'Desk', 0 from seq_1_to_{int(members)}""",
		{"now": now},
	)
	frappe.db.sql(
		"""insert into `tabRE Club Event` (name, creation, modified, owner, modified_by, title, kind,
		status, starts_at, ends_at, audience, capacity, admit_walk_ins, points)
		values (%s, %s, %s, 'Administrator', 'Administrator', 'BENCH 酒会', 'Cocktail Reception',
		'Published', now(), date_add(now(), interval 3 hour), 'All Members', 0, 1, 20)""",
		(EVENT, now, now),
	)
	frappe.db.sql(
		f"""insert into `tabRE Club Event Registration` (name, creation, modified, owner, modified_by,
		event, member, status, registered_at, channel)
		select concat('BENCH-R-', seq), %(now)s, %(now)s, 'Administrator', 'Administrator', %(event)s,
		concat('BENCH-M-', seq * {max(members // registered, 1)}), 'Registered', %(now)s, 'Portal'
		from seq_1_to_{int(registered)}""",
		{"now": now, "event": EVENT},
	)
	frappe.db.commit()


def clean() -> None:
	frappe.db.sql("delete from `tabRE Points Entry` where member like 'BENCH-M-%%'")
	frappe.db.sql("delete from `tabRE Club Event Registration` where event = %s", EVENT)
	frappe.db.sql("delete from `tabRE Club Event` where name = %s", EVENT)
	frappe.db.sql("delete from `tabRE Club Member` where name like 'BENCH-M-%%'")
	frappe.db.commit()


def main():
	parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
	parser.add_argument("--site", required=True)
	parser.add_argument("--members", type=int, default=100_000)
	parser.add_argument("--registered", type=int, default=2_000)
	parser.add_argument("--checkins", type=int, default=300)
	args = parser.parse_args()
	frappe.init(site=args.site)
	frappe.connect()
	frappe.set_user("Administrator")
	from recrm.club import events

	step = max(args.members // args.registered, 1)
	try:
		clean()
		generate(args.members, args.registered)
		codes = [f"CM-8{(i + 1) * step:08d}" for i in range(min(args.checkins, args.registered))]
		times = []
		for code in codes:
			start = time.perf_counter()
			events.check_in(EVENT, code)
			frappe.db.commit()
			times.append((time.perf_counter() - start) * 1000)
		refused = []
		for code in codes[:50]:
			start = time.perf_counter()
			try:
				events.check_in(EVENT, code)
			except frappe.ValidationError:
				pass
			frappe.db.rollback()
			refused.append((time.perf_counter() - start) * 1000)
		median, p95 = statistics.median(times), statistics.quantiles(times, n=20)[18]
		print(
			f"check-in of a registered member ({len(times)} of {args.registered:,} registered, "
			f"{args.members:,} members): median {median:.1f} ms, p95 {p95:.1f} ms "
			f"(goal < {GOAL_MS} ms) {'OK' if p95 < GOAL_MS else 'TOO SLOW'}"
		)
		print(
			f"second check-in refused: median {statistics.median(refused):.1f} ms, max {max(refused):.1f} ms"
		)
	finally:
		clean()
		frappe.destroy()


if __name__ == "__main__":
	main()
