"""Referrals (老带新): a member brings a friend, the friend signs, the member is rewarded — once.

- **Recording** (``RE Referral``'s insert, from the portal or the reception desk): the friend's
  number is normalised and looked up in the customer file's number store (``RE Customer Number``,
  ``recrm.sales.phone_privacy``); the referral keeps only its masked form and a hash, never the
  number. ``recrm.core.referrals.refusal`` decides on what the customer file says: self-referral
  (one of the referrer's numbers, the referrer's own record, a co-buyer of theirs) is refused;
  a friend under another advisor's protection or already a customer of a project is refused on the
  portal and recorded as Not Attributed (with the reason) at reception. An attributed referral
  registers the friend as a new customer (``referred_by`` the referrer) in the project, with the
  advisor as owner when one recorded it.
- **Conversion** (RE Contract's submit): a contract signed by the friend within the window converts
  the referral and rewards the referrer: points through ``points.post`` with the cause
  ``referral:<name>:reward`` (the ledger's unique index decides: never twice) and, where ERPNext's
  books are enabled, a Journal Entry of the reward money. The referral's row is locked
  (``SELECT … FOR UPDATE``) and its status re-read, so two contracts submitted at once reward once.
- **Clawback** (RE Contract's cancel): the contract cancelled within the clawback window takes the
  points back (``referral:<name>:clawback``, at most the member's balance) and cancels the
  Journal Entry.
"""

import hashlib

import frappe
from frappe import _
from frappe.utils import cint, flt, getdate, nowdate

from recrm.club import points
from recrm.core import club as club_rules
from recrm.core import referrals as rules
from recrm.core.phones import mask_phone, normalise_phone
from recrm.errors import ClubRuleError, rule_errors
from recrm.sales.permissions import is_restricted_advisor
from recrm.sales.phone_privacy import customer_of_number, stored_numbers

REFERRAL = "RE Referral"
MEMBER = "RE Club Member"
SETTINGS = "RE Club Settings"
PENDING = "Pending"
ATTRIBUTED = "Attributed"
NOT_ATTRIBUTED = "Not Attributed"
CONVERTED = "Converted"
REWARDED = "Rewarded"
CLAWED_BACK = "Clawed Back"
EXPIRED = "Expired"
PORTAL = "Portal"
RECEPTION = "Reception"
# a friend referred once is not referred again while that referral lives
LIVE = (PENDING, ATTRIBUTED, CONVERTED, REWARDED)


def setting(field: str):
	return frappe.db.get_single_value(SETTINGS, field)


def window_days() -> int:
	with rule_errors(exc=ClubRuleError, title=_("Referral")):
		return rules.days_setting(cint(setting("referral_window_days")), rules.DEFAULT_WINDOW_DAYS)


def clawback_days() -> int:
	with rule_errors(exc=ClubRuleError, title=_("Referral")):
		return rules.days_setting(cint(setting("referral_clawback_days")), rules.DEFAULT_CLAWBACK_DAYS)


def phone_key(number: str) -> str:
	"""What the referral keeps to know a number again without holding it."""
	return hashlib.sha256(f"recrm-referral:{number}".encode()).hexdigest()[:40]


# --- recording -------------------------------------------------------------------------------------


def household_of(customer: str) -> list[str]:
	"""The customers who share a live contract with ``customer`` (co-buyers: one household)."""
	if not customer:
		return []
	return frappe.db.sql_list(
		"""select distinct other.customer from `tabRE Contract Buyer` mine
		join `tabRE Contract Buyer` other on other.parent = mine.parent and other.parenttype = mine.parenttype
		join `tabRE Contract` c on c.name = mine.parent
		where mine.parenttype = 'RE Contract' and mine.customer = %(customer)s
		and other.customer != %(customer)s and c.docstatus < 2""",
		{"customer": customer},
	)


def customer_facts(customer: str) -> dict:
	"""What the customer file says about an existing friend: their owner rows and deals."""
	rows = frappe.get_all(
		"RE Customer Advisor",
		filters={"parent": customer, "parenttype": "RE Customer"},
		fields=["project", "advisor", "protected_until"],
	)
	has_contract = bool(
		frappe.db.sql(
			"""select 1 from `tabRE Contract Buyer` b join `tabRE Contract` c on c.name = b.parent
			where b.parenttype = 'RE Contract' and b.customer = %s and c.docstatus < 2 limit 1""",
			customer,
		)
		or frappe.db.exists("RE Reservation", {"customer": customer, "docstatus": ("<", 2)})
	)
	referred = frappe.db.exists(REFERRAL, {"friend_customer": customer, "status": ("in", LIVE)})
	return {"owner_rows": rows, "has_contract": has_contract, "already_referred": bool(referred)}


def refusal_message(code: str, details: dict) -> str:
	if code == rules.SELF_PHONE:
		return _("This is one of your own phone numbers: a member cannot refer themselves.")
	if code == rules.SELF_CUSTOMER:
		return _("This friend is the member themselves: a member cannot refer themselves.")
	if code == rules.HOUSEHOLD:
		return _(
			"This friend shares a contract with the member (one household): a household cannot refer itself."
		)
	if code == rules.PROTECTED:
		return _(
			"This friend is already a customer protected by another advisor in {0}: the referral cannot be attributed."
		).format(details.get("project") or "")
	if code == rules.EXISTING:
		projects = ", ".join(details.get("projects") or [])
		if projects:
			return _("This friend is already a customer of {0}: the referral cannot be attributed.").format(
				projects
			)
		return _(
			"This friend is already a customer with a reservation or contract: the referral cannot be attributed."
		)
	return _("This friend has already been referred by a member.")


def record(doc) -> None:
	"""Called by RE Referral before its insert: the number, the checks, the friend's customer."""
	referrer = frappe.db.get_value(MEMBER, doc.referrer, ["customer", "status"], as_dict=True)
	if not referrer:
		frappe.throw(_("Club member {0} does not exist.").format(doc.referrer), exc=ClubRuleError)
	if referrer.status != points.ACTIVE:
		frappe.throw(
			_("{0} has left the club and cannot refer friends.").format(doc.referrer), exc=ClubRuleError
		)
	doc.referrer_customer = referrer.customer
	doc.friend_name = (doc.friend_name or "").strip()
	if not doc.friend_name:
		frappe.throw(_("Give the friend's name."), exc=ClubRuleError, title=_("Referral"))
	if not (doc.phone or "").strip():
		frappe.throw(_("Give the friend's phone number."), exc=ClubRuleError, title=_("Referral"))
	with rule_errors(exc=ClubRuleError, title=_("Referral")):
		number = normalise_phone(doc.phone)
	doc.phone = None
	doc.phone_masked = mask_phone(number)
	doc.phone_key = phone_key(number)
	doc.referred_on = getdate(nowdate())
	doc.status = PENDING
	doc.reward_points = doc.reward_money = 0
	if doc.channel == RECEPTION and frappe.session.user not in ("Guest", "Administrator"):
		# an advisor records their own friends-of-members: the new customer is theirs, not another's
		if not doc.advisor or is_restricted_advisor():
			doc.advisor = frappe.session.user
	friend = customer_of_number(number, for_update=True)
	found = rules.refusal(
		number,
		stored_numbers(referrer.customer).values(),
		referrer.customer,
		friend,
		household_of(referrer.customer),
		advisor=doc.advisor,
		today=nowdate(),
		**(customer_facts(friend) if friend else {}),
	)
	if found:
		code, details = found
		message = refusal_message(code, details)
		if code in rules.OUTRIGHT or doc.channel == PORTAL:
			frappe.throw(message, exc=ClubRuleError, title=_("Referral"))
		doc.status, doc.reason, doc.friend_customer = NOT_ATTRIBUTED, message, friend
		frappe.msgprint(message, title=_("Referral Not Attributed"), indicator="orange")
		return
	doc.friend_customer = friend or register_friend(doc, number)
	doc.status = ATTRIBUTED
	doc.attributed_on = doc.referred_on
	doc.window_ends_on = rules.window_end(doc.attributed_on, window_days())


def register_friend(doc, number: str) -> str:
	"""The friend as a new customer, referred by the referrer, in the project (owned by the
	advisor who recorded the referral, or in the project's pool)."""
	from recrm.errors import DuplicateCustomerError
	from recrm.sales.owners import REGISTERED

	customer = frappe.get_doc(
		{
			"doctype": "RE Customer",
			"full_name": doc.friend_name,
			"phones": [{"phone": number, "is_primary": 1}],
			"referred_by": doc.referrer_customer,
			"advisors": [{"project": doc.project, "advisor": doc.advisor or None}] if doc.project else [],
		}
	)
	customer.flags.owner_change_cause = REGISTERED
	customer.flags.owner_change_note = _("Referred by club member {0}").format(doc.referrer)
	try:
		customer.insert(ignore_permissions=True)
	except DuplicateCustomerError:
		# another save registered the number a moment ago: the customer file already has them
		frappe.throw(refusal_message(rules.EXISTING, {}), exc=ClubRuleError, title=_("Referral"))
	return customer.name


# --- conversion and reward ------------------------------------------------------------------------


def lock(name: str) -> frappe._dict:
	return frappe.db.sql(
		f"""select name, referrer, status, attributed_on, rewarded_on, reward_points, journal_entry,
		contract from `tab{REFERRAL}` where name = %s for update""",
		name,
		as_dict=True,
	)[0]


def on_contract_submit(doc, method=None) -> None:
	"""The friend signs: the referral converts within its window and the referrer is rewarded."""
	customers = [row.customer for row in doc.get("buyers") or [] if row.customer]
	if not customers:
		return
	names = frappe.get_all(
		REFERRAL,
		filters={"friend_customer": ("in", customers), "status": ATTRIBUTED},
		pluck="name",
		order_by="creation",
	)
	for name in names:
		convert(name, doc.name, doc.signed_on or nowdate())


def convert(name: str, contract: str, signed_on) -> str:
	row = lock(name)
	if row.status != ATTRIBUTED:
		return row.status  # converted by another contract, or clawed back: never twice
	if not rules.within_window(row.attributed_on, signed_on, window_days()):
		frappe.db.set_value(REFERRAL, name, "status", EXPIRED)
		return EXPIRED
	today = getdate(nowdate())
	frappe.db.set_value(REFERRAL, name, {"status": CONVERTED, "contract": contract, "converted_on": today})
	reward(name)
	return frappe.db.get_value(REFERRAL, name, "status")


def reward(name: str) -> None:
	"""Points (once per referral: the cause) and money (a Journal Entry where ERPNext is on)."""
	row = lock(name)
	if row.status != CONVERTED:
		return
	given = cint(setting("points_referral"))
	money = flt(setting("referral_money"))
	if given > 0:
		posted = points.post(
			row.referrer,
			club_rules.EARN,
			given,
			f"referral:{name}:reward",
			REFERRAL,
			name,
			note=_("Referral {0} converted").format(name),
		)
		if not posted["recorded"]:
			given = 0
	entry = post_journal_entry(name, row.referrer, money) if money > 0 else None
	frappe.db.set_value(
		REFERRAL,
		name,
		{
			"status": REWARDED,
			"rewarded_on": getdate(nowdate()),
			"reward_points": given,
			"reward_money": money if entry else 0,
			"journal_entry": entry,
		},
	)


def on_contract_cancel(doc, method=None) -> None:
	"""The friend's contract cancelled within the clawback window takes the reward back."""
	for name in frappe.get_all(
		REFERRAL, filters={"contract": doc.name, "status": ("in", (CONVERTED, REWARDED))}, pluck="name"
	):
		claw_back(name, nowdate())


def claw_back(name: str, cancelled_on) -> str:
	row = lock(name)
	if row.status not in (CONVERTED, REWARDED):
		return row.status
	if not rules.within_clawback(row.rewarded_on or cancelled_on, cancelled_on, clawback_days()):
		return row.status
	back = rules.clawback_points(row.reward_points, points.balance(row.referrer))
	if back:
		points.post(
			row.referrer,
			club_rules.ADJUST,
			-back,
			f"referral:{name}:clawback",
			REFERRAL,
			name,
			note=_("Referral {0}: contract cancelled").format(name),
		)
	if row.journal_entry:
		cancel_journal_entry(row.journal_entry)
	frappe.db.set_value(
		REFERRAL,
		name,
		{"status": CLAWED_BACK, "clawed_back_on": getdate(cancelled_on), "clawed_back_points": back},
	)
	return CLAWED_BACK


def expire_lapsed(today=None) -> int:
	"""Nightly: attributed referrals whose window has ended expire."""
	today = getdate(today or nowdate())
	names = frappe.get_all(
		REFERRAL, filters={"status": ATTRIBUTED, "window_ends_on": ("<", today)}, pluck="name"
	)
	for name in names:
		frappe.db.set_value(REFERRAL, name, "status", EXPIRED, update_modified=False)
	return len(names)


# --- ERPNext: the reward money ---------------------------------------------------------------------


def money_enabled() -> bool:
	"""ERPNext is installed, its books enabled for recrm, and the two accounts set."""
	from recrm.finance import erpnext

	return bool(
		erpnext.enabled() and setting("referral_expense_account") and setting("referral_payable_account")
	)


def post_journal_entry(name: str, member: str, money: float) -> str | None:
	"""A submitted Journal Entry of the reward (expense to payable), or None without ERPNext. Its
	remark names the referral, so a second attempt finds the first."""
	if not money_enabled():
		return None
	remark = f"recrm referral {name}"
	live = frappe.db.get_value("Journal Entry", {"user_remark": remark, "docstatus": 1})
	if live:
		return live
	from recrm.finance import erpnext

	books = erpnext.Books()
	customer = frappe.db.get_value(MEMBER, member, "customer_name")
	credit = {"account": setting("referral_payable_account"), "credit_in_account_currency": money}
	# ERPNext refuses a Receivable/Payable account without a party: the reward is owed to the
	# referrer, so a receivable account is credited to the referrer's ERPNext Customer (a Payable
	# account takes no Customer and is refused in RE Club Settings)
	if frappe.get_cached_value("Account", credit["account"], "account_type") == "Receivable":
		referrer = frappe.db.get_value(MEMBER, member, "customer")
		credit.update(party_type="Customer", party=erpnext.ensure_customer(referrer, books))
	entry = frappe.get_doc(
		{
			"doctype": "Journal Entry",
			"voucher_type": "Journal Entry",
			"company": books.company,
			"posting_date": nowdate(),
			"user_remark": remark,
			"accounts": [
				{
					"account": setting("referral_expense_account"),
					"debit_in_account_currency": money,
					"cost_center": books.cost_center,
				},
				credit,
			],
			"title": _("Referral reward: {0}").format(customer or member),
		}
	)
	entry.insert(ignore_permissions=True)
	entry.submit()
	return entry.name


def cancel_journal_entry(entry: str) -> None:
	if "erpnext" not in frappe.get_installed_apps() or not frappe.db.exists("Journal Entry", entry):
		return
	doc = frappe.get_doc("Journal Entry", entry)
	if doc.docstatus == 1:
		doc.flags.ignore_permissions = True
		doc.cancel()


# --- the workspace's number -----------------------------------------------------------------------


@frappe.whitelist()
def referral_share(filters=None) -> dict:
	"""Number Card: the customers created in the last 365 days who came by an attributed referral,
	as a percentage of all customers created then (the documents' target: 30%)."""
	frappe.has_permission(REFERRAL, "read", throw=True)
	since = frappe.utils.add_days(nowdate(), -365)
	total = frappe.db.count("RE Customer", {"creation": (">=", since)})
	referred = frappe.db.sql(
		f"""select count(distinct r.friend_customer) from `tab{REFERRAL}` r
		join `tabRE Customer` c on c.name = r.friend_customer
		where c.creation >= %s and r.status in ('Attributed', 'Converted', 'Rewarded', 'Clawed Back', 'Expired')""",
		since,
	)[0][0]
	share = round(100.0 * referred / total, 1) if total else 0.0
	return {"value": share, "fieldtype": "Percent"}
