"""Photos on portal records: private images of at most 10 MB, by name and by content, attached only
by those who may change the record."""

import io
from unittest.mock import patch

import frappe
from frappe.handler import upload_file
from frappe.tests.utils import FrappeTestCase
from frappe.utils import set_request

from recrm.core.photos import MAX_PHOTO_BYTES
from recrm.errors import PortalRuleError
from recrm.portal import uploads
from recrm.tests.factories import make_building, make_unit
from recrm.tests.portal_factories import attach_private_file, make_buyer, make_defect, png


def minimal_pdf() -> bytes:
	"""A one-page PDF that PDF readers open: later Frappe v15 releases read an uploaded PDF (looking
	for scripts) before any app sees it, and refuse one they cannot read."""
	objects = [
		b"<</Type/Catalog/Pages 2 0 R>>",
		b"<</Type/Pages/Kids[3 0 R]/Count 1>>",
		b"<</Type/Page/Parent 2 0 R/MediaBox[0 0 3 3]>>",
	]
	out = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n"
	offsets = []
	for n, body in enumerate(objects, 1):
		offsets.append(len(out))
		out += b"%d 0 obj\n%s\nendobj\n" % (n, body)
	xref = len(out)
	out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
	out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
	out += b"trailer\n<</Size %d/Root 1 0 R>>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
	return out


PDF = minimal_pdf()


class TestPhotos(FrappeTestCase):
	def setUp(self):
		self.unit = make_unit(make_building().name).name
		self.buyer = make_buyer("upload")
		self.defect = make_defect(self.buyer.customer, self.unit, photo=False)

	def tearDown(self):
		frappe.set_user("Administrator")
		frappe.local.form_dict = frappe._dict()
		frappe.db.rollback()

	def attach(self, content: bytes, file_name: str):
		return attach_private_file("RE Handover Defect", self.defect.name, content, file_name)

	def test_an_image_is_accepted(self):
		self.assertTrue(self.attach(png(), "crack.png").file_url.startswith("/private/files/"))

	def upload(self, content: bytes, file_name: str, docname: str | None = None, direct: bool = False):
		"""Through Frappe's upload handler with the portal's photo method, as a page uploads; or
		``direct``ly to the photo method."""
		path = "/api/method/recrm.portal.uploads.upload_photo" if direct else "/api/method/upload_file"
		set_request(method="POST", path=path, data={"file": (io.BytesIO(content), file_name)})
		frappe.local.form_dict = frappe._dict(
			doctype="RE Handover Defect", docname=docname or self.defect.name, is_private=1
		)
		if direct:
			return uploads.upload_photo()
		frappe.local.form_dict.method = "recrm.portal.uploads.upload_photo"
		return upload_file()

	def test_a_photo_is_uploaded_private(self):
		result = self.upload(png(), "crack.png")
		self.assertTrue(result["file_url"].startswith("/private/files/"))

	def test_a_document_is_refused_whatever_it_is_called(self):
		for name in ("report.pdf", "photo.jpg", "photo.png"):
			with self.assertRaises(PortalRuleError, msg=name) as error:
				self.upload(PDF, name)
			self.assertIn(name, str(error.exception))
		# attached without the portal's method, it is refused as well, if less politely
		with self.assertRaises(Exception):  # Pillow's error before ours
			self.attach(PDF, "photo.jpg")
		with self.assertRaises(PortalRuleError):
			self.attach(PDF, "report.pdf")
		frappe.clear_messages()

	def test_a_photo_over_ten_megabytes_is_refused(self):
		big = png() + b"\x00" * (MAX_PHOTO_BYTES - len(png()) + 1)
		with self.assertRaises(PortalRuleError) as error:
			self.upload(big, "huge.png")
		self.assertIn("10.0", str(error.exception))
		with self.assertRaises(PortalRuleError):
			self.attach(big, "huge.png")
		frappe.clear_messages()

	def test_a_public_file_is_refused(self):
		with self.assertRaises(PortalRuleError):
			frappe.get_doc(
				{
					"doctype": "File",
					"file_name": "public.png",
					"attached_to_doctype": "RE Handover Defect",
					"attached_to_name": self.defect.name,
					"is_private": 0,
					"content": png(),
				}
			).insert()
		frappe.clear_messages()

	def test_a_photo_row_cannot_point_at_a_public_file(self):
		self.defect.append("photos", {"photo": "/files/someone-elses.png"})
		with self.assertRaises(PortalRuleError):
			self.defect.save()
		frappe.clear_messages()

	def test_a_buyer_cannot_attach_to_a_record_through_frappes_upload(self):
		other = make_buyer("upload-other")
		frappe.set_user(other.user)
		set_request(
			method="POST",
			path="/api/method/upload_file",
			data={"file": (io.BytesIO(png()), "mine.png")},
		)
		frappe.local.form_dict = frappe._dict(
			doctype="RE Handover Defect", docname=self.defect.name, is_private=1
		)
		with self.assertRaises(frappe.PermissionError):
			upload_file()
		# the buyer whose defect it is reads it but does not change it: no photos from them either
		frappe.set_user(self.buyer.user)
		with self.assertRaises(frappe.PermissionError):
			self.upload(png(), "mine.png")
		frappe.set_user("Administrator")
		self.assertFalse(
			frappe.db.exists(
				"File", {"attached_to_doctype": "RE Handover Defect", "attached_to_name": self.defect.name}
			)
		)
		frappe.clear_messages()

	def test_a_buyer_attaches_photos_to_records_of_theirs_that_take_them(self):
		other = make_buyer("upload-stranger")
		theirs_elsewhere = make_defect(other.customer, self.unit, photo=False)
		with patch.object(uploads, "BUYER_PHOTO_DOCTYPES", {"RE Handover Defect"}):
			frappe.set_user(self.buyer.user)
			# straight to the photo method: Frappe's upload_file asks for write permission first
			self.assertTrue(
				self.upload(png(), "mine.png", direct=True)["file_url"].startswith("/private/files/")
			)
			with self.assertRaises(frappe.PermissionError):
				self.upload(png(), "theirs.png", docname=theirs_elsewhere.name, direct=True)
			with self.assertRaises(PortalRuleError):
				self.upload(PDF, "mine.jpg", direct=True)
		frappe.clear_messages()
