"""Publishing construction progress to the buyers of a building (亲密接触).

**Publish** (``publish``) makes an ``RE Construction Update`` visible on the progress page of the
buyers of its building, moves the building's construction stage and progress to the update's (if
the update says so and the publisher may change the building), and queues ``notify_buyers`` after
the commit: one e-mail to each buyer (in their portal language) and, where SMS Settings has a
gateway, one text message to their primary phone.

Each message sent is an ``RE Construction Update Notice`` (update, customer, channel) under a
unique index, written in the same transaction as the e-mail it records (Frappe's e-mail queue is a
table too). Publishing twice, withdrawing and publishing again, or two jobs at once therefore never
send anyone the same update twice; buyers who bought since the last run get it on the next publish.
"""

import frappe
from frappe import _
from frappe.utils import escape_html, get_url, now_datetime

from recrm.inventory.buyers import customers_of_buildings

UPDATE = "RE Construction Update"
NOTICE = "RE Construction Update Notice"
EMAIL = "E-mail"
SMS = "SMS"
PROGRESS_PAGE = "/my-home/progress"


@frappe.whitelist(methods=["POST"])
def publish(update: str) -> dict:
	"""Publish ``update`` (staff who may edit it). Publishing a published update changes nothing."""
	doc = frappe.get_doc(UPDATE, update, for_update=True)
	doc.check_permission("write")
	if doc.published:
		return {"published": False, "building_updated": False}
	doc.published = 1
	doc.published_on = now_datetime()
	doc.published_by = frappe.session.user
	doc.save()
	building_updated = update_building(doc) if doc.update_building else False
	frappe.enqueue(
		"recrm.inventory.construction_updates.notify_buyers",
		update=doc.name,
		job_id=f"recrm-construction-update::{doc.name}",
		deduplicate=True,
		enqueue_after_commit=True,
	)
	return {"published": True, "building_updated": building_updated}


@frappe.whitelist(methods=["POST"])
def withdraw(update: str) -> dict:
	"""Hide a published update from the buyers again (the messages already sent stay sent)."""
	doc = frappe.get_doc(UPDATE, update, for_update=True)
	doc.check_permission("write")
	if not doc.published:
		return {"withdrawn": False}
	doc.published = 0
	doc.save()
	return {"withdrawn": True}


def update_building(doc) -> bool:
	"""The building's construction stage and progress become the update's, through the building's
	own save (its rules and hooks run), when the publisher may change them."""
	building = frappe.get_doc("RE Building", doc.building)
	if not building.has_permission("write"):
		frappe.msgprint(
			_(
				"The update is published; the building's progress was left as it was, which you may not change."
			),
			indicator="orange",
		)
		return False
	if building.construction_stage == doc.stage and (building.progress_percent or 0) == (
		doc.percent_complete or 0
	):
		return False
	building.construction_stage = doc.stage
	building.progress_percent = doc.percent_complete
	building.save()
	return True


def notify_buyers(update: str) -> int:
	"""Background job: tell each buyer of the update's building who has not been told; the number
	of messages sent."""
	doc = frappe.get_doc(UPDATE, update)
	if not doc.published:
		return 0
	customers = customers_of_buildings([doc.building])
	if not customers:
		return 0
	texts_too = sms_configured()
	building_name = frappe.db.get_value("RE Building", doc.building, "building_name") or doc.building
	sent = 0
	# the full numbers are kept apart from the customers (recrm/sales/phone_privacy.py)
	phones = dict(
		frappe.get_all(
			"RE Customer Number",
			filters={"customer": ("in", customers), "is_primary": 1},
			fields=["customer", "number"],
			as_list=True,
		)
	)
	for buyer in frappe.get_all(
		"RE Customer",
		filters={"name": ("in", customers)},
		fields=["name", "full_name", "email", "portal_user"],
	):
		buyer.primary_phone = phones.get(buyer.name)
		language = buyer_language(buyer.portal_user)
		email = buyer.portal_user or buyer.email
		if email and claim_notice(doc.name, buyer.name, EMAIL, email):
			send_email(doc, building_name, buyer, email, language)
			sent += 1
		if texts_too and buyer.primary_phone and claim_notice(doc.name, buyer.name, SMS, buyer.primary_phone):
			send_text(doc, building_name, buyer.primary_phone, language)
			sent += 1
	told = frappe.db.count(NOTICE, {"construction_update": doc.name, "channel": EMAIL})
	doc.db_set("buyers_notified", told, update_modified=False)
	return sent


def claim_notice(update: str, customer: str, channel: str, recipient: str) -> bool:
	"""Record the message about to be sent; False when it was sent before (the unique index says so
	even when another job is sending it at this moment)."""
	if frappe.db.exists(NOTICE, {"construction_update": update, "customer": customer, "channel": channel}):
		return False
	try:
		frappe.get_doc(
			{
				"doctype": NOTICE,
				"construction_update": update,
				"customer": customer,
				"channel": channel,
				"recipient": recipient,
				"sent_on": now_datetime(),
			}
		).insert(ignore_permissions=True)
	except frappe.UniqueValidationError:
		frappe.clear_last_message()
		return False
	return True


def buyer_language(user: str | None) -> str:
	language = frappe.db.get_value("User", user, "language") if user else None
	return language if language in ("zh", "en") else "zh"


def send_email(doc, building_name: str, buyer, email: str, language: str) -> None:
	progress = f"{doc.percent_complete:g}%" if doc.percent_complete else ""
	link = get_url(PROGRESS_PAGE)
	message = "".join(
		(
			f"<p>{escape_html(_('Dear {0},', lang=language).format(buyer.full_name))}</p>",
			f"<p>{escape_html(_('There is news from the construction site of {0}.', lang=language).format(building_name))}</p>",
			f"<h3>{escape_html(doc.title)}</h3>",
			f"<p><b>{escape_html(_(doc.stage, lang=language))}</b> {escape_html(progress)}</p>",
			# Text Editor content, sanitised by Frappe when the update was saved
			f"<div>{doc.content or ''}</div>",
			f'<p><a href="{link}">{escape_html(_("See the photos and every update on your progress page", lang=language))}</a></p>',
		)
	)
	frappe.sendmail(
		recipients=[email],
		subject=_("Construction progress of {0}: {1}", lang=language).format(building_name, doc.title),
		message=message,
		reference_doctype=UPDATE,
		reference_name=doc.name,
	)


def sms_configured() -> bool:
	return bool(frappe.db.get_single_value("SMS Settings", "sms_gateway_url"))


def send_text(doc, building_name: str, phone: str, language: str) -> None:
	from frappe.core.doctype.sms_settings.sms_settings import send_sms

	text = _("{0}: {1}. Details: {2}", lang=language).format(building_name, doc.title, get_url(PROGRESS_PAGE))
	try:
		send_sms([phone], text, success_msg=False)
	except Exception:
		# a gateway that fails must not stop the e-mails; the notice stays, the log says why
		frappe.log_error(title=_("Construction update text message not sent"), reference_doctype=UPDATE)
