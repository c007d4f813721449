"""A contract's handover terms (promised date, grace, daily rate, cap, area clause), with the
defaults of RE Handover Settings where the contract leaves one empty."""

import frappe
from frappe.utils import cint, flt

from recrm.core import area as area_rules
from recrm.core import penalty as penalty_rules

SETTINGS = "RE Handover Settings"
TERM_FIELDS = (
	"handover_grace_days",
	"penalty_daily_rate",
	"penalty_cap_percent",
	"area_threshold_percent",
	"area_refund_multiplier",
)


def settings():
	return frappe.get_cached_doc(SETTINGS)


def set_contract_terms(doc, method=None):
	"""RE Contract ``before_validate``: empty terms take the settings' defaults, the promised date
	the building's planned handover date."""
	s = settings()
	if not doc.get("promised_handover_date") and doc.get("building"):
		doc.promised_handover_date = frappe.db.get_value("RE Building", doc.building, "planned_handover_date")
	for field in TERM_FIELDS:
		if not doc.get(field):
			doc.set(field, s.get(field))


def area_clause(row, s=None) -> area_rules.Clause:
	s = s or settings()
	return area_rules.clause(
		flt(row.get("area_threshold_percent")) or flt(s.area_threshold_percent),
		flt(row.get("area_refund_multiplier")) or flt(s.area_refund_multiplier),
	)


def penalty_terms(row, s=None) -> penalty_rules.Terms:
	"""The terms of a contract row (a document or a dict with the TERM_FIELDS). Grace days of 0 on
	the contract are its own (0 is a real grace); the settings fill only what is empty (None)."""
	s = s or settings()
	grace = row.get("handover_grace_days")
	return penalty_rules.terms(
		flt(row.get("penalty_daily_rate")) or flt(s.penalty_daily_rate),
		cint(s.handover_grace_days if grace is None else grace),
		flt(row.get("penalty_cap_percent")) or flt(s.penalty_cap_percent),
		cint(s.cancel_after_days),
	)
