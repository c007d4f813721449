"""Referrals (老带新) by month, project and referrer: how many were recorded, attributed, converted
into contracts, rewarded and clawed back, and the points given — one GROUP BY over the referrals the
user may read."""

import frappe
from frappe import _

GROUPS = ("month", "project", "referrer")
ATTRIBUTED = ("Attributed", "Converted", "Rewarded", "Clawed Back", "Expired")


def execute(filters=None):
	filters = frappe._dict(filters or {})
	frappe.has_permission("RE Referral", "read", throw=True)
	group = filters.get("group_by") or "month"
	if group not in GROUPS:
		frappe.throw(_("Group the referrals by month, project or referrer."))
	return columns(group), rows(group, filters)


def columns(group: str) -> list[dict]:
	first = {
		"month": {"fieldname": "grp", "label": _("Month"), "fieldtype": "Data", "width": 100},
		"project": {
			"fieldname": "grp",
			"label": _("Project"),
			"fieldtype": "Link",
			"options": "RE Project",
			"width": 160,
		},
		"referrer": {
			"fieldname": "grp",
			"label": _("Referrer"),
			"fieldtype": "Link",
			"options": "RE Club Member",
			"width": 160,
		},
	}[group]
	counts = [
		("referrals", _("Referrals")),
		("attributed", _("Attributed")),
		("converted", _("Converted")),
		("rewarded", _("Rewarded")),
		("clawed_back", _("Clawed Back")),
	]
	return [
		first,
		*({"fieldname": f, "label": label, "fieldtype": "Int", "width": 110} for f, label in counts),
		{"fieldname": "points", "label": _("Reward Points"), "fieldtype": "Int", "width": 120},
	]


def rows(group: str, filters) -> list[dict]:
	key = {"month": "date_format(referred_on, '%%Y-%%m')", "project": "project", "referrer": "referrer"}[
		group
	]
	conditions, values = ["1 = 1"], {"attributed": ATTRIBUTED}
	if filters.get("from_date"):
		conditions.append("referred_on >= %(from_date)s")
		values["from_date"] = filters.from_date
	if filters.get("to_date"):
		conditions.append("referred_on <= %(to_date)s")
		values["to_date"] = filters.to_date
	return frappe.db.sql(
		f"""select {key} as grp, count(*) as referrals,
		sum(status in %(attributed)s) as attributed,
		sum(status in ('Converted', 'Rewarded', 'Clawed Back')) as converted,
		sum(status in ('Rewarded', 'Clawed Back')) as rewarded,
		sum(status = 'Clawed Back') as clawed_back,
		sum(ifnull(reward_points, 0) - ifnull(clawed_back_points, 0)) as points
		from `tabRE Referral` where {" and ".join(conditions)}
		group by grp order by grp""",
		values,
		as_dict=True,
	)
