"""Satisfaction surveys (满意度): sent when a complaint is closed and periodically per project,
answered once, by the customer they were sent to.

A survey's e-mailed link (``/survey?survey=…&token=…``) identifies the customer without a login by
a random secret made when the link is sent (``issue_token``). Only the secret's SHA-256 digest is
stored (``token``), so no route that reads the survey — list, report, search, export, history —
can give anyone the secret; a link is checked by comparing digests in constant time
(``token_matches``). ``answer_survey`` accepts an answer from that link, from the customer's own
portal login, or from customer service recording it on the phone; it refuses a second answer and
an answer by anyone else, with the core's rules and their translated messages, and a wrong token
in the same words as a survey that does not exist.
"""

import hashlib
import json
import secrets

import frappe
from frappe import _
from frappe.utils import get_url, getdate, now_datetime, nowdate

from recrm.core import RuleError
from recrm.core.surveys import SURVEYS_OFF, check_respondent, survey_period, validate_survey
from recrm.errors import SurveyError, rule_errors, throw_not_permitted
from recrm.jobs import enqueue_job
from recrm.sales.customers import customer_of
from recrm.service.settings import service_settings

SURVEY = "RE Satisfaction Survey"
AFTER_COMPLAINT = "After Complaint"
PERIODIC = "Periodic"
ANSWERED = "Answered"


def token_digest(token: str) -> str:
	return hashlib.sha256(token.encode()).hexdigest()


def issue_token(survey: str) -> str:
	"""A new secret for the survey's link (the previous link stops working); only its digest is kept."""
	token = secrets.token_urlsafe(24)
	frappe.db.set_value(SURVEY, survey, "token", token_digest(token), update_modified=False)
	return token


def token_matches(stored: str | None, token) -> bool:
	"""Whether ``token`` (anything from a request) is the secret whose digest is ``stored``."""
	if not stored or not isinstance(token, str) or not token:
		return False
	return secrets.compare_digest(token_digest(token), stored)


def survey_link(survey) -> str:
	"""The link to e-mail for ``survey`` (a document), with a newly issued secret."""
	return get_url(f"/survey?survey={survey.name}&token={issue_token(survey.name)}")


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
	linked = customer_of(user)
	if linked:
		return linked
	email = frappe.db.get_value("User", user, "email") or user
	return frappe.db.get_value("RE Customer", {"email": email}, "name")


def refuse_no_survey() -> None:
	"""A survey that does not exist, a wrong token and another customer's survey: the same words."""
	frappe.throw(_("There is no such survey."), exc=frappe.DoesNotExistError, title=_("Satisfaction Survey"))


def respondent_of(survey, token) -> tuple[str | None, str]:
	"""Who is answering, and how: the token's customer, customer service on the phone (on the
	customer's behalf), or the customer of the portal login."""
	if token is not None and token != "":
		if not token_matches(survey.token, token):
			refuse_no_survey()
		return survey.customer, "Link"
	if frappe.session.user == "Guest":
		throw_not_permitted(_("Open the survey from the link you received."), title=_("Satisfaction Survey"))
	if frappe.has_permission(SURVEY, "write", doc=survey):
		return survey.customer, "Phone"
	respondent = customer_of_user(frappe.session.user)
	if respondent != survey.customer:
		refuse_no_survey()
	return respondent, "Portal"


def parse_answers(answers) -> dict:
	"""The answers as given (a dict, or its JSON); anything else is refused clearly."""
	if isinstance(answers, str):
		try:
			answers = json.loads(answers)
		except ValueError:
			answers = None
	if not isinstance(answers, dict) or not answers:
		frappe.throw(
			_("Give the answers as scores from 1 to 5, the overall score at least."),
			exc=SurveyError,
			title=_("Satisfaction Survey"),
		)
	return answers


# allow_guest: the e-mailed link identifies the customer by the survey's secret token, so an owner
# without a login can answer; every other caller is identified by their session (respondent_of)
@frappe.whitelist(allow_guest=True, methods=["POST"])
def answer_survey(
	survey: str | None = None, answers=None, token: str | None = None, comments: str | None = None
) -> dict:
	"""Record the answer to a survey: ``answers`` maps overall, product, process, technical,
	interaction and emotional to scores from 1 to 5 (overall required)."""
	if not isinstance(survey, str) or not survey or not frappe.db.exists(SURVEY, survey):
		refuse_no_survey()
	doc = frappe.get_doc(SURVEY, survey, for_update=True)
	respondent, via = respondent_of(doc, token)
	answers = parse_answers(answers)
	if comments is not None and not isinstance(comments, str):
		comments = None
	with rule_errors(exc=SurveyError, title=_("Satisfaction Survey")):
		check_respondent(doc.customer, respondent, doc.answered_on)
		scores = validate_survey(answers)
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


# which customers of a project the periodic surveys go to (RE Service Settings)
SURVEYED_STAGES = {
	"Owners": ("Owner", "Member"),
	"Buyers and Owners": ("Contracted", "Awaiting Handover", "Owner", "Member"),
}


@frappe.whitelist()
def create_periodic_surveys(project: str, period: str, customers: str = "Owners") -> int:
	"""A periodic survey for every owner of ``project`` (customers at the Owner or Member stage
	with an advisor in it; with ``customers`` "Buyers and Owners" also those with a contract) not
	yet surveyed for ``period``; returns how many were made."""
	frappe.has_permission(SURVEY, "create", throw=True)
	frappe.has_permission("RE Project", "read", doc=project, throw=True)
	return len(make_periodic_surveys(project, period, customers))


def make_periodic_surveys(project: str, period: str, customers: str = "Owners") -> list[str]:
	if customers not in SURVEYED_STAGES:
		frappe.throw(_("Periodic surveys go to Owners or to Buyers and Owners, not {0}.").format(customers))
	in_project = frappe.get_all(
		"RE Customer Advisor",
		filters={"parenttype": "RE Customer", "project": project},
		pluck="parent",
		distinct=True,
	)
	surveyed = frappe.get_all(
		"RE Customer",
		filters={"name": ("in", in_project or [""]), "lifecycle_stage": ("in", SURVEYED_STAGES[customers])},
		pluck="name",
	)
	done = set(frappe.get_all(SURVEY, filters={"project": project, "period": period}, pluck="customer"))
	made = []
	for customer in surveyed:
		if customer in done:
			continue
		doc = frappe.get_doc(
			{
				"doctype": SURVEY,
				"survey_type": PERIODIC,
				"customer": customer,
				"project": project,
				"period": period,
			}
		).insert(ignore_permissions=True)
		made.append(doc.name)
	return made


def periodic_survey_intervals(settings=None) -> dict[str, str]:
	"""How often each project's customers are surveyed: the interval a project is listed with in
	RE Service Settings, else the one for every project."""
	settings = settings or service_settings()
	default = settings.periodic_survey_interval or SURVEYS_OFF
	intervals = {}
	if default != SURVEYS_OFF:
		intervals = dict.fromkeys(frappe.get_all("RE Project", pluck="name"), default)
	intervals.update({row.project: row.interval for row in settings.get("periodic_survey_projects") or []})
	return {project: interval for project, interval in intervals.items() if interval != SURVEYS_OFF}


def schedule_periodic_surveys() -> None:
	"""Daily (scheduler): the periodic surveys due, in a long job of which one runs at a time."""
	enqueue_job(
		"recrm.service.surveys.create_due_periodic_surveys",
		queue="long",
		job_id="recrm:create_due_periodic_surveys",
		deduplicate=True,
	)


def create_due_periodic_surveys() -> int:
	"""For every project with periodic surveys on, a survey for each of its customers (as RE Service
	Settings say) not yet surveyed in the period today falls in, e-mailed to them. Run again in the
	same period, it makes none. Returns how many were made."""
	settings = service_settings()
	customers = settings.periodic_survey_customers or "Owners"
	today = getdate(nowdate())
	made = 0
	for project, interval in periodic_survey_intervals(settings).items():
		for survey in make_periodic_surveys(project, survey_period(today, interval), customers):
			email_survey(survey)
			made += 1
	return made
