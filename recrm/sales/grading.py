"""Value grading (价值分级) and segments on RE Customer.

The rules are ``recrm.core.grading``'s, configured in RE Sales Settings. This module gathers each
customer's facts and stores the results in the read-only fields of the customer's "Value and
Segment" section: ``value_grade``, ``value_score``, ``historical_points``, ``current_points``,
``potential_points``, ``life_stage``, ``affordability``, ``segment`` and ``graded_on`` (when these
last changed). Nothing else writes them: a customer's save keeps what the grader stored.

**Facts**, gathered for a chunk of customers at once — one GROUP BY query per fact, never one per
customer:

- historical value (signed contracts) and current value (open reservations): summed from the
  DocTypes named in ``VALUE_SOURCES`` once they exist — a source whose table or columns do not exist
  counts 0 — and from the functions registered under the ``recrm_value_facts`` hook;
- referrals made: the customers whose ``Referred By`` is this customer;
- upgrade signals: ``recrm.core.grading.upgrade_signals`` on the customer's profile (purpose,
  family, a buyer back in touch);
- interactions in the last 90 days;
- club membership: not recorded yet (never a member) until the club registers a hook.

**Hook point.** In any app's ``hooks.py``::

        recrm_value_facts = ["myapp.grading.value_facts"]

``value_facts(customers: list[str]) -> dict[str, dict]`` answers for a list of customer names
(set-based: one query per fact for the whole list) with, per customer it knows, any of
``historical_value``, ``current_value``, ``referrals_made``, ``upgrade_signals``,
``interactions_90d`` (added to what recrm found) and ``is_club_member`` (or-ed).

**When.**

- An RE Interaction inserted, moved to another customer or deleted, a customer created, deleted or
  saved with a graded input changed (``GRADED_INPUTS``): that customer, and the customer who
  referred them, are graded by a background job after the commit, one job per customer
  (deduplicated while queued). Customers created by a Data Import are graded together by one job
  (``grade_ungraded``) rather than one job per row. In tests the jobs run at once.
- RE Sales Settings saved with other rules: everyone, on the long queue (deduplicated).
- Nightly: ``grade_everyone``, in chunks of ``CHUNK_SIZE`` customers by name, each chunk read with
  plain (non-locking) reads, its changed rows written with one UPDATE per ``WRITE_BATCH`` rows and
  committed, so it never holds locks that block the desk for longer than one chunk's write.
"""

import time
from collections import defaultdict
from dataclasses import dataclass

import frappe
from frappe import _
from frappe.query_builder.functions import Count, Sum
from frappe.utils import add_days, create_batch, flt, now_datetime

from recrm.core import RuleError
from recrm.core import lifecycle as stage_rules
from recrm.core.grading import (
	DEFAULT_RULES,
	GradingRules,
	Profile,
	ValueFacts,
	grade,
	segment_of_profile,
	upgrade_signals,
)
from recrm.jobs import enqueue_job

CHUNK_SIZE = 2000
WRITE_BATCH = 500
RECENT_DAYS = 90

# settings field → GradingRules field (the three thresholds make one tuple)
RULE_FIELDS = (
	"weight_historical",
	"weight_current",
	"weight_potential",
	"historical_full",
	"current_full",
	"points_per_referral",
	"points_per_upgrade_signal",
	"points_per_recent_interaction",
	"points_for_club_member",
	"threshold_a",
	"threshold_b",
	"threshold_c",
)
THRESHOLD_FIELDS = ("threshold_a", "threshold_b", "threshold_c")

# what the grader writes; graded_on is written with them when any of them changes
GRADED_FIELDS = (
	"value_grade",
	"value_score",
	"historical_points",
	"current_points",
	"potential_points",
	"life_stage",
	"affordability",
	"segment",
)
NUMERIC_GRADED_FIELDS = frozenset({"value_score", "historical_points", "current_points", "potential_points"})
# the customer's own fields their grade and segment depend on (Referred By counts for the referrer)
PROFILE_FIELDS = ("age_band", "family_structure", "income_band", "budget", "purpose", "lifecycle_stage")
GRADED_INPUTS = PROFILE_FIELDS
CUSTOMER_FIELDS = ("name", *PROFILE_FIELDS, *GRADED_FIELDS)

# stages at which the customer has bought a home from the company
BUYER_STAGES = frozenset(stage_rules.STAGES[stage_rules.stage_rank(stage_rules.CONTRACTED) :])
ADDED_FACTS = ("historical_value", "current_value", "referrals_made", "upgrade_signals", "interactions_90d")


@dataclass(frozen=True)
class ValueSource:
	"""A DocType whose amounts make a value fact: ``sum(amount_field)`` per ``customer_field``."""

	fact: str  # historical_value or current_value
	doctype: str
	customer_field: str
	amount_field: str
	filters: tuple = ()  # (field, value) pairs, each an equality

	def columns(self) -> set[str]:
		return {self.customer_field, self.amount_field, *(field for field, _value in self.filters)}


# Submitted reservations still active: a reservation turned into a contract counts once, there.
# A source whose table or columns do not exist counts 0.
VALUE_SOURCES = (
	ValueSource(
		"current_value",
		"RE Reservation",
		"customer",
		"agreed_price",
		(("docstatus", 1), ("status", "Active")),
	),
)
# Signed contracts count for each buyer by their ownership share; cancelled ones (docstatus 2) do not.
CONTRACT_STATUSES = ("Signed", "Paid Up")


# ---- rules ---------------------------------------------------------------------------------------


def rules_from(settings) -> GradingRules:
	"""The GradingRules of an RE Sales Settings document (RuleError when they are not valid); a field
	never saved takes the core's default."""

	def value(fieldname, default):
		current = settings.get(fieldname)
		return default if current is None else current

	defaults = dict(zip(THRESHOLD_FIELDS, DEFAULT_RULES.thresholds, strict=True))
	return GradingRules(
		**{
			fieldname: value(fieldname, getattr(DEFAULT_RULES, fieldname))
			for fieldname in RULE_FIELDS
			if fieldname not in THRESHOLD_FIELDS
		},
		thresholds=tuple(value(fieldname, defaults[fieldname]) for fieldname in THRESHOLD_FIELDS),
	)


def grading_rules() -> GradingRules:
	return rules_from(frappe.get_cached_doc("RE Sales Settings"))


# ---- facts ---------------------------------------------------------------------------------------


def gather_facts(customers: list[str]) -> dict[str, dict]:
	"""The value facts of a list of customers, one query per fact: {customer: {fact: value}}."""
	facts: dict[str, dict] = defaultdict(dict)
	if not customers:
		return facts
	found = [
		("interactions_90d", recent_interactions(customers)),
		("referrals_made", referrals_made(customers)),
	]
	found += [(source.fact, source_values(source, customers)) for source in VALUE_SOURCES]
	found.append(("historical_value", contract_values(customers)))
	for fact, values in found:
		for customer, value in values.items():
			facts[customer][fact] = facts[customer].get(fact, 0) + value
	for method in value_fact_hooks():
		for customer, extra in (frappe.get_attr(method)(customers) or {}).items():
			merge_facts(facts[customer], extra)
	return facts


def merge_facts(facts: dict, extra: dict) -> None:
	for fact, value in extra.items():
		if fact == "is_club_member":
			facts[fact] = bool(facts.get(fact)) or bool(value)
		elif fact in ADDED_FACTS:
			facts[fact] = facts.get(fact, 0) + (value or 0)


def value_fact_hooks() -> list[str]:
	return frappe.get_hooks("recrm_value_facts") or []


def recent_interactions(customers: list[str], days: int = RECENT_DAYS) -> dict[str, int]:
	interaction = frappe.qb.DocType("RE Interaction")
	rows = (
		frappe.qb.from_(interaction)
		.select(interaction.customer, Count("*"))
		.where(interaction.customer.isin(customers))
		.where(interaction.interaction_time >= add_days(now_datetime(), -days))
		.groupby(interaction.customer)
	).run()
	return dict(rows)


def referrals_made(customers: list[str]) -> dict[str, int]:
	customer = frappe.qb.DocType("RE Customer")
	rows = (
		frappe.qb.from_(customer)
		.select(customer.referred_by, Count("*"))
		.where(customer.referred_by.isin(customers))
		.groupby(customer.referred_by)
	).run()
	return dict(rows)


def contract_values(customers: list[str]) -> dict[str, float]:
	"""Each buyer's share of the final price of their signed contracts."""
	if not frappe.db.table_exists("RE Contract Buyer"):
		return {}
	contract = frappe.qb.DocType("RE Contract")
	buyer = frappe.qb.DocType("RE Contract Buyer")
	rows = (
		frappe.qb.from_(buyer)
		.join(contract)
		.on(contract.name == buyer.parent)
		.select(buyer.customer, Sum(contract.final_price * buyer.share / 100))
		.where(buyer.parenttype == "RE Contract")
		.where(buyer.customer.isin(customers))
		.where(contract.docstatus == 1)
		.where(contract.status.isin(CONTRACT_STATUSES))
		.groupby(buyer.customer)
	).run()
	return {customer: flt(total) for customer, total in rows}


def source_available(source: ValueSource) -> bool:
	if not frappe.db.table_exists(source.doctype):
		return False
	missing = [column for column in source.columns() if not frappe.db.has_column(source.doctype, column)]
	if missing:
		frappe.logger("recrm.grading").warning(
			f"{source.doctype} has no column {', '.join(sorted(missing))}: its {source.fact} counts 0; "
			"adjust recrm.sales.grading.VALUE_SOURCES"
		)
		return False
	return True


def source_values(source: ValueSource, customers: list[str]) -> dict[str, float]:
	if not source_available(source):
		return {}
	table = frappe.qb.DocType(source.doctype)
	query = (
		frappe.qb.from_(table)
		.select(table[source.customer_field], Sum(table[source.amount_field]))
		.where(table[source.customer_field].isin(customers))
		.groupby(table[source.customer_field])
	)
	for field, value in source.filters:
		query = query.where(table[field] == value)
	return {customer: flt(total) for customer, total in query.run()}


# ---- grading -------------------------------------------------------------------------------------


def profile_of(row) -> Profile:
	return Profile(
		age_band=row.get("age_band"),
		family_structure=row.get("family_structure"),
		income_band=row.get("income_band"),
		budget=flt(row.get("budget")),
		purpose=row.get("purpose"),
		owns_home=row.get("lifecycle_stage") in BUYER_STAGES,
	)


def graded_values(row, facts: dict, rules: GradingRules) -> dict:
	"""What the grader stores for one customer row (a dict of CUSTOMER_FIELDS) and its facts."""
	profile = profile_of(row)
	recent = facts.get("interactions_90d", 0)
	result = grade(
		ValueFacts(
			historical_value=flt(facts.get("historical_value")),
			current_value=flt(facts.get("current_value")),
			referrals_made=facts.get("referrals_made", 0),
			upgrade_signals=upgrade_signals(profile, recent) + facts.get("upgrade_signals", 0),
			interactions_90d=recent,
			is_club_member=bool(facts.get("is_club_member")),
		),
		rules,
	)
	cell = segment_of_profile(profile)
	return {
		"value_grade": result.grade,
		"value_score": result.score,
		"historical_points": result.parts["historical"],
		"current_points": result.parts["current"],
		"potential_points": result.parts["potential"],
		"life_stage": cell.life_stage,
		"affordability": cell.affordability,
		"segment": cell.label,
	}


def has_changed(row, values: dict) -> bool:
	# plain float arithmetic: flt(x, 2) reads the system settings on every call, a million times a night
	for field, value in values.items():
		stored = row.get(field)
		if field in NUMERIC_GRADED_FIELDS:
			if stored is None or abs(float(stored) - float(value)) >= 0.005:
				return True
		elif (stored or "") != value:
			return True
	return False


def grade_rows(rows: list, rules: GradingRules) -> int:
	"""Grade a chunk of customer rows; write the rows whose values changed. Returns how many did."""
	facts = gather_facts([row["name"] for row in rows])
	changed = []
	for row in rows:
		try:
			values = graded_values(row, facts.get(row["name"], {}), rules)
		except RuleError as error:
			# one customer with impossible figures must not stop everyone else's grading
			frappe.logger("recrm.grading").warning(f"{row['name']} not graded: {error}")
			continue
		if has_changed(row, values):
			changed.append({"name": row["name"], **values})
	write_graded_values(changed, now_datetime())
	return len(changed)


def write_graded_values(changed: list[dict], graded_on) -> None:
	"""One UPDATE … JOIN per WRITE_BATCH rows. The SQL text is built from the constant field names
	above only; every value is a query parameter. ``modified`` is left alone: a grade is no edit, and
	an advisor with the form open must not be told the customer changed under them."""
	columns = ("name", *GRADED_FIELDS)
	first = "select " + ", ".join(f"%s as `{column}`" for column in columns)
	other = "select " + ", ".join(["%s"] * len(columns))
	assignments = ", ".join(f"c.`{field}` = v.`{field}`" for field in GRADED_FIELDS)
	for batch in create_batch(changed, WRITE_BATCH):
		rows = " union all ".join([first] + [other] * (len(batch) - 1))
		values = [row[column] for row in batch for column in columns]
		frappe.db.sql(
			f"update `tabRE Customer` c join ({rows}) v on c.name = v.name"
			f" set {assignments}, c.graded_on = %s",
			(*values, graded_on),
		)


def customer_rows(filters: dict, order_by: str | None = None, limit: int | None = None) -> list:
	return frappe.get_all(
		"RE Customer", filters=filters, fields=list(CUSTOMER_FIELDS), order_by=order_by, limit=limit
	)


def grade_customers(customers: list[str]) -> int:
	"""Grade the named customers now; the background job behind every change of their facts."""
	names = sorted({name for name in customers or [] if name})
	if not names:
		return 0
	return grade_rows(customer_rows({"name": ("in", names)}), grading_rules())


def grade_everyone(chunk_size: int = CHUNK_SIZE, commit: bool = True) -> dict:
	"""Nightly, and after the rules change: every customer, ``chunk_size`` at a time by name, one
	commit per chunk. Returns the counts and the seconds it took."""
	logger = frappe.logger("recrm.grading")
	rules = grading_rules()
	started = time.monotonic()
	total = frappe.db.count("RE Customer")
	done = changed = 0
	last = ""
	while True:
		rows = customer_rows({"name": (">", last)}, order_by="name asc", limit=chunk_size)
		if not rows:
			break
		changed += grade_rows(rows, rules)
		done += len(rows)
		last = rows[-1]["name"]
		if commit:
			frappe.db.commit()
		logger.info(f"graded {done} of about {total} customers, {changed} changed")
		frappe.publish_progress(
			min(done * 100 / max(total, 1), 100),
			title=_("Grading customers"),
			description=_("{0} of {1} customers graded").format(done, total),
		)
	seconds = round(time.monotonic() - started, 1)
	logger.info(f"graded {done} customers in {seconds} s, {changed} changed")
	return {"customers": done, "changed": changed, "seconds": seconds}


def grade_ungraded(chunk_size: int = CHUNK_SIZE) -> int:
	"""Grade the customers never graded yet (an import's new rows), a chunk at a time."""
	rules = grading_rules()
	graded = 0
	last = ""
	while rows := customer_rows(
		{"value_grade": ("is", "not set"), "name": (">", last)}, order_by="name asc", limit=chunk_size
	):
		graded += grade_rows(rows, rules)
		last = rows[-1]["name"]
	return graded


# ---- when facts change ---------------------------------------------------------------------------


def queue_grading(customers) -> None:
	"""Grade these customers in the background after the commit, one deduplicated job each."""
	names = {name for name in customers if name}
	if not frappe.flags.in_test:
		queued = queued_in_this_transaction()
		names -= queued
		queued |= names
	for name in sorted(names):
		enqueue_job(
			"recrm.sales.grading.grade_customers",
			queue="short",
			job_id=f"recrm-grade-customer::{name}",
			deduplicate=True,
			enqueue_after_commit=True,
			customers=[name],
		)


def queue_grade_ungraded() -> None:
	enqueue_job(
		"recrm.sales.grading.grade_ungraded",
		queue="short",
		job_id="recrm-grade-ungraded",
		deduplicate=True,
		enqueue_after_commit=True,
	)


def queue_grade_everyone() -> None:
	enqueue_job(
		"recrm.sales.grading.grade_everyone",
		queue="long",
		timeout=3600,
		job_id="recrm-grade-everyone",
		deduplicate=True,
		enqueue_after_commit=True,
		# a test must be able to roll back what the job wrote
		commit=not frappe.flags.in_test,
	)


def queued_in_this_transaction() -> set:
	"""Customers already queued in the current transaction: a customer saved and an interaction
	logged in one request make one job. Forgotten at commit and at rollback."""
	if frappe.flags.recrm_grading_queued is None:
		frappe.flags.recrm_grading_queued = set()
		frappe.db.after_commit.add(forget_queued)
		frappe.db.after_rollback.add(forget_queued)
	return frappe.flags.recrm_grading_queued


def forget_queued() -> None:
	frappe.flags.recrm_grading_queued = None


# doc_events (hooks.py)


def on_interaction_update(doc, method=None) -> None:
	before = doc.get_doc_before_save()
	if doc.flags.in_insert or before is None:
		queue_grading([doc.customer])
	elif doc.has_value_changed("customer") or doc.has_value_changed("interaction_time"):
		queue_grading([doc.customer, before.customer])


def on_interaction_delete(doc, method=None) -> None:
	queue_grading([doc.customer])


def on_customer_update(doc, method=None) -> None:
	before = doc.get_doc_before_save()
	if doc.flags.in_insert or before is None:
		# an import or the demo makes customers by the thousand: one job grades whoever is ungraded
		if frappe.flags.in_import or frappe.flags.recrm_bulk_customers:
			queue_grade_ungraded()
			queue_grading([doc.referred_by])
		else:
			queue_grading([doc.name, doc.referred_by])
		return
	if any(doc.has_value_changed(field) for field in GRADED_INPUTS):
		queue_grading([doc.name])
	if doc.has_value_changed("referred_by"):
		queue_grading([doc.referred_by, before.referred_by])


def on_customer_delete(doc, method=None) -> None:
	queue_grading([doc.referred_by])
