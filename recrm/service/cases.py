"""The case library (投诉案例库): resolved complaints, anonymised, with cause, solution and lessons,
for training. Nothing in a case names the customer: their name (also as 王先生), phone numbers,
e-mail and unit number are replaced, and any text that still looks like a phone number or an
e-mail address is masked as well."""

import re

import frappe
from frappe import _

from recrm.core import RuleError
from recrm.core.complaints import CLOSED, RESOLVED
from recrm.core.phones import split_phone
from recrm.errors import ServiceRuleError

CASE = "RE Service Case"
COMPLAINT = "RE Complaint"
TEXT_FIELDS = ("title", "summary", "cause", "solution", "lessons")
# mobiles (138 0013 8000, 13800138000, +86 138-0013-8000) and landlines (0514-8796 1234)
PHONE = re.compile(
	r"(?<!\d)(?:\+?86[\s-]?)?(?:1[3-9]\d(?:[\s-]?\d){8}|0\d{2,3}[\s-]?\d{3,4}[\s-]?\d{4})(?!\d)"
)
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
HONORIFICS = "先生|女士|小姐|太太|老师|阿姨|大爷|总"


def national_number(number: str) -> str | None:
	try:
		return split_phone(number)[1]
	except RuleError:
		return None


def personal_details(complaint) -> dict[str, list[str]]:
	"""What must not appear in a case made from ``complaint``, by placeholder kind."""
	customer = (
		frappe.db.get_value(
			"RE Customer", complaint.customer, ["full_name", "email", "wechat_id"], as_dict=True
		)
		or frappe._dict()
	)
	# the full numbers, kept apart from the customer (recrm/sales/phone_privacy.py), and as written at home
	numbers = frappe.get_all("RE Customer Number", filters={"customer": complaint.customer}, pluck="number")
	units = []
	if complaint.unit:
		unit_number = frappe.db.get_value("RE Unit", complaint.unit, "unit_number")
		units = [complaint.unit, unit_number]
	names = [customer.full_name, complaint.customer_name]
	if customer.full_name:
		names.append(re.escape(customer.full_name[0]) + f"(?:{HONORIFICS})")
	return {
		"customer": [n for n in names if n],
		"phone": [p for number in numbers for p in (number, national_number(number)) if p],
		"email": [customer.email] if customer.email else [],
		"wechat": [customer.wechat_id] if customer.wechat_id else [],
		"unit": [u for u in units if u],
	}


def placeholders() -> dict[str, str]:
	return {
		"customer": _("[customer]"),
		"phone": _("[phone]"),
		"email": _("[e-mail]"),
		"wechat": _("[WeChat]"),
		"unit": _("[unit]"),
	}


def anonymise(text: str | None, details: dict[str, list[str]]) -> str | None:
	if not text:
		return text
	marks = placeholders()
	for kind, values in details.items():
		# longest first: the unit's full name before its bare number
		for value in sorted(values, key=len, reverse=True):
			pattern = value if kind == "customer" and "(?:" in value else re.escape(value)
			text = re.sub(pattern, marks[kind], text)
	text = PHONE.sub(marks["phone"], text)
	return EMAIL.sub(marks["email"], text)


def leaks(text: str | None, details: dict[str, list[str]] | None = None) -> bool:
	if not text:
		return False
	if PHONE.search(text) or EMAIL.search(text):
		return True
	return anonymise(text, details or {}) != text


@frappe.whitelist()
def publish_case(
	complaint: str,
	title: str | None = None,
	cause: str | None = None,
	solution: str | None = None,
	lessons: str | None = None,
	tags: str | None = None,
) -> str:
	"""Publish a resolved or closed complaint to the case library, anonymised; returns the case.
	Once: the complaint's row is locked before its case is looked at, so a second publication at the
	same moment waits and is refused."""
	doc = frappe.get_doc(COMPLAINT, complaint, for_update=True)
	doc.check_permission("read")
	frappe.has_permission(CASE, "create", throw=True)
	if doc.status not in (RESOLVED, CLOSED):
		frappe.throw(
			_("Only a resolved or closed complaint can go to the case library; {0} is {1}.").format(
				doc.name, _(doc.status)
			),
			exc=ServiceRuleError,
			title=_("Case Library"),
		)
	if doc.service_case:
		frappe.throw(
			_("Complaint {0} is already in the case library as {1}.").format(doc.name, doc.service_case),
			exc=ServiceRuleError,
			title=_("Case Library"),
		)
	details = personal_details(doc)
	case = frappe.get_doc(
		{
			"doctype": CASE,
			"title": anonymise(title or doc.subject, details),
			"category": doc.category,
			"project": doc.project,
			"complaint": doc.name,
			"summary": anonymise(doc.description, details),
			"cause": anonymise(cause or doc.cause, details),
			"solution": anonymise(solution or doc.resolution, details),
			"lessons": anonymise(lessons, details),
			"published": 1,
		}
	)
	case.flags.personal_details = details
	case.insert()
	for tag in (tags or "").split(","):
		if tag.strip():
			from frappe.desk.doctype.tag.tag import add_tag

			add_tag(tag.strip(), CASE, case.name)
	doc.db_set("service_case", case.name)
	return case.name
