"""Area reconciliation (面积补差) of a building: the survey report imported, every unit's surveyed
area set, and one RE Area Settlement drafted per contract of the building, by its clause
(``recrm.core.area``).

The import runs in the background (``start_import`` → ``import_survey``) with progress, and is
all-or-nothing: a report with one bad line (an unknown unit, an area of zero, negative or more than
twice the contracted one) is refused whole, every bad line listed, nothing written. It is
idempotent: importing a report again rewrites the surveyed areas and redrafts the settlements still
in Draft; a settlement in approval or approved is left alone (a rejected one is redrafted).

It is written in bulk: one parameterised UPDATE per 500 units, one ``frappe.db.bulk_insert`` of
the settlements (named from their series, docstatus 0, workflow state Draft) — 2,000 units in well
under ten seconds.
"""

import csv
import io

import frappe
from frappe import _
from frappe.utils import cstr, flt

from recrm.core import RuleError
from recrm.core import area as rules
from recrm.errors import rule_errors
from recrm.handover import booking
from recrm.handover.terms import area_clause, settings
from recrm.jobs import enqueue_job
from recrm.messages import rule_message

SETTLEMENT = "RE Area Settlement"
SURVEY = "RE Area Survey"
PREFIX = "ASET-"
LIVE_CONTRACT = ("Signed", "Paid Up")
BAND_LABELS = {
	rules.EXACT: "No Difference",
	rules.WITHIN_PLUS: "Within +Threshold",
	rules.WITHIN_MINUS: "Within −Threshold",
	rules.OVER_PLUS: "Over +Threshold",
	rules.UNDER_MINUS: "Under −Threshold",
}
CHUNK = 500


class AreaSurveyError(frappe.ValidationError):
	pass


def band_labels() -> list[str]:
	return [
		_("No Difference"),
		_("Within +Threshold"),
		_("Within −Threshold"),
		_("Over +Threshold"),
		_("Under −Threshold"),
	]


# ---- reading the report -------------------------------------------------------------------------


def report_rows(file_url: str) -> list[tuple[int, str, str]]:
	"""(line, unit number, area) of a CSV or XLSX report; a header line (no number in the second
	column) is skipped."""
	file = frappe.get_doc("File", {"file_url": file_url})
	if file_url.lower().endswith(".xlsx"):
		from frappe.utils.xlsxutils import read_xlsx_file_from_attached_file

		table = read_xlsx_file_from_attached_file(fcontent=file.get_content())
	else:
		content = file.get_content()
		if isinstance(content, bytes):
			content = content.decode("utf-8-sig")
		table = list(csv.reader(io.StringIO(content)))
	rows = []
	for line, cells in enumerate(table, start=1):
		if not cells or not cstr(cells[0]).strip():
			continue
		number, value = cstr(cells[0]).strip(), cstr(cells[1] if len(cells) > 1 else "").strip()
		if line == 1 and not looks_numeric(value):
			continue
		rows.append((line, number, value))
	return rows


def looks_numeric(value: str) -> bool:
	try:
		float(value)
		return True
	except ValueError:
		return False


def check_report(building: str, rows) -> tuple[dict[str, float], list[str]]:
	"""The surveyed area of each unit (unit name → area) and the bad lines, each in words."""
	units = {
		u.unit_number: u
		for u in frappe.get_all(
			"RE Unit", filters={"building": building}, fields=["name", "unit_number", "gross_area"]
		)
	}
	areas, errors = {}, []
	for line, number, value in rows:
		unit = units.get(number)
		if unit is None:
			errors.append(_("Line {0}: unit {1} is not in building {2}.").format(line, number, building))
			continue
		if not looks_numeric(value):
			errors.append(_("Line {0}: '{1}' is not an area.").format(line, value))
			continue
		try:
			rules.check_areas(unit.gross_area, value)
		except RuleError as error:
			errors.append(_("Line {0}: {1}").format(line, rule_message(error, number)))
			continue
		areas[unit.name] = flt(value, 2)
	if not rows:
		errors.append(_("The survey report has no lines of unit number and area."))
	return areas, errors


# ---- the import ---------------------------------------------------------------------------------


@frappe.whitelist()
def start_import(survey: str):
	"""Queue the import of a survey report (the desk's Import button)."""
	doc = frappe.get_doc(SURVEY, survey)
	doc.check_permission("write")
	if doc.status == "Importing":
		frappe.throw(_("Survey {0} is being imported already.").format(survey), exc=AreaSurveyError)
	frappe.db.set_value(SURVEY, survey, {"status": "Importing", "import_log": ""})
	enqueue_job(
		"recrm.handover.area.import_survey",
		survey=survey,
		queue="long",
		timeout=600,
		job_id=f"recrm-area-survey::{survey}",
		deduplicate=True,
		enqueue_after_commit=True,
	)
	return {"status": "Importing"}


def progress(done: int, total: int, survey: str, what: str):
	frappe.publish_progress(
		done * 100 / max(total, 1), title=_("Area Survey"), doctype=SURVEY, docname=survey, description=what
	)


def import_survey(survey: str) -> dict:
	"""Read the report, set the units' surveyed areas, draft the settlements; all or nothing."""
	doc = frappe.get_doc(SURVEY, survey)
	rows = report_rows(doc.survey_file)
	progress(1, 4, survey, _("Checking the report"))
	areas, errors = check_report(doc.building, rows)
	if errors:
		# nothing is written before the whole report is checked
		frappe.db.set_value(SURVEY, survey, {"status": "Failed", "import_log": "\n".join(errors)})
		if not frappe.flags.in_test:
			frappe.db.commit()
		return {"status": "Failed", "errors": errors}
	progress(2, 4, survey, _("Setting surveyed areas"))
	set_surveyed_areas(areas)
	progress(3, 4, survey, _("Drafting settlements"))
	result = draft_settlements(doc.building, survey)
	values = {
		"status": "Imported",
		"units_surveyed": len(areas),
		"settlements_drafted": result["drafted"],
		"total_charge": result["charge"],
		"total_refund": result["refund"],
		"import_log": "\n".join(result["skipped"]),
	}
	frappe.db.set_value(SURVEY, survey, values)
	progress(4, 4, survey, _("Done"))
	return values


def set_surveyed_areas(areas: dict[str, float]) -> None:
	"""One parameterised UPDATE … CASE per chunk of units."""
	items = list(areas.items())
	for start in range(0, len(items), CHUNK):
		chunk = items[start : start + CHUNK]
		cases = " ".join(["when %s then %s"] * len(chunk))
		params = [v for pair in chunk for v in pair] + [name for name, _area in chunk]
		frappe.db.sql(
			# only %s placeholders are built here; the values are parameters
			f"update `tabRE Unit` set surveyed_area = case name {cases} end "
			f"where name in ({', '.join(['%s'] * len(chunk))})",
			params,
		)


def building_contracts(building: str) -> list[dict]:
	contract, unit = frappe.qb.DocType("RE Contract"), frappe.qb.DocType("RE Unit")
	buyer = frappe.qb.DocType("RE Contract Buyer")
	first_buyer = (
		frappe.qb.from_(buyer)
		.select(buyer.customer)
		.where((buyer.parent == contract.name) & (buyer.parenttype == "RE Contract"))
		.orderby(buyer.idx)
		.limit(1)
	)
	return (
		frappe.qb.from_(contract)
		.join(unit)
		.on(unit.name == contract.unit)
		.select(
			contract.name,
			contract.unit,
			contract.project,
			contract.final_price,
			contract.paid_amount,
			contract.promised_handover_date,
			contract.handover_grace_days,
			contract.penalty_daily_rate,
			contract.penalty_cap_percent,
			contract.area_threshold_percent,
			contract.area_refund_multiplier,
			unit.gross_area,
			unit.surveyed_area,
			first_buyer.as_("customer"),
		)
		.where(
			(contract.building == building) & (contract.docstatus == 1) & contract.status.isin(LIVE_CONTRACT)
		)
		.run(as_dict=True)
	)


def settlement_values(contract: dict, building: str, survey: str | None, s=None) -> dict:
	result = rules.settle(
		contract.gross_area, contract.surveyed_area, contract.final_price, area_clause(contract, s)
	)
	terms = area_clause(contract, s)
	return {
		"contract": contract.name,
		"unit": contract.unit,
		"building": building,
		"project": contract.project,
		"customer": contract.customer,
		"area_survey": survey,
		"band": BAND_LABELS[result.band],
		"amount": float(result.amount),
		"may_cancel": int(result.may_cancel),
		"contracted_area": float(result.contracted_area),
		"surveyed_area": float(result.surveyed_area),
		"diff_area": float(result.diff_area),
		"diff_percent": float(result.diff_percent),
		"final_price": flt(contract.final_price),
		"unit_price": float(result.unit_price),
		"threshold_percent": float(terms.threshold_percent),
		"refund_multiplier": float(terms.refund_multiplier),
		"charge_amount": float(result.charge),
		"refund_amount": float(result.refund),
	}


def draft_settlements(building: str, survey: str | None = None) -> dict:
	"""One draft settlement per live contract of the building whose unit is surveyed; drafts of an
	earlier import are replaced, settlements in approval or approved kept."""
	s = settings()
	contracts = [c for c in building_contracts(building) if flt(c.surveyed_area)]
	existing = booking.open_workflow_rows(SETTLEMENT, [c.name for c in contracts])
	skipped, rows, redraft = [], [], []
	for c in contracts:
		old = existing.get(c.name)
		if old and old.workflow_state != booking.DRAFT:
			skipped.append(
				_("Contract {0}: settlement {1} is {2}; left as it is.").format(
					c.name, old.name, _(old.workflow_state)
				)
			)
			continue
		if old:
			redraft.append(old.name)
		with rule_errors(c.name, exc=AreaSurveyError, title=_("Area Survey")):
			rows.append(settlement_values(c, building, survey, s))
	booking.delete_drafts(SETTLEMENT, redraft)
	booking.bulk_draft(SETTLEMENT, PREFIX, rows)
	return {
		"drafted": len(rows),
		"charge": sum(r["charge_amount"] for r in rows),
		"refund": sum(r["refund_amount"] for r in rows),
		"skipped": skipped,
	}


# ---- readiness for keys -------------------------------------------------------------------------


def readiness_check(contract: str, unit: str) -> list[str]:
	"""A handover readiness hook (``recrm_handover_readiness``): the contract's area settlement must
	be settled — approved and booked — once the unit is surveyed."""
	state = booking.settled(SETTLEMENT, contract)
	if state is None:
		if flt(frappe.db.get_value("RE Unit", unit, "surveyed_area")):
			return [_("The area difference of unit {0} has not been computed yet.").format(unit)]
		return []
	if not state:
		return [
			_("The area difference of contract {0} is not settled yet (approved and booked).").format(
				contract
			)
		]
	return []
