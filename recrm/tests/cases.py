"""A shared base for integration tests that act as several staff members."""

import frappe
from frappe.tests.utils import FrappeTestCase

from recrm.tests.factories import make_sale_ground, make_staff


class StaffTestCase(FrappeTestCase):
	"""Users of the kinds in ``STAFF`` (see ``recrm.tests.factories.STAFF_ROLES``), named after
	``STAFF_PREFIX`` and set as class attributes (``self.advisor`` …), are made once and committed:
	creating a Frappe user is slow. Each test is rolled back, as Administrator."""

	STAFF_PREFIX = "staff"
	STAFF: tuple[str, ...] = ()

	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		for kind, user in make_staff(cls.STAFF_PREFIX, *cls.STAFF).items():
			setattr(cls, kind, user)
		frappe.db.commit()

	def tearDown(self):
		frappe.set_user("Administrator")
		frappe.db.rollback()

	def set_up_sale(self, unit: dict | None = None, customer: dict | None = None):
		"""``self.project``, ``.building``, ``.unit``, ``.customer`` and ``.plan``, as
		``make_sale_ground`` makes them."""
		for name, value in make_sale_ground(unit, customer).items():
			setattr(self, name, value)
