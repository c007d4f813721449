"""The club's events as pure rules: who may come, seats and the waiting list, the door."""

from datetime import datetime

import pytest

from recrm.core import RuleError
from recrm.core import club_events as ev

NOW = datetime(2026, 12, 6, 10, 0)


def event(**kw):
	base = dict(
		status=ev.PUBLISHED,
		opens=datetime(2026, 12, 1),
		closes=datetime(2026, 12, 10),
		ends=datetime(2026, 12, 12, 21, 0),
	)
	base.update(kw)
	return ev.EventRules(**base)


def code_of(fn):
	with pytest.raises(RuleError) as raised:
		fn()
	return raised.value.code


def test_an_active_member_may_register_for_an_open_event():
	ev.check_eligible(event(), ev.Attendee(active=True), NOW)


@pytest.mark.parametrize(
	"kw,now,code",
	[
		({"status": ev.DRAFT}, NOW, "event_not_open"),
		({"status": ev.CANCELLED}, NOW, "event_not_open"),
		({}, datetime(2026, 11, 30), "registration_not_yet_open"),
		({}, datetime(2026, 12, 11), "registration_closed"),
		({}, datetime(2026, 12, 13), "event_over"),
	],
)
def test_registration_outside_its_window_is_refused(kw, now, code):
	assert code_of(lambda: ev.check_eligible(event(**kw), ev.Attendee(active=True), now)) == code


def test_a_member_who_left_may_not_come():
	assert code_of(lambda: ev.check_audience(event(), ev.Attendee(active=False))) == "event_members_only"


def test_a_minimum_tier_compares_the_order_of_tiers():
	gold = event(audience=ev.MIN_TIER, min_tier_order=2)
	ev.check_audience(gold, ev.Attendee(active=True, tier_order=2))
	ev.check_audience(gold, ev.Attendee(active=True, tier_order=3))
	assert (
		code_of(lambda: ev.check_audience(gold, ev.Attendee(active=True, tier_order=1)))
		== "event_tier_too_low"
	)
	assert code_of(lambda: ev.check_audience(gold, ev.Attendee(active=True))) == "event_tier_too_low"


def test_an_owners_day_is_for_the_owners_of_its_project():
	day = event(audience=ev.PROJECT_OWNERS, project="P1")
	ev.check_audience(day, ev.Attendee(active=True, projects=frozenset({"P1", "P2"})))
	assert code_of(lambda: ev.check_audience(day, ev.Attendee(active=True, projects=frozenset({"P2"})))) == (
		"event_owners_only"
	)


def test_placement_fills_seats_then_the_waiting_list():
	assert ev.placement(2, 0) == ev.REGISTERED
	assert ev.placement(2, 1) == ev.REGISTERED
	assert ev.placement(2, 2) == ev.WAITING
	assert ev.placement(0, 5000) == ev.REGISTERED  # no limit


def test_the_waiting_list_moves_up_in_the_order_it_was_joined():
	waiting = [("c", 3, "t3"), ("a", 1, "t1"), ("b", 2, "t2")]
	assert ev.promotions(3, 2, waiting) == ["a"]
	assert ev.promotions(3, 0, waiting) == ["a", "b", "c"]
	assert ev.promotions(3, 3, waiting) == []
	assert ev.promotions(3, 5, waiting) == []  # seats taken beyond capacity promote nobody
	assert ev.promotions(0, 10, waiting) == ["a", "b", "c"]
	# the same position (should never happen): the one who registered first
	assert ev.promotions(1, 0, [("y", 1, "t2"), ("x", 1, "t1")]) == ["x"]


def test_next_position_is_at_the_end_of_the_list():
	assert ev.next_position([]) == 1
	assert ev.next_position([1, 2, None, 5]) == 6


@pytest.mark.parametrize(
	"text,number",
	[
		("CM-000123", "CM-000123"),
		(" cm-000123\n", "CM-000123"),
		("cm123", "CM-000123"),
		("123", "CM-000123"),
		("CM-1234567", "CM-1234567"),
	],
)
def test_member_codes_typed_or_scanned(text, number):
	assert ev.member_code(text) == number


@pytest.mark.parametrize("text", ["", None, "CM-", "hello", "CM-12a", "1" * 12, "'; drop table"])
def test_a_bad_member_code_is_refused(text):
	assert code_of(lambda: ev.member_code(text)) == "bad_member_code"


def test_the_door_decides():
	assert ev.check_in_decision(ev.REGISTERED, 10, 10, True) == ev.ADMIT
	assert ev.check_in_decision(ev.ATTENDED, 10, 1, True) == ev.ALREADY
	assert ev.check_in_decision(None, 10, 9, True) == ev.WALK_IN
	assert ev.check_in_decision(None, 10, 10, True) == ev.FULL
	assert ev.check_in_decision(ev.WAITING, 10, 9, True) == ev.WALK_IN
	assert ev.check_in_decision(ev.CANCELLED_REG, 0, 99, True) == ev.WALK_IN
	assert ev.check_in_decision(None, 10, 0, False) == "not_registered"
	assert ev.check_in_decision(ev.WAITING, 10, 0, False) == ev.FULL
	assert ev.check_in_decision(ev.CANCELLED_REG, 10, 0, False) == ev.WAS_CANCELLED
