"""The club's events in the database: registration, the waiting list and the door.

The rules are ``recrm.core.club_events``'; here they meet the rows:

- ``register(event, member, channel)``: the event's row is locked (``SELECT … FOR UPDATE``) and
  the seats counted again under the lock, so two registrations for the last seat wait for each
  other and the second joins the waiting list. One registration per member and event (a unique
  index on ``(event, member)``, ``on_doctype_update``); a cancelled one is reused.
- ``cancel(registration)``: under the same lock; a freed seat goes to the first waiting
  (``promote``), who is told on the portal's bell.
- ``check_in(event, code, user)``: the door. The code is the member number or the portal card's
  QR payload (the member number). Under the event's lock, a registered member is admitted by a
  conditional ``UPDATE … WHERE status <> 'Attended'`` (the database decides: a second check-in,
  also one arriving at the same moment, changes no row and is refused); a member who did not
  register (or is waiting, or cancelled) is admitted as a walk-in while seats are free and the
  event admits walk-ins. Attendance earns the event's points once per registration
  (``points.post`` with the cause ``event:<registration>:attended``).
"""

import frappe
from frappe import _
from frappe.utils import cint, format_datetime, get_datetime, now_datetime

from recrm.club import points
from recrm.core import club as point_rules
from recrm.core import club_events as rules
from recrm.errors import ClubRuleError, rule_errors
from recrm.notifications import alert

EVENT = "RE Club Event"
REGISTRATION = "RE Club Event Registration"
MEMBER = "RE Club Member"
TIER = "RE Club Tier"
# the units that make a member an owner of a project
OWNING = ("Owner", "Contracted")


def event_rules(row) -> rules.EventRules:
	return rules.EventRules(
		status=row.status,
		audience=row.audience or rules.ALL_MEMBERS,
		min_tier_order=cint(frappe.db.get_value(TIER, row.min_tier, "tier_order")) if row.min_tier else 0,
		project=row.project,
		opens=get_datetime(row.registration_opens) if row.registration_opens else None,
		closes=get_datetime(row.registration_closes) if row.registration_closes else None,
		ends=get_datetime(row.ends_at) if row.ends_at else None,
	)


def attendee(member: str, audience: str | None = None) -> rules.Attendee:
	row = frappe.db.get_value(MEMBER, member, ["status", "tier", "customer"], as_dict=True)
	if not row:
		frappe.throw(
			_("Club member {0} does not exist.").format(member), exc=ClubRuleError, title=_("Events")
		)
	projects = frozenset()
	if audience in (None, rules.PROJECT_OWNERS):
		from recrm.inventory.buyers import units_of

		projects = frozenset(u.project for u in units_of(row.customer) if u.relation in OWNING and u.project)
	return rules.Attendee(
		active=row.status == "Active",
		tier_order=cint(frappe.db.get_value(TIER, row.tier, "tier_order")) if row.tier else 0,
		projects=projects,
	)


FIELDS = (
	"name, title, status, audience, min_tier, project, capacity, admit_walk_ins, points,"
	" registration_opens, registration_closes, starts_at, ends_at"
)


def lock_event(event: str) -> frappe._dict:
	rows = frappe.db.sql(f"select {FIELDS} from `tab{EVENT}` where name = %s for update", event, as_dict=True)
	if not rows:
		frappe.throw(_("Event {0} does not exist.").format(event), exc=ClubRuleError, title=_("Events"))
	return rows[0]


def seated(event: str) -> int:
	return cint(
		frappe.db.sql(
			f"select count(*) from `tab{REGISTRATION}` where event = %s and status in %s",
			(event, rules.SEATED),
		)[0][0]
	)


def update_counts(event: str) -> None:
	frappe.db.sql(
		f"""update `tab{EVENT}` e set
		registered_count = (select count(*) from `tab{REGISTRATION}` r where r.event = e.name and r.status in ('Registered', 'Attended')),
		waiting_count = (select count(*) from `tab{REGISTRATION}` r where r.event = e.name and r.status = 'Waiting'),
		attended_count = (select count(*) from `tab{REGISTRATION}` r where r.event = e.name and r.status = 'Attended')
		where e.name = %s""",
		event,
	)


def registration_of(event: str, member: str, for_update: bool = False) -> frappe._dict | None:
	rows = frappe.db.sql(
		f"""select name, status, waiting_position, checked_in_at from `tab{REGISTRATION}`
		where event = %s and member = %s{" for update" if for_update else ""}""",
		(event, member),
		as_dict=True,
	)
	return rows[0] if rows else None


def register(event: str, member: str, channel: str = "Portal", now=None) -> dict:
	"""Register the member (see the module's docstring): ``{registration, status, position}``."""
	row = lock_event(event)
	ev = event_rules(row)
	with rule_errors(exc=ClubRuleError, title=_("Events")):
		rules.check_eligible(ev, attendee(member, ev.audience), get_datetime(now or now_datetime()))
	existing = registration_of(event, member, for_update=True)
	if existing and existing.status != rules.CANCELLED_REG:
		frappe.throw(
			_("You are already on the list of {0}.").format(row.title), exc=ClubRuleError, title=_("Events")
		)
	status = rules.placement(cint(row.capacity), seated(event))
	position = None
	if status == rules.WAITING:
		position = rules.next_position(
			frappe.db.sql_list(
				f"select waiting_position from `tab{REGISTRATION}` where event = %s and status = 'Waiting'",
				event,
			)
		)
	values = {
		"status": status,
		"waiting_position": position,
		"registered_at": now_datetime(),
		"channel": channel,
		"cancelled_at": None,
	}
	if existing:
		doc = frappe.get_doc(REGISTRATION, existing.name)
		doc.update(values)
		doc.flags.by_events = True
		doc.save(ignore_permissions=True)
	else:
		doc = frappe.get_doc({"doctype": REGISTRATION, "event": event, "member": member, **values})
		doc.flags.by_events = True
		doc.insert(ignore_permissions=True)
	update_counts(event)
	return {"registration": doc.name, "status": status, "position": position}


def cancel(registration: str, now=None) -> dict:
	"""Cancel a registered or waiting place; a freed seat goes to the first waiting."""
	event, member = frappe.db.get_value(REGISTRATION, registration, ["event", "member"]) or (None, None)
	if not event:
		frappe.throw(
			_("Registration {0} does not exist.").format(registration), exc=ClubRuleError, title=_("Events")
		)
	row = lock_event(event)
	with rule_errors(exc=ClubRuleError, title=_("Events")):
		rules.check_open(event_rules(row), get_datetime(now or now_datetime()))
	current = registration_of(event, member, for_update=True)
	if current.status not in (rules.REGISTERED, rules.WAITING):
		frappe.throw(
			_("Only a registered or waiting place can be cancelled; this one is {0}.").format(
				_(current.status)
			),
			exc=ClubRuleError,
			title=_("Events"),
		)
	frappe.db.sql(
		f"""update `tab{REGISTRATION}` set status = 'Cancelled', waiting_position = 0,
		cancelled_at = %s, modified = %s where name = %s""",
		(now_datetime(), now_datetime(), registration),
	)
	promoted = promote(row) if current.status == rules.REGISTERED else []
	update_counts(event)
	return {"registration": registration, "status": rules.CANCELLED_REG, "promoted": promoted}


def promote(row) -> list[str]:
	"""Give the free seats of the (locked) event to the first waiting; each is told."""
	waiting = frappe.db.sql(
		f"""select name, waiting_position, registered_at from `tab{REGISTRATION}`
		where event = %s and status = 'Waiting' for update""",
		row.name,
	)
	names = rules.promotions(cint(row.capacity), seated(row.name), waiting)
	for name in names:
		frappe.db.sql(
			f"""update `tab{REGISTRATION}` set status = 'Registered', waiting_position = 0,
			modified = %s where name = %s""",
			(now_datetime(), name),
		)
		tell_promoted(name, row)
	return names


def tell_promoted(registration: str, row) -> None:
	member = frappe.db.get_value(REGISTRATION, registration, "member")
	customer = frappe.db.get_value(MEMBER, member, "customer")
	user = frappe.db.get_value("RE Customer", customer, "portal_user")
	if not user:
		return
	alert(
		user,
		_("A seat is yours: {0}").format(row.title),
		_("A place came free at {0} ({1}): you are registered.").format(
			row.title, format_datetime(row.starts_at)
		),
		REGISTRATION,
		registration,
	)


def on_capacity_change(event: str) -> list[str]:
	"""More seats on the form: the first waiting move up."""
	row = lock_event(event)
	names = promote(row)
	update_counts(event)
	return names


# --- the door --------------------------------------------------------------------------------------


def member_by_code(code: str) -> frappe._dict:
	with rule_errors(exc=ClubRuleError, title=_("Check-in")):
		number = rules.member_code(code)
	rows = frappe.db.sql(
		f"select name, member_number, customer_name, tier, status from `tab{MEMBER}` where member_number = %s",
		number,
		as_dict=True,
	)
	if not rows:
		frappe.throw(
			_("No club member has the number {0}.").format(number), exc=ClubRuleError, title=_("Check-in")
		)
	return rows[0]


def check_in(event: str, code: str, user: str | None = None) -> dict:
	"""Admit the member of ``code`` at the door of ``event`` (see the module's docstring)."""
	user = user or frappe.session.user
	who = member_by_code(code)
	row = lock_event(event)
	if row.status != rules.PUBLISHED:
		frappe.throw(
			_("{0} is not open for check-in ({1}).").format(row.title, _(row.status)),
			exc=ClubRuleError,
			title=_("Check-in"),
		)
	if who.status != "Active":
		frappe.throw(
			_("{0} ({1}) has left the club.").format(who.customer_name, who.member_number),
			exc=ClubRuleError,
			title=_("Check-in"),
		)
	current = registration_of(event, who.name, for_update=True)
	decision = rules.check_in_decision(
		current.status if current else None, cint(row.capacity), seated(event), bool(row.admit_walk_ins)
	)
	if decision == rules.ALREADY:
		already(who, current.checked_in_at)
	if decision == rules.FULL:
		frappe.throw(
			_("{0} is full: {1} is not registered and cannot be admitted.").format(
				row.title, who.customer_name
			),
			exc=ClubRuleError,
			title=_("Check-in"),
		)
	if decision not in (rules.ADMIT, rules.WALK_IN):
		frappe.throw(
			_("{0} is not registered for {1}.").format(who.customer_name, row.title),
			exc=ClubRuleError,
			title=_("Check-in"),
		)
	if decision == rules.WALK_IN:
		with rule_errors(exc=ClubRuleError, title=_("Check-in")):
			rules.check_audience(event_rules(row), attendee(who.name, row.audience))
	now = now_datetime()
	if current:
		name = current.name
		frappe.db.sql(
			f"""update `tab{REGISTRATION}` set status = 'Attended', checked_in_at = %s, checked_in_by = %s,
			waiting_position = 0, channel = if(%s, 'Walk-in', channel), modified = %s
			where name = %s and status <> 'Attended'""",
			(now, user, decision == rules.WALK_IN, now, name),
		)
		if not frappe.db._cursor.rowcount:  # the database decided: checked in meanwhile
			already(who, frappe.db.get_value(REGISTRATION, name, "checked_in_at"))
	else:
		doc = frappe.get_doc(
			{
				"doctype": REGISTRATION,
				"event": event,
				"member": who.name,
				"status": rules.ATTENDED,
				"registered_at": now,
				"channel": "Walk-in",
				"checked_in_at": now,
				"checked_in_by": user,
			}
		)
		doc.flags.by_events = True
		doc.insert(ignore_permissions=True)
		name = doc.name
	earned = 0
	if cint(row.points) > 0:
		posted = points.post(
			who.name, point_rules.EARN, cint(row.points), f"event:{name}:attended", REGISTRATION, name
		)
		earned = cint(row.points) if posted["recorded"] else 0
	update_counts(event)
	return {
		"registration": name,
		"member": who.name,
		"member_number": who.member_number,
		"member_name": who.customer_name,
		"tier": _(who.tier) if who.tier else "",
		"walk_in": decision == rules.WALK_IN,
		"points": earned,
	}


def already(who, at) -> None:
	frappe.throw(
		_("{0} ({1}) has already checked in at {2}.").format(
			who.customer_name, who.member_number, format_datetime(at) if at else "—"
		),
		exc=ClubRuleError,
		title=_("Already Checked In"),
	)
