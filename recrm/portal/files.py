"""The files of a buyer's records, served to that buyer only: photos, floor plans and PDFs.

Buyers have no permission on the records the files are attached to, so Frappe's own file route
(``/private/files/…``) refuses them (File ``has_permission``: only files they uploaded). The
portal's pages link these methods instead, which check the record first:

- ``download?file=<file URL>``: a private file attached to one of the buyer's records (a photo of
  their complaint or defect, of their building's published construction update), shown in a photo
  row of such a record, or the floor plan of one of their units; streamed with its content type;
- ``pdf?doctype=…&name=…``: the contract summary or a receipt of theirs, rendered from its print
  format (Frappe's print permission is waived for that rendering only, after the check).

Anything else — another buyer's file, a file that does not exist, a record that is not theirs —
gets one refusal, in the same words, naming nothing but what was asked for.
"""

import os
from urllib.parse import urlencode

import frappe

from recrm.portal.buyer import current_buyer, refuse_not_theirs
from recrm.portal.scopes import SCOPES

# the PDFs a buyer downloads: the print format of each
PRINT_FORMATS = {"RE Contract": "RE Contract Summary", "RE Receipt": "RE Receipt Voucher"}
# the photo tables of portal records: child DocType, its field with the file URL
PHOTO_ROWS = {
	"RE Construction Update": ("RE Construction Update Photo", "photo"),
	"RE Handover Defect": ("RE Handover Defect Photo", "photo"),
	"RE Complaint": ("RE Complaint Photo", "photo"),
}


def file_src(url: str | None) -> str:
	"""What a portal page links for a file: a public file's own URL, a private one through
	``download``."""
	if not url:
		return ""
	if url.startswith("/private/"):
		return "/api/method/recrm.portal.files.download?" + urlencode({"file": url})
	return url


def pdf_src(doctype: str, name: str) -> str:
	return "/api/method/recrm.portal.files.pdf?" + urlencode({"doctype": doctype, "name": name})


def is_their_file(buyer, url: str) -> bool:
	"""Whether the file at ``url`` belongs to one of the buyer's records or units."""
	if any(row.floor_plan == url for row in buyer.units):
		return True
	attached = frappe.get_all(
		"File",
		filters={"file_url": url, "attached_to_doctype": ("in", list(SCOPES))},
		fields=["attached_to_doctype", "attached_to_name"],
	)
	if any(buyer.owns(row.attached_to_doctype, row.attached_to_name) for row in attached):
		return True
	for doctype, (child, field) in PHOTO_ROWS.items():
		parents = frappe.get_all(
			child, filters={"parenttype": doctype, field: url}, pluck="parent", distinct=True
		)
		if any(buyer.owns(doctype, parent) for parent in parents):
			return True
	return False


# GET: the pages show photos and plans as <img src>; nothing is changed
@frappe.whitelist(methods=["GET"])
def download(file: str | None = None):
	"""A file of one of the buyer's records (see the module's docstring)."""
	buyer = current_buyer()
	url = file if isinstance(file, str) else ""
	name = (
		frappe.db.get_value("File", {"file_url": url, "is_folder": 0}, "name")
		if url and is_their_file(buyer, url)
		else None
	)
	if not name:
		refuse_not_theirs(os.path.basename(url))
	doc = frappe.get_doc("File", name)
	frappe.local.response.filename = os.path.basename(doc.file_name or url)
	frappe.local.response.filecontent = doc.get_content()
	frappe.local.response.type = "download"
	frappe.local.response.display_content_as = "inline"


@frappe.whitelist(methods=["GET"])
def pdf(doctype: str | None = None, name: str | None = None):
	"""The contract summary or a receipt of the buyer's, as a PDF of its print format."""
	from frappe.translate import print_language

	buyer = current_buyer()
	if doctype not in PRINT_FORMATS or not buyer.owns(doctype, name):
		refuse_not_theirs(name)
	frappe.flags.ignore_print_permissions = True
	try:
		with print_language(frappe.local.lang):
			content = frappe.get_print(doctype, name, PRINT_FORMATS[doctype], as_pdf=True, no_letterhead=0)
	finally:
		frappe.flags.ignore_print_permissions = False
	frappe.local.response.filename = "{}.pdf".format(name.replace(" ", "-").replace("/", "-"))
	frappe.local.response.filecontent = content
	frappe.local.response.type = "pdf"
