"""Title deeds of the four-step shape (documents collected → submitted → issued → handed to the
owner, a date field each) become deeds of the eight stages (``recrm.core.deed``): the old stage
and dates go to the stages they stand for (``from_old``), the deed gets its stage rows and a log
line saying it was carried over. Deeds that already have stage rows are left alone, so the patch
can run twice."""

import frappe
from frappe.utils import getdate, now_datetime

from recrm.core import deed as rules

OLD_FIELDS = tuple(rules.OLD_DATES)


def execute():
	table = "tabRE Title Deed"
	if not frappe.db.table_exists("RE Title Deed"):
		return
	present = [field for field in OLD_FIELDS if frappe.db.has_column("RE Title Deed", field)]
	columns = ", ".join(f"`{field}`" for field in ("name", "stage", *present))
	rows = frappe.db.sql(f"select {columns} from `{table}`", as_dict=True)
	migrate(rows)


def migrate(rows: list[dict]) -> int:
	"""Carry each old-shape deed (``name``, ``stage`` and the old date fields) over; returns how many."""
	done = 0
	have_stages = set(
		frappe.get_all(
			"RE Title Deed Stage", filters={"parenttype": "RE Title Deed"}, pluck="parent", distinct=True
		)
	)
	for row in rows:
		if row["name"] in have_stages:
			continue
		dates = {field: getdate(row[field]) if row.get(field) else None for field in OLD_FIELDS}
		current, stages = rules.from_old(row.get("stage"), dates)
		doc = frappe.get_doc("RE Title Deed", row["name"])
		doc.set("stages", [])
		for stage in stages:
			doc.append(
				"stages",
				{"stage": stage.stage, "reached_on": stage.reached_on, "responsible": doc.handled_by},
			)
		following = rules.next_stage(current)
		last = max((s.reached_on for s in stages if s.reached_on), default=None)
		if following and last:
			next_row = next(r for r in doc.stages if r.stage == following)
			next_row.due_date = frappe.utils.add_days(last, rules.stage_days(following))
		doc.stage = current
		doc.append(
			"moves",
			{
				"from_stage": row.get("stage") or "",
				"to_stage": current,
				"kind": "Forward",
				"moved_on": last,
				"reason": "Carried over from the four-step title deed (recrm 0.4).",
				"moved_by": "Administrator",
				"moved_at": now_datetime(),
			},
		)
		doc.flags.deed_migration = True
		doc.flags.ignore_permissions = True
		doc.save()
		done += 1
	return done
