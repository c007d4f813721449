#!/usr/bin/env python3
"""Collect every user-facing English string of recrm, and find those without a translation.

Framework-free (standard library only), so it runs without a bench:

	python3 scripts/extract_strings.py                                  # every string, sorted
	python3 scripts/extract_strings.py --where                          # ... with the files it came from
	python3 scripts/extract_strings.py --missing recrm/translations/zh.csv   # untranslated; exit 1 if any

Sources, mirroring what Frappe v15 translates:

- DocType JSON (``recrm/**/doctype/*/*.json``): the DocType name and description, each field's
  label and description, each option line of Select fields, connection group names;
- Page JSON ``title``; Workspace labels, links, shortcuts, cards, charts and header text;
  Number Card labels; Dashboard Chart names; Report names; Web Form titles and field labels;
  Workflow states and actions in ``fixtures/*.json``; module names in ``modules.txt``;
  app titles and portal menu titles in ``hooks.py``;
- role names (``ALL_ROLES`` in ``recrm/core/roles.py``) and manual action labels
  (``MANUAL_ACTIONS`` in ``recrm/core/unit_status.py``), which reach ``_()`` as variables;
- Python: string literals in ``_("...")`` / ``_lt("...")`` calls (parsed with ``ast``);
- JavaScript / Vue: string literals in ``__("...")`` calls;
- HTML / Jinja templates: ``_("...")`` and ``__("...")`` calls.

A call with a context (``_("May", context="Month")``) is collected without it: Frappe falls back
to the plain source string when no translation for ``source:context`` exists.

Frappe looks Python ``_()`` strings up stripped of surrounding whitespace and of HTML tags, and
JavaScript ``__()`` strings exactly as written; the strings collected here are the lookup keys.
"""

import argparse
import ast
import csv
import json
import re
import sys
from collections import defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
APP = REPO / "recrm"
DEFAULT_CSV = APP / "translations" / "zh.csv"

# directories that hold no source of user-facing strings
SKIP_DIRS = {"node_modules", "dist", "__pycache__", "translations", "locale", ".git"}
# Select fields whose options are formats, not words (as in frappe.gettext.extractors.doctype)
EXCLUDE_SELECT_OPTIONS = {
	"naming_series",
	"number_format",
	"float_precision",
	"currency_precision",
	"minimum_password_score",
}
HTML_TAG = re.compile(r"<[^>]+>")
# placeholders a translation must keep: {0}, {name}, {{floor}}, {{unit:02}}, %s, %(name)s
PLACEHOLDER = re.compile(r"\{\{[^{}]*\}\}|\{[^{}]*\}|%\([A-Za-z_]\w*\)[sdfr]|%[sdfr]")


class Collector:
	"""Strings found so far, each with the places it came from, and the files that could not be read."""

	def __init__(self, app: Path):
		self.app = app
		self.strings: dict[str, set[str]] = defaultdict(set)
		self.problems: list[str] = []
		self.warnings: list[str] = []

	def where(self, path: Path, line: int | None = None) -> str:
		try:
			rel = path.relative_to(self.app.parent)
		except ValueError:
			rel = path
		return f"{rel}:{line}" if line else str(rel)

	def add(self, text, origin: str) -> None:
		if isinstance(text, str) and is_translatable(text):
			self.strings[text].add(origin)

	def files(self, *patterns: str) -> list[Path]:
		found = set()
		for pattern in patterns:
			for path in self.app.glob(pattern):
				if path.is_file() and not SKIP_DIRS.intersection(path.relative_to(self.app).parts):
					found.add(path)
		return sorted(found)

	def load_json(self, path: Path):
		try:
			return json.loads(path.read_text(encoding="utf-8"))
		except (OSError, UnicodeDecodeError, ValueError) as e:
			self.problems.append(f"{self.where(path)}: cannot read JSON: {e}")
			return None

	def parse_python(self, path: Path) -> ast.Module | None:
		try:
			return ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
		except (OSError, UnicodeDecodeError, SyntaxError, ValueError) as e:
			self.problems.append(f"{self.where(path)}: cannot parse Python: {e}")
			return None


def is_translatable(text: str) -> bool:
	"""As frappe.gettext.extractors.utils.is_translatable: words, not icons, sizes or expressions."""
	return bool(
		re.search("[a-zA-Z]", text)
		and not text.startswith("fa fa-")
		and not text.endswith("px")
		and not text.startswith("eval:")
	)


def python_key(text: str) -> str:
	"""The key frappe._() looks up: HTML tags stripped, then surrounding whitespace."""
	if HTML_TAG.search(text):
		text = HTML_TAG.sub("", text)
	return text.strip()


def placeholders(text: str) -> list[str]:
	return sorted(PLACEHOLDER.findall(text))


# --- JSON documents -------------------------------------------------------------------------------


def from_doctypes(c: Collector) -> None:
	for path in c.files("**/doctype/*/*.json"):
		data = c.load_json(path)
		if not isinstance(data, dict) or data.get("doctype", "DocType") != "DocType":
			continue
		origin = c.where(path)
		c.add(data.get("name"), origin)
		c.add(data.get("description"), origin)
		for field in data.get("fields") or []:
			c.add(field.get("label"), origin)
			c.add(field.get("description"), origin)
			options = field.get("options")
			if field.get("fieldtype") == "Select" and isinstance(options, str):
				if field.get("fieldname") in EXCLUDE_SELECT_OPTIONS:
					continue
				lines = [line for line in options.split("\n") if line.strip() and not line.strip().isdigit()]
				if lines and "icon" in lines[0]:
					continue
				for line in lines:
					c.add(line, origin)
		for link in data.get("links") or []:
			c.add(link.get("group"), origin)


def from_pages(c: Collector) -> None:
	for path in c.files("**/page/*/*.json"):
		data = c.load_json(path)
		if isinstance(data, dict):
			c.add(data.get("title"), c.where(path))


def from_workspaces(c: Collector) -> None:
	for path in c.files("**/workspace/*/*.json"):
		data = c.load_json(path)
		if not isinstance(data, dict):
			continue
		origin = c.where(path)
		for key in ("label", "title"):
			c.add(data.get(key), origin)
		for key in ("charts", "number_cards", "quick_lists", "custom_blocks"):
			for item in data.get(key) or []:
				c.add(item.get("label"), origin)
		for link in data.get("links") or []:
			c.add(link.get("label"), origin)
			c.add(link.get("description"), origin)
		for shortcut in data.get("shortcuts") or []:
			c.add(shortcut.get("label"), origin)
			c.add(shortcut.get("format"), origin)
		try:
			content = json.loads(data.get("content") or "[]")
		except ValueError as e:
			c.problems.append(f"{origin}: cannot read workspace content: {e}")
			content = []
		for block in content:
			if isinstance(block, dict) and block.get("type") in ("header", "paragraph"):
				text = (block.get("data") or {}).get("text")
				if isinstance(text, str):
					# the desk translates the text inside the markup
					c.add(python_key(text), origin)


def from_number_cards(c: Collector) -> None:
	for path in c.files("**/number_card/*/*.json"):
		data = c.load_json(path)
		if isinstance(data, dict):
			c.add(data.get("label") or data.get("name"), c.where(path))


def from_dashboard_charts(c: Collector) -> None:
	for path in c.files("**/dashboard_chart/*/*.json"):
		data = c.load_json(path)
		if isinstance(data, dict):
			c.add(data.get("chart_name") or data.get("name"), c.where(path))
			for axis in data.get("y_axis") or []:
				if isinstance(axis, dict):
					c.add(axis.get("label"), c.where(path))


def from_reports(c: Collector) -> None:
	for path in c.files("**/report/*/*.json"):
		data = c.load_json(path)
		if isinstance(data, dict) and data.get("doctype") == "Report":
			c.add(data.get("report_name") or data.get("name"), c.where(path))
			for column in data.get("columns") or []:
				c.add(column.get("label"), c.where(path))


def from_web_forms(c: Collector) -> None:
	for path in c.files("**/web_form/*/*.json"):
		data = c.load_json(path)
		if not isinstance(data, dict) or data.get("doctype") != "Web Form":
			continue
		origin = c.where(path)
		for key in ("title", "button_label", "success_title", "success_message"):
			c.add(data.get(key), origin)
		for field in data.get("web_form_fields") or []:
			c.add(field.get("label"), origin)
			c.add(field.get("description"), origin)
			if field.get("fieldtype") == "Select" and isinstance(field.get("options"), str):
				for line in field["options"].split("\n"):
					if line.strip():
						c.add(line, origin)


def from_fixtures(c: Collector) -> None:
	"""Workflows shipped as fixtures: their states and actions are shown on every document."""
	for path in c.files("fixtures/*.json"):
		data = c.load_json(path)
		if not isinstance(data, list):
			continue
		origin = c.where(path)
		for doc in data:
			if not isinstance(doc, dict):
				continue
			doctype = doc.get("doctype")
			if doctype == "Workflow":
				for state in doc.get("states") or []:
					c.add(state.get("state"), origin)
					c.add(state.get("message"), origin)
				for transition in doc.get("transitions") or []:
					c.add(transition.get("action"), origin)
			elif doctype == "Workflow State":
				c.add(doc.get("workflow_state_name") or doc.get("name"), origin)
			elif doctype == "Workflow Action Master":
				c.add(doc.get("workflow_action_name") or doc.get("name"), origin)


def from_modules(c: Collector) -> None:
	path = c.app / "modules.txt"
	if path.exists():
		for line in path.read_text(encoding="utf-8").splitlines():
			c.add(line.strip(), c.where(path))


# --- Python constants that reach _() as variables ----------------------------------------------


def module_constants(tree: ast.Module) -> dict:
	"""Module-level NAME = literal assignments, with tuple/list concatenation of earlier names."""
	values: dict = {}

	def evaluate(node):
		if isinstance(node, ast.Name):
			return values[node.id]
		if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
			return evaluate(node.left) + evaluate(node.right)
		if isinstance(node, ast.Tuple | ast.List):
			return tuple(evaluate(e) for e in node.elts)
		return ast.literal_eval(node)

	for node in tree.body:
		if isinstance(node, ast.Assign | ast.AnnAssign) and node.value is not None:
			targets = node.targets if isinstance(node, ast.Assign) else [node.target]
			try:
				value = evaluate(node.value)
			except (KeyError, ValueError, TypeError, SyntaxError):
				continue
			for target in targets:
				if isinstance(target, ast.Name):
					values[target.id] = value
	return values


def from_roles(c: Collector) -> None:
	path = c.app / "core" / "roles.py"
	if not path.exists():
		c.problems.append(f"{c.where(path)}: missing, role names not collected")
		return
	tree = c.parse_python(path)
	if tree is None:
		return
	roles = module_constants(tree).get("ALL_ROLES")
	if not isinstance(roles, tuple | list):
		c.problems.append(f"{c.where(path)}: ALL_ROLES is not a tuple of literal strings")
		return
	for role in roles:
		c.add(role, c.where(path))


def from_manual_actions(c: Collector) -> None:
	path = c.app / "core" / "unit_status.py"
	if not path.exists():
		c.problems.append(f"{c.where(path)}: missing, manual action labels not collected")
		return
	tree = c.parse_python(path)
	if tree is None:
		return
	for node in ast.walk(tree):
		if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "ManualAction":
			label = next((k.value for k in node.keywords if k.arg == "label"), None)
			if label is None and len(node.args) > 1:
				label = node.args[1]
			if isinstance(label, ast.Constant):
				c.add(label.value, c.where(path, node.lineno))


def from_hooks(c: Collector) -> None:
	path = c.app / "hooks.py"
	if not path.exists():
		return
	tree = c.parse_python(path)
	if tree is None:
		return
	hooks = module_constants(tree)
	for key in ("add_to_apps_screen", "portal_menu_items", "standard_portal_menu_items"):
		for item in hooks.get(key) or ():
			if isinstance(item, dict):
				c.add(item.get("title"), c.where(path))


# --- code -----------------------------------------------------------------------------------------


def string_value(node) -> str | None:
	"""A literal string, or a + concatenation of them; None for anything computed (f-strings too)."""
	if isinstance(node, ast.Constant) and isinstance(node.value, str):
		return node.value
	if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
		left, right = string_value(node.left), string_value(node.right)
		if left is not None and right is not None:
			return left + right
	return None


def is_translate_call(node: ast.Call) -> bool:
	func = node.func
	if isinstance(func, ast.Name):
		return func.id in ("_", "_lt")
	# frappe._("...")
	return (
		isinstance(func, ast.Attribute)
		and func.attr in ("_", "_lt")
		and isinstance(func.value, ast.Name)
		and func.value.id == "frappe"
	)


def from_python(c: Collector) -> None:
	for path in c.files("**/*.py"):
		rel = path.relative_to(c.app)
		if path.name.startswith("test_") or "tests" in rel.parts:
			continue
		tree = c.parse_python(path)
		if tree is None:
			continue
		for node in ast.walk(tree):
			if not (isinstance(node, ast.Call) and is_translate_call(node)):
				continue
			arg = (
				node.args[0] if node.args else next((k.value for k in node.keywords if k.arg == "msg"), None)
			)
			if arg is None:
				continue
			text = string_value(arg)
			if text is not None:
				c.add(python_key(text), c.where(path, node.lineno))
			elif isinstance(arg, ast.JoinedStr):
				c.warnings.append(
					f"{c.where(path, node.lineno)}: f-string inside _() can never be translated"
				)


JS_CALL = re.compile(r"(?<![\w$.])(__?)\(")
JS_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "b": "\b", "f": "\f", "v": "\v", "0": "\0"}


def read_js_string(code: str, i: int) -> tuple[str | None, int, bool]:
	"""Read the string literal starting at code[i] (a quote). Return (value, end, is_static);
	value None when there is no well-formed literal, is_static False for `...${x}...`."""
	quote = code[i]
	out = []
	static = True
	j = i + 1
	while j < len(code):
		ch = code[j]
		if ch == "\\":
			nxt = code[j + 1 : j + 2]
			if nxt == "\n":
				j += 2
			elif nxt == "\r":
				j += 3 if code[j + 2 : j + 3] == "\n" else 2
			elif nxt == "x" and re.fullmatch(r"[0-9a-fA-F]{2}", code[j + 2 : j + 4]):
				out.append(chr(int(code[j + 2 : j + 4], 16)))
				j += 4
			elif nxt == "u" and re.match(r"\{[0-9a-fA-F]{1,6}\}", code[j + 2 : j + 10]):
				end = code.index("}", j)
				out.append(chr(int(code[j + 3 : end], 16)))
				j = end + 1
			elif nxt == "u" and re.fullmatch(r"[0-9a-fA-F]{4}", code[j + 2 : j + 6]):
				out.append(chr(int(code[j + 2 : j + 6], 16)))
				j += 6
			else:
				out.append(JS_ESCAPES.get(nxt, nxt))
				j += 2
			continue
		if ch == quote:
			return "".join(out), j + 1, static
		if quote == "`" and code.startswith("${", j):
			static = False
		elif ch == "\n" and quote != "`":
			return None, j, False
		out.append(ch)
		j += 1
	return None, j, False


def skip_space(code: str, i: int) -> int:
	"""Skip whitespace and comments."""
	while i < len(code):
		if code[i].isspace():
			i += 1
		elif code.startswith("//", i):
			end = code.find("\n", i)
			i = len(code) if end < 0 else end + 1
		elif code.startswith("/*", i):
			end = code.find("*/", i + 2)
			i = len(code) if end < 0 else end + 2
		else:
			break
	return i


def scan_calls(code: str, names: tuple[str, ...]) -> list[tuple[str, str, int, bool]]:
	"""Find name("literal" [+ "literal" ...] , ...) / name("literal") calls.
	Returns (function name, message, line, static) for each; static False for computed messages."""
	found = []
	for m in JS_CALL.finditer(code):
		name = m.group(1)
		if name not in names:
			continue
		i = skip_space(code, m.end())
		if i >= len(code) or code[i] not in "'\"`":
			continue  # __(variable): the value comes from elsewhere
		parts, static = [], True
		while True:
			value, i, part_static = read_js_string(code, i)
			if value is None:
				break
			parts.append(value)
			static = static and part_static
			i = skip_space(code, i)
			if code.startswith("+", i):
				after_plus = skip_space(code, i + 1)
				if code[after_plus : after_plus + 1] in ("'", '"', "`"):
					i = after_plus
					continue
			break
		if not parts or value is None:
			continue
		if i < len(code) and code[i] not in ",)":
			static = False  # "text" + variable, or a method call on the literal
		line = code.count("\n", 0, m.start()) + 1
		found.append((name, "".join(parts), line, static))
	return found


def from_javascript(c: Collector) -> None:
	for path in c.files("**/*.js", "**/*.vue", "**/*.ts"):
		if path.name.endswith(".min.js"):
			continue
		code = path.read_text(encoding="utf-8")
		for _name, text, line, static in scan_calls(code, ("__",)):
			if static:
				c.add(text, c.where(path, line))
			else:
				c.warnings.append(f"{c.where(path, line)}: computed string inside __() cannot be collected")


def from_templates(c: Collector) -> None:
	for path in c.files("**/*.html"):
		code = path.read_text(encoding="utf-8")
		for name, text, line, static in scan_calls(code, ("_", "__")):
			if static:
				# Jinja _() goes through frappe._(), which strips; microtemplate __() does not
				c.add(python_key(text) if name == "_" else text, c.where(path, line))
			else:
				c.warnings.append(
					f"{c.where(path, line)}: computed string inside {name}() cannot be collected"
				)


SOURCES = (
	from_doctypes,
	from_pages,
	from_workspaces,
	from_number_cards,
	from_dashboard_charts,
	from_reports,
	from_web_forms,
	from_fixtures,
	from_modules,
	from_roles,
	from_manual_actions,
	from_hooks,
	from_python,
	from_javascript,
	from_templates,
)


def collect(app: Path = APP) -> Collector:
	c = Collector(Path(app).resolve())
	for source in SOURCES:
		source(c)
	return c


def extract(app: Path = APP) -> list[str]:
	"""Every user-facing string of the app, sorted and unique."""
	return sorted(collect(app).strings)


# --- translations ---------------------------------------------------------------------------------


def read_rows(csv_path: Path) -> list[list[str]]:
	"""The CSV as Frappe reads it (frappe.translate.read_csv_file)."""
	with open(csv_path, encoding="utf-8", newline="") as f:
		return list(csv.reader(f))


def load_translations(csv_path: Path) -> dict[str, str]:
	"""source -> translation, stripped as Frappe strips it; rows with a context are keyed source:context."""
	translations = {}
	for row in read_rows(csv_path):
		if len(row) == 3 and row[2]:
			translations[f"{row[0]}:{row[2]}"] = row[1].strip()
		elif len(row) in (2, 3):
			translations[row[0]] = row[1].strip()
	return translations


def missing(strings, translations: dict[str, str]) -> list[str]:
	return [s for s in strings if not translations.get(s)]


def main(argv=None) -> int:
	parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
	parser.add_argument("--app", type=Path, default=APP, help="the app package directory (default: recrm)")
	parser.add_argument(
		"--missing", type=Path, metavar="CSV", help="print only strings without a translation in CSV"
	)
	parser.add_argument("--where", action="store_true", help="show where each string was found")
	parser.add_argument(
		"--unused", type=Path, metavar="CSV", help="print translations in CSV whose source is no longer used"
	)
	args = parser.parse_args(argv)

	c = collect(args.app)
	for message in c.problems + c.warnings:
		print(f"warning: {message}", file=sys.stderr)
	strings = sorted(c.strings)
	if args.unused:
		for source in sorted(set(load_translations(args.unused)) - set(strings)):
			print(source)
		return 0
	if args.missing:
		if args.missing.exists():
			translations = load_translations(args.missing)
		else:
			print(f"warning: {args.missing} does not exist", file=sys.stderr)
			translations = {}
		strings = missing(strings, translations)

	for s in strings:
		shown = json.dumps(s, ensure_ascii=False) if ("\n" in s or s != s.strip()) else s
		print(f"{shown}\t{', '.join(sorted(c.strings[s]))}" if args.where else shown)

	if args.missing:
		print(f"{len(strings)} of {len(c.strings)} strings have no translation", file=sys.stderr)
		return 1 if strings else 0
	return 0


if __name__ == "__main__":
	sys.exit(main())
