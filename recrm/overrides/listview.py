"""``frappe.desk.listview``: the sidebar's group-by counts count only what the user may list.

Frappe 15 counts "Assigned To" over a query built without any permission (``frappe.qb.get_query``)
and over every DocType's ToDos by name alone: a count per assignee of records the user may not
see, and an oracle on any name given as a filter. A field that is not the DocType's answers 500.
"""

import frappe
from frappe import _
from frappe.query_builder import DocType, Order
from frappe.query_builder.functions import Count

MAX_GROUPS = 50


@frappe.whitelist()
def get_group_by_count(doctype: str, current_filters: str, field: str) -> list[dict]:
	"""``frappe.desk.listview.get_group_by_count``, over the records the user may list."""
	from frappe.desk.listview import get_group_by_count as frappe_get_group_by_count
	from frappe.model import default_fields

	from recrm.overrides.client import parse_filters

	filters = parse_filters(current_filters)
	if field != "assigned_to":
		if not frappe.get_meta(doctype).has_field(field) and field not in default_fields:
			frappe.throw(
				_("{0} is not a field of {1}.").format(field, _(doctype)),
				exc=frappe.ValidationError,
				title=_("Invalid Field"),
			)
		return frappe_get_group_by_count(doctype, frappe.as_json(filters or []), field)

	names = frappe.get_list(doctype, filters=filters, pluck="name", order_by=None, limit=0)
	if not names:
		return []
	todo, user = DocType("ToDo"), DocType("User")
	count = Count("*").as_("count")
	return (
		frappe.qb.from_(todo)
		.from_(user)
		.select(todo.allocated_to.as_("name"), count)
		.where(
			(todo.status != "Cancelled")
			& (todo.allocated_to == user.name)
			& (user.user_type == "System User")
			& (todo.reference_type == doctype)
			& (todo.reference_name.isin(names))
		)
		.groupby(todo.allocated_to)
		.orderby(count, order=Order.desc)
		.limit(MAX_GROUPS)
		.run(as_dict=True)
	)
