"""recrm's fixtures (recrm/fixtures/, listed under ``fixtures`` in hooks.py, in the format
`bench export-fixtures` writes): its roles, the workflow states and actions its workflows name,
and its custom fields on ERPNext's DocTypes.

Frappe imports every fixture file at each install and migrate, overwriting (``sync_fixtures``).
At install it does so only after ``after_install``, and patches run before it at a migrate:
what needs a fixture's records earlier imports the file here with Frappe's own
``import_file_by_path``, which adds the records that are missing or older than the file and
commits nothing."""

import json

import frappe
from frappe.modules.import_file import import_file_by_path

ROLES, STATES, ACTIONS, CUSTOM_FIELDS = "role", "workflow_state", "workflow_action_master", "custom_field"


def fixture_path(name: str) -> str:
	return frappe.get_app_path("recrm", "fixtures", f"{name}.json")


def fixture_records(name: str) -> list[dict]:
	with open(fixture_path(name)) as f:
		return json.load(f)


def fixture_names(name: str) -> list[str]:
	return [record["name"] for record in fixture_records(name)]


def import_fixture(name: str) -> None:
	"""The records of fixture ``name`` that the site lacks (or holds older than the file)."""
	import_file_by_path(fixture_path(name))
