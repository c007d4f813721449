"""Files on the records buyers read: private, and on photo records, photos.

Frappe serves a public file (``/files/…``) to anyone who has its URL, and a private one
(``/private/files/…``) only to staff who may read a document it is attached to (File
``has_permission``); buyers get the files of their records from ``recrm.portal.files``. So:

- a file attached to a record a buyer may read (``SCOPES``) must be private;
- a file attached to a photo record (``PHOTO_DOCTYPES``) must also be a JPEG, PNG or WebP image,
  by name and by content, of at most 10 MB (``recrm.core.photos``);
- a photo field of such a record holds a private file URL, never a public one typed in;
- a file may be attached only by someone who may change the record (Frappe's upload handler
  checks that permission but does not act on the answer).

``validate_file`` is the File ``validate`` hook; the controllers call
``recrm.photos.validate_photo_fields``. Frappe's File looks into an image's content (to strip its
EXIF data) before any hook runs, so a file that only claims to be an image fails there with
Pillow's error; ``upload_photo`` checks the bytes first and refuses with a message that says what
to upload — portal pages upload through it.
"""

import frappe
from frappe import _

from recrm.core.photos import check_photo
from recrm.errors import PortalRuleError, rule_errors, throw_not_permitted
from recrm.photos import PHOTO_DOCTYPES, PHOTO_TABLES
from recrm.portal.buyer import buyer_or_none
from recrm.portal.scopes import SCOPES

# of the photo records (recrm.photos), the records a buyer attaches photos to when the record is
# theirs (recrm.portal.scopes), although they may not change it otherwise — a complaint of theirs,
# for one. A buyer's photo also becomes a row of the record's photo table (they cannot edit the
# table), up to MAX_BUYER_PHOTOS.
BUYER_PHOTO_DOCTYPES: set[str] = {"RE Complaint", "RE Repair Request"}
MAX_BUYER_PHOTOS = 9
HEAD_BYTES = 16


def validate_file(doc, method=None) -> None:
	"""File validate: files attached to portal records (see the module's docstring)."""
	doctype = doc.attached_to_doctype
	if doc.is_folder or not doctype or (doctype not in SCOPES and doctype not in PHOTO_DOCTYPES):
		return
	if not doc.is_private:
		frappe.throw(
			_(
				"Files of {0} are private: only the buyers they concern may open them. Upload it as private."
			).format(_(doctype)),
			exc=PortalRuleError,
			title=_("Private File"),
		)
	if doc.is_new():
		validate_uploader(doc)
	if doctype in PHOTO_DOCTYPES and (doc.is_new() or doc.has_value_changed("file_url")):
		validate_photo_content(doc)


@frappe.whitelist(methods=["POST"])
def upload_photo(doctype: str | None = None, docname: str | None = None) -> dict:
	"""A photo for a record in PHOTO_DOCTYPES, checked before Frappe stores it: the ``method`` of
	Frappe's ``upload_file`` (``/api/method/upload_file`` with ``method`` set to this), which hands
	the file over in ``frappe.local.uploaded_file``; or called directly
	(``/api/method/recrm.portal.uploads.upload_photo`` with the file as ``file``), which a buyer
	attaching to a record of theirs they may not change must do: later Frappe v15 releases refuse
	them in ``upload_file`` before the method is called. The uploader must be allowed to change the
	record, or be its buyer where the record takes buyers' photos (``may_attach``)."""
	doctype = doctype or frappe.form_dict.doctype
	docname = docname or frappe.form_dict.docname
	if frappe.form_dict.get("method"):  # through upload_file, which has read the file
		content = getattr(frappe.local, "uploaded_file", None)
		filename = getattr(frappe.local, "uploaded_filename", None) or ""
	else:
		file = frappe.request.files.get("file") if getattr(frappe, "request", None) else None
		content = file.stream.read() if file else None
		filename = (file.filename if file else "") or ""
	if doctype not in PHOTO_DOCTYPES or not content:
		frappe.throw(_("Choose a photo to upload."), exc=PortalRuleError, title=_("Photo"))
	if not docname or not may_attach(doctype, docname):
		throw_not_permitted(_("You cannot attach files to this record."))
	with rule_errors(exc=PortalRuleError, title=_("Photo")):
		check_photo(filename, len(content), content[:HEAD_BYTES])
	buyers_photo = doctype in BUYER_PHOTO_DOCTYPES and not frappe.has_permission(
		doctype, "write", doc=docname
	)
	table, field = PHOTO_DOCTYPES[doctype]
	if buyers_photo and frappe.db.count(
		PHOTO_TABLES[doctype], {"parent": docname, "parenttype": doctype}
	) >= (MAX_BUYER_PHOTOS):
		frappe.throw(
			_("At most {0} photos can be added. Describe the rest in words.").format(MAX_BUYER_PHOTOS),
			exc=PortalRuleError,
			title=_("Photo"),
		)
	file = frappe.get_doc(
		{
			"doctype": "File",
			"file_name": filename,
			"attached_to_doctype": doctype,
			"attached_to_name": docname,
			"is_private": 1,
			"content": content,
		}
	).insert()
	if buyers_photo:
		add_photo_row(doctype, docname, table, field, file.file_url)
	return {"name": file.name, "file_url": file.file_url}


def add_photo_row(doctype: str, name: str, table: str, field: str, file_url: str) -> None:
	"""A buyer's photo as a row of the record's photo table, written without saving the record (the
	buyer may not change anything else of it; the row holds the private file just checked)."""
	doc = frappe.get_doc(doctype, name)
	row = doc.append(table, {field: file_url})
	row.db_insert()
	doc.notify_update()


def validate_uploader(doc) -> None:
	name = doc.attached_to_name
	if not name or not frappe.db.exists(doc.attached_to_doctype, name):
		# a record not saved yet: Frappe links the file when the record is first saved
		return
	if not may_attach(doc.attached_to_doctype, name):
		throw_not_permitted(_("You cannot attach files to this record."))


def may_attach(doctype: str, name: str) -> bool:
	"""Whoever may change the record, and a buyer the photo records of theirs that take their photos."""
	if frappe.has_permission(doctype, "write", doc=name):
		return True
	if doctype not in BUYER_PHOTO_DOCTYPES:
		return False
	buyer = buyer_or_none()
	return bool(buyer) and buyer.owns(doctype, name)


def validate_photo_content(doc) -> None:
	content = doc.get_content() if not doc.is_remote_file else None
	if content is None:
		frappe.throw(_("A photo must be uploaded, not linked."), exc=PortalRuleError, title=_("Photo"))
	if isinstance(content, str):
		content = content.encode()
	with rule_errors(exc=PortalRuleError, title=_("Photo")):
		check_photo(doc.file_name or doc.file_url, len(content), content[:HEAD_BYTES])
