"""Factories for integration tests: each makes a valid record and takes overrides."""

from collections.abc import Iterator
from contextlib import contextmanager

import frappe
from frappe.utils import add_days, nowdate

from recrm.core.roles import (
	ALL_ROLES,
	BUYER_ROLE,
	COST_AUDIT,
	CS_AGENT,
	CS_MANAGER,
	ENGINEERING,
	FINANCE,
	GENERAL_MANAGER,
	PROJECT_GM,
	SALES_ADVISOR,
	SALES_MANAGER,
	VP_CUSTOMER_SERVICE,
	VP_FINANCE,
)


def unique(prefix: str) -> str:
	return f"{prefix}-{frappe.generate_hash(length=6)}"


def make_project(**kwargs):
	doc = frappe.get_doc(
		{
			"doctype": "RE Project",
			"project_name": unique("测试楼盘"),
			"city": "扬州",
			"status": "On Sale",
			**kwargs,
		}
	)
	return doc.insert()


def make_unit_type(
	project: str, type_code: str | None = None, gross_area: float = 100, net_area: float = 80, **kwargs
):
	return frappe.get_doc(
		{
			"doctype": "RE Unit Type",
			"project": project,
			"type_code": type_code or unique("T"),
			"type_name": "三室两厅",
			"bedrooms": 3,
			"gross_area": gross_area,
			"net_area": net_area,
			**kwargs,
		}
	).insert()


def make_building(project: str | None = None, stacks: list[dict] | None = None, **kwargs):
	project = project or make_project().name
	if stacks is None:
		unit_type = make_unit_type(project).name
		stacks = [
			{"position": 1, "unit_type": unit_type, "orientation": "South", "orientation_premium_percent": 2},
			{"position": 2, "unit_type": unit_type, "orientation": "North"},
		]
	return frappe.get_doc(
		{
			"doctype": "RE Building",
			"project": project,
			"building_number": unique("B"),
			"floors": 10,
			"base_price_per_sqm": 10000,
			"floor_premium_per_sqm": 50,
			"stacks": stacks,
			**kwargs,
		}
	).insert()


def make_unit(building: str | None = None, floor: int = 1, unit_number: str | None = None, **kwargs):
	building = building or make_building().name
	return frappe.get_doc(
		{
			"doctype": "RE Unit",
			"building": building,
			"floor": floor,
			"position": kwargs.pop("position", 1),
			"unit_number": unit_number or unique(str(floor)),
			"gross_area": 100,
			"net_area": 80,
			"list_price": 1_000_000,
			**kwargs,
		}
	).insert()


def make_user(email: str, roles: list[str], projects: list[str] | None = None) -> str:
	if not frappe.db.exists("User", email):
		# Frappe throttles sign-ups (60 users an hour by default); test users are not sign-ups
		frappe.local.conf.throttle_user_limit = max(
			frappe.utils.cint(frappe.local.conf.get("throttle_user_limit")), 10_000
		)
		frappe.get_doc(
			{
				"doctype": "User",
				"email": email,
				"first_name": email.split("@")[0],
				"send_welcome_email": 0,
				"user_type": "System User" if set(roles) - {BUYER_ROLE} else "Website User",
			}
		).insert(ignore_permissions=True)
	user = frappe.get_doc("User", email)
	user.add_roles(*[r for r in roles if r in ALL_ROLES or frappe.db.exists("Role", r)])
	for project in projects or []:
		frappe.get_doc(
			{"doctype": "User Permission", "user": email, "allow": "RE Project", "for_value": project}
		).insert(ignore_permissions=True)
	frappe.clear_cache(user=email)
	return email


# the role of each kind of staff member a test may ask ``make_staff`` for
STAFF_ROLES = {
	"advisor": SALES_ADVISOR,
	"other_advisor": SALES_ADVISOR,
	"owner": SALES_ADVISOR,
	"manager": SALES_MANAGER,
	"other_manager": SALES_MANAGER,
	"gm": GENERAL_MANAGER,
	"finance": FINANCE,
	"service": CS_AGENT,
	"cs_agent": CS_AGENT,
	"cs_manager": CS_MANAGER,
	"engineer": ENGINEERING,
	"cost_audit": COST_AUDIT,
	"vp_service": VP_CUSTOMER_SERVICE,
	"other_cs_manager": CS_MANAGER,
	"claimant": SALES_ADVISOR,
	"project_gm": PROJECT_GM,
	"other_project_gm": PROJECT_GM,
	"vp_finance": VP_FINANCE,
}


def make_staff(prefix: str, *kinds: str) -> frappe._dict:
	"""A user of each kind (``STAFF_ROLES``), ``{prefix}-{kind}@recrm.test``, without project limits:
	``make_staff("con", "advisor", "manager").manager``."""
	return frappe._dict(
		{
			kind: make_user(f"{prefix}-{kind}@recrm.test".replace("_", "-"), [STAFF_ROLES[kind]])
			for kind in kinds
		}
	)


@contextmanager
def acting_as(user: str):
	"""Act as ``user`` for the ``with`` block, then as Administrator again."""
	frappe.set_user(user)
	try:
		yield user
	finally:
		frappe.set_user("Administrator")


def random_mobile() -> str:
	"""A Chinese mobile number nobody else in the test database has, as 139 1234 5678."""
	digits = str(int(frappe.generate_hash(length=12), 16))[-8:].rjust(8, "0")
	return f"139 {digits[:4]} {digits[4:]}"


def make_customer(phone: str | None = None, phones: list[dict] | None = None, **kwargs):
	if phones is None:
		phones = [{"phone": phone or random_mobile(), "is_primary": 1}]
	return frappe.get_doc(
		{
			"doctype": "RE Customer",
			"full_name": kwargs.pop("full_name", unique("客户")),
			"phones": phones,
			**kwargs,
		}
	).insert()


def phone_numbers(customer: str) -> list[str]:
	"""The full numbers of a customer in the order of its phone rows (kept in RE Customer Number,
	recrm/sales/phone_privacy.py)."""
	from recrm.sales.phone_privacy import stored_numbers

	numbers = stored_numbers(customer)
	rows = frappe.get_all(
		"RE Customer Phone",
		filters={"parenttype": "RE Customer", "parent": customer},
		pluck="name",
		order_by="idx",
	)
	return [numbers[row] for row in rows if row in numbers]


def primary_number(customer: str) -> str | None:
	from recrm.sales.phone_privacy import primary_numbers

	return primary_numbers([customer]).get(customer)


def make_owned_customer(project: str, advisor: str, protected_days: int, **kwargs):
	"""A customer ``advisor`` owns in ``project``, protected ``protected_days`` days more (a lapsed
	protection, back in the pool for others to read, when 0 or less)."""
	advisors = [
		{"project": project, "advisor": advisor, "protected_until": add_days(nowdate(), protected_days)}
	]
	return make_customer(advisors=advisors, **kwargs)


def make_channel(**kwargs):
	return frappe.get_doc(
		{"doctype": "RE Channel", "channel_name": unique("晚报"), "kind": "Newspaper", **kwargs}
	).insert()


def make_campaign(**kwargs):
	return frappe.get_doc(
		{
			"doctype": "RE Campaign",
			"campaign_name": unique("开盘"),
			"channel": kwargs.pop("channel", None) or make_channel().name,
			"start_date": "2026-03-01",
			**kwargs,
		}
	).insert()


def make_interaction(customer: str | None = None, project: str | None = None, **kwargs):
	return frappe.get_doc(
		{
			"doctype": "RE Interaction",
			"customer": customer or make_customer().name,
			"project": project or make_project().name,
			"kind": kwargs.pop("kind", "Incoming Call"),
			"interaction_time": kwargs.pop("interaction_time", frappe.utils.now_datetime()),
			**kwargs,
		}
	).insert()


def make_reservation(unit: str | None = None, customer: str | None = None, submit: bool = True, **kwargs):
	"""A reservation of ``unit`` (a new available unit by default) for ``customer``, submitted
	unless ``submit`` is False."""
	unit = unit or make_unit().name
	price = frappe.db.get_value("RE Unit", unit, "list_price")
	doc = frappe.get_doc(
		{
			"doctype": "RE Reservation",
			"customer": customer or make_customer().name,
			"unit": unit,
			"agreed_price": kwargs.pop("agreed_price", price),
			"deposit": kwargs.pop("deposit", 50_000),
			"deposit_payment_method": kwargs.pop("deposit_payment_method", "WeChat Pay"),
			"reserved_on": kwargs.pop("reserved_on", frappe.utils.nowdate()),
			"valid_until": kwargs.pop("valid_until", frappe.utils.add_days(frappe.utils.nowdate(), 7)),
			**kwargs,
		}
	).insert()
	if submit:
		doc.submit()
	return doc


def make_payment_plan(
	project: str | None = None, method: str = "Full Payment", instalments: list[dict] | None = None, **kwargs
):
	"""A payment plan; by default 30% down payment within 7 days and the balance after 30 days."""
	if instalments is None:
		instalments = [
			{"purpose": "Down Payment", "share_type": "Percentage", "value": 30, "days": 7},
			{"purpose": "Balance", "share_type": "Remainder", "days": 30},
		]
	return frappe.get_doc(
		{
			"doctype": "RE Payment Plan",
			"plan_name": kwargs.pop("plan_name", unique("付款方案")),
			"project": project,
			"payment_method": method,
			"instalments": instalments,
			**kwargs,
		}
	).insert()


def make_disclosure(project: str, **kwargs):
	return frappe.get_doc(
		{
			"doctype": "RE Disclosure",
			"project": project,
			"category": kwargs.pop("category", "Unfavourable Facility Within 1 km"),
			"description": kwargs.pop("description", "小区北侧约600米处有垃圾中转站"),
			"distance_m": kwargs.pop("distance_m", 600),
			**kwargs,
		}
	).insert()


def make_contract(
	unit: str | None = None,
	buyers: list | None = None,
	reservation: str | None = None,
	payment_plan: str | None = None,
	acknowledge: bool = True,
	submit: bool = True,
	**kwargs,
):
	"""A contract of ``unit`` (or of the reservation's unit) for ``buyers`` (customer names, or
	dicts with customer and share), acknowledged and submitted unless told otherwise."""
	if reservation and not unit:
		unit = frappe.db.get_value("RE Reservation", reservation, "unit")
	unit = unit or make_unit().name
	project = frappe.db.get_value("RE Unit", unit, "project")
	if buyers is None:
		customer = reservation and frappe.db.get_value("RE Reservation", reservation, "customer")
		buyers = [customer or make_customer().name]
	rows = [b if isinstance(b, dict) else {"customer": b} for b in buyers]
	if all("share" not in row for row in rows):
		from recrm.core.contracts import equal_shares

		for row, buyer in zip(rows, equal_shares([r["customer"] for r in rows]), strict=True):
			row["share"] = float(buyer.share)
	doc = frappe.get_doc(
		{
			"doctype": "RE Contract",
			"unit": unit,
			"reservation": reservation,
			"buyers": rows,
			"payment_plan": payment_plan or make_payment_plan(project).name,
			"signed_on": kwargs.pop("signed_on", frappe.utils.nowdate()),
			**kwargs,
		}
	).insert()
	if acknowledge:
		doc.acknowledge_disclosures()
	if submit:
		doc.submit()
	return doc


def make_sales_change(contract: str, kind: str = "Cancellation", reason: str = "客户要求", **kwargs):
	"""A sales change (退房 by default) of ``contract``, requested by the current user; a
	cancellation's ``refund_decision`` is the caller's to give."""
	return frappe.get_doc(
		{"doctype": "RE Sales Change", "kind": kind, "contract": contract, "reason": reason, **kwargs}
	).insert()


def make_sale_ground(unit: dict | None = None, customer: dict | None = None) -> frappe._dict:
	"""What a reservation or a contract needs: a project with a building, an available unit in it
	(made with the ``unit`` overrides), a customer and a payment plan of the project."""
	project = make_project().name
	building = make_building(project=project).name
	return frappe._dict(
		project=project,
		building=building,
		unit=make_unit(building, **(unit or {})).name,
		customer=make_customer(**(customer or {})).name,
		plan=make_payment_plan(project).name,
	)


def make_receipt(contract: str, amount, submit: bool = True, **kwargs):
	doc = frappe.get_doc(
		{
			"doctype": "RE Receipt",
			"contract": contract,
			"amount": amount,
			"payment_method": kwargs.pop("payment_method", "Bank Transfer"),
			"received_on": kwargs.pop("received_on", frappe.utils.nowdate()),
			**kwargs,
		}
	).insert()
	if submit:
		doc.submit()
	return doc


# ---- service desk ---------------------------------------------------------------------------------


def make_complaint(customer: str | None = None, project: str | None = None, **kwargs):
	"""A complaint received now (or at ``received_at``) about a leak, Open."""
	return frappe.get_doc(
		{
			"doctype": "RE Complaint",
			"subject": kwargs.pop("subject", "卫生间渗水"),
			"customer": customer or make_customer().name,
			"project": project or make_project().name,
			"channel": kwargs.pop("channel", "Phone"),
			"category": kwargs.pop("category", "Leaks"),
			"priority": kwargs.pop("priority", "Medium"),
			"description": kwargs.pop("description", "楼上卫生间渗水到客厅天花板。"),
			**kwargs,
		}
	).insert()


def make_survey(
	customer: str | None = None, project: str | None = None, complaint: str | None = None, **kwargs
):
	"""A satisfaction survey after ``complaint``, or a periodic one (of 2026) without it."""
	return frappe.get_doc(
		{
			"doctype": "RE Satisfaction Survey",
			"survey_type": "After Complaint" if complaint else "Periodic",
			"customer": customer or make_customer().name,
			"complaint": complaint,
			"project": project or make_project().name,
			"period": kwargs.pop("period", None if complaint else "2026"),
			**kwargs,
		}
	).insert()


def move_complaint(complaint, *statuses: str, at=None, note: str | None = None):
	"""Move a complaint through ``statuses`` as the current user; ``at`` backdates the moves (one
	datetime for all, or one per status), as if they had happened then."""
	doc = frappe.get_doc("RE Complaint", complaint) if isinstance(complaint, str) else complaint
	times = at if isinstance(at, list | tuple) else [at] * len(statuses)
	for status, when in zip(statuses, times, strict=True):
		doc.status = status
		if status == "Resolved" and not doc.resolution:
			doc.resolution = "已更换防水层并修复天花板。"
		doc.flags.status_at = when
		doc.flags.status_note = note
		doc.save()
	return doc


def make_claim(complaint: str | None = None, amount=3000, **kwargs):
	return frappe.get_doc(
		{
			"doctype": "RE Compensation Claim",
			"complaint": complaint or make_complaint().name,
			"kind": kwargs.pop("kind", "Money"),
			"amount": amount,
			"description": kwargs.pop("description", "赔偿天花板修复期间的损失。"),
			**kwargs,
		}
	).insert()


def set_service_settings(**values):
	"""Change RE Service Settings for one test (the test's rollback undoes it; call
	``forget_service_settings`` in tearDown so that the cached copy goes too)."""
	settings = frappe.get_single("RE Service Settings")
	for key, value in values.items():
		if isinstance(value, list):
			settings.set(key, [])
			for row in value:
				settings.append(key, row)
		else:
			settings.set(key, value)
	settings.save(ignore_permissions=True)
	return settings


def forget_service_settings():
	frappe.clear_document_cache("RE Service Settings", "RE Service Settings")


def make_outgoing_email_account() -> str:
	"""A default outgoing e-mail account, so that Frappe queues mail (tests never send it)."""
	existing = frappe.db.get_value("Email Account", {"default_outgoing": 1, "enable_outgoing": 1}, "name")
	if existing:
		return existing
	return (
		frappe.get_doc(
			{
				"doctype": "Email Account",
				"email_account_name": unique("recrm test outgoing"),
				"email_id": "portal@recrm.test",
				"enable_outgoing": 1,
				"default_outgoing": 1,
				"smtp_server": "smtp.recrm.test",
				"no_smtp_authentication": 1,
			}
		)
		.insert(ignore_permissions=True)
		.name
	)


@contextmanager
def emails_muted() -> Iterator[None]:
	"""Frappe sends notification e-mails at once in tests, and sending commits, which ends a test's savepoint.
	Muted, the e-mails are still queued, so tests can assert them. Muted without an outgoing account,
	Frappe falls back to a dummy account without an address and fails on it: one is made first."""
	previous = frappe.flags.mute_emails
	forget_email_accounts()
	make_outgoing_email_account()
	frappe.flags.mute_emails = True
	try:
		yield
	finally:
		frappe.flags.mute_emails = previous
		forget_email_accounts()


def forget_email_accounts():
	"""Frappe keeps the e-mail accounts it found for the rest of the process: forget them, so that an
	account made in a test does not outlive the test's rollback."""
	for cache in ("outgoing_email_account", "incoming_email_account"):
		if hasattr(frappe.local, cache):
			delattr(frappe.local, cache)
