"""Alerts: Notification Log entries (the bell, and e-mail where the user wants it), for users named
by role or by record."""

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


NOT_PEOPLE = ("Administrator", "Guest")


def users_with_role(role: str) -> list[str]:
	"""The enabled users holding ``role``."""
	holders = frappe.get_all(
		"Has Role", filters={"role": role, "parenttype": "User"}, pluck="parent", distinct=True
	)
	if not holders:
		return []
	enabled = frappe.get_all("User", filters={"name": ("in", holders), "enabled": 1}, pluck="name")
	return sorted(user for user in enabled if user not in NOT_PEOPLE)


def notify(users, subject: str, content: str, doctype: str, name: str) -> int:
	"""One Notification Log per user, linking the record; returns how many were made."""
	made = 0
	for user in dict.fromkeys(u for u in users if u and u not in NOT_PEOPLE):
		alert(user, subject, content, doctype, name)
		made += 1
	return made
