"""Every user-facing string of recrm has a Simplified Chinese translation that keeps its placeholders.

Framework-free: the strings come from scripts/extract_strings.py, the translations from
recrm/translations/zh.csv read the way Frappe v15 reads it (csv.reader, no header row).
When this fails because of a new string, run

	python3 scripts/extract_strings.py --missing recrm/translations/zh.csv

and add a row for each string it prints.
"""

import csv
import importlib.util
import sys
from collections import Counter
from pathlib import Path

import pytest

from recrm.core.roles import SALES_ADVISOR

REPO = Path(__file__).resolve().parents[2]
ZH_CSV = REPO / "recrm" / "translations" / "zh.csv"
# sources whose Chinese translation rightly has no Chinese character (codes, units, brand names)
KEPT_AS_IS: frozenset[str] = frozenset()


def load_extractor():
	spec = importlib.util.spec_from_file_location("extract_strings", REPO / "scripts" / "extract_strings.py")
	module = importlib.util.module_from_spec(spec)
	sys.modules.setdefault(spec.name, module)
	spec.loader.exec_module(module)
	return module


ex = load_extractor()


@pytest.fixture(scope="module")
def collected():
	return ex.collect(REPO / "recrm")


@pytest.fixture(scope="module")
def rows():
	return ex.read_rows(ZH_CSV)


@pytest.fixture(scope="module")
def zh(rows):
	return {row[0]: row[1] for row in rows}


def listing(items) -> str:
	return "\n".join(f"  {item!r}" for item in items)


# --- the translations -----------------------------------------------------------------------------


def test_every_source_could_be_read(collected):
	# a file that cannot be parsed hides its strings from the checks below
	assert not collected.problems, "\n" + "\n".join(collected.problems)


def test_the_app_has_strings(collected):
	strings = set(collected.strings)
	assert len(strings) > 100
	for expected in ("RE Unit", "Sales Control Board", "Held", SALES_ADVISOR, "Withdraw from Sale"):
		assert expected in strings


def test_every_string_has_a_chinese_translation(collected, zh):
	missing = [s for s in sorted(collected.strings) if not zh.get(s, "").strip()]
	assert not missing, (
		f"{len(missing)} strings have no translation in {ZH_CSV.relative_to(REPO)}:\n{listing(missing)}"
	)


def test_translations_keep_the_placeholders_of_their_source(rows):
	wrong = [
		f"{source!r} -> {translation!r}: {ex.placeholders(source)} != {ex.placeholders(translation)}"
		for source, translation, *_ in rows
		if set(ex.placeholders(source)) != set(ex.placeholders(translation))
	]
	assert not wrong, "\n" + "\n".join(wrong)


def test_the_csv_has_two_columns_and_one_row_per_source(rows):
	assert rows, f"{ZH_CSV} is empty"
	bad = [row for row in rows if len(row) != 2 or not row[0]]
	assert not bad, f"rows that are not exactly [source, translation]:\n{listing(bad)}"
	duplicates = [source for source, count in Counter(row[0] for row in rows).items() if count > 1]
	assert not duplicates, f"sources listed more than once:\n{listing(duplicates)}"
	# no header row: Frappe would read "source,translation" as a translation of the word "source"
	assert rows[0][0] != "source"


def test_the_csv_is_sorted_utf8_without_bom():
	text = ZH_CSV.read_bytes().decode("utf-8")
	assert not text.startswith("\ufeff"), "no byte-order mark"
	with open(ZH_CSV, encoding="utf-8", newline="") as f:
		sources = [row[0] for row in csv.reader(f)]
	assert sources == sorted(sources), "rows are sorted by source"


def test_translations_are_chinese(rows):
	# a row copied without translating would pass the other checks
	untranslated = [
		source
		for source, translation, *_ in rows
		if source not in KEPT_AS_IS and not any("\u4e00" <= ch <= "\u9fff" for ch in translation)
	]
	assert not untranslated, f"translations without a Chinese character:\n{listing(untranslated)}"


# --- the extractor --------------------------------------------------------------------------------


@pytest.fixture
def app(tmp_path):
	"""A tiny app with one string of every kind the extractor reads."""
	app = tmp_path / "demoapp"
	doctype = app / "mod" / "doctype" / "thing"
	doctype.mkdir(parents=True)
	(doctype / "thing.json").write_text(
		"""{"doctype": "DocType", "name": "RE Thing", "fields": [
		{"fieldname": "status", "fieldtype": "Select", "label": "State", "options": "\\nOpen\\nClosed",
		 "description": "Where it stands."},
		{"fieldname": "naming_series", "fieldtype": "Select", "options": "THING-.####"},
		{"fieldname": "size", "fieldtype": "Select", "label": "Size", "options": "1\\n2"},
		{"fieldname": "col", "fieldtype": "Column Break"}]}""",
		encoding="utf-8",
	)
	(doctype / "thing.py").write_text(
		"from frappe import _\n"
		"def f(x):\n"
		'\t_("Implicit " "concatenation {0}")\n'
		'\t_(f"f-string {x}")\n'
		"\t_(x)\n"
		"\t_('  <b>Bold</b> words  ')\n"
		'\t_("With context", context="Ctx")\n'
		'\tfrappe._("Via module")\n',
		encoding="utf-8",
	)
	(doctype / "thing.js").write_text(
		'__("Double \\"quoted\\"");\n'
		"__('Single \\'quoted\\'', [1]);\n"
		"__(`Back {0}`, [x]);\n"
		"__(`Dynamic ${x}`);\n"
		'__("Joined " +\n  "lines");\n'
		'__("Half " + name);\n'
		"__(doc.status);\n"
		'frappe.__("Not a call of __");\n'
		'`${__("In template")}`;\n',
		encoding="utf-8",
	)
	page = app / "mod" / "page" / "board"
	page.mkdir(parents=True)
	(page / "board.json").write_text('{"doctype": "Page", "title": "The Board"}', encoding="utf-8")
	(app / "templates").mkdir()
	(app / "templates" / "portal.html").write_text(
		'<h1>{{ _("Welcome, {0}") }}</h1><p>{{ __("Micro") }}</p>', encoding="utf-8"
	)
	(app / "core").mkdir()
	(app / "core" / "roles.py").write_text(
		'A = "RE A"\nDESK = (A,)\nWEB = ("RE B",)\nALL_ROLES = DESK + WEB\nOTHER = ("Not A Role",)\n',
		encoding="utf-8",
	)
	(app / "core" / "unit_status.py").write_text(
		'X = ManualAction("hold", "Hold It", frozenset(), "Held")\n'
		'Y = ManualAction("go", label="Let Go", from_statuses=frozenset(), to_status="Free")\n',
		encoding="utf-8",
	)
	(app / "modules.txt").write_text("Mod\n", encoding="utf-8")
	return app


def test_the_extractor_reads_every_kind_of_source(app):
	c = ex.collect(app)
	assert not c.problems
	assert sorted(c.strings) == sorted(
		[
			"RE Thing",
			"State",
			"Open",
			"Closed",
			"Where it stands.",
			"Size",
			"Implicit concatenation {0}",
			"Bold words",
			"With context",
			"Via module",
			'Double "quoted"',
			"Single 'quoted'",
			"Back {0}",
			"Joined lines",
			"In template",
			"The Board",
			"Welcome, {0}",
			"Micro",
			"RE A",
			"RE B",
			"Hold It",
			"Let Go",
			"Mod",
		]
	)
	assert any("f-string" in w for w in c.warnings)
	assert any("computed string" in w for w in c.warnings)


def test_the_extractor_reports_files_it_cannot_read(app):
	(app / "mod" / "doctype" / "thing" / "thing.json").write_text("{not json", encoding="utf-8")
	(app / "mod" / "doctype" / "thing" / "thing.py").write_text("def (:\n", encoding="utf-8")
	problems = ex.collect(app).problems
	assert any("thing.json" in p for p in problems)
	assert any("thing.py" in p for p in problems)


def test_missing_lists_untranslated_strings(app, tmp_path, capsys):
	zh_csv = tmp_path / "zh.csv"
	with open(zh_csv, "w", encoding="utf-8", newline="") as f:
		csv.writer(f, lineterminator="\n").writerows([["RE Thing", "东西"], ["State", "  "]])
	assert ex.main(["--app", str(app), "--missing", str(zh_csv)]) == 1
	out = capsys.readouterr().out.splitlines()
	assert "RE Thing" not in out
	assert "State" in out  # a blank translation is no translation


@pytest.mark.parametrize(
	"text,expected",
	[
		("Unit {0} of {1}", ["{0}", "{1}"]),
		("use {{floor}}{{unit:02}} for {pattern}", ["{pattern}", "{{floor}}", "{{unit:02}}"]),
		("{percentage}% off, 100%", ["{percentage}"]),
		("%s and %(name)s", ["%(name)s", "%s"]),
		("no placeholders", []),
	],
)
def test_placeholders(text, expected):
	assert ex.placeholders(text) == sorted(expected)
