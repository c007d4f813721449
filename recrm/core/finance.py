"""What recrm posts to ERPNext's books, and what it cancels there: the pure mapping, no Frappe.

The pattern (see the README's ERPNext section):

- each instalment of a signed contract's payment schedule becomes one **Sales Invoice** when it
  falls due, or earlier as soon as money is paid on it (the reservation's deposit credited at
  signing, a receipt paid ahead of the due date): an invoice is the receivable of one instalment,
  so ERPNext's ageing, dunning and outstanding amounts follow the schedule;
- the reservation's deposit credited at signing and every receipt become one **Payment Entry**
  each, allocated to the invoices of exactly the instalments the money went to; what a receipt
  holds as credit stays unallocated on the Payment Entry, an advance of the customer;
- an instalment whose amount changed after its invoice was posted has that invoice cancelled and
  posted again; a cancelled receipt has its Payment Entry cancelled.

Every posting carries a key unique among the live (not cancelled) documents of ERPNext, so that
re-running the posting never posts twice.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from recrm.core.payment_schedule import ZERO, money


@dataclass(frozen=True)
class Row:
	"""An instalment of the schedule as the posting sees it."""

	idx: int
	amount: Decimal
	paid: Decimal = ZERO
	due_date: date | None = None
	# its invoice was cancelled in ERPNext by finance: not posted again (an amendment takes over)
	held: bool = False


@dataclass(frozen=True)
class Posted:
	"""A live (submitted) invoice of an instalment."""

	idx: int
	name: str
	amount: Decimal
	outstanding: Decimal | None = None


@dataclass(frozen=True)
class InvoicePlan:
	post: tuple[int, ...]  # instalments to invoice
	cancel: tuple[str, ...]  # invoices to cancel (amount changed, or the contract ended unpaid)


def invoice_key(contract: str, idx: int) -> str:
	"""The key of the live invoice of instalment ``idx``."""
	return f"{contract}#{idx}"


def receipt_key(receipt: str) -> str:
	return f"RCT:{receipt}"


def deposit_key(contract: str) -> str:
	return f"DEP:{contract}"


def is_due(row: Row, today: date) -> bool:
	"""An instalment is invoiced when it falls due, or as soon as anything is paid on it."""
	if money(row.amount) <= ZERO:
		return False
	if money(row.paid) > ZERO:
		return True
	return row.due_date is not None and row.due_date <= today


def plan_invoices(
	rows: list[Row], posted: list[Posted], today: date, contract_in_force: bool = True
) -> InvoicePlan:
	"""Which instalments to invoice now and which live invoices to cancel.

	In force: an instalment due (``is_due``) without a live invoice is posted; one whose live
	invoice no longer has its amount has that invoice cancelled and is posted again; a live invoice
	of an instalment that no longer exists is cancelled; an instalment whose invoice finance
	cancelled in ERPNext (``held``) is left to finance. A contract no longer in force posts
	nothing and cancels the invoices nothing was paid on (what was paid stays: the refund is the
	cancellation's own matter)."""
	by_idx: dict[int, list[Posted]] = {}
	for inv in posted:
		by_idx.setdefault(inv.idx, []).append(inv)
	rows_by_idx = {row.idx: row for row in rows}
	post: list[int] = []
	cancel: list[str] = []
	if not contract_in_force:
		for inv in posted:
			if inv.outstanding is not None and money(inv.outstanding) == money(inv.amount):
				cancel.append(inv.name)
		return InvoicePlan((), tuple(cancel))
	for idx, invoices in sorted(by_idx.items()):
		row = rows_by_idx.get(idx)
		for inv in invoices:
			if row is None or money(inv.amount) != money(row.amount):
				cancel.append(inv.name)
	for row in sorted(rows, key=lambda r: r.idx):
		live = [inv for inv in by_idx.get(row.idx, []) if inv.name not in cancel]
		if not live and not row.held and is_due(row, today):
			post.append(row.idx)
	return InvoicePlan(tuple(post), tuple(cancel))


def deposit_allocation(amounts: list[tuple[int, Decimal]], deposit) -> dict[int, Decimal]:
	"""How the reservation's deposit credited at signing lies on the instalments: on the first
	ones in order, as ``generate_schedule`` credits it. ``amounts`` is (idx, amount) per row."""
	left = money(deposit)
	out: dict[int, Decimal] = {}
	for idx, amount in sorted(amounts):
		if left <= ZERO:
			break
		part = min(left, money(amount))
		if part > ZERO:
			out[idx] = part
			left -= part
	return out


class MissingInvoice(Exception):
	"""Money was allocated to an instalment that has no invoice to take it."""

	def __init__(self, idx: int):
		super().__init__(idx)
		self.idx = idx


def payment_references(
	allocations: dict[int, Decimal], invoices: dict[int, str]
) -> list[tuple[str, Decimal]]:
	"""The Payment Entry's references: (invoice, amount) per instalment the money went to, in order,
	amounts summed per invoice."""
	out: dict[str, Decimal] = {}
	for idx, amount in sorted(allocations.items()):
		amount = money(amount)
		if amount <= ZERO:
			continue
		if idx not in invoices:
			raise MissingInvoice(idx)
		out[invoices[idx]] = out.get(invoices[idx], ZERO) + amount
	return list(out.items())


def unallocated(total, references: list[tuple[str, Decimal]]) -> Decimal:
	"""What of a payment stays unallocated (the credit a receipt holds): an advance in ERPNext."""
	rest = money(total) - sum((amount for _, amount in references), ZERO)
	if rest < ZERO:
		raise ValueError(f"{total} is less than what it is allocated ({rest})")
	return rest


POST = "post"
CANCEL = "cancel"


def payment_action(receipt_docstatus: int, live_entry: str | None) -> str | None:
	"""What to do about a receipt's Payment Entry: post it (the receipt is submitted and has no
	live entry), cancel it (the receipt is cancelled and its entry is live), or nothing."""
	if receipt_docstatus == 1 and not live_entry:
		return POST
	if receipt_docstatus == 2 and live_entry:
		return CANCEL
	return None


def invoice_dates(due_date: date | None, today: date) -> tuple[date, date]:
	"""(posting date, due date) of an instalment's invoice: raised today (the day it falls due when
	the daily job runs, or the day money was paid on it ahead), due on the instalment's date and
	never before it is raised."""
	due = due_date if due_date and due_date > today else today
	return today, due
