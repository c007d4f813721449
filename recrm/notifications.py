"""Alerts: a Notification Log for a user (the bell, and e-mail where they want it)."""

import frappe


def alert(user: str, subject: str, content: str, doctype: str, name: str) -> None:
	"""A Notification Log alert for ``user`` (the bell, and e-mail where they want it), linking the
	record ``name`` of ``doctype``."""
	frappe.get_doc(
		{
			"doctype": "Notification Log",
			"for_user": user,
			"type": "Alert",
			"subject": subject,
			"email_content": content,
			"document_type": doctype,
			"document_name": name,
		}
	).insert(ignore_permissions=True)


def alerted_today(user: str, doctype: str) -> bool:
	"""Whether ``user`` had an alert about a ``doctype`` today: daily reminders come once a day."""
	return bool(
		frappe.db.exists(
			"Notification Log",
			{
				"for_user": user,
				"document_type": doctype,
				"type": "Alert",
				"creation": (">=", frappe.utils.nowdate()),
			},
		)
	)
