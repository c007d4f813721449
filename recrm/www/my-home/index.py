"""/my-home: each unit the buyer reserved, bought or owns, with its facts, floor plan and progress.

Apps add sections to the page (a contract summary, a payment schedule, receipts …) with the hook
``recrm_portal_home_sections``: dotted paths to functions ``section(customer, units) -> list[dict]``,
each dict a section with ``title``, ``template`` (a Jinja template path) and ``context`` (given
to the template as ``section``), or nothing when the section has nothing to show.
"""

import frappe
from frappe import _

from recrm.portal.pages import buyer_page, date_text, floor_plan_src, unit_title

no_cache = 1


def get_context(context):
	buyer = buyer_page(context, _("My Home"), "/my-home")
	context.units = [home_card(row) for row in buyer.units]
	context.sections = home_sections(buyer.customer, buyer.units)
	return context


def home_card(row) -> dict:
	rooms = (
		_("{0} rooms, {1} halls, {2} bathrooms").format(
			row.bedrooms or 0, row.living_rooms or 0, row.bathrooms or 0
		)
		if row.bedrooms
		else ""
	)
	return frappe._dict(
		unit=row.unit,
		title=unit_title(row),
		relation=_(row.relation),
		relation_key=(row.relation or "").lower(),
		type_name=row.type_name or "",
		rooms=rooms,
		kind=_(row.kind) if row.kind else "",
		floor=row.floor,
		orientation=_(row.orientation) if row.orientation else "",
		gross_area=f"{row.gross_area:g}" if row.gross_area else "",
		net_area=f"{row.net_area:g}" if row.net_area else "",
		floor_plan=floor_plan_src(row.floor_plan),
		stage=_(row.construction_stage) if row.construction_stage else "",
		progress=int(row.progress_percent or 0),
		handover_date=date_text(row.planned_handover_date),
	)


def home_sections(customer: str, units: list[dict]) -> list[dict]:
	sections = []
	for path in frappe.get_hooks("recrm_portal_home_sections"):
		sections += frappe.get_attr(path)(customer=customer, units=units) or []
	return sections
