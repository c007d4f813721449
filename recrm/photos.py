"""The records whose attachments are photos, and the check their controllers run.

Shared by the desk modules (construction updates, handover defects, complaints) and the portal,
which serves and takes the photos (``recrm.portal.uploads``, ``recrm.portal.files``): a photo row
holds a private file, uploaded as a JPEG, PNG or WebP image of a limited size
(``recrm.core.photos``)."""

import frappe
from frappe import _

from recrm.errors import PortalRuleError

# records whose attachments are photos; the photo fields of their child tables are named here too
PHOTO_DOCTYPES = {
	"RE Construction Update": ("photos", "photo"),
	"RE Handover Defect": ("photos", "photo"),
	"RE Complaint": ("photos", "photo"),
	"RE Repair Request": ("photos", "photo"),
}
# the child DocType of each photo table
PHOTO_TABLES = {
	"RE Construction Update": "RE Construction Update Photo",
	"RE Handover Defect": "RE Handover Defect Photo",
	"RE Complaint": "RE Complaint Photo",
	"RE Repair Request": "RE Repair Request Photo",
}


def validate_photo_fields(doc) -> None:
	"""A record's photo rows hold private files: a URL typed in must not point at a public file."""
	table, field = PHOTO_DOCTYPES[doc.doctype]
	for row in doc.get(table) or []:
		url = row.get(field) or ""
		if url and not url.startswith("/private/files/"):
			frappe.throw(
				_("Photo row {0} is not a private file. Upload the photo again into the row.").format(
					row.idx
				),
				exc=PortalRuleError,
				title=_("Photo"),
			)
