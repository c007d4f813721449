from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from recrm.core import RuleError
from recrm.core.lifecycle import (
	AWAITING_HANDOVER,
	BACKWARD_CAUSES,
	CAUSES,
	CLUB_JOINED,
	CLUB_LEFT,
	CONTRACT_CANCELLED,
	CONTRACT_SIGNED,
	CONTRACTED,
	CORRECTION,
	INTERACTION,
	INTERESTED,
	MEMBER,
	OWNER,
	PROSPECT,
	QUALIFIED,
	RECOMPUTE,
	REGISTERED,
	RESERVATION_ENDED,
	STAGES,
	CustomerFacts,
	StageChange,
	derive_stage,
	next_stage,
	stage_change,
	stage_rank,
)


@pytest.mark.parametrize(
	"facts,stage",
	[
		(CustomerFacts(), PROSPECT),
		(CustomerFacts(interactions=1), PROSPECT),  # the registration call alone
		(CustomerFacts(interactions=2), INTERESTED),
		(CustomerFacts(interactions=1, visited=True), INTERESTED),
		(CustomerFacts(visited=True), INTERESTED),
		(CustomerFacts(interactions=3, has_active_reservation=True, reservations_made=1), QUALIFIED),
		(CustomerFacts(has_active_reservation=True), QUALIFIED),
		(CustomerFacts(reservations_made=1), QUALIFIED),  # an expired deposit still proved intent
		(CustomerFacts(contracts_signed=1), CONTRACTED),
		(CustomerFacts(contracts_signed=1, contracts_cancelled=1), QUALIFIED),  # 退房 of the only contract
		(CustomerFacts(contracts_signed=2, contracts_cancelled=1), CONTRACTED),
		(CustomerFacts(contracts_signed=1, contracts_paid_up=1), AWAITING_HANDOVER),
		(CustomerFacts(contracts_signed=1, contracts_paid_up=1, units_handed_over=1), OWNER),
		(CustomerFacts(contracts_signed=1, units_handed_over=1), OWNER),
		(CustomerFacts(contracts_signed=1, units_handed_over=1, is_club_member=True), MEMBER),
		# a second purchase does not take an owner back to "contracted"
		(CustomerFacts(contracts_signed=2, units_handed_over=1), OWNER),
		# the club is open to prospects, but a member stage needs a home
		(CustomerFacts(visited=True, is_club_member=True), INTERESTED),
		(CustomerFacts(contracts_signed=1, is_club_member=True), CONTRACTED),
	],
)
def test_stage_follows_the_facts(facts, stage):
	assert derive_stage(facts) == stage


def test_the_interest_threshold_is_a_parameter():
	assert derive_stage(CustomerFacts(interactions=1), interested_after=1) == INTERESTED
	assert derive_stage(CustomerFacts(interactions=4), interested_after=5) == PROSPECT


def test_database_figures_are_accepted():
	# SUM() gives Decimals, Check fields give 0/1
	facts = CustomerFacts(interactions=Decimal("3"), contracts_signed=1.0, visited=1, is_club_member=0)
	assert facts.interactions == 3
	assert facts.visited is True
	assert facts.is_club_member is False
	assert derive_stage(facts) == CONTRACTED


@pytest.mark.parametrize(
	"kwargs,field",
	[
		({"interactions": -1}, "interactions"),
		({"interactions": 1.5}, "interactions"),
		({"interactions": "3"}, "interactions"),
		({"interactions": None}, "interactions"),
		({"interactions": float("nan")}, "interactions"),
		({"interactions": float("inf")}, "interactions"),
		({"contracts_signed": True}, "contracts_signed"),
		({"contracts_signed": 1, "contracts_cancelled": 2}, "contracts_cancelled"),
		({"contracts_signed": 1, "contracts_paid_up": 2}, "contracts_paid_up"),
		({"contracts_signed": 1, "contracts_cancelled": 1, "contracts_paid_up": 1}, "contracts_paid_up"),
		({"units_handed_over": 1}, "units_handed_over"),
		({"contracts_signed": 2, "contracts_cancelled": 1, "units_handed_over": 2}, "units_handed_over"),
	],
)
def test_impossible_facts_are_refused(kwargs, field):
	with pytest.raises(RuleError) as error:
		CustomerFacts(**kwargs)
	assert error.value.code == "bad_customer_facts"
	assert error.value.params["field"] == field


def test_stages_are_ranked_in_lifecycle_order():
	assert [stage_rank(s) for s in STAGES] == list(range(7))
	assert stage_rank(PROSPECT) < stage_rank(CONTRACTED) < stage_rank(MEMBER)
	for bad in ("Sold", "", None):
		with pytest.raises(RuleError) as error:
			stage_rank(bad)
		assert error.value.code == "unknown_stage"


def test_forward_moves_are_recorded_with_cause_and_date():
	change = stage_change(INTERESTED, CONTRACTED, CONTRACT_SIGNED, date(2024, 5, 1))
	assert change == StageChange(INTERESTED, CONTRACTED, CONTRACT_SIGNED, date(2024, 5, 1))
	assert not change.backward


def test_a_new_customer_gets_a_first_stage():
	assert stage_change(None, PROSPECT, REGISTERED) == StageChange(None, PROSPECT, REGISTERED)
	assert stage_change("", INTERESTED, REGISTERED).to_stage == INTERESTED
	assert not stage_change(None, PROSPECT, REGISTERED).backward


def test_no_change_is_nothing_to_record():
	assert stage_change(QUALIFIED, QUALIFIED, INTERACTION) is None


def test_cancelling_the_only_contract_goes_back_to_qualified():
	facts = CustomerFacts(interactions=5, visited=True, contracts_signed=1, contracts_cancelled=1)
	change = next_stage(CONTRACTED, facts, CONTRACT_CANCELLED, date(2024, 6, 1))
	assert change.to_stage == QUALIFIED
	assert change.backward
	paid_up = next_stage(AWAITING_HANDOVER, facts, CONTRACT_CANCELLED)
	assert paid_up.to_stage == QUALIFIED


def test_leaving_the_club_makes_a_member_an_owner_again():
	facts = CustomerFacts(contracts_signed=1, units_handed_over=1)
	assert next_stage(MEMBER, facts, CLUB_LEFT).to_stage == OWNER


@pytest.mark.parametrize(
	"old,new,cause",
	[
		# a customer imported as an owner keeps the stage when an interaction is logged
		(OWNER, INTERESTED, INTERACTION),
		(OWNER, PROSPECT, RECOMPUTE),
		(CONTRACTED, QUALIFIED, RECOMPUTE),  # cancellations are recorded when they happen
		(QUALIFIED, INTERESTED, RESERVATION_ENDED),  # a lapsed deposit is no step back
		(OWNER, QUALIFIED, CONTRACT_CANCELLED),  # cancelling a second purchase leaves an owner
		(MEMBER, QUALIFIED, CONTRACT_CANCELLED),
		(CONTRACTED, PROSPECT, CLUB_LEFT),
	],
)
def test_never_backward_without_a_cause_that_revokes_the_stage(old, new, cause):
	assert stage_change(old, new, cause) is None


def test_a_correction_may_move_any_stage():
	change = stage_change(OWNER, PROSPECT, CORRECTION)
	assert change.backward
	assert change.to_stage == PROSPECT


@pytest.mark.parametrize(
	"old,new,cause,code",
	[
		(PROSPECT, "Sold", INTERACTION, "unknown_stage"),
		("Sold", PROSPECT, CORRECTION, "unknown_stage"),
		(PROSPECT, INTERESTED, "whim", "unknown_stage_cause"),
	],
)
def test_unknown_stages_and_causes_are_refused(old, new, cause, code):
	with pytest.raises(RuleError) as error:
		stage_change(old, new, cause)
	assert error.value.code == code


def test_joining_the_club_after_handover_makes_a_member():
	facts = CustomerFacts(contracts_signed=1, units_handed_over=1, is_club_member=True)
	assert next_stage(OWNER, facts, CLUB_JOINED) == StageChange(OWNER, MEMBER, CLUB_JOINED)


def test_every_backward_cause_is_a_cause():
	assert set(BACKWARD_CAUSES) <= set(CAUSES)
	for stages in BACKWARD_CAUSES.values():
		assert stages <= set(STAGES)


# ---- properties -------------------------------------------------------------------------------


@st.composite
def customer_facts(draw):
	signed = draw(st.integers(0, 4))
	cancelled = draw(st.integers(0, signed))
	active = signed - cancelled
	return CustomerFacts(
		interactions=draw(st.integers(0, 50)),
		visited=draw(st.booleans()),
		has_active_reservation=draw(st.booleans()),
		reservations_made=draw(st.integers(0, 3)),
		contracts_signed=signed,
		contracts_cancelled=cancelled,
		contracts_paid_up=draw(st.integers(0, active)),
		units_handed_over=draw(st.integers(0, active)),
		is_club_member=draw(st.booleans()),
	)


@given(customer_facts())
def test_derived_stage_is_always_a_stage(facts):
	assert derive_stage(facts) in STAGES


@given(customer_facts(), st.sampled_from(["interactions", "reservations_made"]))
def test_more_activity_never_lowers_the_stage(facts, field):
	more = replace(facts, **{field: getattr(facts, field) + 1})
	assert stage_rank(derive_stage(more)) >= stage_rank(derive_stage(facts))


@given(customer_facts())
def test_a_handover_never_lowers_the_stage(facts):
	if facts.units_handed_over < facts.active_contracts:
		more = replace(facts, units_handed_over=facts.units_handed_over + 1)
		assert stage_rank(derive_stage(more)) >= stage_rank(derive_stage(facts))


@given(st.sampled_from(STAGES), st.sampled_from(STAGES), st.sampled_from(CAUSES))
def test_a_recorded_change_only_goes_back_for_a_revoking_cause(old, new, cause):
	change = stage_change(old, new, cause)
	if change is None:
		assert old == new or (stage_rank(new) < stage_rank(old))
		return
	assert change.to_stage == new
	if change.backward:
		assert old in BACKWARD_CAUSES[cause]
	else:
		assert stage_rank(new) > stage_rank(old)


@given(customer_facts(), st.sampled_from(STAGES))
def test_recompute_never_moves_backward(facts, old):
	change = next_stage(old, facts, RECOMPUTE)
	assert change is None or not change.backward
