"""Service desk benchmark: 200,000 complaints and 20,000 compensation claims with 140,000 steps.

Prints figures, asserts nothing (tests assert behaviour). Run it through `benchmarks/run`:

    benchmarks/run service [SITE] [--complaints N] [--claims N] [--drop]

The data is written with bulk inserts (generation speed is not what is measured) into the site,
once: a second run finds it and measures again; ``--drop`` deletes it after measuring. A year of
complaints, most closed, the recent ones partly open (about 12,000 open, many past their
deadline); their SLA fields are filled as the complaint controller would. Then it measures, in
server time (in-process, the way a request would run them):

- the agent's queue as the list view asks for it (``frappe.desk.reportview.get`` and
  ``get_count``): open complaints newest first, and most urgent first; a project GM's list, which
  goes through the permission query;
- the SLA escalation job over every open complaint: the first run (warnings, breaches and
  escalations of the whole backlog at once) and the second (nothing left to notify);
- the compensation step-time report over every trail, and the other measures.
"""

import argparse
import random
import time
from datetime import datetime, timedelta

import frappe

# run as a script from benchmarks/: the customer benchmark's timing helpers
from customers import figures, timed
from frappe.utils import now_datetime

from recrm.core.compensation import FULL_CHAIN
from recrm.core.roles import CS_AGENT, ENGINEERING, PROJECT_GM
from recrm.core.sla import month_end

CHUNK = 10_000
TAG = "BSV"  # complaints BSV-0000001 …, claims BCL-0000001 …
PROJECTS = ("基准服务楼盘甲", "基准服务楼盘乙")
CATEGORIES = {
	"Leaks": ("Quality", 20),
	"Cracks": ("Quality", 12),
	"Doors and Windows": ("Quality", 10),
	"Heating": ("Quality", 8),
	"Walls and Floors": ("Quality", 8),
	"Handover Date": ("Sales Promises", 6),
	"Title Deed": ("Sales Promises", 4),
	"Property Fees": ("Property Management", 4),
	"Property Repairs": ("Property Management", 5),
	"Other": ("Other", 3),
}
OPEN_STATUSES = ("Open", "Responded", "In Progress", "Awaiting Customer", "Reopened")
OPEN_WEIGHTS = (10, 10, 60, 10, 10)
STEP_HOURS = (12, 30, 60, 120, 80, 160, 100)


def user(name: str) -> str:
	return f"bench.{name}@recrm.bench"


def setup_fixtures() -> None:
	from recrm.tests.factories import make_user

	for index, name in enumerate(PROJECTS):
		gm = user(f"gm{index}")
		if not frappe.db.exists("User", gm):
			make_user(gm, [PROJECT_GM])
		if not frappe.db.exists("RE Project", name):
			frappe.get_doc(
				{
					"doctype": "RE Project",
					"project_name": name,
					"city": "扬州",
					"status": "On Sale",
					"project_gm": gm,
				}
			).insert(ignore_permissions=True)
	for name, role in (("agent", CS_AGENT), ("engineer", ENGINEERING)):
		if not frappe.db.exists("User", user(name)):
			make_user(user(name), [role])
	for role in FULL_CHAIN:
		if not frappe.db.exists("User", user(role[3:].lower().replace(" ", "-"))):
			make_user(user(role[3:].lower().replace(" ", "-")), [role])
	if not frappe.db.exists("RE Customer", {"full_name": "基准客户"}):
		frappe.get_doc(
			{
				"doctype": "RE Customer",
				"full_name": "基准客户",
				"phones": [{"phone": "139 0000 0001", "is_primary": 1}],
			}
		).insert(ignore_permissions=True)
	frappe.db.commit()


def existing(doctype: str, prefix: str) -> int:
	return frappe.db.count(doctype, {"name": ("like", f"{prefix}-%")})


COMPLAINT_FIELDS = [
	"name",
	"creation",
	"modified",
	"owner",
	"modified_by",
	"subject",
	"customer",
	"customer_name",
	"project",
	"channel",
	"received_at",
	"agent",
	"category",
	"category_group",
	"priority",
	"description",
	"responsible_department",
	"responsible_person",
	"status",
	"response_due",
	"response_warning_at",
	"responded_at",
	"response_status",
	"resolution_started_at",
	"resolution_due",
	"resolution_warning_at",
	"resolved_at",
	"resolution_status",
	"closed_at",
	"response_escalation_level",
	"resolution_escalation_level",
	"response_warned",
	"resolution_warned",
]


def complaint_row(i: int, rng: random.Random, now: datetime, customer: str) -> tuple:
	received = now - timedelta(days=rng.uniform(0, 365))
	received = received.replace(microsecond=0)
	age_days = (now - received).days
	open_ = rng.random() < (0.4 if age_days < 45 else 0.01)
	status = rng.choices(OPEN_STATUSES, weights=OPEN_WEIGHTS)[0] if open_ else "Closed"
	category = rng.choices(list(CATEGORIES), weights=[w for _g, w in CATEGORIES.values()])[0]
	project = PROJECTS[rng.randrange(len(PROJECTS))]
	gm = user(f"gm{PROJECTS.index(project)}")
	engineer = rng.random() < 0.3
	response_due = received + timedelta(hours=24)
	responded = None if status == "Open" else min(received + timedelta(hours=rng.uniform(0.2, 30)), now)
	due = month_end(received)
	resolution_due = None if status == "Awaiting Customer" else due
	warning = received + (due - received) * 0.8 if resolution_due else None
	resolved = None
	closed = None
	if status == "Closed":
		resolved = min(received + timedelta(days=rng.uniform(0.5, 40)), now)
		closed = min(resolved + timedelta(days=rng.uniform(0.5, 5)), now)
	return (
		f"{TAG}-{i + 1:07d}",
		received,
		closed or received,
		user("agent"),
		user("agent"),
		"基准投诉",
		customer,
		"基准客户",
		project,
		"Phone",
		received,
		user("agent"),
		category,
		CATEGORIES[category][0],
		"Medium",
		"基准数据",
		"Engineering" if engineer else "Project",
		user("engineer") if engineer else gm,
		status,
		response_due,
		received + timedelta(hours=19.2),
		responded,
		("Met" if responded <= response_due else "Met Late") if responded else "On Track",
		received,
		resolution_due,
		warning,
		resolved,
		("Met" if resolved <= due else "Met Late") if resolved else "On Track",
		closed,
		0,
		0,
		0,
		0,
	)


def generate(complaints: int, claims: int, seed: int = 9) -> None:
	rng = random.Random(seed)
	now = now_datetime()
	customer = frappe.db.get_value("RE Customer", {"full_name": "基准客户"}, "name")
	started = time.monotonic()
	for first in range(existing("RE Complaint", TAG), complaints, CHUNK):
		rows = [complaint_row(i, rng, now, customer) for i in range(first, min(first + CHUNK, complaints))]
		frappe.db.bulk_insert("RE Complaint", COMPLAINT_FIELDS, rows)
		frappe.db.commit()
		done = first + len(rows)
		if done % 50_000 == 0 or done == complaints:
			print(f"  generated {done:,} complaints ({time.monotonic() - started:.0f} s)", flush=True)
	claim_fields = ["name", "creation", "modified", "owner", "modified_by", "docstatus", "complaint"]
	claim_fields += ["customer", "customer_name", "project", "kind", "amount", "description"]
	claim_fields += ["approval_status", "workflow_state", "current_step", "required_steps"]
	step_fields = ["name", "creation", "modified", "owner", "modified_by", "docstatus", "parent"]
	step_fields += ["parenttype", "parentfield", "idx", "step", "entered_at", "due_at", "left_at", "action"]
	step_fields += ["acted_by", "notified_level"]
	for first in range(existing("RE Compensation Claim", "BCL"), claims, CHUNK):
		claim_rows, step_rows = [], []
		for i in range(first, min(first + CHUNK, claims)):
			name = f"BCL-{i + 1:07d}"
			complaint = f"{TAG}-{rng.randrange(complaints) + 1:07d}"
			pending_at = rng.randrange(len(FULL_CHAIN)) if rng.random() < 0.1 else None
			steps = FULL_CHAIN if pending_at is None else FULL_CHAIN[: pending_at + 1]
			hours = [rng.expovariate(1 / STEP_HOURS[k]) for k in range(len(steps))]
			at = now - timedelta(hours=sum(hours) + rng.uniform(1, 24 * 300))
			created = at
			for idx, (step, spent) in enumerate(zip(steps, hours, strict=True), start=1):
				open_step = pending_at is not None and idx == len(steps)
				left = None if open_step else at + timedelta(hours=spent)
				step_rows.append(
					(
						f"{name}-{idx}",
						at,
						left or at,
						"Administrator",
						"Administrator",
						0 if pending_at is not None else 1,
						name,
						"RE Compensation Claim",
						"step_log",
						idx,
						step,
						at,
						at + timedelta(days=2),
						left,
						None if open_step else "Approve",
						None if open_step else user(step[3:].lower().replace(" ", "-")),
						0,
					)
				)
				at = left or at
			claim_rows.append(
				(
					name,
					created,
					at,
					user("agent"),
					user("agent"),
					0 if pending_at is not None else 1,
					complaint,
					customer,
					"基准客户",
					PROJECTS[i % 2],
					"Money",
					rng.randrange(10, 4000) * 100,
					"基准赔偿",
					"Pending" if pending_at is not None else "Approved",
					"Approved" if pending_at is None else None,
					steps[-1] if pending_at is not None else None,
					"\n".join(FULL_CHAIN),
				)
			)
		frappe.db.bulk_insert("RE Compensation Claim", claim_fields, claim_rows)
		frappe.db.bulk_insert("RE Compensation Step", step_fields, step_rows)
		frappe.db.commit()
	print(f"  generated {claims:,} claims ({time.monotonic() - started:.0f} s)", flush=True)


def measure_queue() -> None:
	from frappe.desk import reportview

	def open_list(order_by: str, extra: list | None = None):
		args = {
			"doctype": "RE Complaint",
			"fields": [
				"`tabRE Complaint`.`name`",
				"`tabRE Complaint`.`subject`",
				"`tabRE Complaint`.`customer_name`",
				"`tabRE Complaint`.`category`",
				"`tabRE Complaint`.`status`",
				"`tabRE Complaint`.`resolution_due`",
				"`tabRE Complaint`.`resolution_status`",
				"`tabRE Complaint`.`_assign`",
			],
			"filters": [["RE Complaint", "status", "not in", ["Resolved", "Closed"]], *(extra or [])],
			"order_by": order_by,
			"start": 0,
			"page_length": 20,
			"with_comment_count": 1,
		}
		frappe.local.form_dict = frappe._dict(args)
		rows = reportview.get()
		count_args = {k: v for k, v in args.items() if k in ("doctype", "filters")}
		frappe.local.form_dict = frappe._dict({**count_args, "distinct": "false"})
		return rows, reportview.get_count()

	frappe.set_user(user("agent"))
	for label, order in (
		("newest first", "`tabRE Complaint`.`received_at` desc"),
		("most urgent first", "`tabRE Complaint`.`resolution_due` asc"),
	):
		times, (_rows, total) = timed(lambda order=order: open_list(order), 9)
		figures(f"agent's queue, {label} ({total:,} open)", times)
	times, (_rows, total) = timed(
		lambda: open_list(
			"`tabRE Complaint`.`received_at` desc", [["RE Complaint", "resolution_status", "=", "Breached"]]
		),
		9,
	)
	figures(f"agent's queue, past due only ({total:,})", times)
	frappe.set_user(user("gm0"))
	times, (_rows, total) = timed(lambda: open_list("`tabRE Complaint`.`received_at` desc"), 9)
	figures(f"project GM's open complaints, permission query ({total:,})", times)
	frappe.set_user(user("engineer"))
	times, (_rows, total) = timed(lambda: open_list("`tabRE Complaint`.`received_at` desc"), 9)
	figures(f"engineer's assigned complaints, permission query ({total:,})", times)
	frappe.set_user("Administrator")


def reset_escalation() -> None:
	"""Put the open complaints back as generated, so that the first run has the whole backlog."""
	c = frappe.qb.DocType("RE Complaint")
	(
		frappe.qb.update(c)
		.set(c.response_escalation_level, 0)
		.set(c.resolution_escalation_level, 0)
		.set(c.response_warned, 0)
		.set(c.resolution_warned, 0)
		.set(c.response_status, "On Track")
		.set(c.resolution_status, "On Track")
		.where(c.name.like(f"{TAG}-%"))
		.where(c.status != "Closed")
		.run()
	)
	frappe.db.delete("Notification Log", {"for_user": ("like", "bench.%@recrm.bench"), "type": "Alert"})
	frappe.db.commit()


def measure_escalation() -> None:
	from recrm.service.escalation import escalate_complaints

	reset_escalation()
	for run in ("first run, the whole backlog", "second run, nothing new"):
		t = time.perf_counter()
		result = escalate_complaints()
		frappe.db.commit()
		seconds = time.perf_counter() - t
		print(
			f"  SLA escalation job, {run:<32} {seconds:7.2f} s   read {result['loaded']:,} complaints,"
			f" updated {result['updated']:,}, {result['notifications']} notifications"
		)


def measure_reports() -> None:
	from recrm.service.report.compensation_step_times.compensation_step_times import execute as step_times
	from recrm.service.report.complaint_backlog_by_age.complaint_backlog_by_age import execute as backlog
	from recrm.service.report.complaint_category_pareto.complaint_category_pareto import execute as pareto
	from recrm.service.report.complaint_resolution_rates.complaint_resolution_rates import execute as rates

	frappe.set_user(user("customer-service-manager"))
	steps = frappe.db.count("RE Compensation Step")
	times, _ = timed(lambda: step_times({}), 5)
	figures(f"step-time report over {steps:,} steps", times)
	times, _ = timed(lambda: step_times({"time_basis": "Working Time"}), 3)
	figures("step-time report, in working time", times)
	times, _ = timed(lambda: rates({}), 3)
	figures("same-month and 24-hour rates, all complaints by month", times)
	times, _ = timed(lambda: backlog({}), 3)
	figures("backlog by age", times)
	times, _ = timed(lambda: pareto({}), 3)
	figures("category Pareto", times)
	frappe.set_user("Administrator")


def drop() -> None:
	frappe.db.delete("RE Compensation Step", {"parent": ("like", "BCL-%")})
	frappe.db.delete("RE Compensation Claim", {"name": ("like", "BCL-%")})
	frappe.db.delete("RE Complaint", {"name": ("like", f"{TAG}-%")})
	frappe.db.delete("Notification Log", {"for_user": ("like", "bench.%@recrm.bench")})
	# and the fixtures, so that the site is as it was (it may be a test site)
	for name in frappe.get_all("RE Customer", filters={"full_name": "基准客户"}, pluck="name"):
		frappe.delete_doc("RE Customer", name, force=True, ignore_permissions=True)
	for name in PROJECTS:
		frappe.db.delete("User Permission", {"for_value": name})
		frappe.delete_doc("RE Project", name, force=True, ignore_permissions=True, ignore_missing=True)
	for name in frappe.get_all("User", filters={"name": ("like", "bench.%@recrm.bench")}, pluck="name"):
		if name.startswith(("bench.gm", "bench.agent", "bench.engineer")) or any(
			name == user(role[3:].lower().replace(" ", "-")) for role in FULL_CHAIN
		):
			frappe.delete_doc("User", name, force=True, ignore_permissions=True)
	frappe.db.commit()
	print("benchmark rows and fixtures deleted")


def main() -> None:
	parser = argparse.ArgumentParser(
		description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
	)
	parser.add_argument("--site", required=True)
	parser.add_argument("--complaints", type=int, default=200_000)
	parser.add_argument("--claims", type=int, default=20_000)
	parser.add_argument("--drop", action="store_true", help="delete the benchmark's rows afterwards")
	args = parser.parse_args()
	frappe.init(site=args.site)
	frappe.connect()
	try:
		setup_fixtures()
		if (
			existing("RE Complaint", TAG) < args.complaints
			or existing("RE Compensation Claim", "BCL") < args.claims
		):
			print(f"generating {args.complaints:,} complaints and {args.claims:,} claims …", flush=True)
			generate(args.complaints, args.claims)
		print(
			f"service desk: {frappe.db.count('RE Complaint'):,} complaints"
			f" ({frappe.db.count('RE Complaint', {'status': ('not in', ('Resolved', 'Closed'))}):,} open),"
			f" {frappe.db.count('RE Compensation Claim'):,} claims, {frappe.db.count('RE Compensation Step'):,} steps"
		)
		measure_escalation()
		measure_queue()
		measure_reports()
		if args.drop:
			drop()
	finally:
		frappe.destroy()


if __name__ == "__main__":
	main()
