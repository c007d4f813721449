"""One rule per record, whatever the route: child rows follow their parent, and a record the user may
not read answers as one that does not exist.

Frappe 15 judges a child row (a complaint's photo, a contract's buyer, a contact's phone) by its
parent's *DocType* only: whoever may read some complaint lists every complaint's photos
(``frappe.client.get_list("RE Complaint Photo", parent="RE Complaint")``) and opens any of them
by name (``/api/resource/RE Complaint Photo/<name>``, ``/api/v2/document/…``, ``frappe.client.get``),
because a row loaded on its own has no parent document to ask. And a record the user may not read
answers 403 where a missing one answers 404: asking for a guessed name tells whether it exists.

- ``child_row_query`` is a ``permission_query_conditions`` hook for every DocType (``"*"``) that adds
  a condition to child DocTypes only: a row is listed when its parent is a record the user may
  list, by the parent DocType's own conditions (role and User Permissions, shares, its
  ``permission_query_conditions``) — for each DocType that has the child as a table. It holds for
  Frappe's child tables (Contact Phone, Dynamic Link …) as for recrm's.
- ``guard_document_route`` (an ``auth_hooks`` entry: Frappe calls it once the request's user is
  known — session, API key or OAuth — and before it routes the request) judges the record that a
  REST document route (``/api/resource/<doctype>/<name>``, ``/api/v2/document/<doctype>/<name>``
  and their methods) or ``run_doc_method`` names: a child row by its parent document's
  ``has_permission``, any record by its own; a record the user may not read is refused in
  Frappe's own words for a missing one (``readable_or_missing``).
"""

import frappe
from frappe import _

TABLE_FIELDTYPES = ("Table", "Table MultiSelect")


def parents_of(child_doctype: str) -> list[str]:
	"""The DocTypes that have ``child_doctype`` as a table, standard or customised."""
	cache_key = f"recrm_parents_of::{child_doctype}"
	parents = frappe.cache.get_value(cache_key)
	if parents is None:
		filters = {"options": child_doctype, "fieldtype": ("in", TABLE_FIELDTYPES)}
		parents = sorted(
			set(frappe.get_all("DocField", filters={**filters, "parenttype": "DocType"}, pluck="parent"))
			| set(frappe.get_all("Custom Field", filters=filters, pluck="dt"))
		)
		frappe.cache.set_value(cache_key, parents, expires_in_sec=3600)
	return parents


def parent_conditions(parent: str, user: str) -> str | None:
	"""The conditions that keep the records of ``parent`` the user may list: "" for all, None when
	the user may not read the DocType at all."""
	from frappe.model.db_query import DatabaseQuery

	ptype = "select" if frappe.only_has_select_perm(parent, user=user) else "read"
	if not frappe.has_permission(parent, ptype, user=user, parent_doctype=parent):
		return None
	query = DatabaseQuery(parent, user=user)
	# a query that selects, orders and groups nothing: only its match conditions are built
	query.fields, query.order_by, query.group_by, query.as_list = [], None, None, True
	try:
		return query.build_match_conditions() or ""
	except frappe.PermissionError:
		return None


def child_row_query(user: str | None = None, doctype: str | None = None) -> str:
	"""``permission_query_conditions`` of every DocType: for a child DocType, its rows whose parent
	the user may list; nothing for any other DocType."""
	if not doctype or not frappe.is_table(doctype):
		return ""
	user = user or frappe.session.user
	if user == "Administrator":
		return ""
	table = f"`tab{doctype}`"
	clauses = [
		clause
		for parent in parents_of(doctype)
		if (clause := readable_records_clause(f"{table}.`parenttype`", f"{table}.`parent`", parent, user))
	]
	return "(" + " or ".join(clauses) + ")" if clauses else "1 = 0"


def readable_records_clause(type_column: str, name_column: str, target: str, user: str) -> str | None:
	"""The condition that a (DocType, name) pair of columns names a record of ``target`` the user may
	list; None when the user may list no record of ``target``."""
	conditions = parent_conditions(target, user)
	if conditions is None:
		return None
	clause = f"{type_column} = {frappe.db.escape(target)}"
	if conditions:
		clause += f" and {name_column} in (select `tab{target}`.`name` from `tab{target}` where {conditions})"
	return f"({clause})"


# references that are no Dynamic Link: a File names its record in plain fields
ATTACHMENTS = {
	"File": (("attached_to_doctype", "attached_to_name"),),
	"Version": (("ref_doctype", "docname"),),
}


def ruled_doctypes() -> set[str]:
	"""DocTypes whose records recrm judges one by one: recrm's own (not child tables) and those recrm
	gives ``permission_query_conditions``."""
	if "recrm_ruled_doctypes" not in frappe.local.cache:
		modules = frappe.get_all("Module Def", filters={"app_name": "recrm"}, pluck="name")
		own = frappe.get_all(
			"DocType", filters={"module": ("in", modules), "istable": 0, "issingle": 0}, pluck="name"
		)
		from recrm import hooks

		hooked = {doctype for doctype in hooks.permission_query_conditions if doctype != "*"}
		frappe.local.cache["recrm_ruled_doctypes"] = (set(own) | hooked) - {
			doctype for doctype in hooked if frappe.db.exists("DocType", {"name": doctype, "istable": 1})
		}
	return frappe.local.cache["recrm_ruled_doctypes"]


def references_of(doctype: str) -> list[tuple[str, str]]:
	"""(DocType field, name field) of each Dynamic Link of ``doctype`` that names a record by its
	DocType (a File's attachment, a Version's document, a Comment's reference …)."""
	meta = frappe.get_meta(doctype)
	pairs = list(ATTACHMENTS.get(doctype, ()))
	for df in meta.get("fields", {"fieldtype": "Dynamic Link"}):
		options = meta.get_field(df.options)
		if options and options.fieldtype == "Link" and options.options == "DocType" and not df.is_virtual:
			pairs.append((df.options, df.fieldname))
	return pairs


def following_query(user: str | None = None, doctype: str | None = None) -> str:
	"""``permission_query_conditions`` of every DocType: a row about a record of a ruled DocType
	(``references_of``) is listed when that record is one the user may list."""
	if not doctype or doctype in frappe.local.flags.get("recrm_following", ()):
		return ""
	user = user or frappe.session.user
	if user == "Administrator":
		return ""
	pairs = references_of(doctype)
	if not pairs:
		return ""
	table = f"`tab{doctype}`"
	ruled = ruled_doctypes()
	in_progress = frappe.local.flags.setdefault("recrm_following", set())
	in_progress.add(doctype)
	try:
		conditions = []
		for doctype_field, name_field in pairs:
			present = (
				set(
					frappe.db.sql_list(
						f"select distinct `{doctype_field}` from {table} where `{doctype_field}` is not null"
					)
				)
				& ruled
			)
			if not present:
				continue
			column, names = f"{table}.`{doctype_field}`", f"{table}.`{name_field}`"
			clauses = [
				f"ifnull({column}, '') not in ({', '.join(frappe.db.escape(dt) for dt in sorted(present))})"
			]
			clauses.extend(
				clause
				for target in sorted(present)
				if (clause := readable_records_clause(column, names, target, user))
			)
			conditions.append("(" + " or ".join(clauses) + ")")
		return " and ".join(conditions)
	finally:
		in_progress.discard(doctype)


def may_read(doctype: str, name, user: str | None = None) -> bool:
	"""Whether the stored record exists and the user may read it; a child row by its parent document."""
	user = user or frappe.session.user
	if not isinstance(name, str | int) or not frappe.db.exists("DocType", doctype):
		return False
	meta = frappe.get_meta(doctype)
	if meta.issingle:
		return bool(frappe.has_permission(doctype, "read", user=user))
	if meta.istable:
		row = frappe.db.get_value(doctype, name, ["parenttype", "parent", "parentfield"], as_dict=True)
		if not row or not row.parenttype or not row.parent:
			return False
		if row.parenttype not in parents_of(doctype):
			return False
		return may_read(row.parenttype, row.parent, user)
	if not frappe.db.exists(doctype, name):
		return False
	doc = frappe.get_doc(doctype, name)
	if not frappe.has_permission(doctype, "read", doc=doc, user=user):
		return False
	# a record about another record (a file, a comment, a log entry) follows that record
	for doctype_field, name_field in references_of(doctype):
		target = doc.get(doctype_field)
		if target in ruled_doctypes() and doc.get(name_field) and target != doctype:
			if not may_read(target, doc.get(name_field), user):
				return False
	return True


def refuse_as_missing(doctype: str, name) -> None:
	"""Frappe's own refusal of a name that does not exist (``Document.load_from_db``)."""
	frappe.throw(_("{0} {1} not found").format(_(doctype), name), frappe.DoesNotExistError)


def readable_or_missing(doctype: str, name) -> None:
	"""Refuse a record the user may not read as Frappe refuses a missing one, and nothing more: the
	messages a refusal queued on the way (Frappe's File names the record it is attached to) go."""
	messages = frappe.local.message_log
	queued = len(messages)
	if not may_read(doctype, name):
		del messages[queued:]
		refuse_as_missing(doctype, name)


# the routes that name one record: Frappe's REST document routes, and any method called with one
# of these pairs of arguments (run_doc_method, frappe.client.get, getdoc, has_permission …)
NAMING_ARGUMENTS = (
	("dt", "dn"),
	("doctype", "name"),
	("doctype", "docname"),
	("doctype", "doc_name"),
	("reference_doctype", "reference_name"),
)


NAME_LISTS = ("docnames", "names")


def judged_one_by_one(doctype: str) -> bool:
	"""Records judged each on its own: child rows, recrm's records, and any DocType an app gives a
	``has_permission`` or ``permission_query_conditions`` hook (File, Contact, Communication …)."""
	if frappe.is_table(doctype) or doctype in ruled_doctypes():
		return True
	hooks = {
		**(frappe.get_hooks("has_permission") or {}),
		**(frappe.get_hooks("permission_query_conditions") or {}),
	}
	return doctype in hooks or bool(references_of(doctype))


def named_record() -> tuple[str, str] | None:
	"""(doctype, name) of the record the request names, if it names one."""
	request = getattr(frappe.local, "request", None)
	if request is None:
		return None
	if (request.path or "").startswith("/api/"):
		from frappe.api import API_URL_MAP
		from werkzeug.exceptions import HTTPException

		try:
			_endpoint, arguments = API_URL_MAP.bind_to_environ(request.environ).match()
		except HTTPException:
			return None
		if arguments.get("doctype") and arguments.get("name"):
			return arguments["doctype"], arguments["name"]
		if not arguments.get("method"):
			return None
	elif not frappe.form_dict.get("cmd"):
		return None
	form = frappe.form_dict
	for doctype_key, name_key in NAMING_ARGUMENTS:
		doctype, name = form.get(doctype_key), form.get(name_key)
		if isinstance(doctype, str) and isinstance(name, str) and doctype and name:
			if frappe.db.exists("DocType", doctype) and judged_one_by_one(doctype):
				return doctype, name
	return None


def named_records() -> list[tuple[str, str]]:
	"""The records a method's list of names names (``bulk_apply(doctype, docnames)`` …)."""
	form = frappe.form_dict
	doctype = form.get("doctype")
	if not isinstance(doctype, str) or not frappe.db.exists("DocType", doctype):
		return []
	if not judged_one_by_one(doctype):
		return []
	for key in NAME_LISTS:
		names = form.get(key)
		if isinstance(names, str):
			try:
				names = frappe.parse_json(names)
			except ValueError:
				continue
		if isinstance(names, list):
			return [(doctype, name) for name in names if isinstance(name, str | int)]
	return []


# the e-mailed Workflow Action links: opened without a login, each checks its own signature
# (frappe.utils.verify_request) and acts as the user the link was made for, through apply_workflow —
# where recrm's approval check (recrm/workflow_guard.py) judges the move
SIGNED_LINK_METHODS = {
	"frappe.workflow.doctype.workflow_action.workflow_action.apply_action",
	"frappe.workflow.doctype.workflow_action.workflow_action.confirm_action",
}


# the portal layer's own methods: each judges the record it is given through recrm.portal.buyer
# (theirs, or refused as missing) — a buyer holds no DocType permission for the guard to ask
PORTAL_LAYER_MODULES = (
	"recrm.portal.files.",
	"recrm.portal.uploads.",
	"recrm.api.portal.",
	"recrm.api.portal_service.",
)


def requested_method() -> str | None:
	path = getattr(getattr(frappe.local, "request", None), "path", None) or ""
	if path.startswith("/api/method/"):
		return path[len("/api/method/") :].strip("/")
	cmd = frappe.form_dict.get("cmd")
	return cmd if isinstance(cmd, str) else None


def guard_document_route() -> None:
	"""``auth_hooks``: the record a route names must be one the user may read, or the route answers
	as for a missing record."""
	method = requested_method() or ""
	if (
		frappe.session.user == "Administrator"
		or method in SIGNED_LINK_METHODS
		or method.startswith(PORTAL_LAYER_MODULES)
	):
		return
	named = named_record()
	if named:
		if frappe.db.exists("DocType", named[0]):  # an unknown DocType Frappe refuses itself
			readable_or_missing(*named)
		return
	if frappe.form_dict.get("cmd") or (frappe.local.request.path or "").startswith("/api/method/"):
		for doctype, name in named_records():
			readable_or_missing(doctype, name)
