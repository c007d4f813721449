"""Club tiers in the database: each member's tier from their facts (``recrm.core.club.tier_for``).

The facts: the points balance (stored on the member), the units they own (distinct units of their
active, signed contracts) and the full years since they joined. ``update_tiers(members, cause)``
runs when a fact changes (a points entry, a contract signed or cancelled, joining); the nightly
``update_all_tiers`` runs over every active member in chunks (anniversaries, new tier rules), one
read of the facts per chunk, writing only the members whose tier changed, each with a row in
their tier history (``RE Club Tier Change``).
"""

import frappe
from frappe.utils import getdate, now_datetime, nowdate

from recrm.core import club as rules

MEMBER = "RE Club Member"
TIER = "RE Club Tier"
CHUNK = 5000


def tier_rules() -> list[rules.Tier]:
	return [
		rules.Tier(t.name, t.tier_order or 0, t.min_points or 0, t.min_units or 0, t.min_years or 0)
		for t in frappe.get_all(TIER, fields=["name", "tier_order", "min_points", "min_units", "min_years"])
	]


def units_owned(customers: list[str]) -> dict[str, int]:
	"""Units of each customer's active (submitted, not cancelled) contracts: one GROUP BY query."""
	if not customers:
		return {}
	return dict(
		frappe.db.sql(
			"""select b.customer, count(distinct c.unit) from `tabRE Contract Buyer` b
			join `tabRE Contract` c on c.name = b.parent
			where b.parenttype = 'RE Contract' and c.docstatus = 1 and c.status != 'Cancelled'
			and b.customer in %s group by b.customer""",
			(tuple(customers),),
		)
	)


def update_tiers(members: list[str], cause: str, today=None, tiers=None) -> int:
	"""Give these members the tier their facts say; returns how many changed."""
	today = getdate(today or nowdate())
	tiers = tier_rules() if tiers is None else tiers
	if not members or not tiers:
		return 0
	rows = frappe.db.sql(
		f"""select name, customer, points_balance, joined_on, tier from `tab{MEMBER}`
		where name in %s and status = 'Active'""",
		(tuple(members),),
		as_dict=True,
	)
	units = units_owned([row.customer for row in rows])
	changes = []
	for row in rows:
		facts = rules.MemberFacts(
			points=int(row.points_balance or 0),
			units=int(units.get(row.customer, 0)),
			years=rules.full_years(getdate(row.joined_on) if row.joined_on else None, today),
		)
		tier = rules.tier_for(tiers, facts)
		if tier != (row.tier or None):
			changes.append((row.name, row.tier, tier))
	write_changes(changes, cause, today)
	return len(changes)


def write_changes(changes: list[tuple], cause: str, today) -> None:
	if not changes:
		return
	now = now_datetime()
	last_idx = dict(
		frappe.db.sql(
			"select parent, max(idx) from `tabRE Club Tier Change` where parent in %s group by parent",
			(tuple(name for name, _old, _new in changes),),
		)
	)
	for start in range(0, len(changes), 1000):
		batch = changes[start : start + 1000]
		cases = " ".join(["when %s then %s"] * len(batch))
		values = [v for name, _old, new in batch for v in (name, new)]
		frappe.db.sql(
			f"update `tab{MEMBER}` set tier = case name {cases} end, tier_since = %s where name in %s",
			(*values, today, tuple(name for name, _old, _new in batch)),
		)
	frappe.db.bulk_insert(
		"RE Club Tier Change",
		[
			"name",
			"creation",
			"modified",
			"owner",
			"modified_by",
			"parent",
			"parenttype",
			"parentfield",
			"idx",
			"changed_on",
			"from_tier",
			"to_tier",
			"cause",
		],
		[
			(
				frappe.generate_hash(length=10),
				now,
				now,
				"Administrator",
				"Administrator",
				name,
				MEMBER,
				"tier_log",
				(last_idx.get(name) or 0) + 1,
				today,
				old,
				new,
				cause,
			)
			for name, old, new in changes
		],
	)


def update_all_tiers(today=None) -> int:
	"""Nightly: every active member's tier, in chunks by name, each committed."""
	tiers = tier_rules()
	changed, last = 0, ""
	while True:
		names = frappe.db.sql_list(
			f"select name from `tab{MEMBER}` where status = 'Active' and name > %s order by name limit %s",
			(last, CHUNK),
		)
		if not names:
			return changed
		changed += update_tiers(names, "nightly", today, tiers)
		frappe.db.commit()
		last = names[-1]
