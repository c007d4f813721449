"""Who the buyer is: the website user linked to an ``RE Customer``.

A customer's ``portal_user`` (unique) is their login on the buyer portal. Staff who may edit the
customer create it with **Invite to Portal** (``invite_to_portal``): a Website User with the role
RE Home Buyer and no desk, linked to the customer, who gets Frappe's welcome e-mail with a link
to set their password. Buyers log in with that e-mail address on Frappe's own login page.

Every portal route starts with ``current_customer()``: the logged-in buyer's customer, or a
PermissionError for guests, staff and website users not linked to a customer.
"""

import frappe
from frappe import _
from frappe.utils import now_datetime, validate_email_address

from recrm.core.roles import BUYER_ROLE, MERCHANT_ROLE
from recrm.sales.customers import clear_customer_cache, customer_of

# the languages the buyer may choose between on the portal
LANGUAGES = ("zh", "en")
CUSTOMER = "RE Customer"


class PortalAccessError(frappe.PermissionError):
	pass


def is_buyer(user: str | None = None) -> bool:
	user = user or frappe.session.user
	return user not in ("Guest", "Administrator") and BUYER_ROLE in frappe.get_roles(user)


def current_customer() -> str:
	"""The logged-in buyer's ``RE Customer``; PermissionError for anyone else.

	Every portal page and portal method starts here and reads only what belongs to this customer.
	"""
	user = frappe.session.user
	if user == "Guest":
		raise PortalAccessError(_("Log in to see your home."))
	customer = customer_of(user) if is_buyer(user) else None
	if not customer:
		raise PortalAccessError(
			_(
				"This login is not linked to a home buyer. Ask customer service to invite you to the buyer portal."
			)
		)
	return customer


# --- the invitation -----------------------------------------------------------------------------


@frappe.whitelist(methods=["POST"])
def invite_to_portal(customer: str) -> dict:
	"""Create (or reuse) the customer's website user, link it and send the welcome e-mail.

	Staff who may edit the customer may invite them. The login is the customer's e-mail address;
	a staff member's login is never linked, nor a login already linked to another customer. Inviting
	again sends a new welcome e-mail (its link to set a password replaces the old one).
	"""
	doc = frappe.get_doc(CUSTOMER, customer)
	doc.check_permission("write")
	email = portal_email(doc)
	other = frappe.db.get_value(CUSTOMER, {"portal_user": email, "name": ("!=", doc.name)}, "name")
	if other:
		frappe.throw(
			_(
				"{0} is already the portal login of another customer. Each buyer needs their own e-mail address."
			).format(email),
			exc=PortalAccessError,
			title=_("Invite to Portal"),
		)
	created = ensure_buyer_user(email, doc.full_name)
	try:
		doc.db_set({"portal_user": email, "portal_invited_on": now_datetime()}, notify=True)
	except Exception as error:
		if frappe.db.is_unique_key_violation(error):
			frappe.throw(
				_(
					"{0} was just linked to another customer. Each buyer needs their own e-mail address."
				).format(email),
				exc=PortalAccessError,
				title=_("Invite to Portal"),
			)
		raise
	clear_customer_cache()
	# Frappe keeps each user's home page: theirs is now my-home (home_page)
	frappe.cache.hdel("home_page", email)
	frappe.enqueue(
		"recrm.portal.access.send_invitation",
		user=email,
		job_id=f"recrm-portal-invitation::{email}",
		deduplicate=True,
		enqueue_after_commit=True,
	)
	return {"user": email, "created": created}


def portal_email(doc) -> str:
	"""The login of ``doc`` (an RE Customer): its linked user, or else its e-mail address."""
	email = (doc.portal_user or doc.email or "").strip().lower()
	if not email:
		frappe.throw(
			_("Customer {0} has no e-mail address. Enter it in E-mail, save, then invite again.").format(
				doc.full_name
			),
			exc=frappe.ValidationError,
			title=_("Invite to Portal"),
		)
	if not validate_email_address(email):
		frappe.throw(
			_("{0} is not an e-mail address. Correct the customer's E-mail, save, then invite again.").format(
				frappe.utils.escape_html(email)
			),
			exc=frappe.ValidationError,
			title=_("Invite to Portal"),
		)
	return email


def ensure_buyer_user(email: str, full_name: str) -> bool:
	"""The website user ``email`` exists, is enabled and has the buyer role; True if created now."""
	if not frappe.db.exists("User", email):
		frappe.get_doc(
			{
				"doctype": "User",
				"email": email,
				"first_name": full_name,
				"user_type": "Website User",
				"language": frappe.db.get_default("lang") or "zh",
				"send_welcome_email": 0,
				"roles": [{"role": BUYER_ROLE}],
			}
			# the inviter may edit the customer (checked above) but need not manage users
		).insert(ignore_permissions=True)
		return True
	user = frappe.get_doc("User", email)
	if user.user_type != "Website User":
		frappe.throw(
			_(
				"{0} is the login of a staff member and cannot be a buyer's portal login. Give the customer their own e-mail address."
			).format(email),
			exc=PortalAccessError,
			title=_("Invite to Portal"),
		)
	user.flags.ignore_permissions = True
	if not user.enabled:
		user.enabled = 1
		user.save()
	if BUYER_ROLE not in {row.role for row in user.roles}:
		user.add_roles(BUYER_ROLE)
	return False


def send_invitation(user: str) -> None:
	"""Background job: Frappe's welcome e-mail, whose link lets the buyer set their password."""
	frappe.get_doc("User", user).send_welcome_mail_to_user()


def validate_portal_user(doc, method=None) -> None:
	"""RE Customer validate: the portal login changes only by Invite to Portal (which writes it
	directly); a save may keep it or clear it, never point it at another user."""
	before = doc.get_doc_before_save()
	previous = before.portal_user if before else None
	if doc.portal_user and doc.portal_user != previous:
		frappe.throw(
			_(
				"The portal login is set by Invite to Portal, not typed. Clear the field or use Invite to Portal."
			),
			exc=PortalAccessError,
			title=_("Portal User"),
		)
	if previous != doc.portal_user:
		clear_customer_cache()


# --- the language -------------------------------------------------------------------------------


# allow_guest: the login page offers the same switch before anyone has logged in
@frappe.whitelist(allow_guest=True, methods=["POST"])
def set_language(language: str) -> str:
	"""The buyer's choice of portal language: kept on their user (as Frappe reads it for logged-in
	users) and in the ``preferred_language`` cookie (as Frappe reads it for guests)."""
	if language not in LANGUAGES:
		frappe.throw(_("The portal speaks {0}.").format(", ".join(LANGUAGES)), exc=frappe.ValidationError)
	frappe.local.cookie_manager.set_cookie("preferred_language", language)
	user = frappe.session.user
	if user not in ("Guest", "Administrator"):
		# the session user's own language, one of LANGUAGES: nothing else of the user changes
		frappe.db.set_value("User", user, "language", language)
	frappe.local.lang = language
	return language


# --- home pages ---------------------------------------------------------------------------------


def home_page(user: str | None = None) -> str | None:
	"""``get_website_user_home_page``: ``my-home`` for a buyer (a website user linked to a customer);
	Frappe's own choice for anyone else — staff whatever other roles they hold (after logging in
	Frappe sends them to the desk app), guests and website users who are no buyer."""
	user = user or frappe.session.user
	if (
		user
		and user not in ("Guest", "Administrator")
		and frappe.get_cached_value("User", user, "user_type") != "System User"
		and customer_of(user)
	):
		return "my-home"
	if (
		user
		and user not in ("Guest", "Administrator")
		and frappe.get_cached_value("User", user, "user_type") == "Website User"
		and MERCHANT_ROLE in frappe.get_roles(user)
	):
		# a partner merchant's login: their redemption page (recrm/www/merchant)
		return "merchant"
	# Frappe asks this hook instead of other apps' ``website_user_home_page``: answer as it would
	others = frappe.get_hooks("website_user_home_page")
	return others[-1] if others else None


def may_open_desk_app() -> bool:
	"""``add_to_apps_screen`` has_permission: the desk app is for staff; a buyer logging in lands
	on their home page instead (Frappe's login answers the first app's route to everyone else)."""
	user = frappe.session.user
	return user == "Administrator" or (
		user != "Guest" and frappe.get_cached_value("User", user, "user_type") == "System User"
	)
