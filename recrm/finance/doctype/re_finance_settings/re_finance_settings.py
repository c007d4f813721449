# Copyright (c) 2026, recrm developers and contributors
# For license information, please see license.txt

"""What recrm posts to ERPNext, and where (``recrm.finance.erpnext``).

The fields naming ERPNext records are Data fields checked here, not Links: recrm installs and works
on a site without ERPNext, where those DocTypes do not exist."""

import frappe
from frappe import _
from frappe.model.document import Document

from recrm.errors import SalesRuleError

# receipt method (RE Receipt.payment_method) -> field of its Mode of Payment
MODE_FIELDS = {
	"Cash": "mode_cash",
	"Card": "mode_card",
	"Bank Transfer": "mode_bank_transfer",
	"WeChat Pay": "mode_wechat_pay",
	"Alipay": "mode_alipay",
}


class REFinanceSettings(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		company: DF.Data | None
		cost_center: DF.Data | None
		customer_group: DF.Data | None
		enabled: DF.Check
		income_account: DF.Data | None
		item: DF.Data | None
		mode_alipay: DF.Data | None
		mode_bank_transfer: DF.Data | None
		mode_card: DF.Data | None
		mode_cash: DF.Data | None
		mode_wechat_pay: DF.Data | None
		receivable_account: DF.Data | None
		territory: DF.Data | None

	# end: auto-generated types
	def validate(self):
		if not self.enabled:
			return
		if "erpnext" not in frappe.get_installed_apps():
			frappe.throw(
				_("ERPNext is not installed on this site: there are no books to post to."),
				exc=SalesRuleError,
				title=_("ERPNext Missing"),
			)
		checks = [("Company", "company", _("Company"))]
		checks += [("Item", "item", _("Item for Property Sales"))]
		checks += [("Account", "income_account", _("Income Account"))]
		checks += [("Account", "receivable_account", _("Receivable Account"))]
		checks += [("Cost Center", "cost_center", _("Cost Center"))]
		checks += [("Customer Group", "customer_group", _("Customer Group"))]
		checks += [("Territory", "territory", _("Territory"))]
		checks += [("Mode of Payment", field, _(method)) for method, field in MODE_FIELDS.items()]
		for doctype, field, label in checks:
			value = self.get(field)
			if value and not frappe.db.exists(doctype, value):
				frappe.throw(
					_("{0}: {1} {2} does not exist in ERPNext.").format(label, _(doctype), value),
					exc=SalesRuleError,
					title=_("ERPNext Books"),
				)

	def on_update(self):
		if self.enabled:
			from recrm.finance.setup import make_custom_fields

			make_custom_fields()
