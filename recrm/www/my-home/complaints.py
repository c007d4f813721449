"""/my-home/complaints: the buyer's complaints (submit one about a unit of theirs, with photos; follow
its status and the replies; add information when asked; confirm the resolution or reopen) and the
satisfaction surveys sent to them (answer each once).

Read by the buyer's customer only; the buttons call ``recrm.api.portal_service``.
"""

import frappe
from frappe import _

from recrm.api.portal_service import buyer_categories
from recrm.core.complaints import AWAITING_CUSTOMER, CLOSED, RESOLVED
from recrm.messages import survey_question_labels
from recrm.portal.files import file_src
from recrm.portal.pages import buyer_page, datetime_text, unit_title
from recrm.portal.uploads import MAX_BUYER_PHOTOS

no_cache = 1
STATUS_BADGES = {
	"Open": "reported",
	"Responded": "in-progress",
	"In Progress": "in-progress",
	"Awaiting Customer": "overdue",
	"Resolved": "fixed",
	"Closed": "ok",
	"Reopened": "reported",
}


def get_context(context):
	buyer = buyer_page(context, _("Complaints and Surveys"), "/my-home/complaints")
	units = buyer.units
	context.units = [frappe._dict(unit=row.unit, title=unit_title(row)) for row in units]
	context.categories = [frappe._dict(name=c, label=_(c)) for c in buyer_categories()]
	context.max_photos = MAX_BUYER_PHOTOS
	context.complaints = their_complaints(buyer, {row.unit: unit_title(row) for row in units})
	surveys = their_surveys(buyer)
	context.open_surveys = [s for s in surveys if not s.answered]
	context.answered_surveys = [s for s in surveys if s.answered]
	context.questions = [
		frappe._dict(key=key, label=label, required=key == "overall")
		for key, label in survey_question_labels().items()
	]
	context.scores = [
		(1, _("Very dissatisfied")),
		(2, _("Dissatisfied")),
		(3, _("Neutral")),
		(4, _("Satisfied")),
		(5, _("Very satisfied")),
	]
	return context


def their_complaints(buyer, titles: dict) -> list:
	rows = buyer.get_all(
		"RE Complaint",
		fields=["name", "subject", "description", "unit", "category", "status", "received_at", "resolution"],
		order_by="received_at desc",
		limit=50,
	)
	names = [row.name for row in rows]
	logs = buyer.children("RE Complaint Status Log", names, ["to_status", "changed_at", "changed_by", "note"])
	photos: dict[str, list] = {}
	for parent, rows_of_parent in buyer.children("RE Complaint Photo", names, ["photo"]).items():
		photos[parent] = [
			file_src(photo.photo)
			for photo in rows_of_parent
			if (photo.photo or "").startswith("/private/files/")
		]
	user = buyer.user
	return [
		frappe._dict(
			name=row.name,
			subject=row.subject,
			description=row.description,
			home=titles.get(row.unit) or "",
			category=_(row.category) if row.category else "",
			status=_(row.status),
			status_key=STATUS_BADGES.get(row.status, "reported"),
			received=datetime_text(row.received_at),
			resolution=row.resolution or "",
			photos=photos.get(row.name, []),
			history=[
				frappe._dict(
					status=_(log.to_status),
					when=datetime_text(log.changed_at),
					note=log.note or "",
					by_me=log.changed_by == user,
				)
				for log in logs.get(row.name, [])
			],
			awaiting=row.status == AWAITING_CUSTOMER,
			resolved=row.status == RESOLVED,
			may_reopen=row.status in (RESOLVED, CLOSED),
			may_add_photos=row.status != CLOSED and len(photos.get(row.name, [])) < MAX_BUYER_PHOTOS,
		)
		for row in rows
	]


def their_surveys(buyer) -> list:
	rows = buyer.get_all(
		"RE Satisfaction Survey",
		fields=[
			"name",
			"survey_type",
			"complaint",
			"project",
			"period",
			"answered_on",
			"overall_score",
			"sent_on",
		],
		order_by="creation desc",
		limit=20,
	)
	return [
		frappe._dict(
			name=row.name,
			about=(
				_("Your complaint {0}").format(row.complaint)
				if row.complaint
				else _("{0}, {1}").format(row.project, row.period or "")
			),
			answered=bool(row.answered_on),
			answered_on=datetime_text(row.answered_on),
			overall=row.overall_score,
		)
		for row in rows
	]
