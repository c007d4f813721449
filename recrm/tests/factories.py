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
