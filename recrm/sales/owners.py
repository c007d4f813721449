"""Who owns a customer in a project (客户归属), and the history of every change of owner.

A customer has at most one ``RE Customer Advisor`` row per project:

- **advisor set**: that advisor owns the customer in the project; ``protected_until`` is the
  first day the protection is over (``recrm.core.protection.protection_expires_on``), from which
  any advisor may claim the customer and the daily job returns it to the pool;
- **advisor empty**: the customer is in the project's pool (公海) since ``since``.

A lapsed owner row is kept with its advisor and protection date cleared, not deleted: the row is
what puts the customer in that project's pool (``pool.pool_filters`` finds pool customers with an
indexed query), and a customer never owned in a project is not in its pool. The permission rules
of ``recrm.sales.permissions`` read it the same way: only a row with an advisor owns, only a
protection date after today protects.

Every change of owner appends an ``RE Customer Owner Log`` row (the causes below): registration
and reclaiming by an interaction (``RE Interaction``), a claim (``pool.claim``), the daily return
to the pool (``pool.return_lapsed_to_pool``), a manager's reassignment in the form and a merge
(``merge.merge_customers``). The RE Customer controller writes the rows for every save; code
that changes owners sets ``customer.flags.owner_change_cause`` to say why.
"""

from datetime import date

import frappe
from frappe.utils import add_days, getdate

from recrm.core.protection import protection_days
from recrm.errors import SalesRuleError, rule_errors

# the options of RE Customer Owner Log.cause
REGISTERED = "Registered"
CLAIMED = "Claimed"
LAPSED = "Lapsed to Pool"
REASSIGNED = "Reassigned"
MERGED = "Merged"
CAUSES = (REGISTERED, CLAIMED, LAPSED, REASSIGNED, MERGED)


def project_protection_days(project: str) -> int:
	with rule_errors(exc=SalesRuleError):
		return protection_days(frappe.db.get_value("RE Project", project, "protection_days"))


def protection_end(project: str, start) -> date:
	"""The first day a protection starting on ``start`` in ``project`` is over."""
	return getdate(add_days(getdate(start), project_protection_days(project)))


def owners(rows) -> dict:
	"""project → owner advisor (None for the pool) of a customer's advisor rows."""
	return {row.project: row.advisor or None for row in rows}
