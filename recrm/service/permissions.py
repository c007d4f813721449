"""Who sees which complaints, claims, surveys and articles.

Customer service (agents, the CS Centre Manager, the VP), the General Manager and System Managers
see every complaint their role permissions allow. Everyone else sees a complaint for a reason:

- a project GM: every complaint of a project they lead (``RE Project.project_gm``);
- the responsible person and anyone it is assigned to (engineering fixing a leak);
- the approvers of compensation (engineering, cost audit, finance, VP finance): complaints with a
  compensation claim;
- a sales advisor, read only: complaints of the customers they own.

A home buyer holds no permission on any of these: the portal shows them their own complaints and
surveys through ``recrm.portal.buyer``.
Compensation claims and satisfaction surveys follow the same line for project GMs: those of the
projects they lead.

``permission_query_conditions`` filters lists and reports; ``has_permission`` guards single
records; both say the same thing. User Permissions on RE Project narrow either further.
"""

import frappe

from recrm.core.roles import (
	ARTICLE_EDITOR_ROLES,
	ASSIGNEE_ROLES,
	CLAIM_APPROVER_ROLES,
	COMPLAINT_ALL_ROLES,
	PROJECT_GM,
	SALES_MANAGER,
	SALES_ROLES,
)


def _roles(user: str) -> set[str]:
	return set(frappe.get_roles(user))


def sees_all_complaints(user: str | None = None) -> bool:
	user = user or frappe.session.user
	return user == "Administrator" or bool(_roles(user) & set(COMPLAINT_ALL_ROLES))


def complaint_query(user: str | None = None, doctype: str | None = None) -> str:
	user = user or frappe.session.user
	if sees_all_complaints(user):
		return ""
	roles = _roles(user)
	me = frappe.db.escape(user)
	assigned = frappe.db.escape(f'%"{user}"%')
	reasons = []
	if PROJECT_GM in roles:
		reasons.append(
			f"`tabRE Complaint`.project in (select name from `tabRE Project` where project_gm = {me})"
		)
	if roles & set(ASSIGNEE_ROLES):
		reasons.append(f"`tabRE Complaint`.responsible_person = {me}")
		reasons.append(f"`tabRE Complaint`._assign like {assigned}")
	if roles & set(CLAIM_APPROVER_ROLES):
		reasons.append(
			"`tabRE Complaint`.name in (select complaint from `tabRE Compensation Claim` where docstatus < 2)"
		)
	if roles & set(SALES_ROLES):
		if SALES_MANAGER in roles:
			reasons.append("1 = 1")
		else:
			reasons.append(
				"`tabRE Complaint`.customer in (select parent from `tabRE Customer Advisor`"
				f" where parenttype = 'RE Customer' and advisor = {me})"
			)
	if not reasons:
		return "1 = 0"
	return "(" + " or ".join(reasons) + ")"


def complaint_has_permission(doc, ptype=None, user=None):
	user = user or frappe.session.user
	if sees_all_complaints(user):
		return True
	roles = _roles(user)
	if PROJECT_GM in roles and doc.project:
		if frappe.db.get_value("RE Project", doc.project, "project_gm") == user:
			return True
	if roles & set(ASSIGNEE_ROLES):
		if doc.responsible_person == user or user in (frappe.parse_json(doc.get("_assign") or "[]") or []):
			return True
	if roles & set(CLAIM_APPROVER_ROLES) and not doc.is_new():
		if frappe.db.exists("RE Compensation Claim", {"complaint": doc.name, "docstatus": ("<", 2)}):
			return True
	if roles & set(SALES_ROLES) and ptype in (None, "read", "print", "report"):
		if SALES_MANAGER in roles:
			return True
		if doc.customer and frappe.db.exists(
			"RE Customer Advisor", {"parenttype": "RE Customer", "parent": doc.customer, "advisor": user}
		):
			return True
	return False


# ---- claims and surveys: a project GM sees those of their projects --------------------------------

SEES_ALL_CLAIMS = (*COMPLAINT_ALL_ROLES, *CLAIM_APPROVER_ROLES)


def _project_gm_only(user: str, sees_all: tuple[str, ...]) -> bool:
	"""A user who reads claims or surveys only as a project GM (no company-wide role)."""
	if user == "Administrator":
		return False
	roles = _roles(user)
	return PROJECT_GM in roles and not roles & set(sees_all)


def _led_by(user: str, doctype: str) -> str:
	return f"`tab{doctype}`.project in (select name from `tabRE Project` where project_gm = {frappe.db.escape(user)})"


def claim_query(user: str | None = None, doctype: str | None = None) -> str:
	user = user or frappe.session.user
	return _led_by(user, "RE Compensation Claim") if _project_gm_only(user, SEES_ALL_CLAIMS) else ""


def survey_query(user: str | None = None, doctype: str | None = None) -> str:
	user = user or frappe.session.user
	return _led_by(user, "RE Satisfaction Survey") if _project_gm_only(user, COMPLAINT_ALL_ROLES) else ""


def _project_gm_has_permission(doc, user: str, sees_all: tuple[str, ...]) -> bool:
	if not _project_gm_only(user, sees_all):
		return True
	return bool(doc.project) and frappe.db.get_value("RE Project", doc.project, "project_gm") == user


def claim_has_permission(doc, ptype=None, user=None):
	return _project_gm_has_permission(doc, user or frappe.session.user, SEES_ALL_CLAIMS)


def survey_has_permission(doc, ptype=None, user=None):
	return _project_gm_has_permission(doc, user or frappe.session.user, COMPLAINT_ALL_ROLES)


def article_query(user: str | None = None, doctype: str | None = None) -> str:
	user = user or frappe.session.user
	if user == "Administrator" or _roles(user) & set(ARTICLE_EDITOR_ROLES):
		return ""
	return f"(`tabRE Knowledge Article`.published = 1 or `tabRE Knowledge Article`.owner = {frappe.db.escape(user)})"


def article_has_permission(doc, ptype=None, user=None):
	user = user or frappe.session.user
	if user == "Administrator" or _roles(user) & set(ARTICLE_EDITOR_ROLES):
		return True
	return bool(doc.published or doc.owner == user or doc.is_new())
