"""The satisfaction survey a customer opens from the e-mailed link: /survey?survey=…&token=…

Open to guests: the survey's secret token is the key, as in ``recrm.service.surveys.answer_survey``,
which the page posts to. Only the exact token opens it; a wrong token and a survey that does not
exist show the same page."""

import frappe
from frappe import _

from recrm.messages import survey_question_labels
from recrm.service.surveys import SURVEY, token_matches

no_cache = 1


def get_context(context):
	context.no_breadcrumbs = True
	context.title = _("Satisfaction Survey")
	survey = frappe.form_dict.get("survey")
	token = frappe.form_dict.get("token")
	context.valid = False
	values = (
		frappe.db.get_value(
			SURVEY, survey, ["token", "answered_on", "project", "customer_name"], as_dict=True
		)
		if isinstance(survey, str) and survey
		else None
	)
	if values:
		if token_matches(values.token, token):
			context.valid = True
			context.survey = survey
			context.token = token
			context.answered = bool(values.answered_on)
			context.project = values.project
			context.customer_name = values.customer_name
	labels = survey_question_labels()
	context.questions = [
		{"key": key, "label": label, "required": key == "overall"} for key, label in labels.items()
	]
	return context
