# Copyright (c) 2026, recrm developers and contributors
# For license information, please see license.txt

"""Handover progress per building (交付进度): the batch, units contracted, appointments booked,
units inspected (RE Handover Inspection), keys handed over — in three queries whatever the number of buildings and units:
the buildings the user may read (``frappe.get_list``), the counts of all of them at once, and their
latest batches."""

import frappe
from frappe import _

SOLD = ("Contracted", "Handed Over")
# what counts as inspected: the units of the building with an RE Handover Inspection (验房) recorded
# (a unit inspected twice counts once); one correlated subquery per building, same query
INSPECTED = "(SELECT COUNT(DISTINCT i.unit) FROM `tabRE Handover Inspection` i WHERE i.building = u.building)"
BOOKED = (
	"(SELECT COUNT(*) FROM `tabRE Handover Appointment` a"
	" WHERE a.building = u.building AND a.status IN ('Booked', 'Completed'))"
)


def execute(filters=None):
	data = progress(filters or {})
	return columns(), data, None, chart(data), summary(data)


def columns() -> list[dict]:
	return [
		{
			"fieldname": "building",
			"label": _("Building"),
			"fieldtype": "Link",
			"options": "RE Building",
			"width": 160,
		},
		{
			"fieldname": "project",
			"label": _("Project"),
			"fieldtype": "Link",
			"options": "RE Project",
			"width": 140,
		},
		{
			"fieldname": "batch",
			"label": _("Batch"),
			"fieldtype": "Link",
			"options": "RE Handover Batch",
			"width": 110,
		},
		{"fieldname": "batch_status", "label": _("Batch Status"), "fieldtype": "Data", "width": 100},
		{"fieldname": "units", "label": _("Units"), "fieldtype": "Int", "width": 80},
		{"fieldname": "contracted", "label": _("Contracted"), "fieldtype": "Int", "width": 100},
		{"fieldname": "booked", "label": _("Booked"), "fieldtype": "Int", "width": 90},
		{"fieldname": "inspected", "label": _("Inspected"), "fieldtype": "Int", "width": 90},
		{"fieldname": "keys", "label": _("Keys Handed Over"), "fieldtype": "Int", "width": 130},
		{"fieldname": "keys_percent", "label": _("Keys %"), "fieldtype": "Percent", "width": 90},
	]


def progress(filters: dict) -> list[dict]:
	conditions = {key: filters[key] for key in ("project",) if filters.get(key)}
	if filters.get("building"):
		conditions["name"] = filters["building"]
	buildings = frappe.get_list(
		"RE Building",
		filters=conditions,
		fields=["name", "project"],
		order_by="project asc, name asc",
		limit_page_length=0,
	)
	if not buildings:
		return []
	names = tuple(b.name for b in buildings)
	counts = {
		row.building: row
		for row in frappe.db.sql(
			f"""SELECT u.building, COUNT(*) AS units,
				SUM(u.status IN %(sold)s) AS contracted,
				SUM(u.status = 'Handed Over') AS `keys`,
				{BOOKED} AS booked, {INSPECTED} AS inspected
			FROM `tabRE Unit` u WHERE u.building IN %(names)s GROUP BY u.building""",
			{"names": names, "sold": SOLD},
			as_dict=True,
		)
	}
	batches = {}
	for row in frappe.db.sql(
		"""SELECT b.building, b.name, b.status FROM `tabRE Handover Batch` b
		WHERE b.building IN %(names)s ORDER BY b.creation ASC""",
		{"names": names},
		as_dict=True,
	):
		batches[row.building] = row  # the latest batch wins
	data = []
	for building in buildings:
		count = counts.get(building.name) or frappe._dict()
		batch = batches.get(building.name) or frappe._dict()
		contracted = int(count.contracted or 0)
		keys = int(count.get("keys") or 0)
		data.append(
			{
				"building": building.name,
				"project": building.project,
				"batch": batch.name,
				"batch_status": _(batch.status) if batch.status else _("No Batch"),
				"units": int(count.units or 0),
				"contracted": contracted,
				"booked": int(count.booked or 0),
				"inspected": int(count.inspected or 0),
				"keys": keys,
				"keys_percent": round(keys * 100 / contracted, 1) if contracted else 0,
			}
		)
	return data


def chart(data: list[dict]) -> dict | None:
	if not data:
		return None
	return {
		"data": {
			"labels": [row["building"] for row in data],
			"datasets": [
				{"name": _("Contracted"), "values": [row["contracted"] for row in data]},
				{"name": _("Booked"), "values": [row["booked"] for row in data]},
				{"name": _("Inspected"), "values": [row["inspected"] for row in data]},
				{"name": _("Keys Handed Over"), "values": [row["keys"] for row in data]},
			],
		},
		"type": "bar",
	}


def summary(data: list[dict]) -> list[dict]:
	contracted = sum(row["contracted"] for row in data)
	keys = sum(row["keys"] for row in data)
	return [
		{"label": _("Contracted"), "value": contracted, "indicator": "blue", "datatype": "Int"},
		{"label": _("Keys Handed Over"), "value": keys, "indicator": "green", "datatype": "Int"},
		{
			"label": _("Open Batches"),
			"value": sum(1 for row in data if row["batch_status"] == _("Open")),
			"indicator": "orange",
			"datatype": "Int",
		},
	]
