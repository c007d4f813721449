"""Customer file benchmark: 1,000,000 customers and 5,000,000 interactions.

Prints figures, asserts nothing (tests assert behaviour). Run it through `benchmarks/run`:

    benchmarks/run customers [SITE] [--customers N] [--interactions N]

The data is written with bulk inserts (generation speed is not what is measured) into the site,
once: a second run finds it and measures again. Then it measures, in server time (in-process,
the way a request would run them):

- the reception phone lookup (``recrm.api.reception.lookup``) for numbers typed in several formats;
- the customer list filtered by advisor and stage, as the list view asks for it
  (``frappe.desk.reportview.get`` and ``get_count``), as a manager and as the advisor;
- the nightly grading job over everyone, and the daily job returning lapsed prospects to the pool,
  when the app has them;
- while the grading job runs, how long a desk write on a customer waits for its row lock.
"""

import argparse
import random
import statistics
import threading
import time
from datetime import timedelta

import frappe
from frappe.utils import add_days, now_datetime

from recrm.core.roles import SALES_ADVISOR, SALES_MANAGER

CHUNK = 10_000
TAG = "BCU"  # customer names BCU-0000001 …: the benchmark's rows are easy to tell apart
ADVISORS = 40
PROJECTS = ("基准楼盘甲", "基准楼盘乙")
STAGES = ("Prospect", "Interested", "Qualified", "Contracted", "Awaiting Handover", "Owner", "Member")
STAGE_WEIGHTS = (30, 45, 10, 6, 4, 4, 1)
KINDS = ("Visit", "Incoming Call", "Outgoing Call", "WeChat", "SMS", "Event", "Site Visit", "E-mail")
LOOKUPS = 300


def advisor_email(i: int) -> str:
	return f"bench.advisor{i:02}@recrm.bench"


def mobile(i: int) -> str:
	"""A distinct 11-digit mobile for each i below 10**8: an affine permutation of the 8 digits."""
	return f"139{(i * 48_271 + 12_345) % 10**8:08d}"


def setup_fixtures() -> None:
	from recrm.tests.factories import make_user

	for name in PROJECTS:
		if not frappe.db.exists("RE Project", name):
			frappe.get_doc(
				{"doctype": "RE Project", "project_name": name, "city": "扬州", "status": "On Sale"}
			).insert(ignore_permissions=True)
	for i in range(ADVISORS):
		if not frappe.db.exists("User", advisor_email(i)):
			make_user(advisor_email(i), [SALES_ADVISOR])
	if not frappe.db.exists("User", "bench.manager@recrm.bench"):
		make_user("bench.manager@recrm.bench", [SALES_MANAGER])
	frappe.db.commit()


def existing_customers() -> int:
	return frappe.db.count("RE Customer", {"name": ("like", f"{TAG}-%")})


def generate(customers: int, interactions: int, seed: int = 7) -> None:
	"""Bulk-write the customers, their phones and owner rows, and the interactions."""
	rng = random.Random(seed)
	meta = frappe.get_meta("RE Customer")
	phone_meta = frappe.get_meta("RE Customer Phone")
	has_masked = meta.has_field("primary_phone_masked")
	row_masked = phone_meta.has_field("masked_phone")
	from recrm.core.phones import mask_phone, normalise_phone, phone_tail
	from recrm.sales.pool import CHILD_ROW_COLUMNS, RECORD_COLUMNS

	now = now_datetime()
	per_customer = interactions / customers
	customer_fields = [*RECORD_COLUMNS, "full_name", "lifecycle_stage"]
	customer_fields += ["budget", "purpose", "family_structure", "age_band", "income_band"]
	if has_masked:
		customer_fields.append("primary_phone_masked")
	phone_fields = [*CHILD_ROW_COLUMNS, "phone_tail", "is_primary"]
	# the full numbers are kept apart (recrm/sales/phone_privacy.py)
	number_fields = [*RECORD_COLUMNS, "customer", "number", "is_primary"]
	if row_masked:
		phone_fields.append("masked_phone")
	advisor_fields = [*CHILD_ROW_COLUMNS, "project", "advisor", "since", "protected_until"]
	interaction_fields = [*RECORD_COLUMNS, "customer", "customer_name"]
	interaction_fields += ["project", "advisor", "kind", "interaction_time", "outcome"]
	interaction_fields += ["next_follow_up_date", "follow_up_done"]
	start = existing_customers()
	made_interactions = frappe.db.count("RE Interaction", {"name": ("like", "BIN-%")})
	started = time.monotonic()
	for first in range(start, customers, CHUNK):
		c_rows, p_rows, n_rows, a_rows, i_rows = [], [], [], [], []
		for i in range(first, min(first + CHUNK, customers)):
			name = f"{TAG}-{i + 1:07d}"
			number = normalise_phone(mobile(i))
			registered = now - timedelta(days=rng.randrange(365), minutes=rng.randrange(600))
			full_name = f"客户{i + 1}"
			stage = rng.choices(STAGES, weights=STAGE_WEIGHTS)[0]
			c_row = [name, registered, registered, "Administrator", "Administrator", full_name, stage]
			c_row += [rng.randrange(80, 400) * 10_000, rng.choice(["Own Use", "Upgrade", "Investment"])]
			c_row += [rng.choice(["Single", "Couple", "Couple with Young Children", "Empty Nest"])]
			c_row += [rng.choice(["25-34", "35-44", "45-54"]), rng.choice(["Lower Middle", "Middle", "High"])]
			if has_masked:
				c_row.append(mask_phone(number))
			c_rows.append(c_row)
			p_row = [
				f"{name}-P1",
				registered,
				registered,
				"Administrator",
				"Administrator",
				name,
				"RE Customer",
			]
			p_row += ["phones", 1, phone_tail(number), 1]
			if row_masked:
				p_row.append(mask_phone(number))
			p_rows.append(p_row)
			n_rows.append(
				(f"{name}-P1", registered, registered, "Administrator", "Administrator", name, number, 1)
			)
			advisor = advisor_email(rng.randrange(ADVISORS))
			project = PROJECTS[rng.randrange(len(PROJECTS))]
			last_touch = registered
			count = max(1, round(rng.expovariate(1 / per_customer))) if per_customer else 0
			count = min(count, int(per_customer * 6) or 1)
			for _ in range(count):
				if made_interactions >= interactions:
					break
				made_interactions += 1
				at = registered + timedelta(
					minutes=rng.randrange(max(1, int((now - registered).total_seconds() // 60)))
				)
				last_touch = max(last_touch, at)
				open_follow_up = rng.random() < 0.08
				i_rows.append(
					(
						f"BIN-{made_interactions:09d}",
						at,
						at,
						advisor,
						advisor,
						name,
						full_name,
						project,
						advisor,
						rng.choice(KINDS),
						at,
						"基准数据",
						add_days(at.date(), rng.randrange(1, 20)) if open_follow_up else None,
						0 if open_follow_up else 1,
					)
				)
			until = add_days(last_touch.date(), 30)
			a_rows.append(
				(
					f"{name}-A1",
					registered,
					registered,
					"Administrator",
					"Administrator",
					name,
					"RE Customer",
					"advisors",
					1,
					project,
					advisor,
					registered.date(),
					until,
				)
			)
		frappe.db.bulk_insert("RE Customer", customer_fields, c_rows)
		frappe.db.bulk_insert("RE Customer Phone", phone_fields, p_rows)
		frappe.db.bulk_insert("RE Customer Number", number_fields, n_rows)
		frappe.db.bulk_insert("RE Customer Advisor", advisor_fields, a_rows)
		if i_rows:
			frappe.db.bulk_insert("RE Interaction", interaction_fields, i_rows)
		frappe.db.commit()
		done = min(first + CHUNK, customers)
		if done % 100_000 == 0 or done == customers:
			print(
				f"  generated {done:,} customers, {made_interactions:,} interactions"
				f" ({time.monotonic() - started:.0f} s)",
				flush=True,
			)


def timed(fn, runs: int) -> tuple[list[float], object]:
	times, result = [], None
	for _ in range(runs):
		frappe.local.cache = {}
		t = time.perf_counter()
		result = fn()
		times.append((time.perf_counter() - t) * 1000)
	return times, result


def figures(label: str, times: list[float]) -> None:
	times = sorted(times)
	p95 = times[min(len(times) - 1, int(len(times) * 0.95))]
	print(
		f"  {label:<62} median {statistics.median(times):8.1f} ms   p95 {p95:8.1f} ms   ({len(times)} runs)"
	)


def measure_lookup(customers: int) -> None:
	from recrm.api.reception import lookup

	rng = random.Random(11)
	frappe.set_user("bench.manager@recrm.bench")
	formats = (
		lambda m: m,
		lambda m: f"+86 {m[:3]} {m[3:7]} {m[7:]}",
		lambda m: f"{m[:3]}-{m[3:7]}-{m[7:]}",
	)
	times = []
	found = 0
	for n in range(LOOKUPS):
		typed = formats[n % len(formats)](mobile(rng.randrange(customers)))
		t, result = timed(lambda typed=typed: lookup(typed), 1)
		times += t
		found += bool(result.get("found"))
	figures(f"phone lookup, {found}/{LOOKUPS} found", times)
	t, _ = timed(lambda: lookup("13700000000"), 20)
	figures("phone lookup, number nobody has", t)
	frappe.set_user("Administrator")


def list_args(advisor: str, stage: str) -> dict:
	return {
		"doctype": "RE Customer",
		"fields": [
			"`tabRE Customer`.`name`",
			"`tabRE Customer`.`full_name`",
			"`tabRE Customer`.`lifecycle_stage`",
			"`tabRE Customer`.`modified`",
		],
		"filters": [
			["RE Customer Advisor", "advisor", "=", advisor],
			["RE Customer", "lifecycle_stage", "=", stage],
		],
		"order_by": "`tabRE Customer`.`modified` desc",
		"start": 0,
		"page_length": 20,
		"with_comment_count": 1,
	}


def measure_list() -> None:
	from frappe.desk import reportview

	def open_list(args: dict):
		frappe.local.form_dict = frappe._dict(args)
		rows = reportview.get()
		# the list view asks for the total separately, with the same filters
		count_args = {
			k: v for k, v in args.items() if k not in ("fields", "order_by", "start", "page_length")
		}
		frappe.local.form_dict = frappe._dict({**count_args, "distinct": "false"})
		total = reportview.get_count()
		return rows, total

	for user, label in (("bench.manager@recrm.bench", "manager"), (advisor_email(3), "the advisor")):
		frappe.set_user(user)
		for stage in ("Interested", "Contracted"):
			times, (_rows, total) = timed(
				lambda stage=stage: open_list(list_args(advisor_email(3), stage)), 7
			)
			figures(f"list by advisor + stage '{stage}' as {label} ({total:,} match)", times)
	frappe.set_user("Administrator")


def measure_job(path: str, label: str) -> None:
	try:
		job = frappe.get_attr(path)
	except (AttributeError, ImportError):
		print(f"  {label}: not in this version of the app")
		return
	lock_waits = []
	stop = threading.Event()
	site = frappe.local.site

	def desk_writer():
		frappe.init(site=site)
		frappe.connect()
		rng = random.Random(5)
		try:
			while not stop.is_set():
				name = f"{TAG}-{rng.randrange(1, 1_000_000):07d}"
				t = time.perf_counter()
				frappe.db.sql(
					"update `tabRE Customer` set impressions = %s where name = %s",
					(f"bench {time.time()}", name),
				)
				frappe.db.commit()
				lock_waits.append((time.perf_counter() - t) * 1000)
				time.sleep(0.2)
		finally:
			frappe.destroy()

	writer = threading.Thread(target=desk_writer, daemon=True)
	writer.start()
	started = time.monotonic()
	result = job()
	frappe.db.commit()
	seconds = time.monotonic() - started
	stop.set()
	writer.join(timeout=10)
	print(f"  {label}: {seconds:,.1f} s ({result if result is not None else ''})")
	if lock_waits:
		print(
			f"    desk writes meanwhile: {len(lock_waits)}, median {statistics.median(lock_waits):.1f} ms,"
			f" worst {max(lock_waits):.1f} ms"
		)


def main() -> None:
	parser = argparse.ArgumentParser(
		description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
	)
	parser.add_argument("--site", required=True)
	parser.add_argument("--customers", type=int, default=1_000_000)
	parser.add_argument("--interactions", type=int, default=5_000_000)
	parser.add_argument("--skip-jobs", action="store_true")
	args = parser.parse_args()
	frappe.init(site=args.site)
	frappe.connect()
	try:
		setup_fixtures()
		have = existing_customers()
		if have < args.customers:
			print(f"generating {args.customers - have:,} customers …", flush=True)
			generate(args.customers, args.interactions)
		print(
			f"customer file: {frappe.db.count('RE Customer'):,} customers,"
			f" {frappe.db.count('RE Interaction'):,} interactions"
		)
		measure_lookup(args.customers)
		measure_list()
		if not args.skip_jobs:
			measure_job("recrm.sales.grading.grade_everyone", "nightly grading of everyone")
			measure_job(
				"recrm.sales.pool.return_lapsed_to_pool", "daily return of lapsed prospects to the pool"
			)
	finally:
		frappe.destroy()


if __name__ == "__main__":
	main()
