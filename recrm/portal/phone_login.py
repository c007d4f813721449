"""Logging in to the buyer portal without a password: a one-time code by SMS, or a link by e-mail.

- **Phone and code** where the site has SMS set up (Frappe's SMS Settings has a gateway URL): the
  buyer types their mobile number, gets a six-digit code (``recrm.core.portal``) valid for five
  minutes and five tries, and types it back. The number must be one of an ``RE Customer`` whose
  portal login (``portal_user``) is an enabled buyer; only a salted hash of the code is kept, in the
  cache, and it is forgotten once used.
- **E-mail link** otherwise, when System Settings allows "Login with email link": Frappe's own
  one-time link (``frappe.www.login.login_via_key``), sent only to a buyer's login.

Neither reply says whether a number or address belongs to anyone: the same words for all, and
the same refusal for a wrong, expired or unknown code. Requests are limited per address (Frappe's
``rate_limit``) and per phone number (``count_or_refuse``, on the normalised number, so that
writing it differently does not get more codes).
"""

import json
import time

import frappe
from frappe import _
from frappe.rate_limiter import rate_limit

from recrm.core import RuleError
from recrm.core.phones import normalise_phone
from recrm.core.portal import CODE_TTL_SECONDS, MAX_CODE_ATTEMPTS, code_matches, hash_code, new_code
from recrm.core.roles import BUYER_ROLE

# codes sent to one number in a quarter of an hour, and login attempts on one number in that time
CODES_PER_NUMBER = 3
ATTEMPTS_PER_NUMBER = 10
WINDOW_SECONDS = 15 * 60
HOME = "/my-home"


class LoginCodeError(frappe.AuthenticationError):
	pass


def sms_configured() -> bool:
	return bool(frappe.db.get_single_value("SMS Settings", "sms_gateway_url"))


def email_link_enabled() -> bool:
	return bool(frappe.get_system_settings("login_with_email_link"))


def send_sms(receiver_list: list[str], message: str) -> None:
	"""Frappe's SMS gateway (a separate name, so that tests put a fake gateway in its place)."""
	from frappe.core.doctype.sms_settings.sms_settings import send_sms as frappe_send_sms

	frappe_send_sms(receiver_list, message, success_msg=False)


def _cache_key(kind: str, phone: str) -> str:
	return f"recrm:portal-login:{kind}:{phone}"


def count_or_refuse(kind: str, phone: str, limit: int) -> None:
	"""Count one more request of ``kind`` for ``phone`` in the window; refuse past ``limit``."""
	key = frappe.cache.make_key(_cache_key(kind, phone))
	count = frappe.cache.incrby(key, 1)
	if count == 1:
		frappe.cache.expire(key, WINDOW_SECONDS)
	if count > limit:
		frappe.throw(
			_("Too many attempts for this number. Please try again in a quarter of an hour."),
			exc=frappe.RateLimitExceededError,
			title=_("Log In"),
		)


def normalised(phone) -> str | None:
	try:
		return normalise_phone(phone) if isinstance(phone, str) else None
	except RuleError:
		return None


def buyer_of_phone(phone: str) -> str | None:
	"""The enabled buyer login of the one customer with this number; None if none or several."""
	customers = frappe.get_all("RE Customer Number", filters={"number": phone}, pluck="customer")
	if not customers:
		return None
	users = set(
		frappe.get_all(
			"RE Customer",
			filters={"name": ("in", customers), "portal_user": ("is", "set")},
			pluck="portal_user",
		)
	)
	if len(users) != 1:
		return None
	user = users.pop()
	enabled = frappe.db.get_value("User", user, ["enabled", "user_type"], as_dict=True)
	if not enabled or not enabled.enabled or enabled.user_type != "Website User":
		return None
	return user if BUYER_ROLE in frappe.get_roles(user) else None


# allow_guest: the login page asks which ways of logging in the site offers
@frappe.whitelist(allow_guest=True, methods=["GET"])
def login_options() -> dict:
	return {"sms": sms_configured(), "email_link": email_link_enabled()}


# allow_guest: a buyer asks for a code before they are logged in; limited per address and number
@frappe.whitelist(allow_guest=True, methods=["POST"])
@rate_limit(limit=10, seconds=60 * 60)
def send_login_code(phone: str) -> dict:
	"""Send a login code to ``phone`` if it is a buyer's; the reply is the same either way."""
	if not sms_configured():
		frappe.throw(
			_("Logging in by phone is not available. Log in with your e-mail address."),
			exc=frappe.ValidationError,
			title=_("Log In"),
		)
	number = normalised(phone)
	if not number:
		frappe.throw(_("Enter your mobile number."), exc=frappe.ValidationError, title=_("Log In"))
	count_or_refuse("sent", number, CODES_PER_NUMBER)
	user = buyer_of_phone(number)
	if user:
		code = new_code()
		salt = frappe.generate_hash(length=16)
		entry = {
			"user": user,
			"salt": salt,
			"hash": hash_code(code, salt),
			"attempts": 0,
			"expires": time.time() + CODE_TTL_SECONDS,
		}
		frappe.cache.set_value(_cache_key("code", number), json.dumps(entry), expires_in_sec=CODE_TTL_SECONDS)
		send_sms(
			[number],
			_("Your login code for the buyer portal is {0}. It is valid for {1} minutes.").format(
				code, CODE_TTL_SECONDS // 60
			),
		)
	return {
		"message": _(
			"If this number belongs to a buyer, a code is on its way by SMS. It is valid for {0} minutes."
		).format(CODE_TTL_SECONDS // 60)
	}


def refuse_code() -> None:
	frappe.throw(
		_("The code is wrong or has expired. Ask for a new code."), exc=LoginCodeError, title=_("Log In")
	)


# allow_guest: logging in; limited per address and number, and each code to a few tries
@frappe.whitelist(allow_guest=True, methods=["POST"])
@rate_limit(limit=20, seconds=60 * 60)
def login_with_code(phone: str, code: str) -> dict:
	"""Log in the buyer whose number got ``code``; refused alike when wrong, expired or unknown."""
	number = normalised(phone)
	if not number:
		refuse_code()
	count_or_refuse("tried", number, ATTEMPTS_PER_NUMBER)
	key = _cache_key("code", number)
	# expires=True: read from the cache itself, not from this request's copy
	raw = frappe.cache.get_value(key, expires=True)
	entry = json.loads(raw) if raw else None
	if not entry or entry["attempts"] >= MAX_CODE_ATTEMPTS or entry["expires"] <= time.time():
		frappe.cache.delete_value(key)
		refuse_code()
	if not code_matches(code, entry["salt"], entry["hash"]):
		entry["attempts"] += 1
		remaining = int(entry["expires"] - time.time())
		if entry["attempts"] >= MAX_CODE_ATTEMPTS or remaining <= 0:
			frappe.cache.delete_value(key)
		else:
			frappe.cache.set_value(key, json.dumps(entry), expires_in_sec=remaining)
		refuse_code()
	frappe.cache.delete_value(key)
	frappe.local.login_manager.login_as(entry["user"])
	return {"home": HOME}


# allow_guest: an e-mail link for a buyer who has no password at hand; Frappe's own sender says
# whether the address has a login, this one says the same to everyone, at once
@frappe.whitelist(allow_guest=True, methods=["POST"])
@rate_limit(limit=5, seconds=60 * 60)
def send_login_link(email: str | None = None) -> dict:
	"""Frappe's one-time login link (System Settings: Login with email link), to buyers only.

	The request does the same for every address — it queues ``email_login_link`` — and answers the
	same words, so neither the answer nor its time tells whether the address is a buyer's; the job
	decides whether to send, and a site without an outgoing e-mail account fails there, not here."""
	if not email_link_enabled():
		frappe.throw(
			_("Logging in by e-mail link is not available. Log in with your password."),
			exc=frappe.ValidationError,
			title=_("Log In"),
		)
	email = email.strip().lower() if isinstance(email, str) else ""
	if not email or len(email) > 140:
		frappe.throw(_("Enter your e-mail address."), exc=frappe.ValidationError, title=_("Log In"))
	frappe.enqueue(
		"recrm.portal.phone_login.email_login_link",
		email=email,
		queue="short",
		job_id=f"recrm-portal-login-link::{email}",
		deduplicate=True,
		enqueue_after_commit=True,
	)
	return {"message": _("If this address belongs to a buyer, a login link is on its way by e-mail.")}


def buyer_login(email: str) -> str | None:
	"""The enabled buyer login ``email``, or None."""
	user = frappe.db.get_value("User", {"name": email, "enabled": 1, "user_type": "Website User"}, "name")
	return user if user and BUYER_ROLE in frappe.get_roles(user) else None


def email_login_link(email: str) -> bool:
	"""Background job: Frappe's login link to ``email`` if it is a buyer's login."""
	from frappe.www.login import send_login_link as frappe_send_login_link

	user = buyer_login(email)
	if not user:
		return False
	# without its own rate limit, which would count this job as a request
	getattr(frappe_send_login_link, "__wrapped__", frappe_send_login_link)(user)
	return True
