"""recrm's contracts in ERPNext's books: Customers, Sales Invoices per instalment, Payment Entries.

What is posted and when is decided by ``recrm.core.finance`` (framework-free); this module reads
the documents, posts and cancels in ERPNext, and reflects what finance does there back on recrm.

- **Posting** (``sync_contract``) runs in a background job after the commit of what triggered it
  (a contract signed or cancelled, a receipt submitted or cancelled; the daily job for instalments
  falling due), deduplicated by job id. It locks the contract's row, then re-reads what is live in
  ERPNext: every posted document carries ``recrm_key``, unique among live documents, so running
  it twice, or two jobs at once, never posts twice.
- **Reverse**: a Payment Entry of a receipt cancelled in ERPNext cancels the receipt (in the same
  transaction: if recrm refuses, ERPNext's cancel is refused too); an invoice paid or cancelled in
  ERPNext shows on its instalment (``invoice_status``), and an instalment whose invoice finance
  cancelled is not posted again unless finance amends the invoice (the amendment takes over).

Without ERPNext nothing here runs: the doc events on ERPNext's DocTypes never fire, and recrm's own
events return at once (``enabled``). ``erpnext`` is imported only inside functions.
"""

from contextlib import contextmanager

import frappe
from frappe import _
from frappe.utils import cint, flt, getdate, nowdate

from recrm.core import finance
from recrm.core.payment_schedule import money
from recrm.errors import SalesRuleError

SETTINGS = "RE Finance Settings"
ITEM_CODE = "RE-PROPERTY"
CANCELLED = "Cancelled"


def enabled() -> bool:
	if "erpnext" not in frappe.get_installed_apps():
		return False
	return bool(cint(frappe.db.get_single_value(SETTINGS, "enabled")))


# --- triggers ------------------------------------------------------------------------------------


def queue_sync(contract: str, trigger: str):
	"""Post a contract after the current transaction commits; one queued job per trigger."""
	from recrm.jobs import enqueue_job

	enqueue_job(
		"recrm.finance.erpnext.sync_contract",
		contract=contract,
		queue="short",
		job_id=f"recrm-erpnext::{trigger}",
		deduplicate=True,
		enqueue_after_commit=True,
	)


def on_contract_event(doc, method=None):
	if enabled():
		queue_sync(doc.name, f"{doc.name}:{method}")


def on_receipt_event(doc, method=None):
	if not enabled() or doc.flags.from_erpnext:
		return
	if method == "on_cancel":
		# at once, not in the job: the live Payment Entry links to the receipt, and Frappe refuses
		# to cancel a document a submitted one links to; both are cancelled or neither
		entry = live_entry(finance.receipt_key(doc.name))
		if entry:
			with as_books_user():
				cancel("Payment Entry", entry)
	queue_sync(doc.contract, f"{doc.name}:{method}")


def post_due_instalments(commit: bool = True):
	"""Daily: every signed contract with an instalment due and not yet invoiced, or a receipt
	whose Payment Entry is missing (a job lost, a failure), is posted; with ``commit`` each in its
	own transaction, a failure logged and the others posted."""
	if not enabled():
		return
	for contract in contracts_to_post():
		if not commit:
			sync_contract(contract)
			continue
		try:
			sync_contract(contract)
			frappe.db.commit()
		except Exception:
			frappe.db.rollback()
			frappe.log_error(title=_("ERPNext posting of contract {0} failed").format(contract))
	refresh_invoice_statuses()
	if commit:
		frappe.db.commit()


def contracts_to_post() -> list[str]:
	today = getdate(nowdate())
	due = frappe.db.sql(
		"""select distinct s.parent from `tabRE Payment Schedule` s
		join `tabRE Contract` c on c.name = s.parent
		where s.parenttype = 'RE Contract' and c.docstatus = 1 and s.amount > 0
			and ifnull(s.erpnext_invoice, '') = '' and (s.due_date <= %s or s.paid > 0)""",
		today,
		pluck=True,
	)
	receipts = frappe.get_all(
		"RE Receipt",
		filters={"docstatus": 1, "erpnext_payment_entry": ("in", ("", None))},
		pluck="contract",
		distinct=True,
	)
	return sorted(set(due) | set(receipts))


# --- posting -------------------------------------------------------------------------------------


class Books:
	"""The settings, with ERPNext's defaults filled in."""

	def __init__(self):
		s = frappe.get_cached_doc(SETTINGS)
		self.settings = s
		self.company = s.company or frappe.defaults.get_global_default("company")
		if not self.company:
			frappe.throw(_("Set the company in RE Finance Settings."), title=_("ERPNext Books"))
		company = frappe.get_cached_doc("Company", self.company)
		self.currency = company.default_currency
		self.receivable = s.receivable_account or company.default_receivable_account
		self.income = s.income_account or company.default_income_account
		self.cost_center = s.cost_center or company.cost_center
		self.cash = company.default_cash_account or company.default_bank_account
		self.item = s.item or ensure_item()
		self.customer_group = s.customer_group or leaf(
			"Customer Group", frappe.db.get_single_value("Selling Settings", "customer_group")
		)
		self.territory = s.territory or leaf(
			"Territory", frappe.db.get_single_value("Selling Settings", "territory")
		)

	def mode_of_payment(self, method: str) -> str | None:
		from recrm.finance.doctype.re_finance_settings.re_finance_settings import MODE_FIELDS

		mode = self.settings.get(MODE_FIELDS.get(method, "mode_cash"))
		return mode if mode and frappe.db.exists("Mode of Payment", mode) else None

	def account_of(self, mode: str | None) -> str:
		if mode:
			account = frappe.db.get_value(
				"Mode of Payment Account", {"parent": mode, "company": self.company}, "default_account"
			)
			if account:
				return account
		return self.cash


def leaf(doctype: str, preferred: str | None) -> str:
	if preferred and not cint(frappe.db.get_value(doctype, preferred, "is_group")):
		return preferred
	return frappe.get_all(doctype, filters={"is_group": 0}, pluck="name", order_by="lft", limit=1)[0]


def ensure_item() -> str:
	if not frappe.db.exists("Item", ITEM_CODE):
		frappe.get_doc(
			{
				"doctype": "Item",
				"item_code": ITEM_CODE,
				"item_name": _("Property Sale"),
				"item_group": leaf("Item Group", "Services"),
				"stock_uom": "Nos",
				"is_stock_item": 0,
				"is_sales_item": 1,
				"include_item_in_manufacturing": 0,
			}
		).insert(ignore_permissions=True)
	return ITEM_CODE


def ensure_customer(re_customer: str, books: Books) -> str:
	"""The ERPNext Customer of an RE Customer, made once (``recrm_customer`` is unique)."""
	name = frappe.db.get_value("Customer", {"recrm_customer": re_customer})
	if not name:
		full_name = frappe.db.get_value("RE Customer", re_customer, "full_name") or re_customer
		name = (
			frappe.get_doc(
				{
					"doctype": "Customer",
					"customer_name": full_name,
					"customer_type": "Individual",
					"customer_group": books.customer_group,
					"territory": books.territory,
					"default_currency": books.currency,
					"recrm_customer": re_customer,
				}
			)
			.insert(ignore_permissions=True)
			.name
		)
	if frappe.db.get_value("RE Customer", re_customer, "erpnext_customer") != name:
		frappe.db.set_value("RE Customer", re_customer, "erpnext_customer", name, update_modified=False)
	return name


def live_invoices(contract: str) -> list[dict]:
	return frappe.get_all(
		"Sales Invoice",
		filters={"recrm_contract": contract, "docstatus": 1},
		fields=["name", "recrm_schedule_row", "grand_total", "outstanding_amount", "status", "customer"],
		order_by="recrm_schedule_row",
	)


def live_entry(key: str) -> str | None:
	return frappe.db.get_value("Payment Entry", {"recrm_key": key, "docstatus": 1})


@contextmanager
def as_books_user():
	"""Posting is the system's act, whoever's receipt triggered it: ERPNext checks its own roles
	deep inside (account details, party balances), which recrm's finance role does not have. The
	receipt records who received the money; the posting is by Administrator."""
	user = frappe.session.user
	if user == "Administrator":
		yield
		return
	frappe.set_user("Administrator")
	try:
		yield
	finally:
		frappe.set_user(user)


def entered_in_erpnext(entry: str | None) -> str | None:
	"""A live Payment Entry that finance entered in ERPNext (its receipts were made from it)."""
	if not entry or "erpnext" not in frappe.get_installed_apps():
		return None
	pe = frappe.db.get_value("Payment Entry", entry, ["docstatus", "recrm_key"], as_dict=True)
	return entry if pe and pe.docstatus == 1 and not pe.recrm_key else None


def before_receipt_cancel(doc, method=None):
	"""A receipt made from a payment finance entered in ERPNext is cancelled there, where it began."""
	if doc.flags.from_erpnext:
		return
	entry = entered_in_erpnext(doc.get("erpnext_payment_entry"))
	if entry:
		frappe.throw(
			_(
				"{0} was entered in ERPNext as Payment Entry {1}: cancel the Payment Entry there, and the receipt goes with it."
			).format(_("Receipt {0}").format(doc.name), entry),
			exc=SalesRuleError,
			title=_("ERPNext Books"),
		)


def sync_contract(contract: str) -> dict:
	"""Post what a contract owes and was paid, cancel what no longer holds; returns what it did.
	Idempotent: what is live in ERPNext is re-read under the contract's lock."""
	with as_books_user():
		return _sync_contract(contract)


def _sync_contract(contract: str) -> dict:
	done = {"invoices": [], "cancelled": [], "payments": [], "payments_cancelled": []}
	if not enabled():
		return done
	head = frappe.db.get_value("RE Contract", contract, ["name", "docstatus"], as_dict=True, for_update=True)
	if not head or head.docstatus == 0:
		return done
	books = Books()
	doc = frappe.get_doc("RE Contract", contract)
	customer = ensure_customer(doc.buyers[0].customer, books)
	in_force = doc.docstatus == 1
	today = getdate(nowdate())

	posted = live_invoices(contract)
	rows = [
		finance.Row(
			idx=cint(row.idx),
			amount=money(flt(row.amount)),
			paid=money(flt(row.paid)),
			due_date=getdate(row.due_date) if row.due_date else None,
			held=row.invoice_status == CANCELLED
			and not any(cint(p.recrm_schedule_row) == cint(row.idx) for p in posted),
		)
		for row in doc.schedule
	]
	plan = finance.plan_invoices(
		rows,
		[
			finance.Posted(
				cint(p.recrm_schedule_row),
				p.name,
				money(flt(p.grand_total)),
				money(flt(p.outstanding_amount)),
			)
			for p in posted
		],
		today,
		contract_in_force=in_force,
	)
	for name in plan.cancel:
		cancel("Sales Invoice", name)
		done["cancelled"].append(name)
	by_idx = {cint(row.idx): row for row in doc.schedule}
	for idx in plan.post:
		done["invoices"].append(post_invoice(doc, by_idx[idx], customer, books, today))

	invoices = {cint(p.recrm_schedule_row): p.name for p in live_invoices(contract)}
	if in_force and flt(doc.deposit_credited) > 0:
		key = finance.deposit_key(contract)
		entry = live_entry(key)
		if not entry:
			allocation = finance.deposit_allocation(
				[(cint(r.idx), money(flt(r.amount))) for r in doc.schedule], doc.deposit_credited
			)
			res = frappe.db.get_value(
				"RE Reservation", doc.reservation, ["deposit_payment_method", "reserved_on"], as_dict=True
			)
			entry = post_payment(
				books,
				key=key,
				contract=contract,
				customer=customer,
				amount=money(flt(doc.deposit_credited)),
				allocations=allocation,
				invoices=invoices,
				method=res.deposit_payment_method if res else "Cash",
				posting_date=doc.signed_on,
				reference_no=doc.reservation or contract,
				remarks=_("Deposit of reservation {0} credited to contract {1}").format(
					doc.reservation, contract
				),
			)
			done["payments"].append(entry)
		if doc.erpnext_deposit_entry != entry:
			frappe.db.set_value(
				"RE Contract", contract, "erpnext_deposit_entry", entry, update_modified=False
			)

	for receipt in frappe.get_all(
		"RE Receipt",
		filters={"contract": contract, "docstatus": ("!=", 0)},
		fields=[
			"name",
			"docstatus",
			"amount",
			"payment_method",
			"received_on",
			"reference_no",
			"erpnext_payment_entry",
		],
		order_by="creation",
	):
		key = finance.receipt_key(receipt.name)
		entry = live_entry(key) or entered_in_erpnext(receipt.erpnext_payment_entry)
		action = finance.payment_action(receipt.docstatus, entry)
		if action == finance.POST:
			allocations: dict[int, object] = {}
			for a in frappe.get_all(
				"RE Receipt Allocation",
				filters={"parenttype": "RE Receipt", "parent": receipt.name},
				fields=["schedule_row", "amount"],
			):
				allocations[cint(a.schedule_row)] = allocations.get(cint(a.schedule_row), 0) + money(
					flt(a.amount)
				)
			entry = post_payment(
				books,
				key=key,
				contract=contract,
				customer=customer,
				amount=money(flt(receipt.amount)),
				allocations=allocations,
				invoices=invoices,
				method=receipt.payment_method,
				posting_date=receipt.received_on,
				reference_no=receipt.reference_no or receipt.name,
				receipt=receipt.name,
				remarks=_("Receipt {0} of contract {1}").format(receipt.name, contract),
			)
			done["payments"].append(entry)
			frappe.db.set_value(
				"RE Receipt", receipt.name, "erpnext_payment_entry", entry, update_modified=False
			)
		elif action == finance.CANCEL:
			cancel("Payment Entry", entry)
			done["payments_cancelled"].append(entry)
	refresh_invoice_statuses(contract)
	return done


def post_invoice(contract, row, customer: str, books: Books, today) -> str:
	posting_date, due_date = finance.invoice_dates(getdate(row.due_date) if row.due_date else None, today)
	purpose = _(row.purpose) if row.purpose else ""
	si = frappe.get_doc(
		{
			"doctype": "Sales Invoice",
			"company": books.company,
			"customer": customer,
			"currency": books.currency,
			"conversion_rate": 1,
			"set_posting_time": 1,
			"posting_date": posting_date,
			"due_date": due_date,
			"debit_to": books.receivable,
			"recrm_contract": contract.name,
			"recrm_schedule_row": cint(row.idx),
			"recrm_key": finance.invoice_key(contract.name, cint(row.idx)),
			"remarks": _("Contract {0}, unit {1}: instalment {2} ({3})").format(
				contract.name, contract.unit, row.idx, purpose
			),
			"items": [
				{
					"item_code": books.item,
					"qty": 1,
					"rate": flt(row.amount),
					"income_account": books.income,
					"cost_center": books.cost_center,
					"description": _("Contract {0}, unit {1}: instalment {2} ({3})").format(
						contract.name, contract.unit, row.idx, purpose
					),
				}
			],
		}
	)
	si.flags.ignore_permissions = True
	si.flags.from_recrm = True
	si.insert()
	si.submit()
	frappe.db.set_value(
		"RE Payment Schedule",
		row.name,
		{"erpnext_invoice": si.name, "invoice_status": si.status},
		update_modified=False,
	)
	return si.name


def post_payment(
	books: Books,
	key: str,
	contract: str,
	customer: str,
	amount,
	allocations: dict,
	invoices: dict[int, str],
	method: str,
	posting_date,
	reference_no: str,
	remarks: str,
	receipt: str | None = None,
) -> str:
	try:
		references = finance.payment_references(allocations, invoices)
	except finance.MissingInvoice as missing:
		frappe.throw(
			_("Instalment {0} of contract {1} has no live invoice in ERPNext to take the payment.").format(
				missing.idx, contract
			),
			title=_("ERPNext Books"),
		)
	mode = books.mode_of_payment(method)
	pe = frappe.get_doc(
		{
			"doctype": "Payment Entry",
			"payment_type": "Receive",
			"company": books.company,
			"posting_date": posting_date,
			"mode_of_payment": mode,
			"party_type": "Customer",
			"party": customer,
			"paid_from": books.receivable,
			"paid_to": books.account_of(mode),
			"paid_amount": float(amount),
			"received_amount": float(amount),
			"source_exchange_rate": 1,
			"target_exchange_rate": 1,
			"reference_no": reference_no,
			"reference_date": posting_date,
			"remarks": remarks,
			"recrm_contract": contract,
			"recrm_receipt": receipt,
			"recrm_key": key,
			"references": [
				{"reference_doctype": "Sales Invoice", "reference_name": inv, "allocated_amount": float(part)}
				for inv, part in references
			],
		}
	)
	pe.flags.ignore_permissions = True
	pe.flags.from_recrm = True
	pe.insert()
	pe.submit()
	return pe.name


def cancel(doctype: str, name: str):
	doc = frappe.get_doc(doctype, name)
	if doc.docstatus != 1:
		return
	doc.flags.ignore_permissions = True
	doc.flags.from_recrm = True
	doc.cancel()


def refresh_invoice_statuses(contract: str | None = None):
	"""Write each posted instalment's invoice status (Unpaid, Partly Paid, Paid, Overdue,
	Cancelled …) where it changed."""
	filters = {"parenttype": "RE Contract", "erpnext_invoice": ("is", "set")}
	if contract:
		filters["parent"] = contract
	rows = frappe.get_all(
		"RE Payment Schedule", filters=filters, fields=["name", "erpnext_invoice", "invoice_status"]
	)
	if not rows:
		return
	status = dict(
		frappe.get_all(
			"Sales Invoice",
			filters={"name": ("in", [r.erpnext_invoice for r in rows])},
			fields=["name", "status"],
			as_list=True,
		)
	)
	for row in rows:
		now = status.get(row.erpnext_invoice)
		if now and now != row.invoice_status:
			frappe.db.set_value("RE Payment Schedule", row.name, "invoice_status", now, update_modified=False)


# --- ERPNext's events ----------------------------------------------------------------------------


def on_sales_invoice_submit(doc, method=None):
	"""An amendment of an instalment's invoice (finance corrected it) takes over the instalment."""
	if not doc.get("recrm_contract") or doc.get("recrm_key") or doc.flags.from_recrm:
		return
	idx = cint(doc.get("recrm_schedule_row"))
	key = finance.invoice_key(doc.recrm_contract, idx)
	if frappe.db.exists("Sales Invoice", {"recrm_key": key, "docstatus": 1, "name": ("!=", doc.name)}):
		return
	doc.db_set("recrm_key", key, update_modified=False)
	row = frappe.db.get_value(
		"RE Payment Schedule", {"parenttype": "RE Contract", "parent": doc.recrm_contract, "idx": idx}
	)
	if row:
		frappe.db.set_value(
			"RE Payment Schedule",
			row,
			{"erpnext_invoice": doc.name, "invoice_status": doc.status},
			update_modified=False,
		)


def on_sales_invoice_cancel(doc, method=None):
	if not doc.get("recrm_contract"):
		return
	release_key(doc)
	frappe.db.sql(
		"""update `tabRE Payment Schedule` set invoice_status = %s
		where parenttype = 'RE Contract' and parent = %s and erpnext_invoice = %s""",
		(CANCELLED, doc.recrm_contract, doc.name),
	)


def on_payment_entry_submit(doc, method=None):
	"""A payment finance enters in ERPNext against instalment invoices becomes a receipt in recrm
	per instalment (in the same transaction: if recrm refuses it, say more than is due, ERPNext's
	submit is refused too)."""
	if not doc.flags.from_recrm and not doc.get("recrm_key") and doc.payment_type == "Receive":
		receipts_from_payment(doc)
	for contract in payment_contracts(doc):
		refresh_invoice_statuses(contract)


def receipts_from_payment(doc) -> list[str]:
	invoices = [
		r for r in doc.references if r.reference_doctype == "Sales Invoice" and flt(r.allocated_amount)
	]
	if not invoices:
		return []
	linked = {
		row.name: row
		for row in frappe.get_all(
			"Sales Invoice",
			filters={"name": ("in", [r.reference_name for r in invoices]), "recrm_contract": ("is", "set")},
			fields=["name", "recrm_contract", "recrm_schedule_row"],
		)
	}
	method = {mode: m for m, mode in mode_names().items()}.get(doc.mode_of_payment, "Bank Transfer")
	made = []
	for ref in invoices:
		inv = linked.get(ref.reference_name)
		if not inv:
			continue
		receipt = frappe.get_doc(
			{
				"doctype": "RE Receipt",
				"contract": inv.recrm_contract,
				"schedule_row": cint(inv.recrm_schedule_row),
				"amount": flt(ref.allocated_amount),
				"payment_method": method,
				"received_on": doc.posting_date,
				"reference_no": doc.reference_no or doc.name,
				"erpnext_payment_entry": doc.name,
				"remarks": _("Entered in ERPNext as Payment Entry {0}.").format(doc.name),
			}
		)
		receipt.flags.from_erpnext = True
		receipt.flags.ignore_permissions = True
		receipt.insert()
		receipt.submit()
		made.append(receipt.name)
	if made and not doc.get("recrm_contract"):
		doc.db_set("recrm_contract", linked[invoices[0].reference_name].recrm_contract, update_modified=False)
	return made


def mode_names() -> dict[str, str]:
	"""Receipt method -> its Mode of Payment, as the settings say."""
	from recrm.finance.doctype.re_finance_settings.re_finance_settings import MODE_FIELDS

	settings = frappe.get_cached_doc(SETTINGS)
	return {method: settings.get(field) for method, field in MODE_FIELDS.items() if settings.get(field)}


def on_payment_entry_cancel(doc, method=None):
	"""A receipt's Payment Entry cancelled in ERPNext cancels the receipt; if recrm refuses (the
	credit it left was used since), the cancel fails as a whole."""
	if doc.get("recrm_key"):
		release_key(doc)
	receipts = set(
		frappe.get_all(
			"RE Receipt", filters={"erpnext_payment_entry": doc.name, "docstatus": 1}, pluck="name"
		)
	)
	if doc.get("recrm_receipt"):
		receipts.add(doc.recrm_receipt)
	for receipt in sorted(receipts) if not doc.flags.from_recrm else ():
		rdoc = frappe.get_doc("RE Receipt", receipt)
		if rdoc.docstatus == 1:
			rdoc.flags.from_erpnext = True
			rdoc.flags.ignore_permissions = True
			rdoc.add_comment(
				"Comment", _("Cancelled because Payment Entry {0} was cancelled in ERPNext.").format(doc.name)
			)
			rdoc.cancel()
	for contract in payment_contracts(doc):
		refresh_invoice_statuses(contract)


def payment_contracts(doc) -> set[str]:
	contracts = {doc.get("recrm_contract")} if doc.get("recrm_contract") else set()
	invoices = [r.reference_name for r in doc.references if r.reference_doctype == "Sales Invoice"]
	if invoices:
		contracts |= set(
			frappe.get_all(
				"Sales Invoice",
				filters={"name": ("in", invoices), "recrm_contract": ("is", "set")},
				pluck="recrm_contract",
			)
		)
	return contracts


def release_key(doc):
	"""A cancelled document is no longer the live posting of its key: a new one may take it."""
	frappe.db.set_value(doc.doctype, doc.name, "recrm_key", None, update_modified=False)
