"""Phone privacy (号码保护): an advisor sees the full number only of the customers they own.

The rule holds by what recrm stores, not by inspecting Frappe's queries:

- the full numbers (E.164) live in ``RE Customer Number``, one record per phone row and named after
  it, with a unique index on the number (one number, one customer: the index decides). No role
  holds any permission on that DocType, so every generic route of Frappe — ``frappe.client``,
  report view and its export, ``/api/resource``, ``/api/v2``, Data Import and Data Export, link
  search, linked documents, counts — refuses it to everyone but Administrator, whatever fields,
  filters, ORDER BY or GROUP BY it is asked for;
- the customer (``primary_phone_masked``) and its phone rows (``masked_phone``, ``phone_tail``)
  carry the masked number only (``138****8000``): whoever reads the customer may see, filter and sort
  by it, which tells nothing the list does not show. Each is the one masked field of a number, what
  Frappe 16's field masking will need;
- a number is typed into a phone row's ``phone`` (permlevel ``PHONE_PERMLEVEL``: managers; new rows of
  a new customer: anyone who creates it) or the customer's ``add_phone``; the customer's save moves it
  into the store and leaves the row's column empty, so the document, its change history (Version),
  its print and its exports never hold it;
- recrm keeps no Frappe ``Contact`` for a customer (Contact Phone is readable far more widely).

Who sees a full number: managers and customer service (the roles that read RE Customer at
``PHONE_PERMLEVEL``), and an advisor the numbers of the customers they own. They get them from recrm
code that asks ``may_see_full_phone``: the form's onload (``full_phones_for_form``, with tel: links),
the list (``recrm.api.phones.get_full_phones``), the reception desk's lookup of a typed number; merge,
SMS and import use the store directly.
"""

import frappe

from recrm.sales.permissions import customer_query, owns_customer

CUSTOMER = "RE Customer"
CUSTOMER_PHONE = "RE Customer Phone"
NUMBER = "RE Customer Number"
PHONE_PERMLEVEL = 1
MAX_ROWS = 500


class NumberTakenError(Exception):
	"""A number already belongs to another customer: the unique index said so."""

	def __init__(self, number: str):
		super().__init__(number)
		self.number = number


def sees_all_phones(user: str | None = None) -> bool:
	"""Whether the user's roles may read the full numbers of every customer (managers, customer
	service): read by the RE Customer permissions at PHONE_PERMLEVEL, customisations included."""
	user = user or frappe.session.user
	if user == "Administrator":
		return True
	roles = set(frappe.get_roles(user))
	return any(
		perm.role in roles and perm.permlevel == PHONE_PERMLEVEL and perm.read
		for perm in frappe.get_meta(CUSTOMER).permissions
	)


def may_see_full_phone(customer: str, user: str | None = None) -> bool:
	"""Managers and customer service see every number; an advisor those of the customers they own
	(an RE Customer Advisor row in any project)."""
	user = user or frappe.session.user
	return sees_all_phones(user) or bool(customer and owns_customer(customer, user))


# --- the store (trusted code only: nothing here checks who asks) ----------------------------------


def stored_numbers(customer: str) -> dict[str, str]:
	"""{phone row: number} of a customer."""
	if not customer:
		return {}
	rows = frappe.get_all(NUMBER, filters={"customer": customer}, fields=["name", "number"])
	return {row.name: row.number for row in rows}


def customer_of_number(number: str, for_update: bool = False) -> str | None:
	"""The customer a normalised number belongs to. ``for_update`` reads what is committed now
	(a locking read), not the transaction's snapshot."""
	if not number:
		return None
	return frappe.db.get_value(NUMBER, {"number": number}, "customer", for_update=for_update)


def primary_numbers(customers: list[str]) -> dict[str, str]:
	"""{customer: primary number} of the customers given."""
	if not customers:
		return {}
	rows = frappe.get_all(
		NUMBER,
		filters={"customer": ("in", list(customers)), "is_primary": 1},
		fields=["customer", "number"],
	)
	return {row.customer: row.number for row in rows}


def save_numbers(customer) -> None:
	"""Store the numbers of a customer's phone rows (``row.flags.number``, set by its save): rows
	gone or renumbered lose theirs, new ones are inserted. NumberTakenError when the unique index
	finds a number with another customer."""
	rows = {row.name: row for row in customer.phones}
	stored = {
		row.name: row
		for row in frappe.get_all(
			NUMBER, filters={"customer": customer.name}, fields=["name", "number", "is_primary"]
		)
	}
	gone = [name for name, row in stored.items() if name not in rows or rows[name].flags.number != row.number]
	if gone:
		frappe.db.delete(NUMBER, {"customer": customer.name, "name": ("in", gone)})
	for name, row in rows.items():
		old = stored.get(name)
		if old is not None and name not in gone:
			if bool(old.is_primary) != bool(row.is_primary):
				frappe.db.set_value(NUMBER, name, "is_primary", 1 if row.is_primary else 0)
			continue
		record = frappe.get_doc(
			{
				"doctype": NUMBER,
				"name": name,
				"customer": customer.name,
				"number": row.flags.number,
				"is_primary": 1 if row.is_primary else 0,
			}
		)
		insert_number(record)


def insert_number(record) -> None:
	# Frappe turns a unique-index refusal into "Number must be unique", queued as a message before it
	# raises: muted here, so that the customer's own message is the only one the user reads
	muted = frappe.flags.mute_messages
	frappe.flags.mute_messages = True
	try:
		record.db_insert()
	except frappe.UniqueValidationError:
		taken = True
	else:
		taken = False
	finally:
		frappe.flags.mute_messages = muted
	if taken:
		raise NumberTakenError(record.number)


def delete_numbers(customer: str) -> None:
	frappe.db.delete(NUMBER, {"customer": customer})


# --- full numbers for those who may see them --------------------------------------------------------


def full_phones_for_form(customer) -> list[dict]:
	"""The customer's numbers for the form of a user who may see them: [] for anyone else."""
	if customer.is_new() or not may_see_full_phone(customer.name):
		return []
	numbers = stored_numbers(customer.name)
	return [
		{"row": row.name, "phone": numbers[row.name], "is_primary": row.is_primary}
		for row in customer.phones
		if row.name in numbers
	]


def full_primary_phones(customers: list[str], user: str | None = None) -> dict[str, str]:
	"""{customer: primary phone} of those of ``customers`` the user may read and see in full."""
	user = user or frappe.session.user
	names = list(dict.fromkeys(customers))[:MAX_ROWS]
	if not names:
		return {}
	readable = frappe.get_list(CUSTOMER, filters={"name": ("in", names)}, pluck="name", limit=0, user=user)
	if readable and not sees_all_phones(user):
		owned = set(
			frappe.get_all(
				"RE Customer Advisor",
				filters={"parenttype": CUSTOMER, "parent": ("in", readable), "advisor": user},
				pluck="parent",
			)
		)
		readable = [name for name in readable if name in owned]
	return primary_numbers(readable)


# --- queries ------------------------------------------------------------------------------------


def customer_phone_query(user: str | None = None, doctype: str | None = None) -> str:
	"""Phone rows listed on their own (``get_list("RE Customer Phone", parent_doctype=...)``): only
	those of customers the user may list."""
	condition = customer_query(user or frappe.session.user, CUSTOMER)
	if not condition:
		return ""
	return (
		"(`tabRE Customer Phone`.parenttype = 'RE Customer' and `tabRE Customer Phone`.parent in"
		f" (select `tabRE Customer`.name from `tabRE Customer` where {condition}))"
	)
