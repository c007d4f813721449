"""Satisfaction surveys (满意度): sent when a complaint is closed and periodically per project,
answered once, by the customer they were sent to.

A survey carries a secret token: the e-mailed link (``/survey?survey=…&token=…``) identifies the
customer without a login. ``answer_survey`` accepts an answer from that link, from the customer's
own portal login, or from customer service recording it on the phone; it refuses a second answer
and an answer by anyone else, with the core's rules and their translated messages.
"""

import secrets

import frappe
from frappe import _
from frappe.utils import get_url, now_datetime

from recrm.core import RuleError
from recrm.core.complaints import check_respondent, validate_survey
from recrm.utils import SurveyError, throw_rule_error

SURVEY = "RE Satisfaction Survey"
AFTER_COMPLAINT = "After Complaint"
PERIODIC = "Periodic"
ANSWERED = "Answered"


def survey_link(survey) -> str:
	return get_url(f"/survey?survey={survey.name}&token={survey.token}")


def send_complaint_survey(complaint) -> str | None:
	"""On closing: one survey per complaint, e-mailed once the closing is committed."""
	if frappe.db.exists(SURVEY, {"complaint": complaint.name}):
		return None
	survey = frappe.get_doc(
		{
			"doctype": SURVEY,
			"survey_type": AFTER_COMPLAINT,
			"customer": complaint.customer,
			"complaint": complaint.name,
			"project": complaint.project,
		}
	).insert(ignore_permissions=True)
	frappe.enqueue(
		"recrm.service.surveys.email_survey", survey=survey.name, enqueue_after_commit=True, queue="short"
	)
	return survey.name


def email_survey(survey: str) -> bool:
	"""E-mail the survey link to its customer, if they gave an e-mail address."""
	doc = frappe.get_doc(SURVEY, survey)
	email = frappe.db.get_value("RE Customer", doc.customer, "email")
	if not email or doc.answered_on:
		return False
	link = '<a href="{}">{}</a>'.format(survey_link(doc), _("Answer the survey"))
	frappe.sendmail(
		recipients=[email],
		subject=_("How satisfied are you with our service?"),
		message="{}<br><br>{} {}".format(
			_("Dear {0},").format(frappe.utils.escape_html(doc.customer_name or "")),
			_("Thank you for letting us look after your home. Please tell us in two minutes how we did:"),
			link,
		),
		reference_doctype=SURVEY,
		reference_name=doc.name,
	)
	doc.db_set("sent_on", now_datetime(), update_modified=False)
	return True


def customer_of_user(user: str) -> str | None:
	"""The customer a portal login belongs to: the one it is linked to (Invite to Portal), else the
	one with the login's e-mail address."""
	from recrm.portal.access import customer_of

	linked = customer_of(user)
	if linked:
		return linked
	email = frappe.db.get_value("User", user, "email") or user
	return frappe.db.get_value("RE Customer", {"email": email}, "name")


def respondent_of(survey, token: str | None) -> tuple[str | None, str]:
	"""Who is answering, and how: the token's customer, customer service on the phone (on the
	customer's behalf), or the customer of the portal login."""
	if token:
		valid = bool(survey.token) and secrets.compare_digest(str(token), survey.token)
		return (survey.customer if valid else None), "Link"
	if frappe.session.user == "Guest":
		frappe.throw(_("Open the survey from the link you received."), exc=frappe.PermissionError)
	if frappe.has_permission(SURVEY, "write", doc=survey):
		return survey.customer, "Phone"
	return customer_of_user(frappe.session.user), "Portal"


# allow_guest: the e-mailed link identifies the customer by the survey's secret token, so an owner
# without a login can answer; every other caller is identified by their session (respondent_of)
@frappe.whitelist(allow_guest=True, methods=["POST"])
def answer_survey(survey: str, answers, token: str | None = None, comments: str | None = None) -> dict:
	"""Record the answer to a survey: ``answers`` maps overall, product, process, technical,
	interaction and emotional to scores from 1 to 5 (overall required)."""
	if not isinstance(survey, str) or not frappe.db.exists(SURVEY, survey):
		frappe.throw(_("There is no such survey."), exc=frappe.DoesNotExistError)
	doc = frappe.get_doc(SURVEY, survey, for_update=True)
	respondent, via = respondent_of(doc, token)
	answers = frappe.parse_json(answers) if isinstance(answers, str) else (answers or {})
	try:
		check_respondent(doc.customer, respondent, doc.answered_on)
		scores = validate_survey(answers)
	except RuleError as error:
		throw_rule_error(error, exc=SurveyError, title=_("Satisfaction Survey"))
	doc.update({f"{question}_score": score for question, score in scores.items()})
	doc.comments = (comments or "").strip() or None
	doc.answered_on = now_datetime()
	doc.answered_by = frappe.session.user
	doc.answered_via = via
	doc.status = ANSWERED
	doc.flags.answering = True
	# who may answer was established above (token, portal login or customer service)
	doc.save(ignore_permissions=True)
	return {"name": doc.name, "status": doc.status}


@frappe.whitelist()
def create_periodic_surveys(project: str, period: str) -> int:
	"""A periodic survey for every owner of ``project`` (customers at the Owner or Member stage
	with an advisor in it) not yet surveyed for ``period``; returns how many were made."""
	frappe.has_permission(SURVEY, "create", throw=True)
	frappe.has_permission("RE Project", "read", doc=project, throw=True)
	owners = frappe.get_all(
		"RE Customer Advisor",
		filters={"parenttype": "RE Customer", "project": project},
		pluck="parent",
		distinct=True,
	)
	owners = frappe.get_all(
		"RE Customer",
		filters={"name": ("in", owners or [""]), "lifecycle_stage": ("in", ("Owner", "Member"))},
		pluck="name",
	)
	done = set(frappe.get_all(SURVEY, filters={"project": project, "period": period}, pluck="customer"))
	made = 0
	for customer in owners:
		if customer in done:
			continue
		frappe.get_doc(
			{
				"doctype": SURVEY,
				"survey_type": PERIODIC,
				"customer": customer,
				"project": project,
				"period": period,
			}
		).insert()
		made += 1
	return made
