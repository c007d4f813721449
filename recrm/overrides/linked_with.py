"""``frappe.desk.form.linked_with``: the documents linked to a record, for a user who may read it.

Frappe 15 calls ``frappe.has_permission(doctype, doc=name)`` and ignores the answer, so the
submitted documents linked to any record were listed to anyone, and a name that exists answered
differently from one that does not. Here the record must be one the user may read (or the answer
is Frappe's own for a missing record), and of the linked documents only those the user may read
are listed.
"""

import frappe

from recrm.record_access import may_read, readable_or_missing


@frappe.whitelist()
def get_submitted_linked_docs(doctype: str, name: str) -> list[tuple]:
	"""``frappe.desk.form.linked_with.get_submitted_linked_docs`` for a readable record."""
	from frappe.desk.form.linked_with import get_submitted_linked_docs as frappe_get_submitted

	readable_or_missing(doctype, name)
	result = frappe_get_submitted(doctype, name)
	docs = [doc for doc in result.get("docs") or [] if may_read(doc["doctype"], doc["name"])]
	return {"docs": docs, "count": len(docs)}


@frappe.whitelist()
def get(doctype, docname):
	"""``frappe.desk.form.linked_with.get`` (the form's Links) for a readable record."""
	from frappe.desk.form.linked_with import get as frappe_get

	readable_or_missing(doctype, docname)
	return frappe_get(doctype, docname)
