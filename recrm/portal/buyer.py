"""The buyer portal's one way to the database: who the buyer is and what is theirs, once a request.

Home buyers hold no DocType permission, so Frappe's generic routes refuse them everything of
recrm's. Every portal page (``recrm/www/my-home``) and portal method (``recrm.api.portal``,
``recrm.api.portal_service``, ``recrm.portal.uploads``, ``recrm.portal.files``) reads and writes
through ``current_buyer()``:

- ``Buyer.customer`` (the ``RE Customer`` linked to the login), ``units`` and the ``buildings``
  and ``projects`` they are in (``recrm.inventory.buyers``);
- ``Buyer.names(doctype)``: the names of their records of a portal DocType, by the rule in
  ``recrm.portal.scopes.SCOPES`` (a contract of theirs is one whose buyers table names them, so
  co-buyers each see it; its receipts follow it), resolved once a request;
- ``Buyer.get_all(doctype, filters, …)``: ``frappe.get_all`` with the ownership among the filters,
  and ``Buyer.children(...)`` for the rows of their records' child tables;
- ``Buyer.check(doctype, name)``: the check before acting on a name from the request, which
  refuses a record that is not theirs in the same words as one that does not exist.

Nothing here trusts the request for who the buyer is: the session's user alone decides.
"""

from functools import cached_property

import frappe
from frappe import _

from recrm.inventory.buyers import units_of
from recrm.portal.access import PortalAccessError, current_customer
from recrm.portal.scopes import CHILD_SCOPES, their_names


class NotTheirsError(frappe.PermissionError):
	pass


def refuse_not_theirs(name) -> None:
	"""The one refusal of a name that is not the buyer's, whether it exists or not."""
	asked = str(name) if isinstance(name, str | int) and name != "" else _("This record")
	frappe.throw(
		_("{0} is not among your records.").format(frappe.utils.escape_html(asked)),
		exc=NotTheirsError,
		title=_("Not Found"),
	)


class Buyer:
	"""The logged-in buyer and what is theirs (see the module's docstring)."""

	def __init__(self, user: str, customer: str):
		self.user = user
		self.customer = customer
		self._names: dict[str, set[str]] = {}

	@cached_property
	def units(self) -> list[dict]:
		return units_of(self.customer)

	@cached_property
	def unit_names(self) -> list[str]:
		return [row.unit for row in self.units]

	@cached_property
	def buildings(self) -> list[str]:
		return sorted({row.building for row in self.units if row.building})

	@cached_property
	def projects(self) -> list[str]:
		return sorted({row.project for row in self.units if row.project})

	def unit(self, name) -> dict | None:
		"""One of the buyer's units by name; None for any other value."""
		if not isinstance(name, str):
			return None
		return next((row for row in self.units if row.unit == name), None)

	@cached_property
	def full_name(self) -> str:
		return frappe.db.get_value("RE Customer", self.customer, "full_name") or ""

	# --- what is theirs -----------------------------------------------------------------------

	def names(self, doctype: str) -> set[str]:
		"""The names of the buyer's records of ``doctype`` (a portal DocType or a child table)."""
		if doctype not in self._names:
			self._names[doctype] = set(their_names(doctype, self.customer))
		return self._names[doctype]

	def owns(self, doctype: str, name) -> bool:
		return isinstance(name, str) and bool(name) and name in self.names(doctype)

	def check(self, doctype: str, name) -> str:
		"""``name`` if it is one of the buyer's records of ``doctype``; else the refusal."""
		if not self.owns(doctype, name):
			refuse_not_theirs(name)
		return name

	def forget(self, *doctypes: str) -> None:
		"""After a write of the buyer's own: read their records of ``doctypes`` again."""
		for doctype in doctypes or list(self._names):
			self._names.pop(doctype, None)

	def get_all(self, doctype: str, filters: dict | None = None, **kwargs) -> list:
		"""``frappe.get_all(doctype, …)`` of the buyer's records only."""
		mine = self.names(doctype)
		if not mine:
			return []
		conditions = [_condition(field, value) for field, value in (filters or {}).items()]
		conditions.append(["name", "in", sorted(mine)])
		return frappe.get_all(doctype, filters=conditions, **kwargs)

	def children(
		self, child_doctype: str, parents, fields: list[str], order_by: str = "idx asc"
	) -> dict[str, list]:
		"""The rows of ``child_doctype`` of those ``parents`` that are the buyer's, by parent."""
		parent_doctype = CHILD_SCOPES[child_doctype]
		allowed = sorted({name for name in parents if self.owns(parent_doctype, name)})
		if not allowed:
			return {}
		found: dict[str, list] = {}
		for row in frappe.get_all(
			child_doctype,
			filters={"parenttype": parent_doctype, "parent": ("in", allowed)},
			fields=["parent", *fields],
			order_by=order_by,
		):
			found.setdefault(row.parent, []).append(row)
		return found

	def get_doc(self, doctype: str, name, for_update: bool = False):
		"""One of the buyer's records as a document (to change it through its controller)."""
		self.check(doctype, name)
		return frappe.get_doc(doctype, name, for_update=for_update)


def _condition(field: str, value) -> list:
	if isinstance(value, list | tuple) and len(value) == 2:
		return [field, value[0], value[1]]
	return [field, "=", value]


CACHE_KEY = "recrm_portal_buyer"


def current_buyer() -> Buyer:
	"""The logged-in buyer, once a request; PortalAccessError for guests and anyone else.

	Kept in ``frappe.local.cache``, which Frappe empties for every request and every ``set_user``."""
	customer = current_customer()
	cached = frappe.local.cache.get(CACHE_KEY)
	if cached is None or cached.user != frappe.session.user or cached.customer != customer:
		cached = frappe.local.cache[CACHE_KEY] = Buyer(frappe.session.user, customer)
	return cached


def buyer_or_none() -> Buyer | None:
	"""The logged-in buyer, or None for anyone else (staff, guests, unlinked website users)."""
	try:
		return current_buyer()
	except PortalAccessError:
		return None


def clear_buyer_cache() -> None:
	frappe.local.cache.pop(CACHE_KEY, None)
