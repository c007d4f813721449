"""What is a home buyer's: the rule that makes a record of each portal DocType theirs.

Buyers hold no DocType permission at all: every generic Frappe route (lists, ``/api/resource``,
``/api/v2``, link search, report view, print, files) refuses them by construction. The portal reads
for them through ``recrm.portal.buyer`` — explicit queries with the buyer's ownership in them — and
this module is the one statement of that ownership:

- ``SCOPES``: each DocType the portal shows, with the rule that makes a record the buyer's
  (``CustomerField``, ``CustomerInTable``, ``ForTheirBuildings`` or ``LinkedTo``), written once as
  SQL over the DocType's table;
- ``CHILD_SCOPES``: the child tables of those DocTypes, whose rows follow their parent;
- ``is_theirs(doctype, name, customer)``: whether the stored record is the customer's, the check
  every portal method makes before it acts on a name from the request.

To show a new DocType on the portal: add it here with its rule, read it through
``recrm.portal.buyer.Buyer`` and never give RE Home Buyer a permission on it.
"""

from dataclasses import dataclass

import frappe

from recrm.inventory.buyers import buildings_of, projects_of

MATCH_NOTHING = "1 = 0"


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
	# a batch once it is opened, for the buildings they have a unit in; the keys of their contract's unit
	"RE Handover Batch": ForTheirBuildings(project_field=None, extra="{table}.`status` != 'Draft'"),
	"RE Key Handover": LinkedTo("contract", "RE Contract", extra=SUBMITTED),
	"RE Handover Inspection": CustomerField(),
	"RE Repair Request": CustomerField(),
	"RE Title Deed": CustomerInTable("RE Title Deed Owner"),
	# deals: a contract is the buyers' in its buyers table (co-buyers each), its receipts follow it
	"RE Reservation": CustomerField(extra=SUBMITTED),
	"RE Contract": CustomerInTable("RE Contract Buyer", extra=SUBMITTED),
	"RE Receipt": LinkedTo("contract", "RE Contract", extra=SUBMITTED),
	# handover money: the area difference and the delivery penalty of their contract, once sent for
	# approval (a draft may still be recomputed; a rejected one is void)
	"RE Area Settlement": LinkedTo(
		"contract", "RE Contract", extra="{table}.`workflow_state` in ('Pending Approval', 'Approved')"
	),
	"RE Delivery Penalty": LinkedTo(
		"contract", "RE Contract", extra="{table}.`workflow_state` in ('Pending Approval', 'Approved')"
	),
	# the service desk: the complaints of the buyer's customer and the surveys sent to them
	"RE Complaint": CustomerField(),
	"RE Satisfaction Survey": CustomerField(),
	# the owners' club: their membership and its points ledger
	"RE Club Member": CustomerField(),
	"RE Points Entry": LinkedTo("member", "RE Club Member"),
	# the friends they referred (老带新)
	"RE Referral": LinkedTo("referrer", "RE Club Member"),
	"RE Club Event Registration": LinkedTo("member", "RE Club Member"),
	# the merchants' offers: a member's one-time codes
	"RE Redemption Code": LinkedTo("member", "RE Club Member"),
}
# child tables of those DocTypes that hold anything: their rows follow their parent
CHILD_SCOPES = {
	"RE Construction Update Photo": "RE Construction Update",
	"RE Handover Defect Photo": "RE Handover Defect",
	"RE Repair Request Photo": "RE Repair Request",
	"RE Title Deed Owner": "RE Title Deed",
	"RE Key Handover Item": "RE Key Handover",
	"RE Title Deed Stage": "RE Title Deed",
	"RE Contract Buyer": "RE Contract",
	"RE Contract Loan": "RE Contract",
	"RE Payment Schedule": "RE Contract",
	"RE Contract Disclosure": "RE Contract",
	"RE Receipt Allocation": "RE Receipt",
	"RE Complaint Photo": "RE Complaint",
	"RE Complaint Status Log": "RE Complaint",
	"RE Club Consent": "RE Club Member",
}


def _values(values: list[str]) -> str:
	return ", ".join(frappe.db.escape(value) for value in values)


def buyer_condition(doctype: str, customer: str | None) -> str:
	"""The SQL that keeps the records of ``doctype`` (in SCOPES or CHILD_SCOPES) that are the
	customer's."""
	if not customer:
		return MATCH_NOTHING
	if doctype in CHILD_SCOPES:
		parent = CHILD_SCOPES[doctype]
		return (
			f"`tab{doctype}`.parenttype = {frappe.db.escape(parent)} and `tab{doctype}`.parent in"
			f" (select name from `tab{parent}` where {SCOPES[parent].condition(parent, customer)})"
		)
	if doctype not in SCOPES:
		return MATCH_NOTHING
	return SCOPES[doctype].condition(doctype, customer)


def their_names(doctype: str, customer: str | None, names: list[str] | None = None) -> list[str]:
	"""The names of the customer's records of ``doctype``; of ``names`` only, when given."""
	condition = buyer_condition(doctype, customer)
	if condition == MATCH_NOTHING or names == []:
		return []
	query = f"select `tab{doctype}`.name from `tab{doctype}` where ({condition})"
	values: tuple = ()
	if names is not None:
		query += f" and `tab{doctype}`.name in %s"
		values = (tuple(names),)
	return [row[0] for row in frappe.db.sql(query, values)]


def is_theirs(doctype: str, name, customer: str | None) -> bool:
	"""Whether the stored record ``name`` of ``doctype`` belongs to ``customer``."""
	if not name or not isinstance(name, str):
		return False
	return bool(their_names(doctype, customer, [name]))
