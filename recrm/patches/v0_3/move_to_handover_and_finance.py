"""The handover records move from the module Service to Handover, RE Finance Settings from Sales to
Finance, and the empty modules Club and Insights go (issue 12). No DocType is renamed: only the
``module`` of the records that describe them changes, so every record of theirs stays.

Runs before the DocType sync (``pre_model_sync``): the sync imports each record from its new folder,
and after it Frappe deletes every DocType whose controller it cannot import
(``frappe.model.sync.remove_orphan_doctypes``); a DocType still naming its old module would point
at a folder that is gone. So the Module Defs exist first, and every record whose file is now in a
moved module's folder (DocTypes, reports, pages, number cards, dashboard charts, print formats,
notifications, workspaces) names that module before the sync reads the files."""

import json
from pathlib import Path

import frappe

APP = "recrm"
MOVED = ("Handover", "Finance")
GONE = ("Club", "Insights")
# what Frappe syncs from a module's folders (``<module>/<folder>/<name>/<name>.json``), by folder
SYNCED = {
	"doctype": "DocType",
	"report": "Report",
	"page": "Page",
	"number_card": "Number Card",
	"dashboard_chart": "Dashboard Chart",
	"print_format": "Print Format",
	"notification": "Notification",
	"web_form": "Web Form",
	"workspace": "Workspace",
}


def execute():
	for module in MOVED:
		ensure_module_def(module)
		for doctype, name in records_in(module):
			if frappe.db.table_exists(doctype) and frappe.db.get_value(doctype, name, "module") not in (
				None,
				module,
			):
				frappe.db.set_value(doctype, name, "module", module, update_modified=False)
	for module in GONE:
		remove_empty_module(module)
	frappe.clear_cache()


def records_in(module: str) -> list[tuple[str, str]]:
	"""(DocType, name) of each record whose file is in the module's folder."""
	folder = Path(frappe.get_app_path(APP, frappe.scrub(module)))
	records = []
	for kind, doctype in SYNCED.items():
		for path in sorted(folder.glob(f"{kind}/*/*.json")):
			if path.stem != path.parent.name:
				continue
			data = json.loads(path.read_text())
			if isinstance(data, dict) and data.get("doctype") == doctype and data.get("name"):
				records.append((doctype, data["name"]))
	return records


def ensure_module_def(module: str) -> None:
	if frappe.db.exists("Module Def", module):
		return
	frappe.get_doc({"doctype": "Module Def", "module_name": module, "app_name": APP}).insert(
		ignore_permissions=True
	)


def remove_empty_module(module: str) -> None:
	"""The Module Def of a module of recrm that holds nothing (no record names it any more)."""
	if frappe.db.get_value("Module Def", module, "app_name") != APP:
		return
	for doctype in SYNCED.values():
		if frappe.db.table_exists(doctype) and frappe.db.exists(doctype, {"module": module}):
			return
	frappe.delete_doc("Module Def", module, ignore_permissions=True, force=True)
