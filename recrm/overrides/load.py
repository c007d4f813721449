"""``frappe.desk.form.load``: the desk form of a recrm document (with its comments, versions and
communications) is for desk users only (see ``recrm.portal.security``)."""

import frappe
from frappe import _

from recrm.errors import throw_not_permitted
from recrm.portal.security import is_recrm_doctype


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
	# later Frappe 15 releases dropped ``user``: pass it only when a caller gave it
	return frappe_getdoc(doctype, name, **({"user": user} if user else {}))


@frappe.whitelist()
def get_docinfo(doc=None, doctype: str | None = None, name: str | None = None):
	"""``frappe.desk.form.load.get_docinfo``, for desk users only on recrm's DocTypes."""
	from frappe.desk.form.load import get_docinfo as frappe_get_docinfo

	refuse_desk_form(doctype if doc is None else getattr(doc, "doctype", None))
	return frappe_get_docinfo(doc=doc, doctype=doctype, name=name)
