"""The default complaint categories (投诉类别): a tree the CS Centre Manager may extend."""

import frappe
from frappe import _

ROOT = "All Categories"
# (group, its categories); a group without categories is itself a category
DEFAULT_TREE = (
	(
		"Quality",
		(
			"Heating",
			"Cracks",
			"Doors and Windows",
			"Leaks",
			"Plumbing and Drainage",
			"Electrical",
			"Walls and Floors",
			"Noise and Insulation",
		),
	),
	(
		"Sales Promises",
		("Handover Date", "Amenities and Landscaping", "Area and Layout", "School Places", "Title Deed"),
	),
	("Property Management", ("Cleaning and Security", "Parking", "Property Fees", "Property Repairs")),
	("Other", ()),
)


def category_labels() -> list[str]:
	"""The default categories as literals, for the translation extractor (records are translated
	where they are shown: RE Complaint Category is a translated DocType)."""
	return [
		_("All Categories"),
		_("Quality"),
		_("Heating"),
		_("Cracks"),
		_("Doors and Windows"),
		_("Leaks"),
		_("Plumbing and Drainage"),
		_("Electrical"),
		_("Walls and Floors"),
		_("Noise and Insulation"),
		_("Sales Promises"),
		_("Handover Date"),
		_("Amenities and Landscaping"),
		_("Area and Layout"),
		_("School Places"),
		_("Title Deed"),
		_("Property Management"),
		_("Cleaning and Security"),
		_("Parking"),
		_("Property Fees"),
		_("Property Repairs"),
		_("Other"),
	]


def _make(name: str, parent: str | None, is_group: bool) -> None:
	if frappe.db.exists("RE Complaint Category", name):
		return
	frappe.get_doc(
		{
			"doctype": "RE Complaint Category",
			"category_name": name,
			"parent_re_complaint_category": parent,
			"is_group": 1 if is_group else 0,
		}
	).insert(ignore_permissions=True)


def create_default_categories(force: bool = False) -> None:
	"""On install, and on migrate while there are no categories at all: a category someone
	deleted on purpose is not brought back."""
	if not force and frappe.db.count("RE Complaint Category"):
		return
	_make(ROOT, None, True)
	for group, children in DEFAULT_TREE:
		_make(group, ROOT, bool(children))
		for child in children:
			_make(child, group, False)
