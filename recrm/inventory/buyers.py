"""Which units are a customer's, and who the buyers of a building are.

A rule of the units, not of the portal: the portal pages (``recrm.portal``), the construction
updates to buyers (``recrm.inventory.construction_updates``), the site-visit sign-up and the title
deeds ask it. It reads the sales and handover records that link a customer to a unit by DocType
name, so it imports neither module (both build on Inventory). ``units_of(customer)`` is the one
answer. A unit is a customer's when one of these links them (the strongest relation wins):

- **Owner** — an ``RE Title Deed`` lists the customer among its owners (owners who bought before
  recrm went live have a deed and no contract in it);
- **Contracted** — a submitted ``RE Contract`` lists the customer among its buyers;
- **Reserved** — a submitted ``RE Reservation`` of the customer, neither lapsed nor cancelled;
- anything an app adds with the hook ``recrm_portal_unit_sources`` (a list of dotted paths to
  functions ``source(customers=None, buildings=None) -> list[dict]``, each row with ``customer``,
  ``unit``, ``relation`` and optionally ``reference_doctype`` and ``reference_name``).

Reservations and contracts are read only when their tables exist and only through the fields named
in ``DOCUMENT_SOURCES``, checked against the DocType's meta: a field that is not there (or does not
link an RE Customer or RE Unit) makes the source give nothing rather than something wrong. A field
that merely mentions a customer — a referrer, an agent — must never make a unit theirs.
"""

from dataclasses import dataclass

import frappe

CUSTOMER = "RE Customer"
UNIT = "RE Unit"

OWNER = "Owner"
CONTRACTED = "Contracted"
RESERVED = "Reserved"
# the strongest relation first: a reserved unit that was then contracted shows as contracted
RELATIONS = (OWNER, CONTRACTED, RESERVED)


@dataclass(frozen=True)
class DocumentSource:
	"""A DocType whose records make units their customers': ``unit_field`` links the RE Unit, and
	the customers are ``customer_field`` on the record and ``customer_field`` on the rows of the
	table fields in ``buyer_tables``. ``ended_statuses``: values of ``status`` that end the link."""

	doctype: str
	relation: str
	unit_field: str = "unit"
	customer_field: str = "customer"
	buyer_tables: tuple[str, ...] = ()
	ended_statuses: tuple[str, ...] = ("Cancelled", "Expired", "Lapsed", "Void", "Terminated", "Changed")


# the sales documents that make a unit a buyer's: a reservation names one customer, a contract its
# buyers with their shares in the table ``buyers``
DOCUMENT_SOURCES = (
	DocumentSource("RE Contract", CONTRACTED, buyer_tables=("buyers",)),
	DocumentSource("RE Reservation", RESERVED),
)


# --- the answers --------------------------------------------------------------------------------


def units_of(customer: str) -> list[dict]:
	"""Each unit the customer reserved, bought or owns, with its facts and floor plan.

	Rows, ordered by project, building and unit number: ``unit``, ``unit_number``, ``kind``,
	``floor``, ``orientation``, ``gross_area``, ``net_area``, ``status``, ``building``,
	``building_name``, ``project``, ``unit_type``, ``type_name``, ``bedrooms``, ``living_rooms``,
	``bathrooms``, ``floor_plan`` (a file URL), ``construction_stage``, ``progress_percent``,
	``planned_handover_date``, and ``relation`` with the ``reference_doctype`` and
	``reference_name`` of the record that makes it theirs. Cached for the request.
	"""
	if not customer:
		return []
	cache = _request_cache()
	if customer not in cache:
		links = strongest(links_for(customers=[customer]))
		cache[customer] = unit_facts(links)
	return cache[customer]


def buildings_of(customer: str) -> list[str]:
	return sorted({row["building"] for row in units_of(customer) if row["building"]})


def projects_of(customer: str) -> list[str]:
	return sorted({row["project"] for row in units_of(customer) if row["project"]})


def customers_of_buildings(buildings: list[str]) -> list[str]:
	"""The customers with a unit in any of ``buildings`` (the people a progress update goes to)."""
	if not buildings:
		return []
	return sorted({row["customer"] for row in links_for(buildings=list(buildings))})


def clear_cache() -> None:
	_request_cache().clear()
	# the buyer's records of the request (recrm.portal.buyer) were read with these
	getattr(frappe.local, "cache", {}).pop("recrm_portal_buyer", None)


def _request_cache() -> dict:
	if not hasattr(frappe.local, "recrm_portal_units"):
		frappe.local.recrm_portal_units = {}
	return frappe.local.recrm_portal_units


# --- the sources --------------------------------------------------------------------------------


def links_for(customers: list[str] | None = None, buildings: list[str] | None = None) -> list[dict]:
	"""Every (customer, unit, relation) link of the given customers or of units in the given
	buildings, from every source, duplicates included."""
	rows = title_deed_links(customers, buildings)
	for source in DOCUMENT_SOURCES:
		rows += document_links(source, customers, buildings)
	for path in frappe.get_hooks("recrm_portal_unit_sources"):
		rows += frappe.get_attr(path)(customers=customers, buildings=buildings) or []
	return rows


def strongest(links: list[dict]) -> list[dict]:
	"""One link per unit: the strongest relation, then the earliest record."""
	rank = {relation: index for index, relation in enumerate(RELATIONS)}
	best: dict[str, dict] = {}
	for link in links:
		current = best.get(link["unit"])
		key = (rank.get(link["relation"], len(RELATIONS)), link.get("reference_name") or "")
		if current is None or key < (
			rank.get(current["relation"], len(RELATIONS)),
			current.get("reference_name") or "",
		):
			best[link["unit"]] = link
	return list(best.values())


def title_deed_links(customers: list[str] | None, buildings: list[str] | None) -> list[dict]:
	if not frappe.db.table_exists("RE Title Deed"):
		return []
	deed = frappe.qb.DocType("RE Title Deed")
	owner = frappe.qb.DocType("RE Title Deed Owner")
	query = (
		frappe.qb.from_(deed)
		.join(owner)
		.on((owner.parent == deed.name) & (owner.parenttype == "RE Title Deed"))
		.select(owner.customer, deed.unit, deed.name.as_("reference_name"))
		.where(deed.docstatus < 2)
	)
	query = _restrict(query, deed.unit, owner.customer, customers, buildings)
	if query is None:
		return []
	return [
		{**row, "relation": OWNER, "reference_doctype": "RE Title Deed"} for row in query.run(as_dict=True)
	]


def document_links(source: DocumentSource, customers: list[str] | None, buildings: list[str] | None):
	if not frappe.db.table_exists(source.doctype):
		return []
	meta = frappe.get_meta(source.doctype)
	if not _links_to(meta, source.unit_field, UNIT):
		return []
	table = frappe.qb.DocType(source.doctype)
	alive = table.docstatus == 1 if meta.is_submittable else table.docstatus < 2
	if meta.has_field("status") and source.ended_statuses:
		alive = alive & (table.status.isnull() | table.status.notin(source.ended_statuses))
	unit_column = table[source.unit_field]
	# (query, its customer column): the record's own customer, then each buyers table's rows
	selects = []
	if _links_to(meta, source.customer_field, CUSTOMER):
		customer_column = table[source.customer_field]
		query = frappe.qb.from_(table).select(
			customer_column.as_("customer"), unit_column.as_("unit"), table.name
		)
		selects.append((query.where(alive), customer_column))
	for table_field in source.buyer_tables:
		df = meta.get_field(table_field)
		if not df or df.fieldtype != "Table":
			continue
		if not _links_to(frappe.get_meta(df.options), source.customer_field, CUSTOMER):
			continue
		child = frappe.qb.DocType(df.options)
		customer_column = child[source.customer_field]
		query = (
			frappe.qb.from_(table)
			.join(child)
			.on(
				(child.parent == table.name)
				& (child.parenttype == source.doctype)
				& (child.parentfield == table_field)
			)
			.select(customer_column.as_("customer"), unit_column.as_("unit"), table.name)
		)
		selects.append((query.where(alive), customer_column))
	rows = []
	for query, customer_column in selects:
		query = _restrict(query, unit_column, customer_column, customers, buildings)
		if query is None:
			continue
		rows += [
			{
				"customer": row.customer,
				"unit": row.unit,
				"relation": source.relation,
				"reference_doctype": source.doctype,
				"reference_name": row.name,
			}
			for row in query.run(as_dict=True)
			if row.customer and row.unit
		]
	return rows


def _links_to(meta, fieldname: str, doctype: str) -> bool:
	df = meta.get_field(fieldname)
	return bool(df and df.fieldtype == "Link" and df.options == doctype)


def _restrict(query, unit_column, customer_column, customers, buildings):
	"""``query`` limited to the customers or to units in the buildings; None when that is nothing."""
	if customers is not None:
		if not customers:
			return None
		return query.where(customer_column.isin(customers))
	if buildings is not None:
		if not buildings:
			return None
		unit = frappe.qb.DocType(UNIT)
		units = frappe.qb.from_(unit).select(unit.name).where(unit.building.isin(buildings))
		return query.where(unit_column.isin(units))
	return query


# --- the facts of the units ---------------------------------------------------------------------


def unit_facts(links: list[dict]) -> list[dict]:
	if not links:
		return []
	by_unit = {link["unit"]: link for link in links}
	unit = frappe.qb.DocType(UNIT)
	unit_type = frappe.qb.DocType("RE Unit Type")
	building = frappe.qb.DocType("RE Building")
	rows = (
		frappe.qb.from_(unit)
		.left_join(unit_type)
		.on(unit_type.name == unit.unit_type)
		.left_join(building)
		.on(building.name == unit.building)
		.select(
			unit.name.as_("unit"),
			unit.unit_number,
			unit.kind,
			unit.floor,
			unit.orientation,
			unit.gross_area,
			unit.net_area,
			unit.status,
			unit.building,
			unit.project,
			unit.unit_type,
			unit_type.type_name,
			unit_type.bedrooms,
			unit_type.living_rooms,
			unit_type.bathrooms,
			unit_type.floor_plan,
			building.building_name,
			building.construction_stage,
			building.progress_percent,
			building.planned_handover_date,
		)
		.where(unit.name.isin(list(by_unit)))
		.orderby(unit.project)
		.orderby(unit.building)
		.orderby(unit.floor)
		.orderby(unit.unit_number)
		.run(as_dict=True)
	)
	for row in rows:
		link = by_unit[row.unit]
		row.update(
			relation=link["relation"],
			reference_doctype=link.get("reference_doctype"),
			reference_name=link.get("reference_name"),
		)
	return rows
