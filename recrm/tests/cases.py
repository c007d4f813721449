"""A shared base for integration tests that act as several staff members."""

import frappe
from frappe.tests.utils import FrappeTestCase

from recrm.core.roles import BUYER_ROLE
from recrm.tests.factories import STAFF_ROLES, make_sale_ground, make_staff, make_user


class StaffTestCase(FrappeTestCase):
	"""Users of the kinds in ``STAFF`` (see ``recrm.tests.factories.STAFF_ROLES``), named after
	``STAFF_PREFIX`` and set as class attributes (``self.advisor`` …), are made once and committed:
	creating a Frappe user is slow. They are made before the rest of the class's set-up (a race
	test's ``make_shared_records`` may use them). Each test is rolled back, as Administrator.

	Staff a test needs beyond ``STAFF``: ``staff_team`` (several of a kind), ``staff_by_role`` (one
	per role), ``staff_with_roles`` (one user with several roles), ``staff_limited_to`` (a kind
	limited to some projects by User Permissions) and ``website_user`` (a login without staff
	roles). Each is ``{STAFF_PREFIX}-…@recrm.test``, made if missing, in the open transaction: in a
	test it goes with the test's rollback; in ``setUpClass`` it lasts as long as the class keeps
	its records (commit to keep it for good)."""

	STAFF_PREFIX = "staff"
	STAFF: tuple[str, ...] = ()

	@classmethod
	def setUpClass(cls):
		for kind, user in make_staff(cls.STAFF_PREFIX, *cls.STAFF).items():
			setattr(cls, kind, user)
		frappe.db.commit()
		super().setUpClass()

	def tearDown(self):
		frappe.set_user("Administrator")
		frappe.db.rollback()
		# the User Permissions of ``staff_limited_to`` went with the rollback; so must their cache
		for user in getattr(self, "_limited_staff", ()):
			frappe.clear_cache(user=user)

	@classmethod
	def staff_email(cls, name: str) -> str:
		return f"{cls.STAFF_PREFIX}-{name}@recrm.test".replace("_", "-").lower()

	@classmethod
	def staff_team(cls, kind: str, count: int) -> list[str]:
		"""``count`` members of staff of ``kind`` (``STAFF_ROLES``): ``{prefix}-{kind}-0@recrm.test`` …"""
		return [make_user(cls.staff_email(f"{kind}-{i}"), [STAFF_ROLES[kind]]) for i in range(count)]

	@classmethod
	def staff_by_role(cls, *roles: str) -> dict[str, str]:
		"""One member of staff per role, ``{role: user}``; ``RE Cost Audit`` is
		``{prefix}-cost-audit@recrm.test``."""
		return {
			role: cls.staff_with_roles(role.removeprefix("RE ").replace(" ", "-"), role) for role in roles
		}

	@classmethod
	def staff_with_roles(cls, name: str, *roles: str) -> str:
		"""``{prefix}-{name}@recrm.test`` with each of ``roles`` (several, or one no kind has)."""
		return make_user(cls.staff_email(name), list(roles))

	@classmethod
	def staff_limited_to(cls, kind: str, *projects: str, name: str | None = None) -> str:
		"""A member of staff of ``kind`` who may see ``projects`` only (a User Permission on each),
		``{prefix}-{name or kind + "-limited"}@recrm.test``. Limited in a test, the permissions go
		with its rollback; in ``setUpClass``, the class deletes them after itself."""
		user = make_user(
			cls.staff_email(name or f"{kind}-limited"), [STAFF_ROLES[kind]], projects=list(projects)
		)
		cls._limited_staff = {*getattr(cls, "_limited_staff", ()), user}
		return user

	@classmethod
	def website_user(cls, name: str) -> str:
		"""A website user ``{prefix}-{name}@recrm.test`` with RE Home Buyer and no customer linked."""
		return make_user(cls.staff_email(name), [BUYER_ROLE])

	def set_up_sale(self, unit: dict | None = None, customer: dict | None = None):
		"""``self.project``, ``.building``, ``.unit``, ``.customer`` and ``.plan``, as
		``make_sale_ground`` makes them."""
		for name, value in make_sale_ground(unit, customer).items():
			setattr(self, name, value)
