"""The club's points ledger (RE Points Entry): append-only, one entry per cause, never negative.

``post(member, kind, points, cause, …)`` is the one way an entry is written (the desk's adjust
entries go through the same controller). In one transaction it:

1. locks the member's row (``SELECT … FOR UPDATE``): two spends of one member arriving at once
   wait for each other, and the second sees the balance the first left;
2. refuses a cause already recorded (answering "already recorded", nothing written) — and the
   unique index on ``cause`` has the last word, should anything get past the check;
3. re-checks the balance for a spend (``recrm.core.club.check_spend``);
4. inserts the entry and adds its points to the member's stored ``points_balance``.

The balance is read in O(1): ``points_balance`` of the member's row. Entries are never edited or
deleted: a correction is an ``Adjust`` entry. Every night ``reconcile`` checks every stored
balance against the sum of its entries in one GROUP BY query and reports (never fixes) a
mismatch, and ``expire_points`` posts the expiries (``recrm.core.club.expiring``).
"""

from collections import defaultdict

import frappe
from frappe import _
from frappe.utils import add_days, cint, flt, getdate, now_datetime, nowdate

from recrm.core import club as rules
from recrm.core.roles import CLUB_MANAGER
from recrm.errors import ClubRuleError, rule_errors
from recrm.notifications import notify, users_with_role

ENTRY = "RE Points Entry"
MEMBER = "RE Club Member"
SETTINGS = "RE Club Settings"
ACTIVE = "Active"
# the nightly expiry looks back this far for earns that expired (a missed night is caught up)
EXPIRY_LOOKBACK_DAYS = 400
CHUNK = 2000


class AlreadyRecorded(Exception):
	pass


def settings():
	return frappe.get_cached_doc(SETTINGS)


def balance(member: str) -> int:
	"""The member's points: one read of an indexed row."""
	return cint(frappe.db.get_value(MEMBER, member, "points_balance"))


def post(
	member: str,
	kind: str,
	points: int,
	cause: str,
	reference_doctype: str | None = None,
	reference_name: str | None = None,
	posted_on=None,
	expires_on=None,
	note: str | None = None,
) -> dict:
	"""Post one entry (see the module's docstring). ``{"entry": name, "recorded": True}``, or
	``{"entry": the existing one, "recorded": False}`` when the cause was recorded before."""
	doc = frappe.get_doc(
		{
			"doctype": ENTRY,
			"member": member,
			"kind": kind,
			"points": points,
			"cause": cause,
			"reference_doctype": reference_doctype,
			"reference_name": reference_name,
			"posted_on": posted_on or nowdate(),
			"expires_on": expires_on,
			"note": note,
		}
	)
	doc.flags.posted_by_ledger = True
	try:
		doc.insert(ignore_permissions=True)
	except AlreadyRecorded:
		return {"entry": frappe.db.get_value(ENTRY, {"cause": cause}), "recorded": False}
	except (frappe.UniqueValidationError, frappe.DuplicateEntryError):
		# the index decided: another transaction recorded the cause between our check and insert
		return {"entry": frappe.db.get_value(ENTRY, {"cause": cause}), "recorded": False}
	return {"entry": doc.name, "recorded": True}


def lock_and_check(entry) -> None:
	"""Called by RE Points Entry before it is inserted: lock, cause, balance (steps 1–3)."""
	with rule_errors(exc=ClubRuleError, title=_("Points")):
		entry.points = rules.signed_points(entry.kind, cint(entry.points) if entry.points else 0)
	if not entry.flags.posted_by_ledger and entry.kind != rules.ADJUST:
		frappe.throw(
			_("Only adjust entries are made by hand; earns, spends and expiries are posted by the club."),
			exc=ClubRuleError,
			title=_("Points"),
		)
	if not entry.cause:
		entry.cause = f"adjust:{entry.member}:{frappe.generate_hash(length=12)}"
	row = frappe.db.sql(
		f"select points_balance, status from `tab{MEMBER}` where name = %s for update", entry.member
	)
	if not row:
		frappe.throw(_("Club member {0} does not exist.").format(entry.member), exc=ClubRuleError)
	stored, status = cint(row[0][0]), row[0][1]
	if frappe.db.exists(ENTRY, {"cause": entry.cause}):
		raise AlreadyRecorded(entry.cause)
	if status != ACTIVE and entry.kind in (rules.EARN, rules.SPEND):
		frappe.throw(
			_("{0} has left the club: no points are earned or spent.").format(entry.member),
			exc=ClubRuleError,
			title=_("Points"),
		)
	if entry.points < 0 and entry.kind != rules.EXPIRE:
		with rule_errors(exc=ClubRuleError, title=_("Points")):
			rules.check_spend(stored, -entry.points)
	entry.posted_on = entry.posted_on or nowdate()
	if entry.kind == rules.EARN and not entry.expires_on:
		entry.expires_on = rules.expiry_date(getdate(entry.posted_on), expiry_years())


def add_to_balance(entry) -> None:
	"""Called by RE Points Entry after its insert (step 4), in the same transaction."""
	frappe.db.sql(
		# ``modified`` stays: a member's form open on the desk is not made stale by the ledger (its
		# save keeps the stored balance whatever the form holds, RE Club Member.set_ledger_fields)
		f"update `tab{MEMBER}` set points_balance = points_balance + %s where name = %s",
		(entry.points, entry.member),
	)
	mirror_to_loyalty_program(entry)
	from recrm.club.tiers import update_tiers

	update_tiers([entry.member], "points")


def expiry_years() -> int:
	"""From RE Club Settings; two years while the settings were never saved."""
	stored = frappe.db.sql(
		"select value from `tabSingles` where doctype = %s and field = 'expiry_years'", SETTINGS
	)
	if not stored or stored[0][0] in (None, ""):
		return rules.DEFAULT_EXPIRY_YEARS
	return cint(stored[0][0])


def spend(member: str, points: int, cause: str, note: str | None = None, **reference) -> dict:
	"""Spend ``points`` (positive) of the member's; refused beyond the balance."""
	return post(member, rules.SPEND, points, cause, note=note, **reference)


@frappe.whitelist(methods=["POST"])
def adjust(member: str, points: int, note: str) -> dict:
	"""A correction by the club manager: an adjust entry, never an edit."""
	frappe.has_permission(ENTRY, "create", throw=True)
	if not (note or "").strip():
		frappe.throw(_("Say why the points are adjusted."), exc=ClubRuleError, title=_("Points"))
	return post(
		member, rules.ADJUST, cint(points), f"adjust:{member}:{frappe.generate_hash(length=12)}", note=note
	)


# --- ERPNext ---------------------------------------------------------------------------------------


def loyalty_mirroring_enabled() -> bool:
	if "erpnext" not in frappe.get_installed_apps():
		return False
	return bool(cint(frappe.db.get_single_value(SETTINGS, "mirror_loyalty_program")))


def mirror_to_loyalty_program(entry) -> bool:
	"""Post the entry to ERPNext's Loyalty Point Entry when ERPNext is installed and mirroring is
	on; without ERPNext it returns False at once."""
	if not loyalty_mirroring_enabled():
		return False
	program = frappe.db.get_single_value(SETTINGS, "loyalty_program")
	customer = frappe.db.get_value(MEMBER, entry.member, "customer")
	erp_customer = frappe.db.get_value("RE Customer", customer, "erpnext_customer")
	if not (program and erp_customer):
		return False
	frappe.get_doc(
		{
			"doctype": "Loyalty Point Entry",
			"loyalty_program": program,
			"customer": erp_customer,
			"loyalty_points": entry.points,
			"posting_date": entry.posted_on,
			"expiry_date": entry.expires_on,
		}
	).insert(ignore_permissions=True)
	return True


# --- earning rules ---------------------------------------------------------------------------------


def active_member_of(customer: str) -> str | None:
	return frappe.db.get_value(MEMBER, {"customer": customer, "status": ACTIVE})


def on_contract_submit(doc, method=None) -> None:
	"""A signed contract earns each buyer who is a member its points, once per contract."""
	per_10k = flt(settings().points_per_10k)
	points = rules.contract_points(doc.final_price, per_10k)
	for row in doc.get("buyers") or []:
		member = active_member_of(row.customer) if row.customer else None
		if member and points:
			post(member, rules.EARN, points, f"contract:{doc.name}:signed:{member}", "RE Contract", doc.name)
	update_tiers_of_customers([row.customer for row in doc.get("buyers") or [] if row.customer], "contract")


def on_contract_cancel(doc, method=None) -> None:
	"""A cancelled contract takes its points back with an adjust, at most what the member still has."""
	for entry in frappe.get_all(
		ENTRY,
		filters={"reference_doctype": "RE Contract", "reference_name": doc.name, "kind": rules.EARN},
		fields=["member", "points"],
	):
		back = min(entry.points, balance(entry.member))
		if back > 0:
			post(
				entry.member,
				rules.ADJUST,
				-back,
				f"contract:{doc.name}:cancelled:{entry.member}",
				"RE Contract",
				doc.name,
				note=_("Contract {0} cancelled").format(doc.name),
			)
	update_tiers_of_customers([row.customer for row in doc.get("buyers") or [] if row.customer], "contract")


def on_survey_update(doc, method=None) -> None:
	"""An answered satisfaction survey earns the member its points, once per survey."""
	if doc.status != "Answered" or not doc.customer:
		return
	points = cint(settings().points_survey)
	member = active_member_of(doc.customer)
	if member and points > 0:
		post(member, rules.EARN, points, f"survey:{doc.name}:{member}", "RE Satisfaction Survey", doc.name)


def award_birthdays(today=None) -> int:
	"""Nightly: members whose birthday is today earn the birthday points, once a year."""
	today = getdate(today or nowdate())
	points = cint(settings().points_birthday)
	if points <= 0:
		return 0
	names = frappe.db.sql_list(
		f"""select name from `tab{MEMBER}` where status = %s
		and month(birthday) = %s and day(birthday) = %s order by name""",
		(ACTIVE, today.month, today.day),
	)
	posted = 0
	for name in names:
		posted += post(name, rules.EARN, points, f"birthday:{today.year}:{name}", posted_on=today)["recorded"]
	return posted


def update_tiers_of_customers(customers, cause: str) -> None:
	from recrm.club.tiers import update_tiers

	names = frappe.get_all(MEMBER, filters={"customer": ("in", list(customers) or [""])}, pluck="name")
	if names:
		update_tiers(names, cause)


# --- nightly checks --------------------------------------------------------------------------------


def mismatched_balances() -> list[dict]:
	"""Members whose stored balance differs from the sum of their entries: one GROUP BY query."""
	return frappe.db.sql(
		f"""select m.name as member, m.points_balance as stored, coalesce(s.total, 0) as ledger
		from `tab{MEMBER}` m left join (
			select member, sum(points) as total from `tab{ENTRY}` group by member
		) s on s.member = m.name
		where m.points_balance != coalesce(s.total, 0)
		order by m.name""",
		as_dict=True,
	)


def reconcile() -> list[dict]:
	"""Nightly: report every balance that is not the sum of its entries (log and the club manager's
	bell); nothing is fixed — someone must find out why."""
	found = mismatched_balances()
	if not found:
		return found
	lines = "\n".join(f"{row.member}: {row.stored} ≠ {row.ledger}" for row in found[:200])
	frappe.log_error(title=_("Club points out of balance"), message=lines)
	subject = _("{0} club members' points balances differ from their ledger").format(len(found))
	notify(users_with_role(CLUB_MANAGER), subject, lines, MEMBER, found[0].member)
	return found


def expire_points(today=None) -> int:
	"""Nightly: post the expiry of points past their date (``recrm.core.club.expiring``), one entry
	per member and expiry date (cause ``expire:<member>:<date>``), in chunks of members, each
	chunk locked, posted in bulk and committed."""
	today = getdate(today or nowdate())
	members = frappe.db.sql_list(
		f"""select distinct member from `tab{ENTRY}`
		where kind = 'Earn' and expires_on < %s and expires_on >= %s order by member""",
		(today, add_days(today, -EXPIRY_LOOKBACK_DAYS)),
	)
	posted = 0
	for start in range(0, len(members), CHUNK):
		posted += expire_chunk(members[start : start + CHUNK], today)
		frappe.db.commit()
	return posted


def expire_chunk(members: list[str], today) -> int:
	frappe.db.sql(f"select name from `tab{MEMBER}` where name in %s for update", (tuple(members),))
	entries = frappe.db.sql(
		f"""select member, points, expires_on from `tab{ENTRY}` where member in %s
		order by member, posted_on, creation""",
		(tuple(members),),
	)
	by_member: dict[str, list] = defaultdict(list)
	for member, points, expires_on in entries:
		by_member[member].append(rules.Entry(int(points), expires_on))
	now = now_datetime()
	rows, totals = [], {}
	for member, ledger in by_member.items():
		for expires_on, points in sorted(rules.expiring(ledger, today).items()):
			rows.append(
				(
					frappe.generate_hash(length=10),
					now,
					now,
					"Administrator",
					"Administrator",
					member,
					rules.EXPIRE,
					-points,
					today,
					f"expire:{member}:{expires_on}",
				)
			)
			totals[member] = totals.get(member, 0) - points
	if not rows:
		return 0
	frappe.db.bulk_insert(
		ENTRY,
		[
			"name",
			"creation",
			"modified",
			"owner",
			"modified_by",
			"member",
			"kind",
			"points",
			"posted_on",
			"cause",
		],
		rows,
	)
	changed = sorted(totals.items())
	for start in range(0, len(changed), 1000):
		batch = changed[start : start + 1000]
		cases = " ".join(["when %s then %s"] * len(batch))
		frappe.db.sql(
			f"update `tab{MEMBER}` set points_balance = points_balance + case name {cases} end"
			" where name in %s",
			(*[v for pair in batch for v in pair], tuple(name for name, _total in batch)),
		)
	return len(rows)
