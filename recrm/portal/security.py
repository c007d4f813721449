"""Frappe routes that would show a buyer more than their own records, each closed here.

- ``frappe.client.get_count`` counts with ``frappe.db.count``, without any permission: a buyer
  could count another buyer's defects by customer. ``recrm.overrides.client.get_count`` counts every
  DocType through ``frappe.get_list``.
- ``frappe.www.printview.get_html_and_style`` and ``get_rendered_raw_commands`` render a document
  given as JSON when no name is given, after checking the permission on that document *as given*:
  one naming the buyer's customer passes and the print then looks up the titles of whatever it
  links — another customer's name, for one. Website users print saved documents only.
- Frappe's ``Tag Link`` (readable by every user) repeats the title of each tagged document:
  website users see none (``tag_link_query_conditions``, ``tag_link_has_permission``).
- ``frappe.desk.form.load.getdoc`` and ``get_docinfo`` hand whoever may read a document its desk
  companions — staff comments, versions (every change of every field), communications, assignments —
  and ``getdoc`` answers a name that does not exist differently from one not permitted. Website
  users have no desk: for recrm's DocTypes they get neither (``refuse_desk_form``).

And what a website user reads of Frappe's own DocTypes through the role All (Contact, Address,
File, ToDo, Communication …: their own, by Frappe's rules) stays their own on the routes where
Frappe 15 forgets the rule:

- a child table's rows are listed when the user may read the parent *DocType*, whatever the parent
  record (every Contact's phone numbers, every user's roles): website users list no child rows
  through Frappe's routes (``website_user_child_rows``, a ``*`` permission query); the portal reads
  the rows of a buyer's records itself (``recrm.portal.buyer``);
- link search with ``ignore_user_permissions`` ignores every permission; a ``query`` named in the
  request runs its own SQL; the User search is the staff directory: a website user's search does
  none of these (``website_user_search``, applied by ``recrm.overrides.search``);
- a private File is judged by the record it is attached to, and Frappe's refusal then names that
  record: a website user reads the private files they uploaded and no other (the portal serves the
  files of their records, ``recrm.portal.files``); anyone's refusal names nothing
  (``file_has_permission``).
"""

import frappe
import frappe.permissions
from frappe import _

from recrm.errors import throw_not_permitted

RECRM_APP = "recrm"


def is_website_user(user: str | None = None) -> bool:
	"""Guests and website users (buyers): no desk, no DocType permission on recrm's records."""
	user = user or frappe.session.user
	if user == "Administrator":
		return False
	return user == "Guest" or frappe.get_cached_value("User", user, "user_type") != "System User"


def website_user_child_rows(user: str | None = None, doctype: str | None = None) -> str:
	"""``*`` permission query: no child rows for website users (see the module's docstring)."""
	if not doctype or not is_website_user(user) or not frappe.get_meta(doctype).istable:
		return ""
	return "1 = 0"


def website_user_search(doctype, query, ignore_user_permissions) -> tuple[bool, str | None, bool]:
	"""For link search and the search box: whether the user may search ``doctype`` at all, the query
	to run and whether user permissions may be ignored. A website user searches no users, runs no
	custom query and never ignores permissions; anyone else as asked."""
	if not is_website_user():
		return True, query, ignore_user_permissions
	return doctype != "User", None, False


def tag_link_query_conditions(user: str | None = None, doctype: str | None = None) -> str:
	return "1 = 0" if is_website_user(user) else ""


def tag_link_has_permission(doc, ptype=None, user=None) -> bool | None:
	return False if is_website_user(user) else None


def file_has_permission(doc, ptype=None, user=None, debug=False) -> bool | None:
	"""File has_permission, asked before Frappe's own (which it then decides for).

	A website user: public files, and private files they uploaded themselves. Anyone else as
	Frappe decides, but without Frappe's refusal naming the record the file is attached to."""
	user = user or frappe.session.user
	if user == "Administrator" or ptype == "create":
		return None
	if not doc.is_private and ptype in ("read", "select", None):
		return True
	if user != "Guest" and doc.owner == user:
		return True
	if is_website_user(user):
		return False
	if not doc.attached_to_doctype or not doc.attached_to_name:
		return False
	if not frappe.db.exists(doc.attached_to_doctype, doc.attached_to_name):
		return False
	wanted = "write" if ptype in ("write", "create", "delete") else "read"
	# the attached record's own check logs nothing into the File's refusal
	logs = frappe.flags.pop("has_permission_check_logs", None)
	try:
		return frappe.permissions.has_permission(
			doc.attached_to_doctype, wanted, doc=doc.attached_to_name, user=user, raise_exception=False
		)
	finally:
		if logs is not None:
			frappe.flags["has_permission_check_logs"] = logs


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


def refuse_desk_form(doctype) -> None:
	"""Website users (buyers) do not load recrm documents as desk forms: see the module's docstring.
	``doctype`` None (a document given some other way) is refused to them too."""
	user = frappe.session.user
	if user == "Administrator" or frappe.get_cached_value("User", user, "user_type") == "System User":
		return
	if user == "Guest" or not isinstance(doctype, str) or is_recrm_doctype(doctype):
		throw_not_permitted()


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
