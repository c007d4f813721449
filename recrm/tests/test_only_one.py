"""Every "only one" rule of recrm has the database's last word: a unique index.

The rules are checked first by the code that makes the records (with a row lock where two
requests could pass the check at once); these tests find the index of each in the database, so
that a rule whose index goes missing fails here, and show for one rule that the index refuses
what the checks would have let through."""

import frappe
from frappe.tests.utils import FrappeTestCase

from recrm.tests.factories import make_complaint

# rule -> (DocType, the columns of its unique index)
UNIQUE_INDEXES = {
	"a phone number belongs to one customer": ("RE Customer Number", ("number",)),
	"a WeChat ID belongs to one customer": ("RE Customer", ("wechat_id",)),
	"a portal login belongs to one customer": ("RE Customer", ("portal_user",)),
	"one active reservation per unit": ("RE Reservation", ("active_unit",)),
	"one contract in force per unit": ("RE Contract", ("active_unit",)),
	"one booked handover appointment per unit": ("RE Handover Appointment", ("active_unit",)),
	"a unit number once in a building": ("RE Unit", ("building", "unit_number")),
	"one site-visit sign-up per customer and day": ("RE Site Visit Sign-up", ("site_visit_day", "customer")),
	"one construction-update message per customer and channel": (
		"RE Construction Update Notice",
		("construction_update", "customer", "channel"),
	),
	"one satisfaction survey per complaint": ("RE Satisfaction Survey", ("complaint",)),
	"a survey link's token once": ("RE Satisfaction Survey", ("token",)),
	"a project name once": ("RE Project", ("project_name",)),
	"a channel name once": ("RE Channel", ("channel_name",)),
	"a campaign name once": ("RE Campaign", ("campaign_name",)),
	"a complaint category name once": ("RE Complaint Category", ("category_name",)),
}


def unique_indexes(doctype: str) -> set[tuple[str, ...]]:
	"""The column lists of the unique indexes of a DocType's table, primary key aside."""
	rows = frappe.db.sql(
		"""select index_name, column_name from information_schema.statistics
		where table_schema = database() and table_name = %s and non_unique = 0 and index_name != 'PRIMARY'
		order by index_name, seq_in_index""",
		f"tab{doctype}",
	)
	indexes: dict[str, list[str]] = {}
	for index, column in rows:
		indexes.setdefault(index, []).append(column)
	return {tuple(columns) for columns in indexes.values()}


class TestOnlyOne(FrappeTestCase):
	def tearDown(self):
		frappe.db.rollback()

	def test_every_only_one_rule_has_a_unique_index(self):
		for rule, (doctype, columns) in UNIQUE_INDEXES.items():
			self.assertIn(columns, unique_indexes(doctype), rule)

	def test_a_second_survey_for_one_complaint_is_refused_by_the_database(self):
		complaint = make_complaint().name
		survey = {
			"doctype": "RE Satisfaction Survey",
			"survey_type": "After Complaint",
			"complaint": complaint,
		}
		customer = frappe.db.get_value("RE Complaint", complaint, ["customer", "project"], as_dict=True)
		survey.update(customer)
		frappe.get_doc(survey).insert(ignore_permissions=True)
		# past the check of send_complaint_survey, as two closings at once could be
		with self.assertRaises(frappe.UniqueValidationError):
			frappe.get_doc(survey).insert(ignore_permissions=True)
