"""Places counted under a lock, alike for site-visit days (persons signed up, ``SITE_VISIT_PLACES``)
and handover slots (booked appointments, ``recrm.handover.places``).

Whoever takes a place locks the offer's row first (``Places.lock``), then counts what is taken
with a locking read (``Places.taken``), which sees what other transactions committed since this
one began: a plain read would see this transaction's snapshot and let two buyers count the same
free place. The offer keeps the total for lists and pages (``Places.update_total``)."""

from dataclasses import dataclass

import frappe
from frappe import _
from frappe.query_builder.functions import Count, Sum

from recrm.errors import PortalRuleError


@dataclass(frozen=True)
class Places:
	"""The places of an ``offer`` record taken by the ``taker`` records that link to it by
	``link``: each takes ``amount`` places (one when None) while it matches ``taking``, (field,
	value) pairs. The offer keeps the total in its field ``total``."""

	offer: str
	taker: str
	link: str
	total: str
	amount: str | None = None
	taking: tuple[tuple[str, str], ...] = ()

	def lock(self, name: str, fields: list[str]) -> frappe._dict | None:
		"""The offer's ``fields``, its row locked until the transaction ends."""
		return frappe.db.get_value(self.offer, name, fields, as_dict=True, for_update=True)

	def taken(self, name: str, leaving_out: str | None = None) -> int:
		"""The places taken in offer ``name`` as committed now (a locking read), not counting the
		taker ``leaving_out``."""
		table = frappe.qb.DocType(self.taker)
		counted = Sum(table[self.amount]) if self.amount else Count("*")
		query = frappe.qb.from_(table).select(counted).where(table[self.link] == name)
		for fieldname, value in self.taking:
			query = query.where(table[fieldname] == value)
		if leaving_out:
			query = query.where(table.name != leaving_out)
		return int(query.for_update().run()[0][0] or 0)

	def update_total(self, name: str) -> None:
		frappe.db.set_value(self.offer, name, self.total, self.taken(name), update_modified=False)


SITE_VISIT_PLACES = Places(
	offer="RE Site Visit Day",
	taker="RE Site Visit Sign-up",
	link="site_visit_day",
	total="signed_up_persons",
	amount="persons",
)


def validate_building_in_project(doc) -> None:
	"""An offer for one building (``doc.building``) must name a building of its project."""
	if doc.building and frappe.db.get_value("RE Building", doc.building, "project") != doc.project:
		frappe.throw(
			_("Building {0} is not in project {1}.").format(doc.building, doc.project),
			exc=PortalRuleError,
		)
