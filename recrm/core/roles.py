"""The roles recrm brings, and the groups of them each rule checks: the one place they are named.

Plain constants, no Frappe import, so that the framework-free core imports them as much as the
controllers, permission hooks, workflows, demo and tests do. The Role records themselves are made
by ``recrm.setup.install``; a DocType's permission rows (JSON) name the roles as they are.
"""

# Frappe's own
SYSTEM_MANAGER = "System Manager"

# desk roles
SALES_ADVISOR = "RE Sales Advisor"
SALES_MANAGER = "RE Sales Manager"
CS_AGENT = "RE Customer Service Agent"
CS_MANAGER = "RE Customer Service Manager"
ENGINEERING = "RE Engineering"
COST_AUDIT = "RE Cost Audit"
FINANCE = "RE Finance"
VP_CUSTOMER_SERVICE = "RE VP Customer Service"
VP_FINANCE = "RE VP Finance"
GENERAL_MANAGER = "RE General Manager"
PROJECT_GM = "RE Project GM"
CLUB_MANAGER = "RE Club Manager"
# home buyers and owners use the portal only
BUYER_ROLE = "RE Home Buyer"
# partner merchants of the club redeem members' codes on /merchant (recrm.portal.merchant)
MERCHANT_ROLE = "RE Partner Merchant"

DESK_ROLES = (
	SALES_ADVISOR,
	SALES_MANAGER,
	CS_AGENT,
	CS_MANAGER,
	ENGINEERING,
	COST_AUDIT,
	FINANCE,
	VP_CUSTOMER_SERVICE,
	VP_FINANCE,
	GENERAL_MANAGER,
	PROJECT_GM,
	CLUB_MANAGER,
)
WEBSITE_ROLES = (BUYER_ROLE, MERCHANT_ROLE)
ALL_ROLES = DESK_ROLES + WEBSITE_ROLES

# ---- sales ---------------------------------------------------------------------------------------

# who may hold, release, withdraw or return units to sale on the sales control board
SALES_CONTROL_ROLES = (SALES_MANAGER, SYSTEM_MANAGER)
# who sees every customer, contract and deal of their projects (advisors see their own)
SALES_MANAGER_ROLES = (SALES_MANAGER, SYSTEM_MANAGER)
# the roles a discount authority limit is set for, from the smallest limit to the largest
AUTHORITY_ROLES = (SALES_ADVISOR, SALES_MANAGER, GENERAL_MANAGER)
# the roles that may sell below a unit's floor price
FLOOR_PRICE_ROLES = (GENERAL_MANAGER,)
# the roles that may forfeit a customer's deposit
FORFEIT_ROLES = (SALES_MANAGER, GENERAL_MANAGER, SYSTEM_MANAGER)
# who records a loan's approval and disbursal on a signed contract, besides its advisor
LOAN_ROLES = (SALES_MANAGER, FINANCE, GENERAL_MANAGER, SYSTEM_MANAGER)

# ---- service -------------------------------------------------------------------------------------

# who sees every complaint
COMPLAINT_ALL_ROLES = (SYSTEM_MANAGER, CS_AGENT, CS_MANAGER, VP_CUSTOMER_SERVICE, GENERAL_MANAGER)
# who sees the complaints assigned to them
ASSIGNEE_ROLES = (ENGINEERING, PROJECT_GM)
# who sees the compensation claims waiting for their step
CLAIM_APPROVER_ROLES = (ENGINEERING, COST_AUDIT, FINANCE, VP_FINANCE)
# who sees the complaints of the customers they advise
SALES_ROLES = (SALES_ADVISOR, SALES_MANAGER)
# knowledge: authors and customer service see drafts, everyone else what is published
ARTICLE_EDITOR_ROLES = (SYSTEM_MANAGER, CS_MANAGER)
# who raises a compensation claim and sends it for approval
CLAIM_RAISER_ROLES = (CS_AGENT, CS_MANAGER)

# ---- handover: money (area settlements, delivery penalties) --------------------------------------

# who drafts an area settlement or a delivery penalty and sends it for approval
HANDOVER_MONEY_RAISER_ROLES = (CS_MANAGER, FINANCE, SYSTEM_MANAGER)
# who approves or rejects it (never the one who drafted or sent it)
HANDOVER_MONEY_APPROVER_ROLES = (VP_FINANCE, GENERAL_MANAGER, SYSTEM_MANAGER)
