"""The keys of the framework-free core and the labels the DocTypes store for them.

The core (``recrm.core.payment_schedule``, ``recrm.core.contracts``) speaks in keys such as
``down_payment`` or ``on_stage``; a Select field stores the English label ("Down Payment",
"At a Construction Stage"), which the desk translates like every other option. These maps are the
one place where the two meet: controllers turn labels into keys before calling the core, and keys
back into labels when writing rows or formatting a rule error.

Each family has its own map because two families may share a label: "Housing Fund Loan" is both a
payment method (``housing_fund``) and a kind of loan (``housing_fund_loan``).
"""

from recrm.core import contracts as c
from recrm.core import payment_schedule as ps

PURPOSE = {
	ps.DEPOSIT: "Deposit",
	ps.DOWN_PAYMENT: "Down Payment",
	ps.INSTALMENT: "Instalment",
	ps.BALANCE: "Balance",
	ps.MORTGAGE_LOAN: "Mortgage Loan",
	ps.HOUSING_FUND_LOAN: "Housing Fund Loan",
}
LOAN_KIND = {ps.MORTGAGE_LOAN: PURPOSE[ps.MORTGAGE_LOAN], ps.HOUSING_FUND_LOAN: PURPOSE[ps.HOUSING_FUND_LOAN]}
SHARE = {ps.PERCENT: "Percentage", ps.FIXED: "Fixed Amount", ps.REMAINDER: "Remainder"}
DUE_RULE = {
	ps.AFTER_SIGNING: "Days after Signing",
	ps.ON_DATE: "On a Date",
	ps.ON_STAGE: "At a Construction Stage",
	ps.ON_DISBURSAL: "On Loan Disbursal",
}
METHOD = {
	ps.FULL_PAYMENT: "Full Payment",
	ps.INSTALMENTS: "Instalments",
	ps.MORTGAGE: "Mortgage",
	ps.HOUSING_FUND: "Housing Fund Loan",
	ps.MIXED: "Mortgage and Housing Fund (Combined)",
}
VALUE_TYPE = {c.PERCENT: "Percentage", c.AMOUNT: "Amount"}

# rule-error parameters that carry a key, and the family to label it with
PARAM_FAMILIES = {
	"purpose": PURPOSE,
	"kind": LOAN_KIND,
	"share": SHARE,
	"rule": DUE_RULE,
	"method": METHOD,
	"discount_type": VALUE_TYPE,
	"penalty_type": VALUE_TYPE,
}


def key(family: dict[str, str], label: str | None) -> str:
	"""The core key stored under ``label``; an unknown label passes through for the core to refuse
	with its own message."""
	for k, v in family.items():
		if v == label:
			return k
	return label or ""


def label(family: dict[str, str], key_: str | None) -> str:
	return family.get(key_ or "", key_ or "")
