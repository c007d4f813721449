"""Phone privacy (号码保护): an advisor sees the full number only of the customers they own.

The rule rides on Frappe's field-level permissions, so that every route that honours them — the
form, lists, report view and its export, ``frappe.client``, REST ``/api/resource``, print — masks
the numbers by itself:

- the numbers as typed and normalised (``RE Customer.primary_phone``, ``RE Customer Phone.phone``
  and ``.normalised_phone``) are at permlevel ``PHONE_PERMLEVEL``, which managers and customer
  service may read (managers write) and advisors may not;
- masked copies (``primary_phone_masked``, ``masked_phone``: ``138****8000``) are at permlevel 0,
  set by the customer's ``before_validate``, and are what lists, filters and link search use;
- an owner gets their customers' full numbers one customer at a time: in the form (``onload``),
  in the list (``recrm.api.phones.get_full_phones`` for the rows on screen) and at the reception
  desk, each checking ownership explicitly.

Frappe 15 leaves four holes that field-level permissions do not close, each closed here:

- ``DatabaseQuery`` strips hidden fields from what a query *returns* but not from its filters,
  ``order_by`` or ``group_by``: ``filters={"primary_phone": ["like", "+86138001%"]}`` would tell an
  advisor the digits of a number one query at a time; and it skips the field after each one it
  strips. ``phone_query_guard``, a permission query hook every permission-checked query runs
  after building its filters, refuses such a query and strips hidden fields itself.
- ``frappe.client.get_count`` counts with ``frappe.db.count``, without any permission: the same
  oracle for everyone. ``recrm.overrides.client.get_count`` (hooked over it) counts through ``get_list``.
- The Data Import and Data Export tools read child tables without field-level permissions once
  the user may export the parent: ``download_template`` drops the hidden columns and
  ``export_data`` refuses customers to users who may not see all numbers.
- A ``Version`` (the form's change history, sent with every form load) records the raw values:
  ``mask_phones_in_version`` masks them before it is saved.
"""

import inspect
import json
import re
import sys

import frappe
from frappe import _

from recrm.core.phones import mask_phone
from recrm.sales.permissions import customer_query, owns_customer

CUSTOMER = "RE Customer"
CUSTOMER_PHONE = "RE Customer Phone"
PHONE_PERMLEVEL = 1
# the fields at PHONE_PERMLEVEL, by DocType
HIDDEN_FIELDS = {
	CUSTOMER: ("primary_phone",),
	CUSTOMER_PHONE: ("phone", "normalised_phone"),
}
MAX_ROWS = 500


def sees_all_phones(user: str | None = None) -> bool:
	"""Whether the user's roles may read the full numbers of every customer (managers, customer
	service): read by the RE Customer permissions at PHONE_PERMLEVEL, customisations included."""
	user = user or frappe.session.user
	if user == "Administrator":
		return True
	roles = set(frappe.get_roles(user))
	return any(
		perm.role in roles and perm.permlevel == PHONE_PERMLEVEL and perm.read
		for perm in frappe.get_meta(CUSTOMER).permissions
	)


def may_see_full_phone(customer: str, user: str | None = None) -> bool:
	"""Managers and customer service see every number; an advisor those of the customers they own
	(an RE Customer Advisor row in any project)."""
	user = user or frappe.session.user
	return sees_all_phones(user) or owns_customer(customer, user)


def full_phones_for_form(customer) -> list[dict]:
	"""The customer's numbers for the form of a user who may see them: [] for anyone else."""
	if customer.is_new() or not may_see_full_phone(customer.name):
		return []
	return [
		{"row": row.name, "phone": row.normalised_phone, "is_primary": row.is_primary}
		for row in customer.phones
	]


def full_primary_phones(customers: list[str], user: str | None = None) -> dict[str, str]:
	"""{customer: primary phone} of those of ``customers`` the user may read and see in full."""
	user = user or frappe.session.user
	names = list(dict.fromkeys(customers))[:MAX_ROWS]
	if not names:
		return {}
	readable = frappe.get_list(CUSTOMER, filters={"name": ("in", names)}, pluck="name", limit=0, user=user)
	if readable and not sees_all_phones(user):
		owned = set(
			frappe.get_all(
				"RE Customer Advisor",
				filters={"parenttype": CUSTOMER, "parent": ("in", readable), "advisor": user},
				pluck="parent",
			)
		)
		readable = [name for name in readable if name in owned]
	if not readable:
		return {}
	rows = frappe.get_all(CUSTOMER, filters={"name": ("in", readable)}, fields=["name", "primary_phone"])
	return {row.name: row.primary_phone for row in rows if row.primary_phone}


# --- queries ------------------------------------------------------------------------------------

_LITERALS = re.compile(r"'(?:[^'\\]|\\.|'')*'|\"(?:[^\"\\]|\\.|\"\")*\"")
# `tabRE Customer Phone`.`phone`, `tabRE Customer_1`.primary_phone (a linked table's alias)
_QUALIFIED = re.compile(r"`tab([^`]+)`\s*\.\s*`?([A-Za-z_][A-Za-z0-9_]*)`?")
_ALIAS_SUFFIX = re.compile(r"_\d+$")
_TABLE_NAMES = re.compile(r"`tab[^`]*`")
_WORDS = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def hidden_columns_in(sql, doctypes) -> set[tuple[str, str]]:
	"""The hidden phone columns, as (DocType, field), that a piece of SQL refers to outside string
	literals: a select field, a condition, an ORDER BY or GROUP BY. ``doctypes`` are the tables of
	the query, which an unqualified column may belong to (MariaDB column names are
	case-insensitive)."""
	if not isinstance(sql, str) or not sql:
		return set()
	found = set()

	def qualified(match):
		found.add((_ALIAS_SUFFIX.sub("", match.group(1)), match.group(2).lower()))
		return " "

	text = _QUALIFIED.sub(qualified, _LITERALS.sub(" ", sql))
	for word in _WORDS.findall(_TABLE_NAMES.sub(" ", text)):
		found.update((doctype, word.lower()) for doctype in doctypes)
	return {(doctype, column) for doctype, column in found if column in HIDDEN_FIELDS.get(doctype, ())}


def _query_being_built():
	"""The ``DatabaseQuery`` that is asking for its permission query conditions.

	Frappe calls the ``permission_query_conditions`` hooks from
	``DatabaseQuery.build_match_conditions`` (through ``frappe.call``) after it has turned the
	filters into SQL and before it applies field-level permissions to the fields, but without
	passing the query: the calling frames are the only place to find it. None if called otherwise."""
	from frappe.model.db_query import DatabaseQuery

	frame = sys._getframe(1)
	for _depth in range(8):
		if frame is None:
			return None
		query = frame.f_locals.get("self")
		if isinstance(query, DatabaseQuery):
			return query
		frame = frame.f_back
	return None


def phone_query_guard(user: str | None = None, doctype: str | None = None) -> str:
	"""A ``permission_query_conditions`` hook for every DocType (``"*"``), adding no condition.

	For a user who may not see every number, in the query being built:

	- select fields naming a hidden number are dropped. Frappe would drop them too, but Frappe 15's
	  ``apply_fieldlevel_read_permissions`` removes fields from the list it is iterating, so the
	  field after a removed one is never checked (``fields=["primary_phone", "*"]`` or two hidden
	  columns in a row return the second; frappe/frappe#37950, fixed in v16 only);
	- a filter, ORDER BY or GROUP BY naming a hidden number is refused: its results would not show
	  the digits, but which rows come back, in which order, would (frappe/frappe#40515 closes
	  ORDER BY and GROUP BY, not filters, after Frappe 15.44)."""
	user = user or frappe.session.user
	if user == "Administrator":
		return ""
	query = _query_being_built()
	if query is None:
		return ""
	doctypes = {query.doctype}
	doctypes.update(table[4:-1] for table in (query.tables or []))
	doctypes.update(link.doctype for link in (getattr(query, "link_tables", None) or []))
	if not doctypes & set(HIDDEN_FIELDS):
		return ""
	fields = [field for field in (query.fields or []) if hidden_columns_in(field, doctypes)]
	clauses = [
		*(query.conditions or []),
		*(getattr(query, "grouped_or_conditions", None) or []),
		query.order_by,
		query.group_by,
	]
	filtered = any(hidden_columns_in(clause, doctypes) for clause in clauses)
	if not (fields or filtered) or sees_all_phones(user):
		return ""
	if filtered:
		frappe.throw(
			_(
				"You cannot filter, sort or group customers by a phone number you may not see. Use the masked phone, or find a caller at the reception desk."
			),
			exc=frappe.PermissionError,
			title=_("Phone Privacy"),
		)
	if not query.as_list:
		# as lists Frappe blanks hidden fields in place and checks them all
		query.fields = [field for field in query.fields if field not in fields]
	return ""


def customer_phone_query(user: str | None = None, doctype: str | None = None) -> str:
	"""Phone rows listed on their own (``get_list("RE Customer Phone", parent_doctype=...)``): only
	those of customers the user may list."""
	condition = customer_query(user or frappe.session.user, CUSTOMER)
	if not condition:
		return ""
	return (
		"(`tabRE Customer Phone`.parenttype = 'RE Customer' and `tabRE Customer Phone`.parent in"
		f" (select `tabRE Customer`.name from `tabRE Customer` where {condition}))"
	)


# --- Frappe methods that bypass field-level permissions -------------------------------------------


def _doctypes(value) -> set[str]:
	"""DocType names in an argument that may be a name, a JSON list or a list (Data Export)."""
	if isinstance(value, str) and value.startswith("["):
		value = frappe.parse_json(value)
	if isinstance(value, list | tuple):
		return {item for item in value if isinstance(item, str)}
	return {value} if isinstance(value, str) else set()


def _refuse_export() -> None:
	frappe.throw(
		_("Export customers from their report view: it shows the phone numbers you may not see masked."),
		exc=frappe.PermissionError,
		title=_("Phone Privacy"),
	)


@frappe.whitelist()
def download_template(doctype, export_fields=None, export_records=None, export_filters=None, file_type="CSV"):
	"""Data Import's export (hooked over it), without the numbers the user may not see."""
	from frappe.core.doctype.data_import.data_import import download_template as frappe_download

	if not export_fields:
		frappe.throw(
			_("Choose the fields to export."), exc=frappe.ValidationError, title=_("Export Template")
		)
	if doctype in HIDDEN_FIELDS and not sees_all_phones():
		if doctype != CUSTOMER:
			_refuse_export()
		fields = frappe.parse_json(export_fields) or {}
		table_doctypes = {df.fieldname: df.options for df in frappe.get_meta(CUSTOMER).get_table_fields()}
		export_fields = {
			key: [
				name
				for name in names
				if name not in HIDDEN_FIELDS.get(CUSTOMER if key == CUSTOMER else table_doctypes.get(key), ())
			]
			for key, names in fields.items()
		}
	return frappe_download(
		doctype,
		export_fields=export_fields,
		export_records=export_records,
		export_filters=export_filters,
		file_type=file_type,
	)


@frappe.whitelist()
def export_data(doctype=None, parent_doctype=None, with_data=False, **kwargs):
	"""Data Export (hooked over it): with data, refused for customers to users who may not see all
	numbers, because it reads child tables past field-level permissions."""
	from frappe.core.doctype.data_export.exporter import export_data as frappe_export_data
	from frappe.utils import cint

	exported = _doctypes(doctype) | _doctypes(parent_doctype)
	if cint(with_data) and exported & set(HIDDEN_FIELDS) and not sees_all_phones():
		_refuse_export()
	# the request's own keys (``cmd``) are no arguments of Frappe's function: passed on, they answered 500
	accepted = inspect.signature(frappe_export_data).parameters
	kwargs = {key: value for key, value in kwargs.items() if key in accepted}
	return frappe_export_data(doctype=doctype, parent_doctype=parent_doctype, with_data=with_data, **kwargs)


# --- change history -------------------------------------------------------------------------------


def _mask_changes(changes: list, fields) -> None:
	for change in changes:
		if change and change[0] in fields:
			change[1:] = [mask_phone(value) for value in change[1:]]


def mask_phones_in_version(doc, method=None) -> None:
	"""``Version.before_insert``: a customer's history keeps that a number changed, masked."""
	if doc.ref_doctype != CUSTOMER or not doc.data:
		return
	data = json.loads(doc.data)
	table_doctypes = {df.fieldname: df.options for df in frappe.get_meta(CUSTOMER).get_table_fields()}
	_mask_changes(data.get("changed") or [], HIDDEN_FIELDS[CUSTOMER])
	for key in ("added", "removed"):
		for table, row in data.get(key) or []:
			for field in HIDDEN_FIELDS.get(table_doctypes.get(table), ()):
				if isinstance(row, dict) and row.get(field):
					row[field] = mask_phone(row[field])
	for table, _idx, _name, changes in data.get("row_changed") or []:
		_mask_changes(changes, HIDDEN_FIELDS.get(table_doctypes.get(table), ()))
	doc.data = frappe.as_json(data, indent=None, separators=(",", ":"))
