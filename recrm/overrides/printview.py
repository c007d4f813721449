"""``frappe.www.printview``: a print of a document given as JSON (no name) is for desk users only;
a name must come with a DocType that exists (see ``recrm.portal.security``)."""

import frappe
from frappe import _

from recrm.errors import throw_not_permitted


def refuse_unknown_doctype(doctype) -> None:
	"""With a name, ``doc`` is the DocType to print: anything else is refused in words, not a 5xx."""
	if not isinstance(doctype, str) or not frappe.db.exists("DocType", doctype):
		frappe.throw(
			_("Name the DocType of the document to print."), exc=frappe.DoesNotExistError, title=_("Print")
		)


def refuse_unsaved_print() -> None:
	if frappe.session.user != "Guest" and frappe.get_cached_value(
		"User", frappe.session.user, "user_type"
	) == ("System User"):
		return
	throw_not_permitted(_("Only saved documents can be printed."))


@frappe.whitelist()
def get_html_and_style(
	doc: str,
	name: str | None = None,
	print_format: str | None = None,
	no_letterhead: bool | None = None,
	letterhead: str | None = None,
	trigger_print: bool = False,
	style: str | None = None,
	settings: str | None = None,
):
	"""``frappe.www.printview.get_html_and_style``; a document given as JSON only for desk users."""
	from frappe.www.printview import get_html_and_style as frappe_get_html_and_style

	if not isinstance(name, str):
		refuse_unsaved_print()
	else:
		refuse_unknown_doctype(doc)
	return frappe_get_html_and_style(
		doc,
		name=name,
		print_format=print_format,
		no_letterhead=no_letterhead,
		letterhead=letterhead,
		trigger_print=trigger_print,
		style=style,
		settings=settings,
	)


@frappe.whitelist()
def get_rendered_raw_commands(doc: str, name: str | None = None, print_format: str | None = None):
	"""``frappe.www.printview.get_rendered_raw_commands``; a document given as JSON only for desk users."""
	from frappe.www.printview import get_rendered_raw_commands as frappe_get_rendered_raw_commands

	if not isinstance(name, str):
		refuse_unsaved_print()
	else:
		refuse_unknown_doctype(doc)
	return frappe_get_rendered_raw_commands(doc, name=name, print_format=print_format)
