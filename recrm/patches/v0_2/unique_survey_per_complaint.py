"""One satisfaction survey per complaint, decided by a unique index on existing sites too (new
sites get it with the DocType)."""

from recrm.service.doctype.re_satisfaction_survey.re_satisfaction_survey import on_doctype_update


def execute():
	on_doctype_update()
