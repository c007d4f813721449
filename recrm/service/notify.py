"""Notifications of the service desk: Notification Log entries (the bell, and e-mail where the user
wants it), for users named by role or by record."""

import frappe

from recrm.notifications import alert

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
