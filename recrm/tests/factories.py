"""Factories for integration tests: each makes a valid record and takes overrides."""

import frappe

from recrm.setup.roles import ALL_ROLES


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
		frappe.get_doc(
			{
				"doctype": "User",
				"email": email,
				"first_name": email.split("@")[0],
				"send_welcome_email": 0,
				"user_type": "System User" if set(roles) - {"RE Home Buyer"} else "Website User",
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
