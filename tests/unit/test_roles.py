"""Roles have one home, ``recrm/core/roles.py``: what the DocTypes' JSON names exists there, and
no Python file writes a role's name by hand."""

import ast
import json
from pathlib import Path

from recrm.core import roles

REPO = Path(__file__).resolve().parents[2]
APP = REPO / "recrm"


def json_roles(value):
	if isinstance(value, dict):
		for key, item in value.items():
			if key == "role" and isinstance(item, str):
				yield item
			else:
				yield from json_roles(item)
	elif isinstance(value, list):
		for item in value:
			yield from json_roles(item)


def test_every_recrm_role_the_json_names_is_defined():
	named = {
		role
		for path in APP.rglob("*.json")
		if "node_modules" not in path.parts
		for role in json_roles(json.loads(path.read_text(encoding="utf-8")))
		if role.startswith("RE ")
	}
	assert named
	assert named <= set(roles.ALL_ROLES)


def test_the_groups_hold_only_defined_roles():
	known = {*roles.ALL_ROLES, roles.SYSTEM_MANAGER}
	for name in dir(roles):
		value = getattr(roles, name)
		if name.endswith("_ROLES"):
			assert set(value) <= known, name
	assert len(set(roles.ALL_ROLES)) == len(roles.ALL_ROLES)


def test_no_python_file_writes_a_role_name_by_hand():
	names = set(roles.ALL_ROLES)
	found = []
	for root in ("recrm", "tests", "benchmarks"):
		for path in (REPO / root).rglob("*.py"):
			if path == APP / "core" / "roles.py" or "node_modules" in path.parts:
				continue
			for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
				if isinstance(node, ast.Constant) and node.value in names:
					found.append(f"{path.relative_to(REPO)}:{node.lineno} {node.value!r}")
	assert not found, "use the constants of recrm.core.roles:\n" + "\n".join(found)
