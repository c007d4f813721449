"""The roles recrm brings, as named in DOMAIN.md."""

DESK_ROLES = (
	"RE Sales Advisor",
	"RE Sales Manager",
	"RE Customer Service Agent",
	"RE Customer Service Manager",
	"RE Engineering",
	"RE Cost Audit",
	"RE Finance",
	"RE VP Customer Service",
	"RE VP Finance",
	"RE General Manager",
	"RE Project GM",
	"RE Club Manager",
)
# home buyers and owners use the portal only
WEBSITE_ROLES = ("RE Home Buyer",)
ALL_ROLES = DESK_ROLES + WEBSITE_ROLES

# who may hold, release, withdraw or return units to sale on the sales control board
SALES_CONTROL_ROLES = ("RE Sales Manager", "System Manager")
