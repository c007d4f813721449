"""Telling a batch's buyers that their handover opens: the bell on the portal, an e-mail, and a
text message where SMS is set up. A background job, enqueued once per batch (job id + deduplicate,
after commit); each buyer told is recorded on the batch (``notices``), so a job run again tells
nobody twice."""

import frappe
from frappe import _
from frappe.utils import escape_html, format_date, get_url, now_datetime

from recrm.jobs import enqueue_job
from recrm.notifications import alert

BATCH = "RE Handover Batch"
HANDOVER_PAGE = "/my-home/handover"
ACTIVE_CONTRACT_STATUSES = ("Signed", "Paid Up")


def enqueue_notices(batch: str) -> None:
	enqueue_job(
		"recrm.handover.batches.notify_buyers",
		batch=batch,
		queue="short",
		job_id=f"recrm-handover-batch::{batch}",
		deduplicate=True,
		enqueue_after_commit=True,
	)


def batch_buyers(building: str) -> list[str]:
	"""The customers of every signed, not cancelled contract of the building's units."""
	return frappe.get_all(
		"RE Contract Buyer",
		filters={
			"parenttype": "RE Contract",
			"parent": (
				"in",
				frappe.get_all(
					"RE Contract",
					filters={
						"building": building,
						"docstatus": 1,
						"status": ("in", ACTIVE_CONTRACT_STATUSES),
					},
					pluck="name",
				)
				or [""],
			),
		},
		pluck="customer",
		distinct=True,
	)


def sms_configured() -> bool:
	return bool(frappe.db.get_single_value("SMS Settings", "sms_gateway_url"))


def notify_buyers(batch: str) -> int:
	"""Background job: tell every buyer of the open batch not told yet; how many were told."""
	frappe.db.get_value(BATCH, batch, "name", for_update=True)
	doc = frappe.get_doc(BATCH, batch)
	if doc.status != "Open":
		return 0
	told = {row.customer for row in doc.notices}
	customers = [c for c in batch_buyers(doc.building) if c not in told]
	if not customers:
		return 0
	building_name = frappe.db.get_value("RE Building", doc.building, "building_name") or doc.building
	texts_too = sms_configured()
	emails_too = email_configured()
	phones = dict(
		frappe.get_all(
			"RE Customer Number",
			filters={"customer": ("in", customers), "is_primary": 1},
			fields=["customer", "number"],
			as_list=True,
		)
	)
	made = 0
	for buyer in frappe.get_all(
		"RE Customer",
		filters={"name": ("in", customers)},
		fields=["name", "full_name", "email", "portal_user"],
	):
		language = buyer_language(buyer.portal_user)
		subject = _("The handover of {0} is open: book your appointment", lang=language).format(building_name)
		content = _(
			"Handover appointments run from {0} to {1}. Book a time on your handover page: {2}", lang=language
		).format(format_date(doc.window_from), format_date(doc.window_to), get_url(HANDOVER_PAGE))
		channels = []
		if buyer.portal_user:
			alert(buyer.portal_user, subject, content, BATCH, doc.name)
			channels.append("Portal")
		email = buyer.portal_user or buyer.email
		if emails_too and email and "@" in email:
			frappe.sendmail(
				recipients=[email],
				subject=subject,
				message=f"<p>{escape_html(_('Dear {0},', lang=language).format(buyer.full_name))}</p><p>{escape_html(content)}</p>",
				reference_doctype=BATCH,
				reference_name=doc.name,
			)
			channels.append("Email")
		phone = phones.get(buyer.name)
		if texts_too and phone:
			send_text(phone, subject + " " + get_url(HANDOVER_PAGE))
			channels.append("SMS")
		doc.append(
			"notices",
			{"customer": buyer.name, "notified_on": now_datetime(), "channels": ", ".join(channels)},
		)
		made += 1
	doc.buyers_notified = len(doc.notices)
	doc.flags.status_moved = True
	doc.save(ignore_permissions=True)
	return made


def email_configured() -> bool:
	return bool(frappe.db.exists("Email Account", {"enable_outgoing": 1, "default_outgoing": 1}))


def buyer_language(user: str | None) -> str:
	language = frappe.db.get_value("User", user, "language") if user else None
	return language if language in ("zh", "en") else "zh"


def send_text(phone: str, text: str) -> None:
	from frappe.core.doctype.sms_settings.sms_settings import send_sms

	try:
		send_sms([phone], text, success_msg=False)
	except Exception:
		# a gateway that fails must not stop the other buyers' messages; the log says why
		frappe.log_error(title=_("Handover text message not sent"), reference_doctype=BATCH)
