"""Merge two records of one person (客户合并): the duplicate goes, everything it knew stays.

``merge_customers(source, target)`` keeps ``target`` and removes ``source`` (the duplicate), in
one transaction (a savepoint: any failure undoes all of it, nothing is left half-merged):

1. both customers are locked (SELECT … FOR UPDATE, in name order as every writer locks them);
2. the target takes what it lacks of the source: each editable profile field that is empty on
   the target (free text fields that both have are joined), the phones it does not have (not
   primary; from the store of full numbers, recrm/sales/phone_privacy.py), the WeChat ID and e-mail;
3. owner rows: per project the row with the later protection is kept (an owner beats the pool);
   each advisor who loses the customer gets an owner-log row "Merged", and the source's owner
   history is kept in the target's;
4. stage: the later of the two stages, the source's stage history joined to the target's;
5. every link to the source (interactions and any other document linking RE Customer, dynamic
   links, comments, versions, attachments) is re-pointed by ``frappe.rename_doc(merge=True)``,
   Frappe's own merge, which then deletes the source; values fetched from the customer (an
   interaction's customer name) are refreshed.

Only sales managers (and System Managers) merge. RE Customer keeps ``allow_rename`` off: the
desk's Rename dialog would let anyone with write permission merge, past these rules; this module
calls rename_doc with ``force=True`` after its own checks.
"""

from datetime import date, datetime

import frappe
from frappe import _
from frappe.model import no_value_fields, table_fields
from frappe.model.rename_doc import get_link_fields
from frappe.query_builder import Field
from frappe.utils import get_datetime, getdate

from recrm.core import lifecycle as stage_rules
from recrm.core.protection import kept_on_merge
from recrm.errors import SalesRuleError, throw_not_permitted
from recrm.sales.lifecycle import apply_stage, customer_facts, set_stage
from recrm.sales.owners import MERGED
from recrm.sales.permissions import is_manager
from recrm.sales.phone_privacy import delete_numbers, stored_numbers

TEXT_FIELDTYPES = ("Small Text", "Text", "Long Text", "Text Editor")
# fields that only make sense together: taken from the source only when the target has none of them
FIELD_GROUPS = (("preferred_area_min", "preferred_area_max"),)


class MergeError(SalesRuleError):
	pass


@frappe.whitelist(methods=["POST"])
def merge_customers(source: str, target: str) -> dict:
	"""Merge customer ``source`` (the duplicate, removed) into ``target`` (kept). See the module doc."""
	if not is_manager():
		throw_not_permitted(_("Only a sales manager can merge customers."))
	source, target = (source or "").strip(), (target or "").strip()
	if not source or not target:
		frappe.throw(_("Choose the duplicate customer and the customer to keep."), exc=MergeError)
	if source == target:
		frappe.throw(
			_(
				"Customer {0} cannot be merged into itself: choose the duplicate record to merge into it."
			).format(source),
			exc=MergeError,
			title=_("Merge"),
		)
	for name in (source, target):
		if not frappe.db.exists("RE Customer", name):
			frappe.throw(
				_("Customer {0} does not exist: it may have been merged or deleted already.").format(name),
				exc=frappe.DoesNotExistError,
				title=_("Merge"),
			)
	frappe.has_permission("RE Customer", "write", doc=target, throw=True)
	frappe.has_permission("RE Customer", "delete", doc=source, throw=True)

	savepoint = f"recrm_merge_{frappe.generate_hash(length=10)}"
	frappe.db.savepoint(savepoint)
	try:
		merge(source, target)
	except Exception:
		frappe.db.rollback(save_point=savepoint)
		raise
	return {"name": target, "merged": source}


def merge(source: str, target: str) -> None:
	"""The merge itself, for callers that checked permissions and hold the transaction."""
	docs = {name: frappe.get_doc("RE Customer", name, for_update=True) for name in sorted((source, target))}
	src, tgt = docs[source], docs[target]
	note = f"{source} → {target}"

	take_profile(src, tgt)
	take_owners(src, tgt, note)
	take_stage(src, tgt)
	# the phones and WeChat ID are unique: the source lets go of them before the target saves
	frappe.db.delete("RE Customer Phone", {"parenttype": "RE Customer", "parent": source})
	delete_numbers(source)
	frappe.db.set_value("RE Customer", source, "wechat_id", None, update_modified=False)

	tgt.flags.owner_change_cause = MERGED
	tgt.flags.owner_change_note = note
	tgt.save(ignore_permissions=True)  # the caller checked the permissions

	frappe.rename_doc(
		"RE Customer", source, target, merge=True, force=True, show_alert=False, rebuild_search=False
	)
	refresh_fetched_values(target)
	set_stage(target, customer_facts(target), stage_rules.MERGE)


def copy_values(row) -> dict:
	return row.as_dict(no_default_fields=True, no_child_table_fields=True)


def take_profile(src, tgt) -> None:
	grouped = {fieldname: group for group in FIELD_GROUPS for fieldname in group}
	had = {fieldname: tgt.get(fieldname) for fieldname in grouped}
	for df in frappe.get_meta("RE Customer").fields:
		if df.fieldtype in no_value_fields or df.fieldtype in table_fields or df.read_only:
			continue
		group = grouped.get(df.fieldname)
		if group and any(had[fieldname] for fieldname in group):
			continue
		value, current = src.get(df.fieldname), tgt.get(df.fieldname)
		if not value:
			continue
		if not current:
			tgt.set(df.fieldname, value)
		elif df.fieldtype in TEXT_FIELDTYPES and str(value).strip() not in str(current):
			tgt.set(df.fieldname, f"{current}\n{value}")
	have = set(stored_numbers(tgt.name).values())
	numbers = stored_numbers(src.name)
	for row in src.phones:
		number = numbers.get(row.name)
		if number and number not in have:
			# typed into the new row, the number is stored for the target by its save
			tgt.append("phones", {"phone": number, "is_primary": 0})
			have.add(number)


def take_owners(src, tgt, note: str) -> None:
	"""Per project the later protection; the target's losing owner is logged by its save."""
	rows = {row.project: row for row in tgt.advisors}
	for theirs in src.advisors:
		mine = rows.get(theirs.project)
		if mine is None:
			tgt.append("advisors", copy_values(theirs))
		elif (
			kept_on_merge(mine.advisor, mine.protected_until, theirs.advisor, theirs.protected_until)
			== "source"
		):
			mine.advisor, mine.since, mine.protected_until = (
				theirs.advisor,
				theirs.since,
				theirs.protected_until,
			)
		elif theirs.advisor and theirs.advisor != mine.advisor:
			tgt.log_owner_change(theirs.project, theirs.advisor, mine.advisor, MERGED, note)
	for row in src.owner_log:
		tgt.log_owner_change(
			row.project, row.from_advisor, row.to_advisor, row.cause, row.note, row.changed_at, row.changed_by
		)
	_in_time_order(
		tgt, "owner_log", lambda row: get_datetime(row.changed_at) if row.changed_at else datetime.min
	)


def take_stage(src, tgt) -> None:
	for row in src.stage_log:
		tgt.append("stage_log", copy_values(row))
	_in_time_order(tgt, "stage_log", lambda row: getdate(row.changed_on) if row.changed_on else date.min)
	if stage_rules.stage_rank(src.lifecycle_stage) > stage_rules.stage_rank(tgt.lifecycle_stage):
		apply_stage(tgt, src.lifecycle_stage, stage_rules.MERGE)


def _in_time_order(doc, fieldname: str, key) -> None:
	rows = sorted(doc.get(fieldname), key=key)  # stable: the target's rows first on a tie
	for idx, row in enumerate(rows, start=1):
		row.idx = idx
	doc.set(fieldname, rows)


def refresh_fetched_values(target: str) -> None:
	"""Fields fetched from the customer (an interaction's customer name) show the kept record."""
	customer = frappe.db.get_value("RE Customer", target, "*", as_dict=True)
	for link in get_link_fields("RE Customer"):
		if link.issingle:
			continue
		for df in frappe.get_meta(link.parent).fields:
			prefix, _dot, fieldname = (df.fetch_from or "").partition(".")
			if prefix == link.fieldname and fieldname in customer:
				frappe.qb.update(link.parent).set(df.fieldname, customer[fieldname]).where(
					Field(link.fieldname) == target
				).run()
