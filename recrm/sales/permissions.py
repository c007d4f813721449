"""Who sees which customers, interactions and deals.

Managers (RE Sales Manager, System Manager) and every role without RE Sales Advisor (customer
service reads) see all that their role permissions allow. A sales advisor sees a customer they own
in some project (an `RE Customer Advisor` row with them as advisor) or one in the pool: not
protected by another advisor in a project the advisor can read. ``protected_until`` is the first
day the protection is over (as ``recrm.core.protection``): a row protects while it is after today,
and a row returned to the pool has no advisor and no date (see ``recrm.sales.owners``). A customer
another advisor protects in a project the advisor cannot read is pool for the advisor's own
projects. An advisor sees the interactions they made and those of the customers they own.

Deals follow the customers: an advisor sees the reservations and contracts they made and those of
the customers they own (an ``RE Customer Advisor`` row), and the receipts of those contracts.
Everyone else sees what their role permissions allow, within the projects their User Permissions
name (Frappe applies those through each document's ``project`` link).

``permission_query_conditions`` filters get_list; ``has_permission`` guards single records; both
say the same thing. Which phone numbers a user sees in full is recrm/sales/phone_privacy.py.
"""

import frappe
from frappe.utils import getdate, nowdate

from recrm.core.roles import SALES_ADVISOR, SALES_MANAGER_ROLES


def is_manager(user: str | None = None) -> bool:
	user = user or frappe.session.user
	if user == "Administrator":
		return True
	return bool(set(frappe.get_roles(user)) & set(SALES_MANAGER_ROLES))


def is_restricted_advisor(user: str | None = None) -> bool:
	user = user or frappe.session.user
	return not is_manager(user) and SALES_ADVISOR in frappe.get_roles(user)


def readable_projects(user: str) -> list[str] | None:
	"""The projects a User Permission limits the user to; None when not limited."""
	permitted = frappe.permissions.get_user_permissions(user).get("RE Project")
	if not permitted:
		return None
	return [row.get("doc") for row in permitted]


def owned_customers(me: str) -> str:
	"""SQL for the customers the advisor ``me`` (escaped) owns in some project."""
	return f"select parent from `tabRE Customer Advisor` where parenttype = 'RE Customer' and advisor = {me}"


def limited_advisor(user: str | None) -> str | None:
	"""The user escaped for SQL, when they see only their own deals and customers (a sales advisor
	who is no manager); None when their role permissions decide alone."""
	user = user or frappe.session.user
	return frappe.db.escape(user) if is_restricted_advisor(user) else None


def customer_query(user: str | None = None, doctype: str | None = None) -> str:
	me = limited_advisor(user)
	if me is None:
		return ""
	today = frappe.db.escape(nowdate())
	projects = readable_projects(user or frappe.session.user)
	in_projects = ""
	if projects is not None:
		in_projects = " and project in ({})".format(", ".join(frappe.db.escape(p) for p in projects))
	return (
		f"(`tabRE Customer`.name in ({owned_customers(me)})"
		" or `tabRE Customer`.name not in (select parent from `tabRE Customer Advisor`"
		f" where parenttype = 'RE Customer' and advisor != {me} and protected_until > {today}{in_projects}))"
	)


def made_or_owned(doctype: str, me: str) -> str:
	"""The records of ``doctype`` the advisor ``me`` made, or of customers ``me`` owns."""
	return f"(`tab{doctype}`.advisor = {me} or `tab{doctype}`.customer in ({owned_customers(me)}))"


def interaction_query(user: str | None = None, doctype: str | None = None) -> str:
	me = limited_advisor(user)
	return "" if me is None else made_or_owned("RE Interaction", me)


def advisor_may_see_customer(customer, user: str) -> bool:
	"""``customer`` a RE Customer document (saved or not)."""
	rows = customer.get("advisors") or []
	if any(row.advisor == user for row in rows):
		return True
	projects = readable_projects(user)
	today = getdate(nowdate())
	for row in rows:
		if not row.advisor or not row.protected_until or getdate(row.protected_until) <= today:
			continue
		if projects is None or row.project in projects:
			return False
	return True


def owns_customer(customer: str, user: str) -> bool:
	return bool(
		frappe.db.exists(
			"RE Customer Advisor", {"parenttype": "RE Customer", "parent": customer, "advisor": user}
		)
	)


def customer_has_permission(doc, ptype=None, user=None):
	"""Reading is judged on the document as given; changing a saved customer on the customer as
	saved, so that an edit of the owner rows is refused by the form's own check (RE Customer
	validate) with a message that says why."""
	user = user or frappe.session.user
	if not is_restricted_advisor(user):
		return True
	if ptype not in (None, "read", "select", "print", "email") and not doc.is_new():
		saved = frappe.get_all(
			"RE Customer Advisor",
			filters={"parenttype": "RE Customer", "parent": doc.name},
			fields=["project", "advisor", "protected_until"],
		)
		return advisor_may_see_customer(frappe._dict(advisors=saved), user)
	return advisor_may_see_customer(doc, user)


def interaction_has_permission(doc, ptype=None, user=None):
	user = user or frappe.session.user
	if not is_restricted_advisor(user):
		return True
	if doc.advisor == user:
		return True
	return bool(doc.customer) and owns_customer(doc.customer, user)


# --- deals ------------------------------------------------------------------------------------------


def reservation_query(user: str | None = None, doctype: str | None = None) -> str:
	me = limited_advisor(user)
	return "" if me is None else made_or_owned("RE Reservation", me)


def _my_contracts(me: str) -> str:
	return (
		f"select name from `tabRE Contract` where advisor = {me} union"
		" select parent from `tabRE Contract Buyer` where parenttype = 'RE Contract'"
		f" and customer in ({owned_customers(me)})"
	)


def contract_query(user: str | None = None, doctype: str | None = None) -> str:
	me = limited_advisor(user)
	return "" if me is None else f"(`tabRE Contract`.name in ({_my_contracts(me)}))"


def receipt_query(user: str | None = None, doctype: str | None = None) -> str:
	me = limited_advisor(user)
	return "" if me is None else f"(`tabRE Receipt`.contract in ({_my_contracts(me)}))"


# a reservation, like an interaction, is seen by the advisor who made it and the owners of its customer
reservation_has_permission = interaction_has_permission


def advisor_may_see_contract(contract, user: str) -> bool:
	"""``contract`` an RE Contract document (saved or not)."""
	if contract.advisor == user:
		return True
	return any(row.customer and owns_customer(row.customer, user) for row in contract.get("buyers") or [])


def contract_has_permission(doc, ptype=None, user=None):
	user = user or frappe.session.user
	if not is_restricted_advisor(user):
		return True
	return advisor_may_see_contract(doc, user)


def receipt_has_permission(doc, ptype=None, user=None):
	user = user or frappe.session.user
	if not is_restricted_advisor(user):
		return True
	if not doc.contract:
		return False
	advisor = frappe.db.get_value("RE Contract", doc.contract, "advisor")
	if advisor == user:
		return True
	buyers = frappe.get_all(
		"RE Contract Buyer", filters={"parenttype": "RE Contract", "parent": doc.contract}, pluck="customer"
	)
	return any(owns_customer(customer, user) for customer in buyers)


def sales_change_query(user: str | None = None, doctype: str | None = None) -> str:
	me = limited_advisor(user)
	return "" if me is None else f"(`tabRE Sales Change`.contract in ({_my_contracts(me)}))"


# a sales change, like a receipt, is seen by whoever sees its contract
sales_change_has_permission = receipt_has_permission
