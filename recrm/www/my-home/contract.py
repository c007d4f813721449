"""/my-home/contract: for each home the buyer reserved or bought, the contract summary (price,
discount, final price, payment method, the buyers and their shares), the payment schedule with what
is paid, due and overdue, the receipts (each a PDF of the 收据 print format) and the mortgage stage
(the contract's loans). A reservation not yet turned into a contract shows its deposit and price.

Everything is read by the buyer's customer: contracts whose buyers table names them (submitted),
reservations of theirs (submitted, neither lapsed nor converted), receipts of those contracts.
"""

import frappe
from frappe import _
from frappe.utils import fmt_money, getdate, nowdate

from recrm.core.portal import instalment_state
from recrm.portal.files import pdf_src
from recrm.portal.pages import buyer_page, date_text, unit_title

no_cache = 1
STATE_BADGES = {"Paid": "ok", "Overdue": "overdue", "Due": "reported", "Waiting": "in-progress"}


def get_context(context):
	buyer = buyer_page(context, _("Contract and Payments"), "/my-home/contract")
	titles = {row.unit: unit_title(row) for row in buyer.units}
	contracts = their_contracts(buyer)
	context.contracts = [contract_card(buyer, row, titles) for row in contracts]
	context.reservations = [
		reservation_card(row, titles)
		for row in their_reservations(buyer)
		if row.unit not in {c.unit for c in contracts}
	]
	return context


def money(value) -> str:
	return fmt_money(value or 0, precision=2, currency="CNY")


def their_contracts(buyer) -> list:
	"""The submitted contracts whose buyers table names the buyer (co-buyers each see theirs)."""
	return buyer.get_all(
		"RE Contract",
		fields=[
			"name",
			"unit",
			"signed_on",
			"status",
			"list_price",
			"discount_amount",
			"discount_percent",
			"final_price",
			"payment_method",
			"paid_amount",
			"outstanding_amount",
			"overdue_amount",
			"next_due_date",
		],
		order_by="signed_on desc, name desc",
	)


def contract_card(buyer, row, titles: dict) -> frappe._dict:
	name = row.name
	buyers = buyer.children("RE Contract Buyer", [name], ["customer_name", "share"]).get(name, [])
	schedule = buyer.children(
		"RE Payment Schedule",
		[name],
		["idx", "purpose", "due_rule", "stage", "due_date", "amount", "paid", "outstanding"],
	).get(name, [])
	loans = buyer.children(
		"RE Contract Loan",
		[name],
		["kind", "lender", "amount", "term_months", "approval_stage", "disbursed_on"],
	).get(name, [])
	receipts = buyer.get_all(
		"RE Receipt",
		filters={"contract": name},
		fields=["name", "received_on", "amount", "payment_method"],
		order_by="received_on desc, name desc",
	)
	handover_money = handover_money_lines(buyer, name)
	today = getdate(nowdate())
	rows = []
	for line in schedule:
		state = instalment_state(getdate(line.due_date) if line.due_date else None, line.outstanding, today)
		waiting_for = ""
		if not line.due_date and line.due_rule == "At a Construction Stage" and line.stage:
			waiting_for = _("At stage: {0}").format(_(line.stage))
		elif not line.due_date and line.due_rule == "On Loan Disbursal":
			waiting_for = _("When the loan is disbursed")
		rows.append(
			frappe._dict(
				purpose=_(line.purpose),
				due=date_text(line.due_date) or waiting_for,
				amount=money(line.amount),
				paid=money(line.paid),
				outstanding=money(line.outstanding),
				state=_(state),
				state_key=STATE_BADGES[state],
			)
		)
	discount = ""
	if row.discount_amount:
		discount = money(row.discount_amount)
		if row.discount_percent:
			discount += f" ({row.discount_percent:g}%)"
	return frappe._dict(
		name=name,
		unit=row.unit,
		title=titles.get(row.unit) or row.unit,
		signed_on=date_text(row.signed_on),
		status=_(row.status) if row.status else "",
		list_price=money(row.list_price),
		discount=discount,
		final_price=money(row.final_price),
		payment_method=_(row.payment_method) if row.payment_method else "",
		paid=money(row.paid_amount),
		outstanding=money(row.outstanding_amount),
		overdue=money(row.overdue_amount) if row.overdue_amount else "",
		next_due=date_text(row.next_due_date),
		buyers=[frappe._dict(name=b.customer_name or "", share=f"{b.share or 0:g}%") for b in buyers],
		schedule=rows,
		loans=[
			frappe._dict(
				kind=_(loan.kind) if loan.kind else "",
				lender=loan.lender or "",
				amount=money(loan.amount),
				term=_("{0} months").format(loan.term_months) if loan.term_months else "",
				stage=_(loan.approval_stage) if loan.approval_stage else "",
				stage_key=(loan.approval_stage or "").lower(),
				disbursed_on=date_text(loan.disbursed_on),
			)
			for loan in loans
		],
		receipts=[
			frappe._dict(
				name=r.name,
				date=date_text(r.received_on),
				amount=money(r.amount),
				method=_(r.payment_method) if r.payment_method else "",
				pdf=pdf_src("RE Receipt", r.name),
			)
			for r in receipts
		],
		pdf=pdf_src("RE Contract", name),
		handover_money=handover_money,
	)


def handover_money_lines(buyer, contract: str) -> list[frappe._dict]:
	"""The contract's area difference (面积补差) and late-delivery penalty, once sent for approval:
	amounts, band, days late and where the approval stands."""
	lines = []
	for row in buyer.get_all(
		"RE Area Settlement",
		filters={"contract": contract},
		fields=[
			"name",
			"band",
			"contracted_area",
			"surveyed_area",
			"diff_percent",
			"charge_amount",
			"refund_amount",
			"may_cancel",
			"workflow_state",
			"booked_on",
		],
	):
		lines.append(
			frappe._dict(
				name=row.name,
				kind=_("Area Difference"),
				detail=_("{0} m² contracted, {1} m² surveyed ({2}%) · {3}").format(
					f"{row.contracted_area:g}",
					f"{row.surveyed_area:g}",
					f"{row.diff_percent:+g}",
					_(row.band),
				),
				amount=(_("You pay {0}") if row.charge_amount else _("Refunded to you {0}")).format(
					money(row.charge_amount or row.refund_amount)
				),
				may_cancel=bool(row.may_cancel),
				status=_(row.workflow_state),
				booked_on=date_text(row.booked_on),
			)
		)
	for row in buyer.get_all(
		"RE Delivery Penalty",
		filters={"contract": contract},
		fields=["name", "days_late", "amount", "may_cancel", "workflow_state", "booked_on"],
	):
		lines.append(
			frappe._dict(
				name=row.name,
				kind=_("Late-Delivery Penalty"),
				detail=_("{0} days late").format(row.days_late),
				amount=_("Credited to you {0}").format(money(row.amount)),
				may_cancel=bool(row.may_cancel),
				status=_(row.workflow_state),
				booked_on=date_text(row.booked_on),
			)
		)
	return lines


def their_reservations(buyer) -> list:
	return buyer.get_all(
		"RE Reservation",
		filters={"status": "Active"},
		fields=["name", "unit", "reserved_on", "valid_until", "list_price", "agreed_price", "deposit"],
		order_by="reserved_on desc",
	)


def reservation_card(row, titles: dict) -> frappe._dict:
	return frappe._dict(
		name=row.name,
		title=titles.get(row.unit) or row.unit,
		reserved_on=date_text(row.reserved_on),
		valid_until=date_text(row.valid_until),
		list_price=money(row.list_price),
		agreed_price=money(row.agreed_price),
		deposit=money(row.deposit),
	)
