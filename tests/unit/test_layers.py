"""The layers of recrm, read from the source (no Frappe needed): nothing imports a layer above it and
no two packages import each other, lazy imports inside functions included.

    core      recrm/core: pure rules, no Frappe
    base      recrm/*.py (errors, messages, notifications, jobs, record_access, workflow_guard, photos …)
    domain    recrm/inventory, sales, service, handover, finance (each a Frappe module)
    top       recrm/portal, api, www, overrides, demo, setup (install), patches, commands.py
    tests     recrm/tests and every test_*.py

Inside a layer a module may import its own layer; between the domain packages (and between the
top-layer packages) the imports must form no cycle, nor between any two modules. Tests are the top:
a test may import any layer — a sales test may go through the reception endpoint to prove a phone
number is masked there too — and may use the factories in recrm/tests; nothing but a test imports
a test module or recrm/tests. A dotted path written as a string (``frappe.enqueue("recrm.x.f")``,
``frappe.get_attr``) is an import too; hooks.py, the app's wiring, names every layer and imports
none. docs/architecture.md draws the same picture.
"""

import ast
import json
import re
from collections import defaultdict
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
APP = ROOT / "recrm"

CORE, BASE, DOMAIN, TOP, TESTS = range(5)
LAYER_NAMES = {CORE: "core", BASE: "base", DOMAIN: "domain", TOP: "top", TESTS: "tests"}

# the Frappe modules of the app (modules.txt); Club, Insights and Launch join when they hold something
DOMAIN_PACKAGES = {"inventory", "sales", "service", "handover", "finance", "club"}
# the layer on top: the buyer portal, the endpoints, the pages, Frappe's replaced endpoints, the
# demo, the install hooks that set every module up, the patches and the bench commands
TOP_PACKAGES = {"portal", "api", "www", "templates", "overrides", "demo", "setup", "patches", "commands"}
# modules whose layer is not their package's
MODULE_LAYERS: dict[str, int] = {}
# imports that break a rule today, each with the work that removes it; one that is gone fails too
KNOWN: set[tuple[str, str]] = set()


def module_name(path: Path) -> str:
	parts = list(path.relative_to(ROOT).with_suffix("").parts)
	if parts[-1] == "__init__":
		parts = parts[:-1]
	return ".".join(parts)


MODULES = {module_name(path): path for path in sorted(APP.rglob("*.py"))}


def is_test(module: str) -> bool:
	return (
		module.split(".")[-1].startswith("test_")
		or module == "recrm.tests"
		or module.startswith("recrm.tests.")
	)


def layer_of(module: str) -> int | None:
	if is_test(module):
		return TESTS
	if module in MODULE_LAYERS:
		return MODULE_LAYERS[module]
	parts = module.split(".")
	if len(parts) == 1:
		return BASE
	first = parts[1]
	if first == "core":
		return CORE
	if first in DOMAIN_PACKAGES:
		return DOMAIN
	if first in TOP_PACKAGES:
		return TOP
	if len(parts) == 2 and (APP / f"{first}.py").exists():
		return BASE  # a shared module at the top of the package: recrm/errors.py, recrm/photos.py …
	return None


def unit_of(module: str) -> str:
	"""The package a module counts in for cycles: recrm.sales, recrm.portal, recrm.errors … (a module
	in MODULE_LAYERS counts on its own)."""
	for special in MODULE_LAYERS:
		if module == special or module.startswith(special + "."):
			return special
	return ".".join(module.split(".")[:2])


def resolve(name: str) -> str | None:
	"""The recrm module a dotted name is or is in (a package's attribute counts as the package)."""
	while name:
		if name in MODULES:
			return name
		name = name.rpartition(".")[0]
	return None


def imports_of(module: str) -> list[tuple[int, str, str]]:
	"""(line, what the source says, the recrm module it imports) for every import of recrm."""
	path = MODULES[module]
	package = module if path.name == "__init__.py" else module.rpartition(".")[0]
	found = []
	for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
		if isinstance(node, ast.Import):
			names = [alias.name for alias in node.names]
		elif isinstance(node, ast.ImportFrom):
			base = node.module or ""
			if node.level:
				anchor = package.split(".")
				anchor = anchor[: len(anchor) - node.level + 1]
				base = ".".join([*anchor, base] if base else anchor)
			names = [f"{base}.{alias.name}" for alias in node.names]
		elif (
			isinstance(node, ast.Constant)
			and isinstance(node.value, str)
			and module != "recrm.hooks"
			and re.fullmatch(r"recrm(\.[\w-]+)+", node.value)
		):
			names = [node.value]
		else:
			continue
		for name in names:
			if not (name == "recrm" or name.startswith("recrm.")):
				continue
			target = resolve(name)
			if target and target != "recrm" and target != module:
				found.append((node.lineno, name, target))
	return found


EDGES = [(module, line, name, target) for module in MODULES for line, name, target in imports_of(module)]


def where(module: str, line: int) -> str:
	return f"{MODULES[module].relative_to(ROOT)}:{line}"


def test_every_module_is_in_a_layer():
	lost = sorted({unit_of(m) for m in MODULES if layer_of(m) is None})
	assert not lost, (
		f"in no layer: {', '.join(lost)} — add each to DOMAIN_PACKAGES or TOP_PACKAGES in {Path(__file__).name}"
		" and to docs/architecture.md"
	)


def test_the_domain_packages_are_the_frappe_modules():
	listed = {line.strip().lower() for line in (APP / "modules.txt").read_text().splitlines() if line.strip()}
	assert listed == DOMAIN_PACKAGES
	for package in DOMAIN_PACKAGES:
		assert (APP / package / "__init__.py").exists(), package


def test_nothing_imports_a_layer_above_it():
	wrong = []
	for module, line, name, target in EDGES:
		if (module, target) in KNOWN:
			continue
		source_layer, target_layer = layer_of(module), layer_of(target)
		if source_layer is None or target_layer is None:
			continue
		if target_layer > source_layer:
			wrong.append(
				f"{where(module, line)}: {module} ({LAYER_NAMES[source_layer]}) imports {name}"
				f" ({LAYER_NAMES[target_layer]})"
			)
	assert not wrong, "imports of a higher layer:\n" + "\n".join(wrong)


def test_the_pure_core_imports_no_frappe():
	wrong = []
	for module, path in MODULES.items():
		if layer_of(module) != CORE:
			continue
		for node in ast.walk(ast.parse(path.read_text())):
			names = []
			if isinstance(node, ast.Import):
				names = [alias.name for alias in node.names]
			elif isinstance(node, ast.ImportFrom) and not node.level:
				names = [node.module or ""]
			wrong += [
				f"{where(module, node.lineno)}: {name}" for name in names if name.split(".")[0] == "frappe"
			]
	assert not wrong, "Frappe in the pure core:\n" + "\n".join(wrong)


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
	"""The strongly connected parts of more than one node (Tarjan, iterative)."""
	index: dict[str, int] = {}
	low: dict[str, int] = {}
	stack: list[str] = []
	on_stack: set[str] = set()
	found = []
	for start in sorted(graph):
		if start in index:
			continue
		work = [(start, iter(sorted(graph[start])))]
		index[start] = low[start] = len(index)
		stack.append(start)
		on_stack.add(start)
		while work:
			node, successors = work[-1]
			advanced = False
			for successor in successors:
				if successor not in index:
					index[successor] = low[successor] = len(index)
					stack.append(successor)
					on_stack.add(successor)
					work.append((successor, iter(sorted(graph.get(successor, ())))))
					advanced = True
					break
				if successor in on_stack:
					low[node] = min(low[node], index[successor])
			if advanced:
				continue
			work.pop()
			if work:
				low[work[-1][0]] = min(low[work[-1][0]], low[node])
			if low[node] == index[node]:
				part = []
				while True:
					member = stack.pop()
					on_stack.discard(member)
					part.append(member)
					if member == node:
						break
				if len(part) > 1:
					found.append(sorted(part))
	return found


def runtime_edges():
	"""The imports of the app's own code (tests left out: they sit on top of everything)."""
	return [
		(module, line, name, target)
		for module, line, name, target in EDGES
		if not is_test(module) and not is_test(target) and (module, target) not in KNOWN
	]


def describe(part: list[str], key) -> str:
	members = set(part)
	return "\n".join(
		f"  {where(module, line)}: {module} imports {name}"
		for module, line, name, target in runtime_edges()
		if key(module) in members and key(target) in members and key(module) != key(target)
	)


def test_no_two_packages_import_each_other():
	graph = defaultdict(set)
	for module, _line, _name, target in runtime_edges():
		if unit_of(module) != unit_of(target):
			graph[unit_of(module)].add(unit_of(target))
	found = cycles(graph)
	assert not found, "package cycles:\n" + "\n".join(
		" ↔ ".join(part) + "\n" + describe(part, unit_of) for part in found
	)


def test_no_two_modules_import_each_other():
	graph = defaultdict(set)
	for module, _line, _name, target in runtime_edges():
		graph[module].add(target)
	found = cycles(graph)
	assert not found, "module cycles:\n" + "\n".join(
		" ↔ ".join(part) + "\n" + describe(part, lambda m: m) for part in found
	)


def test_nothing_but_a_test_imports_a_test():
	wrong = [
		f"{where(module, line)}: {module} imports {name}"
		for module, line, name, target in EDGES
		if is_test(target) and not is_test(module)
	]
	assert not wrong, "the app's code imports tests:\n" + "\n".join(wrong)


def test_each_known_exception_is_still_needed():
	stale = [known for known in sorted(KNOWN) if not any((m, t) == known for m, _line, _name, t in EDGES)]
	assert not stale, f"no longer imported, remove from KNOWN in {Path(__file__).name}: {stale}"


def hook_paths(name: str) -> list[str]:
	tree = ast.parse((APP / "hooks.py").read_text())
	for node in tree.body:
		if isinstance(node, ast.Assign) and any(getattr(t, "id", None) == name for t in node.targets):
			value = ast.literal_eval(node.value)
			values = value.values() if isinstance(value, dict) else value
			return [v for item in values for v in (item if isinstance(item, list) else [item])]
	return []


def test_the_frappe_endpoints_recrm_replaces_live_in_overrides():
	for hook in ("override_whitelisted_methods", "override_doctype_class"):
		for path in hook_paths(hook):
			assert path.startswith("recrm.overrides."), f"{hook}: {path} is not in recrm/overrides/"
			assert resolve(path) and resolve(path) != "recrm.overrides", f"{hook}: {path} does not exist"


def test_every_dotted_path_in_hooks_exists():
	"""hooks.py names functions by path; a move that forgets one fails here, not on a live site."""
	text = (APP / "hooks.py").read_text()
	missing = []
	for path in sorted(set(re.findall(r"[\"'](recrm(?:\.[\w-]+)+)[\"']", text))):
		module = resolve(path)
		attribute = path[len(module) + 1 :] if module else ""
		if not module or (attribute and "." not in attribute and not defines(module, attribute)):
			missing.append(path)
	assert not missing, "hooks.py names what does not exist:\n" + "\n".join(missing)


def defines(module: str, name: str) -> bool:
	path = MODULES[module]
	if path.name == "__init__.py" and (path.parent / f"{name}.py").exists():
		return True
	tree = ast.parse(path.read_text())
	for node in tree.body:
		if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef) and node.name == name:
			return True
		if isinstance(node, ast.Assign) and any(getattr(t, "id", None) == name for t in node.targets):
			return True
		if isinstance(node, ast.ImportFrom) and any((a.asname or a.name) == name for a in node.names):
			return True
	return False


def test_every_record_names_the_module_of_its_folder():
	"""A DocType, report, page, card, chart, print format or workspace in recrm/<module>/ says so
	(Frappe finds its controller by the module it names)."""
	names = {
		line.strip().lower().replace(" ", "_"): line.strip()
		for line in (APP / "modules.txt").read_text().splitlines()
		if line.strip()
	}
	wrong = []
	for path in sorted(APP.glob("*/*/*/*.json")):
		folder, _kind, record = path.relative_to(APP).parts[:3]
		if path.stem != record or folder not in names:
			continue
		module = json.loads(path.read_text()).get("module")
		if module is not None and module != names[folder]:
			wrong.append(f"{path.relative_to(ROOT)}: module {module!r}, folder of {names[folder]!r}")
	assert not wrong, "\n".join(wrong)
