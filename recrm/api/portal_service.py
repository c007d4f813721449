"""What a home buyer does about complaints and surveys on the portal: submit a complaint about one
of their units, add what customer service asked for, confirm the resolution or reopen it, and
answer a satisfaction survey.

Every method starts from ``current_buyer()`` (``recrm.portal.buyer``) and acts only on the buyer's
own complaints and surveys (``Buyer.check``): another buyer's name is refused exactly like a name
that does not exist. Status changes go through the complaint's own rules
(``recrm.core.complaints.TRANSITIONS``, checked by RE Complaint on save): the buyer adds information
to a complaint Awaiting Customer (→ In Progress), confirms a Resolved one (→ Closed, which sends the
survey) or reopens a Resolved or Closed one (→ Reopened). Photos are uploaded afterwards through
``recrm.portal.uploads.upload_photo``, which checks their type and size.
"""

import frappe
from frappe import _
from frappe.rate_limiter import rate_limit

from recrm.core.complaints import AWAITING_CUSTOMER, CLOSED, IN_PROGRESS, REOPENED, RESOLVED
from recrm.errors import PortalRuleError
from recrm.portal.buyer import current_buyer, refuse_not_theirs

COMPLAINT = "RE Complaint"
SURVEY = "RE Satisfaction Survey"
CATEGORY = "RE Complaint Category"
SUBJECT_LENGTH = 140
TEXT_LENGTH = 4000


def clean_text(value, label: str, limit: int, required: bool = True) -> str:
	text = (value if isinstance(value, str) else "").strip()
	if required and not text:
		frappe.throw(_("Please fill in {0}.").format(label), exc=PortalRuleError, title=_("Complaint"))
	if len(text) > limit:
		frappe.throw(
			_("{0} is too long: at most {1} characters.").format(label, limit),
			exc=PortalRuleError,
			title=_("Complaint"),
		)
	return text


def buyer_categories() -> list[str]:
	"""The categories a buyer chooses from: every specific (non-group) complaint category."""
	return frappe.get_all(CATEGORY, filters={"is_group": 0}, pluck="name", order_by="lft asc")


@frappe.whitelist(methods=["POST"])
# a buyer with much to report is not stopped; a script filling the service desk is
@rate_limit(limit=20, seconds=60 * 60)
def submit_complaint(
	unit: str | None = None,
	subject: str | None = None,
	description: str | None = None,
	category: str | None = None,
) -> dict:
	"""A complaint about one of the buyer's units, received now through the portal."""
	buyer = current_buyer()
	customer = buyer.customer
	home = buyer.unit(unit)
	if not home:
		refuse_not_theirs(unit)
	subject = clean_text(subject, _("Subject"), SUBJECT_LENGTH)
	description = clean_text(description, _("Description"), TEXT_LENGTH)
	categories = buyer_categories()
	if category not in categories:
		if category:
			frappe.throw(_("Choose a category from the list."), exc=PortalRuleError, title=_("Complaint"))
		category = "Other" if "Other" in categories else (categories[-1] if categories else None)
	doc = frappe.get_doc(
		{
			"doctype": COMPLAINT,
			"subject": subject,
			"description": description,
			"customer": customer,
			"project": home.project,
			"building": home.building,
			"unit": home.unit,
			"channel": "Portal",
			"category": category,
			"priority": "Medium",
			"agent": None,
		}
	)
	doc.flags.status_note = _("Submitted on the buyer portal.")
	# buyers may not create complaints through Frappe's routes; the unit and customer are theirs (above)
	doc.insert(ignore_permissions=True)
	buyer.forget(COMPLAINT, "RE Complaint Photo", "RE Complaint Status Log")
	return {"complaint": doc.name, "status": doc.status}


def their_complaint(complaint):
	return current_buyer().get_doc(COMPLAINT, complaint, for_update=True)


def move(doc, status: str, note: str | None) -> dict:
	doc.status = status
	doc.flags.status_note = note
	# the buyer's own complaint (checked by their_complaint); RE Complaint checks the move itself
	doc.save(ignore_permissions=True)
	return {"complaint": doc.name, "status": doc.status}


def refuse_in_status(doc, what: str) -> None:
	frappe.throw(
		_("{0} is {1}: {2} is not possible now.").format(doc.name, _(doc.status), what),
		exc=PortalRuleError,
		title=_("Complaint"),
	)


@frappe.whitelist(methods=["POST"])
def add_complaint_information(complaint: str | None = None, information: str | None = None) -> dict:
	"""What customer service asked for: the complaint moves on from Awaiting Customer."""
	doc = their_complaint(complaint)
	information = clean_text(information, _("Information"), TEXT_LENGTH)
	if doc.status != AWAITING_CUSTOMER:
		refuse_in_status(doc, _("adding information"))
	return move(doc, IN_PROGRESS, information)


@frappe.whitelist(methods=["POST"])
def confirm_complaint_resolved(complaint: str | None = None, comment: str | None = None) -> dict:
	"""The buyer agrees the complaint is resolved: it closes, and its survey is sent."""
	doc = their_complaint(complaint)
	comment = clean_text(comment, _("Comment"), TEXT_LENGTH, required=False)
	if doc.status != RESOLVED:
		refuse_in_status(doc, _("confirming the resolution"))
	return move(doc, CLOSED, comment or _("The customer confirmed the resolution on the portal."))


@frappe.whitelist(methods=["POST"])
def reopen_complaint(complaint: str | None = None, reason: str | None = None) -> dict:
	"""The buyer disagrees: the complaint is reopened with their reason, its clock starts again."""
	doc = their_complaint(complaint)
	reason = clean_text(reason, _("Reason"), TEXT_LENGTH)
	if doc.status not in (RESOLVED, CLOSED):
		refuse_in_status(doc, _("reopening"))
	return move(doc, REOPENED, reason)


@frappe.whitelist(methods=["POST"])
def answer_survey(survey: str | None = None, answers=None, comments: str | None = None) -> dict:
	"""The buyer's answer to a survey sent to them; a second answer is refused by the survey."""
	from recrm.service.surveys import answer_survey as record_answer
	from recrm.service.surveys import parse_answers

	current_buyer().check(SURVEY, survey)
	answers = parse_answers(answers)
	comments = clean_text(comments, _("Comments"), TEXT_LENGTH, required=False)
	return record_answer(survey, answers, comments=comments)
