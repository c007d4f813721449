"""Frappe routes that would show a buyer more than their own records, each closed here.

- ``frappe.client.get_count`` counts with ``frappe.db.count``, without any permission: a buyer
  could count another buyer's defects by customer. ``recrm.overrides.client.get_count`` counts every
  DocType through ``frappe.get_list``.
- ``frappe.www.printview.get_html_and_style`` and ``get_rendered_raw_commands`` render a document
  given as JSON when no name is given, after checking the permission on that document *as given*:
  one naming the buyer's customer passes and the print then looks up the titles of whatever it
  links — another customer's name, for one. Website users print saved documents only.
- Frappe's ``Tag Link`` (readable by every user) repeats the title of each tagged document:
  buyers see none of recrm's (``tag_link_query_conditions`` in recrm/portal/permissions.py).
- ``frappe.desk.form.load.getdoc`` and ``get_docinfo`` hand whoever may read a document its desk
  companions — staff comments, versions (every change of every field), communications, assignments —
  and ``getdoc`` answers a name that does not exist differently from one not permitted. Website
  users have no desk: for recrm's DocTypes they get neither (``refuse_desk_form``).
"""

import frappe
from frappe import _

RECRM_APP = "recrm"


def is_recrm_doctype(doctype: str) -> bool:
	module = frappe.db.get_value("DocType", doctype, "module", cache=True)
	return bool(module) and frappe.db.get_value("Module Def", module, "app_name", cache=True) == RECRM_APP


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
	frappe.throw(
		_("Only saved documents can be printed."), exc=frappe.PermissionError, title=_("Not Permitted")
	)


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


def refuse_desk_form(doctype) -> None:
	"""Website users (buyers) do not load recrm documents as desk forms: see the module's docstring.
	``doctype`` None (a document given some other way) is refused to them too."""
	user = frappe.session.user
	if user == "Administrator" or frappe.get_cached_value("User", user, "user_type") == "System User":
		return
	if user == "Guest" or not isinstance(doctype, str) or is_recrm_doctype(doctype):
		frappe.throw(_("Not permitted."), exc=frappe.PermissionError, title=_("Not Permitted"))


@frappe.whitelist()
def getdoc(doctype: str, name: str, user: str | None = None):
	"""``frappe.desk.form.load.getdoc``, for desk users only on recrm's DocTypes."""
	from frappe.desk.form.load import getdoc as frappe_getdoc

	refuse_desk_form(doctype)
	return frappe_getdoc(doctype, name, user=user)


@frappe.whitelist()
def get_docinfo(doc=None, doctype: str | None = None, name: str | None = None):
	"""``frappe.desk.form.load.get_docinfo``, for desk users only on recrm's DocTypes."""
	from frappe.desk.form.load import get_docinfo as frappe_get_docinfo

	refuse_desk_form(doctype if doc is None else getattr(doc, "doctype", None))
	return frappe_get_docinfo(doc=doc, doctype=doctype, name=name)
