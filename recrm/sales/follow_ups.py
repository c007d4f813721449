"""Overdue follow-ups: a follow-up date before today on an interaction not marked done."""

import frappe
from frappe import _
from frappe.utils import escape_html, formatdate, nowdate

from recrm.notifications import alert, alerted_today


def overdue_follow_ups(advisor: str | None = None) -> list[dict]:
	filters = {"follow_up_done": 0, "next_follow_up_date": ("<", nowdate())}
	if advisor:
		filters["advisor"] = advisor
	return frappe.get_all(
		"RE Interaction",
		filters=filters,
		fields=[
			"name",
			"advisor",
			"customer",
			"customer_name",
			"next_follow_up_date",
			"next_follow_up_action",
		],
		order_by="next_follow_up_date asc",
	)


def send_overdue_reminders() -> int:
	"""Daily: one Notification Log per advisor listing their overdue follow-ups. Run twice on the
	same day, it sends nothing more. Returns the number of reminders created."""
	by_advisor: dict[str, list[dict]] = {}
	for row in overdue_follow_ups():
		by_advisor.setdefault(row.advisor, []).append(row)
	created = 0
	for advisor, rows in by_advisor.items():
		if not frappe.db.get_value("User", advisor, "enabled"):
			continue
		if alerted_today(advisor, "RE Interaction"):
			continue
		lines = "".join(
			"<li>{}: {} ({})</li>".format(
				formatdate(row.next_follow_up_date),
				escape_html(row.customer_name or row.customer),
				escape_html(row.next_follow_up_action or ""),
			)
			for row in rows
		)
		subject = _("You have {0} overdue follow-ups").format(len(rows))
		alert(advisor, subject, f"<ul>{lines}</ul>", "RE Interaction", rows[0].name)
		created += 1
	return created
