"""The isolation matrix's machinery: what it enumerates, how it calls, what it looks for.

Used by ``recrm/tests/test_isolation_matrix.py``. Nothing here is a hand-written list of routes:
the methods are every function that an installed app whitelists (read from ``frappe.whitelisted``
after importing every module of every installed app, plus ``override_whitelisted_methods``), the
DocTypes every row of ``tabDocType``. What is skipped is chosen by rule (``SKIPPED``), each with
its reason.
"""

import importlib
import inspect
import json
import pkgutil
import queue
import random
import re
import string
import threading
import typing
from dataclasses import dataclass, field

import frappe
from werkzeug.test import Client

# modules not imported: tests (they build worlds when imported), patches (run once), bench commands
NOT_IMPORTED = re.compile(r"\.(tests?|patches|commands)(\.|$)|\.test_[^.]*$")

# methods not called, by rule, each with its reason; the first pattern that matches a method's path wins
SKIPPED: tuple[tuple[str, str], ...] = (
	(r"logout|log_out", "ends the caller's session"),
	(r"(^|[._])(login|sign_up|signup|impersonate|authorize|oauth|callback)", "changes who the caller is"),
	(r"password|reset_otp|otp_secret|generate_keys|api_secret|2fa|two_factor", "changes credentials"),
	(r"install|setup_wizard|setup_complete|migrate|update_app", "installs or sets up the site"),
	(r"backup", "writes a backup of the site"),
	(
		r"scheduler|enqueue|run_job|start_job|stop_job|retry|bulk_update|submit_cancel_or_update_docs",
		"starts background jobs",
	),
	(r"send|newsletter|sms|notify|push_notification|unsubscribe|make_email|email_queue", "sends messages"),
	(
		r"delete|rename|trash|merge|remove|clear|cancel|amend|discard",
		"destroys, renames or cancels records (the seeds among them)",
	),
	(r"reload|restart|rebuild|build_|clear_cache|reset", "resets global state"),
	(r"upload|import_file|start_import|form_start_import", "writes files of the site"),
	(
		r"(^|\.)(client\.(insert|insert_many|save|submit|set_value|bulk_update)|savedocs|save_doc)$",
		"writes records",
	),
)
SKIPPED_PATTERNS = tuple((re.compile(pattern, re.I), reason) for pattern, reason in SKIPPED)

# parameters, by name, and what the matrix passes for them
DOCTYPE_PARAMS = {
	"doctype",
	"dt",
	"ref_doctype",
	"reference_doctype",
	"document_type",
	"doc_type",
	"link_doctype",
	"parenttype",
	"ref_dt",
	"source_doctype",
}
NAME_PARAMS = {
	"name",
	"docname",
	"dn",
	"doc_name",
	"reference_name",
	"reference_docname",
	"ref_docname",
	"ref_dn",
	"document_name",
	"link_name",
	"record",
	"for_value",
	"value",
	"item",
	"id",
}
NAME_LIST_PARAMS = {"docnames", "names", "items", "docs_to_fetch"}
USER_PARAMS = {"user", "email", "usr", "owner", "assign_to", "user_email", "for_user", "users"}
TEXT_PARAMS = {
	"txt",
	"text",
	"search_text",
	"search_term",
	"keyword",
	"keywords",
	"q",
	"term",
	"phone",
	"mobile",
}
FILTER_PARAMS = {"filters", "or_filters", "filter", "args"}


def _parameters(*names: str) -> dict[str, inspect.Parameter]:
	return {name: inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY) for name in names}


# what a method without parameters (it reads ``frappe.form_dict``) is given
FORM_DICT_PARAMETERS = _parameters("doctype", "filters", "fields")


def installed_app_modules() -> tuple[int, list[tuple[str, str]]]:
	"""Import every module of every installed app's package; (how many, [(module, error)])."""
	imported, failed = 0, []
	for app in frappe.get_installed_apps():
		package = importlib.import_module(app)
		for module in pkgutil.walk_packages(package.__path__, f"{app}."):
			if NOT_IMPORTED.search(module.name):
				continue
			try:
				importlib.import_module(module.name)
				imported += 1
			except BaseException as error:  # an optional dependency missing: not reachable over HTTP either
				failed.append((module.name, repr(error)[:120]))
	return imported, failed


@dataclass
class Method:
	path: str
	fn: typing.Any
	guest: bool
	http_methods: list[str]
	doctype: str | None = None  # a controller method: called with run_doc_method on this DocType
	via: str | None = None  # the Frappe path it overrides

	@property
	def parameters(self) -> dict[str, inspect.Parameter]:
		try:
			params = dict(inspect.signature(self.fn).parameters)
		except (TypeError, ValueError):
			return {}
		params.pop("self", None)
		return params


def controller_doctypes() -> dict[str, str]:
	"""{controller class name: DocType}, as Frappe names the controller of each DocType."""
	return {name.replace(" ", "").replace("-", ""): name for name in frappe.get_all("DocType", pluck="name")}


def whitelisted_methods() -> list[Method]:
	"""Every whitelisted function of the installed apps (modules already imported), each under the
	path that reaches it; an overridden Frappe path is listed once more, as the path callers use."""
	classes = controller_doctypes()
	guests = set(frappe.guest_methods)
	methods, seen = [], set()
	for fn in frappe.whitelisted:
		if fn in seen:
			continue
		seen.add(fn)
		qualname = fn.__qualname__
		http = frappe.allowed_http_methods_for_whitelisted_func.get(fn) or ["GET", "POST"]
		if "." in qualname:
			owner = qualname.rsplit(".", 1)[0]
			doctype = classes.get(owner.split(".")[-1])
			methods.append(
				Method(f"{fn.__module__}.{qualname}", fn, fn in guests, http, doctype=doctype or "")
			)
		else:
			methods.append(Method(f"{fn.__module__}.{qualname}", fn, fn in guests, http))
	by_path = {method.path: method for method in methods}
	for frappe_path, overrides in (frappe.get_hooks("override_whitelisted_methods") or {}).items():
		target = by_path.get(overrides[-1])
		if target:
			methods.append(Method(frappe_path, target.fn, target.guest, target.http_methods, via=target.path))
	return sorted(methods, key=lambda method: method.path)


def skip_reason(method: Method) -> str | None:
	for pattern, reason in SKIPPED_PATTERNS:
		if pattern.search(method.path):
			return reason
	if method.doctype == "":
		return "a method of a base class, not of a DocType: reached through the DocTypes' own methods"
	return None


# --- what each actor owns ---------------------------------------------------------------------


def marker(prefix: str) -> str:
	"""A value no other row of the database holds."""
	return f"{prefix}{frappe.generate_hash(length=10)}"


def phone_forms(phone: str) -> set[str]:
	digits = re.sub(r"\D", "", phone)
	return {phone, digits, f"+86{digits}", f"{digits[:3]} {digits[3:7]} {digits[7:]}"}


def missing_like(name: str) -> str:
	"""A name of the same shape as ``name`` (digits for digits, letters for letters) that no record has."""
	out = []
	digits_only = sum(char.isdigit() for char in str(name)) >= 3
	for char in str(name):
		if digits_only and not char.isdigit():
			out.append(char)
		elif char.isdigit():
			out.append(random.choice(string.digits))
		elif char.isascii() and char.isalpha():
			out.append(random.choice(string.ascii_lowercase if char.islower() else string.ascii_uppercase))
		else:
			out.append(char)
	return "".join(out)


@dataclass
class Actor:
	key: str
	user: str
	kind: str  # guest, buyer, advisor
	marker: str = ""
	phones: set[str] = field(default_factory=set)
	records: list[tuple[str, str]] = field(default_factory=list)  # (doctype, name) only this actor may see
	client: Client | None = None

	@property
	def secrets(self) -> set[str]:
		"""Values that only this actor (and the staff who serve them) may see."""
		values = {self.marker, *self.phones} if self.marker else set(self.phones)
		return {value for value in values if value}

	def names_of(self, doctype: str) -> list[str]:
		return [name for dt, name in self.records if dt == doctype]


def table_columns(doctype: str) -> list[str]:
	return [row[0] for row in frappe.db.sql(f"show columns from `tab{doctype}`")]


def stored_tables() -> list[str]:
	"""DocTypes with a table of their own (not virtual, not single)."""
	return [
		row.name
		for row in frappe.get_all("DocType", fields=["name", "issingle", "is_virtual"])
		if not row.issingle and not row.is_virtual and frappe.db.table_exists(row.name)
	]


def records_made_between(start, end, tables: list[str]) -> dict[str, list[dict]]:
	"""Every row any DocType's table gained between ``start`` and ``end``, by DocType."""
	found = {}
	for doctype in tables:
		try:
			rows = frappe.db.sql(
				f"select * from `tab{doctype}` where creation >= %s and creation <= %s",
				(start, end),
				as_dict=True,
			)
		except Exception:
			continue
		if rows:
			found[doctype] = rows
	return found


def secret_records(made: dict[str, list[dict]], secrets: set[str]) -> list[tuple[str, str]]:
	"""Of the rows made for an actor: those holding one of the actor's secret values, the rows of
	those, and rows that point at them (a Version's ``docname``, a File's ``attached_to_name``, a
	Dynamic Link's ``link_name``, a child row's ``parent`` …), until nothing more is added."""
	secret_names: set[str] = set()
	keys: set[tuple[str, str]] = set()

	def holds(row, values) -> bool:
		for value in row.values():
			if isinstance(value, str) and any(secret in value for secret in values):
				return True
		return False

	changed = True
	while changed:
		changed = False
		for doctype, rows in made.items():
			for row in rows:
				key = (doctype, row["name"])
				if key in keys:
					continue
				if holds(row, secrets) or any(
					isinstance(value, str) and value in secret_names
					for column, value in row.items()
					if column != "name"
				):
					keys.add(key)
					secret_names.add(row["name"])
					changed = True
	return sorted(keys)


# --- calling over HTTP ------------------------------------------------------------------------


class Worker:
	"""One thread that runs Frappe's WSGI application for the test: each request opens its own
	connection, as under gunicorn, and sees only what is committed."""

	def __init__(self, site: str):
		self.site = site
		self.jobs: queue.Queue = queue.Queue()
		self.thread = threading.Thread(target=self.run, daemon=True)
		self.thread.start()
		self.requests = 0

	def run(self):
		while True:
			job = self.jobs.get()
			if job is None:
				return
			fn, args, kwargs, done = job
			try:
				done.put((True, fn(*args, **kwargs)))
			except BaseException as error:
				done.put((False, error))

	def call(self, fn, *args, **kwargs):
		done: queue.Queue = queue.Queue()
		self.jobs.put((fn, args, kwargs, done))
		ok, value = done.get()
		if not ok:
			raise value
		return value

	def request(self, client: Client, method: str, path: str, params: dict | None = None):
		self.requests += 1
		headers = {"X-Frappe-Site-Name": self.site, "Accept": "application/json"}
		if method == "GET":
			return self.call(
				client.open,
				path,
				method="GET",
				query_string=encode(params or {}),
				headers=headers,
				buffered=True,
			)
		return self.call(
			client.open, path, method=method, data=encode(params or {}), headers=headers, buffered=True
		)

	def stop(self):
		self.jobs.put(None)
		self.thread.join(timeout=5)


def encode(params: dict) -> dict:
	return {
		key: value if isinstance(value, str) else json.dumps(value)
		for key, value in params.items()
		if value is not None
	}


@dataclass
class Answer:
	status: int
	text: str

	@property
	def json(self):
		try:
			return json.loads(self.text)
		except ValueError:
			return None


def answer(response) -> Answer:
	"""The status and the body (a file's bytes as text, its name from the headers before them)."""
	body = response.get_data().decode("utf-8", errors="replace")
	disposition = response.headers.get("Content-Disposition")
	return Answer(response.status_code, f"{disposition}\n{body}" if disposition else body)


def normalised(value, name: str, placeholder: str = "<NAME>"):
	"""The answer with ``name`` replaced, for comparing the answer on an existing name with the answer
	on a missing one: what differs is what tells them apart."""
	if isinstance(value, str):
		value = value.replace(name, placeholder) if name else value
		# a record the call itself made (a prepared report, a log) has a new random name each time
		return "<NEW>" if NEW_NAME.fullmatch(value) and value != placeholder else value
	if isinstance(value, list):
		return [normalised(item, name, placeholder) for item in value]
	if isinstance(value, dict):
		return {
			normalised(key, name, placeholder): normalised(item, name, placeholder)
			for key, item in value.items()
			if key not in VOLATILE_KEYS
		}
	return value


NEW_NAME = re.compile(r"[0-9a-z]{10}")
# keys of a JSON answer that differ between any two calls (a request's timing, debug output)
VOLATILE_KEYS = {"_debug_messages", "exc", "exception", "_exc_source", "__frappe_exc_id"}


def comparable(text: str, name: str):
	data = None
	try:
		data = json.loads(text)
	except ValueError:
		return normalised(text, name)
	if isinstance(data, dict):
		data = {key: value for key, value in data.items() if key not in VOLATILE_KEYS}
		if "_server_messages" in data:
			data["_server_messages"] = server_messages(data["_server_messages"])
	return normalised(data, name)


def first_difference(a, b, path: str = "") -> str | None:
	"""Where two comparable answers first differ, as a path and the two values."""
	if type(a) is not type(b):
		return f"{path or '.'}: {str(a)[:120]!r} / {str(b)[:120]!r}"
	if isinstance(a, dict):
		for key in sorted(set(a) | set(b), key=str):
			if key not in a or key not in b:
				return f"{path}.{key}: only on one side"
			found = first_difference(a[key], b[key], f"{path}.{key}")
			if found:
				return found
		return None
	if isinstance(a, list):
		if len(a) != len(b):
			return f"{path}: {len(a)} items / {len(b)} items"
		for index, (x, y) in enumerate(zip(a, b, strict=True)):
			found = first_difference(x, y, f"{path}[{index}]")
			if found:
				return found
		return None
	return None if a == b else f"{path or '.'}: {str(a)[:160]!r} / {str(b)[:160]!r}"


def strings_in(value):
	"""Every string in a request's arguments, nested ones included."""
	if isinstance(value, str):
		yield value
	elif isinstance(value, dict):
		for key, item in value.items():
			yield from strings_in(key)
			yield from strings_in(item)
	elif isinstance(value, list | tuple | set):
		for item in value:
			yield from strings_in(item)


def error_line(text: str) -> str:
	"""The exception of an error answer, or its first characters."""
	try:
		data = json.loads(text)
	except ValueError:
		return text[:200]
	if isinstance(data, dict):
		if data.get("exception"):
			return str(data["exception"])[:200]
		if data.get("errors"):
			return str(data["errors"][0].get("message") or data["errors"][0])[:200]
	return text[:200]


def server_messages(raw):
	try:
		return [json.loads(message) for message in json.loads(raw)]
	except (TypeError, ValueError):
		return raw
