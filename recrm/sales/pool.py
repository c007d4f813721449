"""The pool (公海): customers whose protection has lapsed, for any advisor of the project to claim.

``claim`` takes a customer from the pool (or from an owner whose protection is over) for the
session user; ``return_lapsed_to_pool`` is the daily job that returns every lapsed owner row to the
pool; ``pool_filters`` are the list filters of the "Pool" view. How owner rows and the owner log
work is told in ``recrm.sales.owners``.
"""

from functools import partial

import frappe
from frappe import _
from frappe.query_builder.functions import Max
from frappe.utils import formatdate, get_fullname, getdate, now_datetime, nowdate

from recrm.core import RuleError
from recrm.core.protection import can_claim
from recrm.errors import SalesRuleError, rule_errors, throw_not_permitted
from recrm.sales.owners import CLAIMED, LAPSED, protection_end
from recrm.sales.permissions import readable_projects

CHUNK_SIZE = 1000

# the columns every record has, and those a child row adds: the first columns of a bulk insert
RECORD_COLUMNS = ("name", "creation", "modified", "owner", "modified_by")
CHILD_ROW_COLUMNS = (*RECORD_COLUMNS, "parent", "parenttype", "parentfield", "idx")


def _protected_by(owner: str | None, error: RuleError) -> RuleError:
	"""The protection error naming the owner advisor by their name."""
	if error.code != "prospect_protected":
		return error
	return RuleError(error.code, owner=get_fullname(owner), until=formatdate(error.params["until"]))


def _refuse(message: str, exc=SalesRuleError, title: str | None = None):
	frappe.throw(message, exc=exc, title=title or _("Not Allowed"))


@frappe.whitelist(methods=["POST"])
def claim(customer: str, project: str) -> dict:
	"""The session user becomes the customer's owner advisor in ``project``, protected from today
	for the project's protection days. Refused while another advisor's protection runs.

	The customer row and its owner rows are locked (SELECT … FOR UPDATE) before the owner is read,
	so of two advisors claiming at once the second sees the first's claim and is refused."""
	user = frappe.session.user
	if not frappe.has_permission("RE Customer", "write"):
		throw_not_permitted(
			_("Only sales advisors and managers can claim customers."), title=_("Not Allowed")
		)
	if not customer or not frappe.db.exists("RE Customer", customer):
		_refuse(_("Customer {0} does not exist.").format(customer), frappe.DoesNotExistError)
	if not project or not frappe.db.exists("RE Project", project):
		_refuse(_("Project {0} does not exist.").format(project), frappe.DoesNotExistError)
	if not frappe.has_permission("RE Project", "read", doc=project):
		throw_not_permitted(
			_("You cannot claim customers in project {0}: it is not one of your projects.").format(project),
			title=_("Not Allowed"),
		)

	doc = frappe.get_doc("RE Customer", customer, for_update=True)
	row = next((r for r in doc.advisors if r.project == project), None)
	owner = row.advisor if row else None
	today = getdate(nowdate())
	with rule_errors(exc=SalesRuleError, title=_("Protected Customer"), reword=partial(_protected_by, owner)):
		can_claim(user, owner, today, row.protected_until if row else None)
	if owner == user:
		frappe.msgprint(_("{0} is already your customer in project {1}.").format(doc.full_name, project))
		return {"customer": doc.name, "project": project, "advisor": user, "claimed": False}

	until = protection_end(project, today)
	if row is None:
		doc.append(
			"advisors", {"project": project, "advisor": user, "since": today, "protected_until": until}
		)
	else:
		row.advisor, row.since, row.protected_until = user, today, until
	doc.flags.owner_change_cause = CLAIMED
	# permissions were checked above, and the rule under the lock: the owner rows of a customer
	# in another project must not stop the claim
	doc.save(ignore_permissions=True)
	return {
		"customer": doc.name,
		"project": project,
		"advisor": user,
		"protected_until": str(until),
		"claimed": True,
	}


@frappe.whitelist()
def pool_filters() -> list[list]:
	"""The list filters that show the session user the pool customers of their projects: those
	with an owner row without advisor in a project the user can read."""
	filters = [
		["RE Customer Advisor", "project", "is", "set"],
		["RE Customer Advisor", "advisor", "is", "not set"],
	]
	projects = readable_projects(frappe.session.user)
	if projects is not None:
		filters.append(["RE Customer Advisor", "project", "in", projects])
	return filters


def return_lapsed_to_pool(today=None, chunk_size: int = CHUNK_SIZE) -> int:
	"""Daily: every owner row whose protection is over (``protected_until`` today or before) goes
	back to the project's pool, with an owner-log row "Lapsed to Pool". Returns the rows returned.

	Set-based and in chunks, a commit after each, so that no lock is held for long whatever the
	number of customers: select a chunk of lapsed rows (by the ``protected_until`` index), lock
	their customers and then the rows (the order every customer save locks in), re-check them under
	the lock, bulk-insert the log rows, clear advisor and date and touch the customers' modified
	(an open form must reload before it saves). A returned row has no date, so it leaves the
	index range: a second run on the same day finds nothing."""
	today = getdate(today or nowdate())
	Advisor = frappe.qb.DocType("RE Customer Advisor")
	Customer = frappe.qb.DocType("RE Customer")
	OwnerLog = frappe.qb.DocType("RE Customer Owner Log")

	def lapsed(query):
		return query.where(
			(Advisor.parenttype == "RE Customer")
			& (Advisor.parentfield == "advisors")
			& (Advisor.protected_until <= today)
			& Advisor.advisor.isnotnull()
		)

	returned = 0
	previous: set[str] = set()
	while True:
		candidates = (
			lapsed(frappe.qb.from_(Advisor).select(Advisor.name, Advisor.parent)).limit(chunk_size).run()
		)
		names = {name for name, _parent in candidates}
		if not names or names == previous:
			break
		previous = names
		parents = sorted({parent for _name, parent in candidates})
		frappe.qb.from_(Customer).select(Customer.name).where(Customer.name.isin(parents)).orderby(
			Customer.name
		).for_update().run()
		rows = (
			lapsed(
				frappe.qb.from_(Advisor).select(
					Advisor.name, Advisor.parent, Advisor.project, Advisor.advisor
				)
			)
			.where(Advisor.name.isin(list(names)))
			.for_update()
			.run(as_dict=True)
		)
		if rows:
			_return_rows(rows, today, Advisor, Customer, OwnerLog)
			returned += len(rows)
		frappe.db.commit()  # one chunk, one transaction: its locks are held only this long
	return returned


def _return_rows(rows: list[dict], today, Advisor, Customer, OwnerLog) -> None:
	parents = sorted({row.parent for row in rows})
	last_idx = dict(
		frappe.qb.from_(OwnerLog)
		.select(OwnerLog.parent, Max(OwnerLog.idx))
		.where((OwnerLog.parenttype == "RE Customer") & OwnerLog.parent.isin(parents))
		.groupby(OwnerLog.parent)
		.run()
	)
	now = now_datetime()
	user = frappe.session.user
	values = []
	for row in rows:
		last_idx[row.parent] = (last_idx.get(row.parent) or 0) + 1
		values.append(
			(
				frappe.generate_hash(length=10),
				now,
				now,
				user,
				user,
				row.parent,
				"RE Customer",
				"owner_log",
				last_idx[row.parent],
				now,
				row.project,
				row.advisor,
				None,
				LAPSED,
				user,
			)
		)
	frappe.db.bulk_insert(
		"RE Customer Owner Log",
		fields=[
			*CHILD_ROW_COLUMNS,
			"changed_at",
			"project",
			"from_advisor",
			"to_advisor",
			"cause",
			"changed_by",
		],
		values=values,
	)
	(
		frappe.qb.update(Advisor)
		.set(Advisor.advisor, None)
		.set(Advisor.protected_until, None)
		.set(Advisor.since, today)
		.set(Advisor.modified, now)
		.where(Advisor.name.isin([row.name for row in rows]))
		.run()
	)
	frappe.qb.update(Customer).set(Customer.modified, now).where(Customer.name.isin(parents)).run()
