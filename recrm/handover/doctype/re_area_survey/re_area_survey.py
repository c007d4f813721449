"""A building's final area survey (面积实测): the report uploaded, imported in the background
(``recrm.handover.area``)."""

from frappe.model.document import Document


class REAreaSurvey(Document):
	pass
