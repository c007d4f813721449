"""Factories for the buyer portal's tests (the shared ones are in recrm/tests/factories.py)."""

import struct
import zlib
from datetime import timedelta

import frappe
from frappe.utils import add_days, get_datetime, now_datetime, nowdate

from recrm.core.roles import BUYER_ROLE
from recrm.inventory.buyers import clear_cache
from recrm.sales.customers import clear_customer_cache
from recrm.tests.factories import make_customer, make_user, unique


def png(width: int = 2, height: int = 2, rgb: tuple[int, int, int] = (200, 80, 40)) -> bytes:
	"""A real PNG image, made without Pillow."""
	raw = b"".join(b"\x00" + bytes(rgb) * width for _ in range(height))

	def chunk(kind: bytes, data: bytes) -> bytes:
		return (
			struct.pack(">I", len(data))
			+ kind
			+ data
			+ struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
		)

	header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
	return (
		b"\x89PNG\r\n\x1a\n"
		+ chunk(b"IHDR", header)
		+ chunk(b"IDAT", zlib.compress(raw))
		+ chunk(b"IEND", b"")
	)


def make_buyer(prefix: str = "buyer", email: str | None = None, **customer_fields) -> frappe._dict:
	"""A website user with RE Home Buyer linked to a new customer of the same e-mail address.

	Tests that commit pass a fixed ``email``: the user is made once and reused (Frappe refuses more
	than 60 new users an hour, ``throttle_user_limit``)."""
	email = (email or f"{unique(prefix)}@recrm.test").lower()
	make_user(email, [BUYER_ROLE])
	# a customer left linked to a reused login by an interrupted run lets go of it
	frappe.db.set_value("RE Customer", {"portal_user": email}, "portal_user", None)
	customer = make_customer(email=email, **customer_fields)
	customer.db_set("portal_user", email)
	clear_customer_cache()
	clear_cache()
	return frappe._dict(user=email, customer=customer.name, full_name=customer.full_name)


def make_title_deed(unit: str, customers: list[str], **kwargs):
	doc = frappe.get_doc(
		{
			"doctype": "RE Title Deed",
			"unit": unit,
			"handled_by": kwargs.pop("handled_by", "Administrator"),
			"owners": [{"customer": customer} for customer in customers],
			**kwargs,
		}
	).insert()
	clear_cache()
	return doc


def attach_private_file(doctype: str, name: str, content: bytes | None = None, file_name: str | None = None):
	if content is None:
		# a picture of its own: Frappe gives files of the same content the same URL
		seed = int(frappe.generate_hash(length=6), 16)
		content = png(2 + seed % 50, 2, (seed % 256, (seed >> 8) % 256, (seed >> 16) % 256))
	return frappe.get_doc(
		{
			"doctype": "File",
			"file_name": file_name or f"{unique('photo')}.png",
			"attached_to_doctype": doctype,
			"attached_to_name": name,
			"is_private": 1,
			"content": content,
		}
	).insert()


def make_construction_update(building: str, published: bool = True, photo: bool = True, **kwargs):
	doc = frappe.get_doc(
		{
			"doctype": "RE Construction Update",
			"building": building,
			"title": kwargs.pop("title", unique("主体结构封顶")),
			"stage": kwargs.pop("stage", "Structure"),
			"percent_complete": kwargs.pop("percent_complete", 40),
			"as_of": kwargs.pop("as_of", nowdate()),
			"content": kwargs.pop("content", "<p>主体结构施工至18层。</p>"),
			**kwargs,
		}
	).insert()
	if photo:
		file = attach_private_file(doc.doctype, doc.name)
		doc.append("photos", {"photo": file.file_url, "caption": "工地"})
		doc.save()
	if published:
		doc.db_set({"published": 1, "published_on": now_datetime()})
	return doc


def make_site_visit_day(
	project: str, building: str | None = None, capacity: int = 10, days_ahead: int = 7, **kw
):
	return frappe.get_doc(
		{
			"doctype": "RE Site Visit Day",
			"title": kw.pop("title", unique("工地开放日")),
			"project": project,
			"building": building,
			"visit_date": add_days(nowdate(), days_ahead),
			"start_time": "09:30:00",
			"end_time": "11:30:00",
			"capacity": capacity,
			**kw,
		}
	).insert()


def make_site_visit_sign_up(site_visit_day: str, customer: str, **kwargs):
	return frappe.get_doc(
		{"doctype": "RE Site Visit Sign-up", "site_visit_day": site_visit_day, "customer": customer, **kwargs}
	).insert()


def make_handover_slot(
	project: str, building: str | None = None, capacity: int = 1, days_ahead: int = 7, **kw
):
	start = get_datetime(add_days(nowdate(), days_ahead)).replace(hour=9)
	return frappe.get_doc(
		{
			"doctype": "RE Handover Slot",
			"project": project,
			"building": building,
			"slot_start": start,
			"slot_end": start + timedelta(hours=1),
			"capacity": capacity,
			"location": "交付中心",
			**kw,
		}
	).insert()


def make_defect(customer: str, unit: str, photo: bool = True, **kwargs):
	doc = frappe.get_doc(
		{
			"doctype": "RE Handover Defect",
			"customer": customer,
			"unit": unit,
			"category": kwargs.pop("category", "Doors and Windows"),
			"location": kwargs.pop("location", "主卧"),
			"description": kwargs.pop("description", unique("窗框渗水")),
			**kwargs,
		}
	).insert()
	if photo:
		file = attach_private_file(doc.doctype, doc.name)
		doc.append("photos", {"photo": file.file_url})
		doc.save()
	return doc


def make_appointment(customer: str, unit: str, slot: str, **kwargs):
	return frappe.get_doc(
		{"doctype": "RE Handover Appointment", "customer": customer, "unit": unit, "slot": slot, **kwargs}
	).insert()


def club_page_as(user: str) -> frappe._dict:
	"""/my-home/club's context as ``user`` would get it (the page module's name has a hyphen)."""
	import importlib

	frappe.set_user(user)
	frappe.local.cache = {}
	return importlib.import_module("recrm.www.my-home.club").get_context(frappe._dict())
