"""What a home buyer may read: their own records, by every route.

Each DocType a buyer may read is in ``SCOPES`` with the rule that makes a record theirs. The rule is
written once, as SQL over the DocType's table, and serves both Frappe hooks:

- ``query_conditions`` (``permission_query_conditions``) limits every permission-checked query —
  ``frappe.get_list``, ``frappe.client.get_list``/``get_value``/``get_count``, ``/api/resource``
  lists, report view, link search — to the buyer's records;
- ``has_permission`` judges a single record by the same SQL against the record **as stored**, never
  as given: a document built from request JSON (print preview of an unsaved document, a
  ``run_doc_method`` call) cannot claim to be the buyer's by naming their customer. It also
  decides a private file's download (Frappe asks the document the file is attached to) and print
  views. A record the buyer may not read is refused whether it exists or not.

Child tables of these DocTypes get the parent's rule through their ``parent`` column, so a list
of child rows (``frappe.client.get_list("RE Title Deed Owner", parent_doctype=…)``) shows only
rows of the buyer's records.

The rule applies when a user reaches the DocType only through the role RE Home Buyer. Staff reach
it through their desk roles and are judged by those alone; a staff member who is also a buyer is
staff. Buyers write nothing through Frappe's generic routes: they have read permission only, and
the portal's own methods (``recrm.api.portal``) make their bookings and sign-ups after checking
what they may do.

To open a new DocType to buyers (a contract, a complaint): add it here with its rule
(``CustomerField``, ``CustomerInTable``, ``ForTheirBuildings`` or ``LinkedTo``), give RE Home Buyer
read permission on it, and point both hooks at this module in ``hooks.py`` (for it and its child
tables); ``recrm.portal.test_portal_access`` then proves it route by route.
"""

from dataclasses import dataclass

import frappe

from recrm.portal.access import BUYER_ROLE, customer_of
from recrm.portal.homes import buildings_of, projects_of

MATCH_NOTHING = "1 = 0"
# roles every user has; a permission given to them does not make a buyer staff
IMPLICIT_ROLES = {"All", "Guest", "Desk User", BUYER_ROLE}
# what a buyer may do with a record of theirs through Frappe's routes
READ_PTYPES = {"read", "select", "print"}


def _with_extra(condition: str, extra: str | None, doctype: str) -> str:
	"""``condition`` and, when given, ``extra`` (SQL with ``{table}`` for the DocType's table)."""
	if not extra:
		return condition
	return f"({condition}) and {extra.format(table=f'`tab{doctype}`')}"


# submittable records reach buyers once submitted: a draft contract is not yet theirs to read
SUBMITTED = "{table}.`docstatus` = 1"


@dataclass(frozen=True)
class CustomerField:
	"""The record names the buyer in ``fieldname``; ``extra`` adds a condition of its own."""

	fieldname: str = "customer"
	extra: str | None = None

	def condition(self, doctype: str, customer: str) -> str:
		return _with_extra(
			f"`tab{doctype}`.`{self.fieldname}` = {frappe.db.escape(customer)}", self.extra, doctype
		)


@dataclass(frozen=True)
class CustomerInTable:
	"""A row of the child table ``child_doctype`` names the buyer in ``fieldname`` (a contract's
	buyers); ``extra`` adds a condition of its own."""

	child_doctype: str
	fieldname: str = "customer"
	extra: str | None = None

	def condition(self, doctype: str, customer: str) -> str:
		return _with_extra(
			f"`tab{doctype}`.name in (select parent from `tab{self.child_doctype}`"
			f" where parenttype = {frappe.db.escape(doctype)}"
			f" and `{self.fieldname}` = {frappe.db.escape(customer)})",
			self.extra,
			doctype,
		)


@dataclass(frozen=True)
class ForTheirBuildings:
	"""The record concerns a building the buyer has a unit in, or, with no building, their
	project; ``extra`` adds a condition of its own (e.g. published only)."""

	building_field: str = "building"
	project_field: str | None = "project"
	extra: str | None = None

	def condition(self, doctype: str, customer: str) -> str:
		table = f"`tab{doctype}`"
		parts = []
		buildings = buildings_of(customer)
		if buildings:
			parts.append(f"{table}.`{self.building_field}` in ({_values(buildings)})")
		projects = projects_of(customer)
		if self.project_field and projects:
			parts.append(
				f"(ifnull({table}.`{self.building_field}`, '') = ''"
				f" and {table}.`{self.project_field}` in ({_values(projects)}))"
			)
		if not parts:
			return MATCH_NOTHING
		condition = "(" + " or ".join(parts) + ")"
		if self.extra:
			condition += f" and {self.extra.format(table=table)}"
		return condition


@dataclass(frozen=True)
class LinkedTo:
	"""The record links (``fieldname``) a record of ``doctype`` that is the buyer's by its own rule
	in SCOPES: a receipt of their contract, a reply to their complaint."""

	fieldname: str
	doctype: str
	extra: str | None = None

	def condition(self, doctype: str, customer: str) -> str:
		other = self.doctype
		return _with_extra(
			f"`tab{doctype}`.`{self.fieldname}` in (select name from `tab{other}`"
			f" where {SCOPES[other].condition(other, customer)})",
			self.extra,
			doctype,
		)


# the DocTypes a buyer may read, each with the rule that makes a record theirs
SCOPES = {
	"RE Construction Update": ForTheirBuildings(project_field=None, extra="{table}.`published` = 1"),
	"RE Site Visit Day": ForTheirBuildings(extra="{table}.`status` != 'Cancelled'"),
	"RE Site Visit Sign-up": CustomerField(),
	"RE Handover Slot": ForTheirBuildings(),
	"RE Handover Appointment": CustomerField(),
	"RE Handover Defect": CustomerField(),
	"RE Title Deed": CustomerInTable("RE Title Deed Owner"),
	# deals: a contract is the buyers' in its buyers table (co-buyers each), its receipts follow it
	"RE Reservation": CustomerField(extra=SUBMITTED),
	"RE Contract": CustomerInTable("RE Contract Buyer", extra=SUBMITTED),
	"RE Receipt": LinkedTo("contract", "RE Contract", extra=SUBMITTED),
	# the service desk: the complaints of the buyer's customer and the surveys sent to them
	"RE Complaint": CustomerField(),
	"RE Satisfaction Survey": CustomerField(),
}
# child tables of those DocTypes that hold anything: their rows follow their parent
CHILD_SCOPES = {
	"RE Construction Update Photo": "RE Construction Update",
	"RE Handover Defect Photo": "RE Handover Defect",
	"RE Title Deed Owner": "RE Title Deed",
	"RE Contract Buyer": "RE Contract",
	"RE Contract Loan": "RE Contract",
	"RE Payment Schedule": "RE Contract",
	"RE Contract Disclosure": "RE Contract",
	"RE Receipt Allocation": "RE Receipt",
	"RE Complaint Photo": "RE Complaint",
	"RE Complaint Status Log": "RE Complaint",
}


def _values(values: list[str]) -> str:
	return ", ".join(frappe.db.escape(value) for value in values)


def buyer_scoped(doctype: str, user: str | None = None) -> bool:
	"""Whether the user reaches ``doctype`` only as a home buyer: they have RE Home Buyer and none
	of their other roles may read it."""
	user = user or frappe.session.user
	if user in ("Administrator", "Guest"):
		return False
	roles = set(frappe.get_roles(user))
	if BUYER_ROLE not in roles:
		return False
	parent = CHILD_SCOPES.get(doctype, doctype)
	staff_roles = roles - IMPLICIT_ROLES
	return not any(
		perm.role in staff_roles and (perm.read or perm.select)
		for perm in frappe.get_meta(parent).permissions
	)


def buyer_condition(doctype: str, user: str) -> str:
	"""The SQL that keeps the records of ``doctype`` that are the user's (a buyer)."""
	customer = customer_of(user)
	if not customer:
		return MATCH_NOTHING
	if doctype in CHILD_SCOPES:
		parent = CHILD_SCOPES[doctype]
		return (
			f"`tab{doctype}`.parenttype = {frappe.db.escape(parent)} and `tab{doctype}`.parent in"
			f" (select name from `tab{parent}` where {SCOPES[parent].condition(parent, customer)})"
		)
	return SCOPES[doctype].condition(doctype, customer)


def query_conditions(user: str | None = None, doctype: str | None = None) -> str:
	"""permission_query_conditions of every DocType in SCOPES and CHILD_SCOPES."""
	user = user or frappe.session.user
	if not doctype or not buyer_scoped(doctype, user):
		return ""
	return buyer_condition(doctype, user)


def has_permission(doc, ptype=None, user=None) -> bool | None:
	"""has_permission of every DocType in SCOPES: a buyer reads a record that is theirs as stored;
	they change nothing through Frappe's routes. No opinion (None) on anyone else."""
	user = user or frappe.session.user
	if not buyer_scoped(doc.doctype, user):
		return None
	if (ptype or "read") not in READ_PTYPES:
		return False
	return is_theirs(doc.doctype, doc.name, user)


def is_theirs(doctype: str, name: str | None, user: str | None = None) -> bool:
	"""Whether the stored record ``name`` of ``doctype`` belongs to the buyer ``user``."""
	user = user or frappe.session.user
	if not name or not isinstance(name, str | int):
		return False
	condition = buyer_condition(doctype, user)
	if condition == MATCH_NOTHING:
		return False
	found = frappe.db.sql(
		f"select `tab{doctype}`.name from `tab{doctype}` where `tab{doctype}`.name = %s and ({condition})",
		(name,),
	)
	return bool(found)


def tag_link_query_conditions(user: str | None = None, doctype: str | None = None) -> str:
	"""Tag Link repeats the title of every tagged document to every user: none of recrm's buyer
	records for website users (see recrm/portal/security.py)."""
	user = user or frappe.session.user
	if user in ("Administrator", "Guest") or BUYER_ROLE not in frappe.get_roles(user):
		return ""
	if frappe.get_cached_value("User", user, "user_type") == "System User":
		return ""
	return f"`tabTag Link`.document_type not in ({_values(list(SCOPES))})"
