"""Survey links on existing sites keep working once only the secret's digest is stored: each
stored token (the secret itself until now) becomes its SHA-256 digest (recrm/service/surveys.py)."""

import frappe

from recrm.service.surveys import SURVEY, token_digest

DIGEST_LENGTH = 64


def execute():
	if not frappe.db.table_exists(SURVEY):
		return
	for row in frappe.get_all(SURVEY, filters={"token": ("is", "set")}, fields=["name", "token"]):
		if len(row.token) != DIGEST_LENGTH:
			frappe.db.set_value(SURVEY, row.name, "token", token_digest(row.token), update_modified=False)
