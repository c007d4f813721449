"""What ships as fixtures and what is made once, and that an administrator's edit of an approval
chain outlives what `bench migrate` runs for recrm and an app update (hooks.py, recrm/setup/)."""

import json
import os
import shutil
import tempfile
from unittest.mock import patch

import frappe
from frappe.modules import patch_handler
from frappe.tests.utils import FrappeTestCase
from frappe.utils import add_to_date, get_datetime, now_datetime
from frappe.utils.fixtures import sync_fixtures

from recrm import fixture_files
from recrm.core.roles import ALL_ROLES, DESK_ROLES, PROJECT_GM
from recrm.handover import booking as money
from recrm.sales import approval
from recrm.service import compensation
from recrm.setup.install import make_workflows

CONTRACT_WORKFLOW = "RE Contract Approval"
# the states' styles as recrm made them in code before they were fixtures
STYLES = {
	"Draft": "",
	"Pending Sales Manager": "Warning",
	"Pending General Manager": "Warning",
	"Signed": "Primary",
	"Completed": "Primary",
	"Cancelled": "Inverse",
	**{state: "" for state in compensation.STEP_STATES.values()},
	"Pending Approval": "Warning",
}


def definitions() -> dict[str, dict]:
	return {
		approval.WORKFLOWS["RE Contract"][0]: approval.workflow_definition("RE Contract"),
		approval.WORKFLOWS["RE Sales Change"][0]: approval.workflow_definition("RE Sales Change"),
		compensation.WORKFLOW: compensation.workflow_definition(),
		**{name: money.workflow_definition(doctype) for doctype, name in money.WORKFLOWS.items()},
	}


def get(row, key):
	return row.get(key)


def shape(workflow: dict) -> dict:
	"""A workflow's states and transitions as comparable rows (a Workflow as_dict or a definition)."""
	return {
		"document_type": workflow.get("document_type"),
		"is_active": int(workflow.get("is_active") or 0),
		"send_email_alert": int(workflow.get("send_email_alert") or 0),
		"override_status": int(workflow.get("override_status") or 0),
		"workflow_state_field": workflow.get("workflow_state_field"),
		"states": [
			(
				get(s, "state"),
				str(get(s, "doc_status")),
				get(s, "allow_edit"),
				int(get(s, "is_optional_state") or 0),
			)
			for s in workflow.get("states")
		],
		"transitions": [
			(
				get(t, "state"),
				get(t, "action"),
				get(t, "next_state"),
				get(t, "allowed"),
				get(t, "condition") or None,
				int(1 if get(t, "allow_self_approval") is None else get(t, "allow_self_approval")),
			)
			for t in workflow.get("transitions")
		],
	}


def run_migrate_for_recrm():
	"""What `bench migrate` runs that concerns recrm's records, in its order (frappe/migrate.py):
	the pending patches, the fixture sync, then the after_migrate hooks. recrm's own workflow patch is
	run as well, as on a site that has not had it yet."""
	patch_handler.run_all(patch_type=patch_handler.PatchType.pre_model_sync)
	patch_handler.run_all(patch_type=patch_handler.PatchType.post_model_sync)
	frappe.get_attr("recrm.patches.v0_3.workflows_made_once.execute")()
	sync_fixtures("recrm")
	for fn in frappe.get_hooks("after_migrate", app_name="recrm"):
		frappe.get_attr(fn)()


class TestShippedRecords(FrappeTestCase):
	def test_roles_ship_as_a_fixture_with_their_desk_access(self):
		records = fixture_files.fixture_records(fixture_files.ROLES)
		self.assertEqual(sorted(r["name"] for r in records), sorted(ALL_ROLES))
		for record in records:
			self.assertEqual(record["desk_access"], int(record["name"] in DESK_ROLES), record["name"])
			self.assertEqual(
				frappe.db.get_value("Role", record["name"], "desk_access"), record["desk_access"]
			)

	def test_states_and_actions_ship_as_fixtures_all_the_workflows_name_and_none_of_frappes(self):
		states, actions = set(), set()
		for definition in definitions().values():
			states |= {row["state"] for row in definition["states"]}
			actions |= {row["action"] for row in definition["transitions"]}
		own_states = states - approval.FRAPPE_STATES
		own_actions = actions - approval.FRAPPE_ACTIONS
		state_records = fixture_files.fixture_records(fixture_files.STATES)
		self.assertEqual({r["name"] for r in state_records}, own_states)
		self.assertEqual({r["name"]: r["style"] or "" for r in state_records}, STYLES)
		self.assertEqual(set(fixture_files.fixture_names(fixture_files.ACTIONS)), own_actions)
		# the hooks export exactly these (`bench export-fixtures` writes the files from them)
		hooked = {f["dt"]: f["filters"][0][2] for f in frappe.get_hooks("fixtures", app_name="recrm")}
		self.assertEqual(set(hooked["Workflow State"]), own_states)
		self.assertEqual(set(hooked["Workflow Action Master"]), own_actions)
		for state in own_states | approval.FRAPPE_STATES:
			self.assertTrue(frappe.db.exists("Workflow State", state), state)
		for action in own_actions | approval.FRAPPE_ACTIONS:
			self.assertTrue(frappe.db.exists("Workflow Action Master", action), action)

	def test_custom_fields_on_erpnext_ship_as_a_fixture(self):
		fields = {
			(r["dt"], r["fieldname"]): r for r in fixture_files.fixture_records(fixture_files.CUSTOM_FIELDS)
		}
		self.assertEqual(
			sorted(fields),
			sorted(
				[
					("Customer", "recrm_customer"),
					("Sales Invoice", "recrm_contract"),
					("Sales Invoice", "recrm_schedule_row"),
					("Sales Invoice", "recrm_key"),
					("Payment Entry", "recrm_contract"),
					("Payment Entry", "recrm_receipt"),
					("Payment Entry", "recrm_key"),
				]
			),
		)
		for (dt, fieldname), record in fields.items():
			self.assertEqual(record["name"], f"{dt}-{fieldname}")
		self.assertEqual(fields[("Sales Invoice", "recrm_key")]["unique"], 1)
		self.assertEqual(fields[("Customer", "recrm_customer")]["options"], "RE Customer")

	def test_fresh_install_has_the_workflows_the_code_defines(self):
		for name, definition in definitions().items():
			workflow = frappe.get_doc("Workflow", name)
			self.assertEqual(shape(workflow.as_dict()), shape(definition), name)

	def test_fixture_sync_overwrites_whatever_its_records_hold(self):
		# why the workflows are not fixtures: Frappe re-imports a fixture with force, so an edit made
		# after the fixture (a newer `modified`) is undone at the next migrate all the same
		state = frappe.get_doc("Workflow State", "Pending Sales Manager")
		state.style = "Danger"
		state.save(ignore_permissions=True)
		shipped = next(
			r for r in fixture_files.fixture_records(fixture_files.STATES) if r["name"] == state.name
		)
		newer = add_to_date(get_datetime(shipped["modified"]), days=1)
		frappe.db.set_value("Workflow State", state.name, "modified", newer, update_modified=False)
		frappe.db.commit()
		self.addCleanup(sync_fixtures, "recrm")
		sync_fixtures("recrm")
		self.assertEqual(frappe.db.get_value("Workflow State", state.name, "style"), "Warning")


class TestAdministratorsEditSurvives(FrappeTestCase):
	"""An administrator adds an approver to a step of the contract approval and changes a condition
	in the Workflow editor; a migrate and an app update leave both in place."""

	EXTRA_APPROVER = PROJECT_GM
	CONDITION = 'not ("RE General Manager" in (doc.approval_chain or "")) and doc.docstatus == 0'

	def setUp(self):
		original = frappe.get_doc("Workflow", CONTRACT_WORKFLOW)
		self.original = original.as_dict()
		self.addCleanup(self.restore)
		self.edit()

	def restore(self):
		frappe.db.rollback()
		workflow = frappe.get_doc("Workflow", CONTRACT_WORKFLOW)
		workflow.set("states", [dict(row, name=None) for row in self.original["states"]])
		workflow.set("transitions", [dict(row, name=None) for row in self.original["transitions"]])
		workflow.save(ignore_permissions=True)
		frappe.db.commit()

	def edit(self):
		"""As the Workflow editor saves it: the general manager's approval may also be given by the
		project GM, and the sales manager approves alone on a changed condition."""
		workflow = frappe.get_doc("Workflow", CONTRACT_WORKFLOW)
		pending_gm = approval.PENDING[approval.GENERAL_MANAGER]
		pending_sm = approval.PENDING[approval.SALES_MANAGER]
		gm_approves = next(
			t for t in workflow.transitions if t.state == pending_gm and t.action == approval.APPROVE
		)
		workflow.append(
			"transitions",
			{
				"state": gm_approves.state,
				"action": gm_approves.action,
				"next_state": gm_approves.next_state,
				"allowed": self.EXTRA_APPROVER,
				"allow_self_approval": 0,
			},
		)
		sm_approves = next(
			t for t in workflow.transitions if t.state == pending_sm and t.action == approval.APPROVE
		)
		sm_approves.condition = self.CONDITION
		workflow.save()
		frappe.db.commit()

	def assert_edit_in_place(self):
		workflow = frappe.get_doc("Workflow", CONTRACT_WORKFLOW)
		pending_gm = approval.PENDING[approval.GENERAL_MANAGER]
		pending_sm = approval.PENDING[approval.SALES_MANAGER]
		self.assertIn(
			self.EXTRA_APPROVER,
			[
				t.allowed
				for t in workflow.transitions
				if t.state == pending_gm and t.action == approval.APPROVE
			],
		)
		self.assertEqual(
			[
				t.condition
				for t in workflow.transitions
				if t.state == pending_sm and t.action == approval.APPROVE
			],
			[self.CONDITION],
		)
		self.assertEqual(len(workflow.transitions), len(self.original["transitions"]) + 1)

	def test_the_edit_survives_what_migrate_runs(self):
		run_migrate_for_recrm()
		self.assert_edit_in_place()
		# and what a test run's setup and a reinstall's after_install make
		make_workflows()
		frappe.get_attr(frappe.get_hooks("before_tests", app_name="recrm")[0])()
		self.assert_edit_in_place()

	def test_the_edit_survives_an_app_update_with_newer_fixtures(self):
		# the update ships changed fixture files (newer `modified`, another style) and a changed
		# workflow definition in code: Frappe's sync applies the fixtures, the edit stays
		folder = tempfile.mkdtemp()
		self.addCleanup(shutil.rmtree, folder)
		self.addCleanup(sync_fixtures, "recrm")  # back to the shipped fixtures
		shutil.copytree(frappe.get_app_path("recrm", "fixtures"), folder, dirs_exist_ok=True)
		later = str(add_to_date(now_datetime(), days=1))
		for name in (fixture_files.ROLES, fixture_files.STATES, fixture_files.ACTIONS):
			records = fixture_files.fixture_records(name)
			for record in records:
				record["modified"] = later
				if record["name"] == "Pending General Manager":
					record["style"] = "Info"
			with open(os.path.join(folder, f"{name}.json"), "w") as f:
				json.dump(records, f)

		get_app_path = frappe.get_app_path

		def updated_app_path(app, *parts):
			if app == "recrm" and parts and parts[0] == "fixtures":
				return os.path.join(folder, *parts[1:])
			return get_app_path(app, *parts)

		original_definition = approval.workflow_definition

		def changed_definition(document_type):
			definition = original_definition(document_type)
			for row in definition["transitions"]:
				if (
					row["state"] == approval.PENDING[approval.SALES_MANAGER]
					and row["action"] == approval.APPROVE
				):
					row["condition"] = "True"
			return definition

		with (
			patch("frappe.get_app_path", updated_app_path),
			patch.object(approval, "workflow_definition", changed_definition),
		):
			run_migrate_for_recrm()
		self.assertEqual(frappe.db.get_value("Workflow State", "Pending General Manager", "style"), "Info")
		self.assert_edit_in_place()

	def test_a_missing_workflow_is_made_again_from_the_definition(self):
		# the other side of "made once": a site without the workflow (deleted, or installed before it
		# existed) gets it from the patch or the install, as the code defines it
		frappe.delete_doc("Workflow", CONTRACT_WORKFLOW, force=True, ignore_permissions=True)
		frappe.get_attr("recrm.patches.v0_3.workflows_made_once.execute")()
		workflow = frappe.get_doc("Workflow", CONTRACT_WORKFLOW)
		self.assertEqual(shape(workflow.as_dict()), shape(approval.workflow_definition("RE Contract")))
