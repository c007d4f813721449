"""SLA escalation of complaints: a job every 15 minutes.

Every complaint stores, for each clock (response, resolution), its due time and the instant a
breach comes in sight; both are recomputed by the complaint on every change of status. The job
therefore needs no clock arithmetic for the warning and the breach themselves, and reads only the
complaints that may need something: open, clock running, the warning instant passed, and not yet
escalated to the last level. It reads them in one query per chunk of 10,000 (keyset pagination).

For each running clock: the first time a breach is in sight the assignee is warned; past the due
time ``recrm.core.sla.escalations_due`` gives the levels owed since the last one notified:
1 the assignee, 2 their manager (Service Settings' department managers, else the CS Centre
Managers), 3 the project GM. The highest level notified is stored on the complaint, so a second
run notifies nobody twice, and a run that was missed catches up on every level at once.
Recipients get one notification per kind and run, listing their complaints. Changes are written
in one UPDATE per distinct change, not one per complaint.
"""

import time
from collections import defaultdict

import frappe
from frappe import _
from frappe.utils import escape_html, format_datetime, get_url_to_form, now_datetime

from recrm.core import sla
from recrm.core.complaints import IN_PROGRESS, OPEN, REOPENED, RESPONDED
from recrm.core.roles import CS_MANAGER, GENERAL_MANAGER
from recrm.notifications import notify, users_with_role
from recrm.service import settings as service_settings

COMPLAINT = "RE Complaint"
# Awaiting Customer is left out: its resolution clock stands still, and it was answered
RUNNING_STATUSES = (OPEN, RESPONDED, IN_PROGRESS, REOPENED)
CHUNK = 10_000
UPDATE_CHUNK = 1_000
LISTED = 50  # complaints named in one notification; the rest are counted
CLOCKS = ("response", "resolution")
WARNING = "warning"
BREACHED = "Breached"
IN_SIGHT = "Breach in Sight"
FIELDS = (
	"name",
	"subject",
	"customer_name",
	"project",
	"responsible_person",
	"responsible_department",
	"responded_at",
	*(
		f"{clock}_{field}"
		for clock in CLOCKS
		for field in ("due", "warning_at", "status", "warned", "escalation_level")
	),
)


def subjects() -> dict:
	return {
		(WARNING, "response"): _("Breach in sight: {0} complaints must be answered soon"),
		(WARNING, "resolution"): _("Breach in sight: {0} complaints must be resolved soon"),
		(sla.ASSIGNEE, "response"): _("{0} complaints were not answered in time"),
		(sla.ASSIGNEE, "resolution"): _("{0} complaints were not resolved in time"),
		(sla.MANAGER, "response"): _("Escalated to you as manager: {0} complaints not answered in time"),
		(sla.MANAGER, "resolution"): _("Escalated to you as manager: {0} complaints not resolved in time"),
		(sla.PROJECT_GM, "response"): _(
			"Escalated to you as project GM: {0} complaints not answered in time"
		),
		(sla.PROJECT_GM, "resolution"): _(
			"Escalated to you as project GM: {0} complaints not resolved in time"
		),
	}


def candidates(now, after: str, limit: int, levels: int) -> list:
	"""Open complaints whose clock may need a warning, a new status or an escalation."""
	c = frappe.qb.DocType(COMPLAINT)
	response = (
		c.responded_at.isnull()
		& c.response_due.isnotnull()
		& (c.response_warning_at <= now)
		& (
			(c.response_warned == 0)
			| (c.response_escalation_level < levels)
			| (c.response_status != BREACHED)
		)
	)
	resolution = (
		c.resolution_due.isnotnull()
		& (c.resolution_warning_at <= now)
		& (
			(c.resolution_warned == 0)
			| (c.resolution_escalation_level < levels)
			| (c.resolution_status != BREACHED)
		)
	)
	return (
		frappe.qb.from_(c)
		.select(*(getattr(c, field) for field in FIELDS))
		.where(c.status.isin(RUNNING_STATUSES))
		.where(response | resolution)
		.where(c.name > after)
		.orderby(c.name)
		.limit(limit)
		.run(as_dict=True)
	)


class Escalation:
	def __init__(self, now=None):
		self.now = now or now_datetime()
		self.settings = service_settings.service_settings()
		self.thresholds = service_settings.escalation_thresholds(self.settings)
		self.calendar = service_settings.sla_calendar(self.settings)
		self.updates: dict[tuple, list[str]] = defaultdict(list)
		self.events: dict[tuple, list] = defaultdict(list)  # (kind, clock) -> rows
		self.loaded = 0
		self._role_users: dict[str, list[str]] = {}
		self._project_gms: dict[str, str | None] = {}

	def run(self) -> dict:
		started = time.monotonic()
		after = ""
		while True:
			rows = candidates(self.now, after, CHUNK, len(self.thresholds))
			for row in rows:
				self.check(row)
			self.loaded += len(rows)
			if len(rows) < CHUNK:
				break
			after = rows[-1].name
		updated = self.write()
		notifications = self.send()
		return {
			"loaded": self.loaded,
			"updated": updated,
			"notifications": notifications,
			"events": {f"{kind}:{clock}": len(rows) for (kind, clock), rows in self.events.items()},
			"seconds": round(time.monotonic() - started, 2),
		}

	def check(self, row) -> None:
		change = {}
		for clock in CLOCKS:
			if clock == "response" and row.responded_at:
				continue
			due = row[f"{clock}_due"]
			if not due:
				continue
			warning_at = row[f"{clock}_warning_at"]
			breached = self.now > due
			label = BREACHED if breached else IN_SIGHT if warning_at and self.now >= warning_at else None
			if label and row[f"{clock}_status"] != label:
				change[f"{clock}_status"] = label
			if label == IN_SIGHT and not row[f"{clock}_warned"]:
				self.events[(WARNING, clock)].append(row)
				change[f"{clock}_warned"] = 1
			levels = sla.escalations_due(
				due if breached else None,
				self.now,
				row[f"{clock}_escalation_level"] or 0,
				self.thresholds,
				self.calendar,
			)
			for level in levels:
				self.events[(level, clock)].append(row)
			if levels:
				change[f"{clock}_escalation_level"] = levels[-1]
				change[f"{clock}_warned"] = 1
		if change:
			self.updates[tuple(sorted(change.items()))].append(row.name)

	def write(self) -> int:
		c = frappe.qb.DocType(COMPLAINT)
		written = 0
		for change, names in self.updates.items():
			for start in range(0, len(names), UPDATE_CHUNK):
				query = frappe.qb.update(c)
				for field, value in change:
					query = query.set(getattr(c, field), value)
				query.where(c.name.isin(names[start : start + UPDATE_CHUNK])).run()
			written += len(names)
		return written

	# ---- who hears of it ---------------------------------------------------------------------

	def role_users(self, role: str) -> list[str]:
		if role not in self._role_users:
			self._role_users[role] = users_with_role(role)
		return self._role_users[role]

	def project_gm(self, project: str) -> str | None:
		if project not in self._project_gms:
			self._project_gms[project] = frappe.db.get_value("RE Project", project, "project_gm")
		return self._project_gms[project]

	def recipients(self, kind, row) -> list[str]:
		if kind in (WARNING, sla.ASSIGNEE):
			return [row.responsible_person] if row.responsible_person else self.role_users(CS_MANAGER)
		if kind == sla.MANAGER:
			manager = service_settings.department_manager(row.responsible_department, self.settings)
			return [manager] if manager else self.role_users(CS_MANAGER)
		gm = self.project_gm(row.project)
		return [gm] if gm else self.role_users(GENERAL_MANAGER)

	def send(self) -> int:
		digests: dict[tuple, list] = defaultdict(list)
		for (kind, clock), rows in self.events.items():
			for row in rows:
				for user in self.recipients(kind, row):
					digests[(user, kind, clock)].append(row)
		titles = subjects()
		made = 0
		for (user, kind, clock), rows in digests.items():
			lines = "".join(
				'<li><a href="{}">{}</a> {} ({}): {}</li>'.format(
					get_url_to_form(COMPLAINT, row.name),
					escape_html(row.name),
					escape_html(row.subject or ""),
					escape_html(row.customer_name or ""),
					_("due {0}").format(format_datetime(row[f"{clock}_due"])),
				)
				for row in rows[:LISTED]
			)
			more = _("… and {0} more.").format(len(rows) - LISTED) if len(rows) > LISTED else ""
			made += notify(
				[user],
				titles[(kind, clock)].format(len(rows)),
				f"<ul>{lines}</ul>{more}",
				COMPLAINT,
				rows[0].name,
			)
		return made


def escalate_complaints(now=None) -> dict:
	"""The scheduled job (hooks.py, every 15 minutes); ``now`` moves time in tests."""
	return Escalation(now).run()
