"""Care after move-in (recrm/core/care.py has the rules): the customer manager of each owner, the
four-year revisit (四年之约), birthday and anniversary reminders as assigned tasks.

A submitted key handover gives each buyer a customer manager (round robin among the users with
RE Club Settings' role, fewest owners first; an existing one is kept) and schedules one revisit
per unit and owner (``unit_customer`` is unique: the database refuses a second). The daily job
(``run_daily``) catches up owners handed over without one, assigns the visit task when a revisit
comes due, marks long-overdue ones Missed, and creates the reminders: one RE Care Reminder per
owner, occasion and year (``reminder_key`` is unique), each with a ToDo for the customer manager.
"""

import frappe
from frappe import _
from frappe.desk.form.assign_to import add as assign
from frappe.utils import add_days, cint, getdate, nowdate

from recrm.core import care as rules
from recrm.core.roles import CS_AGENT
from recrm.jobs import enqueue_job
from recrm.notifications import users_with_role

REVISIT = "RE Owner Revisit"
REMINDER = "RE Care Reminder"
SETTINGS = "RE Club Settings"
MEMBER = "RE Club Member"


def care_settings() -> dict:
	s = frappe.get_cached_doc(SETTINGS)
	return {
		"reminder_days_ahead": cint(
			s.get("reminder_days_ahead") if s.get("reminder_days_ahead") is not None else 3
		),
		"revisit_task_days": cint(
			s.get("revisit_task_days") if s.get("revisit_task_days") is not None else 30
		),
		"role": s.get("customer_manager_role") or CS_AGENT,
	}


# the customer manager (客户经理)
def manager_for(customer: str) -> str | None:
	"""The customer's manager: the one already set, else the next of the round robin (set now)."""
	current = frappe.db.get_value("RE Customer", customer, "customer_manager", for_update=True)
	if current:
		return current
	users = users_with_role(care_settings()["role"])
	if not users:
		return None
	counts = dict(
		frappe.db.sql(
			"""select customer_manager, count(*) from `tabRE Customer`
			where customer_manager in %s group by customer_manager""",
			(users,),
		)
	)
	user = rules.round_robin(users, counts)
	frappe.db.set_value("RE Customer", customer, "customer_manager", user, update_modified=False)
	return user


# the four-year revisit
def on_key_handover_submit(doc, method=None) -> None:
	for customer in doc.buyers():
		manager_for(customer)
		schedule_revisit(customer, doc.unit, doc.handover_date, key_handover=doc.name)


def on_key_handover_cancel(doc, method=None) -> None:
	"""Keys taken back: the revisits still scheduled for them go (visited ones stay as history)."""
	for name in frappe.get_all(REVISIT, {"key_handover": doc.name, "status": rules.SCHEDULED}, pluck="name"):
		frappe.delete_doc(REVISIT, name, ignore_permissions=True, force=True)


def schedule_revisit(customer: str, unit: str, handover_date, key_handover: str | None = None) -> str | None:
	"""The owner's revisit of ``unit`` (made once; the existing one's name when there is one)."""
	key = f"{unit}:{customer}"
	existing = frappe.db.get_value(REVISIT, {"unit_customer": key})
	if existing:
		return existing
	doc = frappe.get_doc(
		{
			"doctype": REVISIT,
			"customer": customer,
			"unit": unit,
			"handover_date": handover_date,
			"key_handover": key_handover,
			"assigned_to": frappe.db.get_value("RE Customer", customer, "customer_manager"),
		}
	)
	try:
		doc.insert(ignore_permissions=True)
	except frappe.UniqueValidationError:
		return frappe.db.get_value(REVISIT, {"unit_customer": key})
	return doc.name


def owners_without_revisit(limit: int = 5000) -> list[tuple]:
	"""(customer, unit, handover date, key handover) of the owners without a revisit: the buyers of
	a submitted key handover, and the customer of a completed handover appointment with its keys'
	date (homes handed over before key handovers were recorded, as ``handover_date_of`` reads them)."""
	return frappe.db.sql(
		"""select customer, unit, handed_over_on, key_handover from (
			select cb.customer, u.name as unit, u.handed_over_on, kh.name as key_handover
			from `tabRE Unit` u
			join `tabRE Key Handover` kh on kh.unit = u.name and kh.docstatus = 1
			join `tabRE Contract Buyer` cb on cb.parent = kh.contract and cb.parenttype = 'RE Contract'
			where u.handed_over_on is not null
			union
			select a.customer, a.unit, a.keys_handed_over_on, null
			from `tabRE Handover Appointment` a
			where a.keys_handed_over_on is not null and a.status = 'Completed'
			and not exists (select 1 from `tabRE Key Handover` k where k.unit = a.unit and k.docstatus = 1)
		) o
		where not exists (
			select 1 from `tabRE Owner Revisit` r where r.unit_customer = concat(o.unit, ':', o.customer)
		)
		order by unit, customer limit %s""",
		(limit,),
	)


def catch_up_revisits() -> int:
	made = 0
	for customer, unit, handed_over_on, key_handover in owners_without_revisit():
		manager_for(customer)
		if schedule_revisit(customer, unit, handed_over_on, key_handover):
			made += 1
	return made


def assign_due_tasks(today=None) -> int:
	"""Revisits coming due get their visit task, once (the revisit's row is locked and re-read)."""
	today = getdate(today or nowdate())
	days = care_settings()["revisit_task_days"]
	names = frappe.get_all(
		REVISIT,
		filters={
			"status": rules.SCHEDULED,
			"task": ("is", "not set"),
			"due_date": ("<=", add_days(today, days)),
		},
		pluck="name",
		order_by="due_date",
	)
	made = 0
	for name in names:
		row = frappe.db.get_value(
			REVISIT, name, ["task", "assigned_to", "customer", "due_date"], as_dict=True, for_update=True
		)
		if row.task or not row.assigned_to:
			continue
		todo = add_task(
			row.assigned_to,
			REVISIT,
			name,
			_("Four-year revisit of {0}, due {1}").format(
				frappe.db.get_value("RE Customer", row.customer, "full_name") or row.customer,
				frappe.utils.formatdate(row.due_date),
			),
			row.due_date,
		)
		frappe.db.set_value(REVISIT, name, "task", todo, update_modified=False)
		made += 1
	return made


def mark_missed(today=None) -> int:
	today = getdate(today or nowdate())
	names = [
		r.name
		for r in frappe.get_all(
			REVISIT, {"status": rules.SCHEDULED, "due_date": ("<", today)}, ["name", "due_date"]
		)
		if rules.revisit_status_after(rules.SCHEDULED, getdate(r.due_date), today) == rules.MISSED
	]
	for name in names:
		frappe.db.set_value(REVISIT, name, "status", rules.MISSED)
	return len(names)


def add_task(user: str, doctype: str, name: str, description: str, date) -> str | None:
	"""A ToDo for ``user`` on the record (Frappe's assignment); the ToDo's name."""
	assign(
		{"assign_to": [user], "doctype": doctype, "name": name, "description": description, "date": date},
		ignore_permissions=True,
	)
	return frappe.db.get_value(
		"ToDo",
		{"reference_type": doctype, "reference_name": name, "allocated_to": user, "status": "Open"},
		"name",
		order_by="creation desc",
	)


def send_revisit_survey(doc) -> str | None:
	"""On a visit: one satisfaction survey (the survey machinery e-mails it after the commit)."""
	if doc.survey:
		return doc.survey
	survey = frappe.get_doc(
		{
			"doctype": "RE Satisfaction Survey",
			"survey_type": "Four-Year Revisit",
			"customer": doc.customer,
			"project": doc.project,
			"period": doc.name,
		}
	).insert(ignore_permissions=True)
	frappe.enqueue(
		"recrm.service.surveys.email_survey", survey=survey.name, enqueue_after_commit=True, queue="short"
	)
	return survey.name


# birthdays and anniversaries
def create_reminders(today=None) -> int:
	today = getdate(today or nowdate())
	days = care_settings()["reminder_days_ahead"]
	made = 0
	birthdays = frappe.db.sql(
		f"select customer, birthday from `tab{MEMBER}` where status = 'Active' and birthday is not null"
	)
	for customer, birthday in birthdays:
		made += remind(rules.BIRTHDAY, customer, getdate(birthday), today, days)
	handovers = frappe.db.sql(f"select customer, min(handover_date) from `tab{REVISIT}` group by customer")
	for customer, handover_date in handovers:
		made += remind(rules.ANNIVERSARY, customer, getdate(handover_date), today, days)
	return made


def remind(kind: str, customer: str, origin, today, days: int) -> int:
	occasion = rules.reminder_due(origin, today, days, kind)
	if not occasion:
		return 0
	key = rules.reminder_key(kind, customer, occasion)
	if frappe.db.exists(REMINDER, {"reminder_key": key}):
		return 0
	manager = frappe.db.get_value("RE Customer", customer, "customer_manager")
	if not manager:
		return 0
	doc = frappe.get_doc(
		{"doctype": REMINDER, "kind": kind, "customer": customer, "occasion": occasion, "reminder_key": key}
	)
	try:
		doc.insert(ignore_permissions=True)  # the unique key decides, also against a parallel run
	except frappe.UniqueValidationError:
		return 0
	name = frappe.db.get_value("RE Customer", customer, "full_name") or customer
	text = (
		_("Birthday of {0} on {1}") if kind == rules.BIRTHDAY else _("Handover anniversary of {0} on {1}")
	).format(name, frappe.utils.formatdate(occasion))
	doc.db_set("task", add_task(manager, "RE Customer", customer, text, occasion), update_modified=False)
	return 1


# the daily job
def run_daily() -> None:
	"""The scheduler's entry: queued once (job_id + deduplicate) on the long queue."""
	enqueue_job(
		"recrm.club.care.run",
		queue="long",
		timeout=1800,
		job_id="recrm-club-care",
		deduplicate=True,
	)


def run(today=None) -> dict:
	done = {}
	for name, part in (
		("revisits", lambda t: catch_up_revisits()),
		("tasks", assign_due_tasks),
		("missed", mark_missed),
		("reminders", create_reminders),
	):
		try:
			done[name] = part(today)
			frappe.db.commit()
		except Exception:
			frappe.db.rollback()
			frappe.log_error(title=f"recrm club care: {name}")
	return done


def close_task(todo: str | None) -> None:
	if todo and frappe.db.exists("ToDo", todo):
		frappe.db.set_value("ToDo", todo, "status", "Closed")
