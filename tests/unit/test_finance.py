from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from recrm.core.finance import (
	CANCEL,
	POST,
	MissingInvoice,
	Posted,
	Row,
	deposit_allocation,
	deposit_key,
	invoice_dates,
	invoice_key,
	is_due,
	payment_action,
	payment_references,
	plan_invoices,
	receipt_key,
	unallocated,
)
from recrm.core.payment_schedule import money

TODAY = date(2026, 11, 23)
D = Decimal


def row(idx, amount, paid=0, due=None):
	return Row(idx, money(amount), money(paid), due)


def test_an_instalment_is_invoiced_when_due_or_paid_on():
	assert is_due(row(1, 100, due=TODAY), TODAY)
	assert is_due(row(1, 100, due=TODAY - timedelta(days=3)), TODAY)
	assert not is_due(row(1, 100, due=TODAY + timedelta(days=1)), TODAY)
	# paid ahead of its date (the deposit, an early receipt): invoiced now
	assert is_due(row(1, 100, paid=10, due=TODAY + timedelta(days=30)), TODAY)
	# waiting for a construction stage or a loan: no date yet
	assert not is_due(row(1, 100), TODAY)
	assert not is_due(row(1, 0, due=TODAY), TODAY)


def test_plan_posts_the_due_instalments_without_a_live_invoice():
	rows = [
		row(1, 300, paid=50, due=TODAY + timedelta(days=7)),
		row(2, 700, due=TODAY),
		row(3, 1000, due=TODAY + timedelta(days=30)),
	]
	plan = plan_invoices(rows, [], TODAY)
	assert plan.post == (1, 2)
	assert plan.cancel == ()


def test_plan_is_idempotent_once_posted():
	rows = [row(1, 300, due=TODAY), row(2, 700, due=TODAY)]
	posted = [Posted(1, "SINV-1", money(300)), Posted(2, "SINV-2", money(700))]
	assert plan_invoices(rows, posted, TODAY).post == ()
	assert plan_invoices(rows, posted, TODAY).cancel == ()


def test_an_instalment_whose_amount_changed_is_cancelled_and_posted_again():
	rows = [row(1, 350, due=TODAY), row(2, 650, due=TODAY + timedelta(days=9))]
	posted = [Posted(1, "SINV-1", money(300))]
	plan = plan_invoices(rows, posted, TODAY)
	assert plan.cancel == ("SINV-1",)
	assert plan.post == (1,)


def test_an_instalment_whose_invoice_finance_cancelled_is_left_to_finance():
	rows = [Row(1, money(300), due_date=TODAY, held=True), row(2, 700, due=TODAY)]
	assert plan_invoices(rows, [], TODAY).post == (2,)


def test_an_invoice_of_a_vanished_instalment_is_cancelled():
	plan = plan_invoices(
		[row(1, 1000, due=TODAY)], [Posted(1, "A", money(1000)), Posted(2, "B", money(5))], TODAY
	)
	assert plan.cancel == ("B",)
	assert plan.post == ()


def test_a_contract_no_longer_in_force_cancels_only_the_unpaid_invoices():
	posted = [
		Posted(1, "PAID", money(300), outstanding=money(0)),
		Posted(2, "PART", money(700), outstanding=money(200)),
		Posted(3, "UNPAID", money(1000), outstanding=money(1000)),
	]
	plan = plan_invoices([row(4, 5, due=TODAY)], posted, TODAY, contract_in_force=False)
	assert plan.post == ()
	assert plan.cancel == ("UNPAID",)


def test_deposit_lies_on_the_first_instalments():
	assert deposit_allocation([(1, D("30000")), (2, D("70000"))], 50_000) == {
		1: D("30000.00"),
		2: D("20000.00"),
	}
	assert deposit_allocation([(2, D("70000")), (1, D("30000"))], 10_000) == {1: D("10000.00")}
	assert deposit_allocation([(1, D("30000"))], 0) == {}


@given(
	amounts=st.lists(st.integers(min_value=0, max_value=10**8), min_size=1, max_size=8),
	data=st.data(),
)
def test_deposit_allocation_never_exceeds_an_instalment_and_adds_up(amounts, data):
	cents = [D(a) / 100 for a in amounts]
	total = sum(cents, D(0))
	deposit = D(data.draw(st.integers(min_value=0, max_value=int(total * 100)))) / 100
	out = deposit_allocation(list(enumerate(cents, 1)), deposit)
	assert sum(out.values(), D(0)) == money(deposit)
	for idx, part in out.items():
		assert D(0) < part <= cents[idx - 1]


def test_payment_references_follow_the_allocation():
	refs = payment_references({2: D("200"), 1: D("100"), 3: D("0")}, {1: "SINV-1", 2: "SINV-2"})
	assert refs == [("SINV-1", D("100.00")), ("SINV-2", D("200.00"))]
	assert unallocated(D("350"), refs) == D("50.00")
	with pytest.raises(MissingInvoice) as caught:
		payment_references({4: D("1")}, {1: "SINV-1"})
	assert caught.value.idx == 4
	with pytest.raises(ValueError):
		unallocated(D("10"), refs)


def test_payment_action():
	assert payment_action(1, None) == POST
	assert payment_action(1, "PE-1") is None
	assert payment_action(2, "PE-1") == CANCEL
	assert payment_action(2, None) is None
	assert payment_action(0, None) is None


def test_invoice_dates():
	assert invoice_dates(TODAY - timedelta(days=5), TODAY) == (TODAY, TODAY)
	assert invoice_dates(TODAY + timedelta(days=5), TODAY) == (TODAY, TODAY + timedelta(days=5))
	assert invoice_dates(None, TODAY) == (TODAY, TODAY)


def test_keys_are_distinct():
	keys = {
		invoice_key("CON-1", 1),
		invoice_key("CON-1", 2),
		invoice_key("CON-12", 1),
		deposit_key("CON-1"),
		receipt_key("RCT-1"),
	}
	assert len(keys) == 5
