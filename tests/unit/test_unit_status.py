import pytest

from recrm.core import RuleError
from recrm.core.unit_status import (
	AVAILABLE,
	CONTRACTED,
	HANDED_OVER,
	HELD,
	MANUAL_ACTIONS,
	NOT_FOR_SALE,
	RESERVED,
	STATUSES,
	TRANSITIONS,
	actions_for,
	check_transition,
	manual_action,
)


def test_every_status_has_its_transitions():
	assert set(TRANSITIONS) == set(STATUSES)
	for targets in TRANSITIONS.values():
		assert targets <= set(STATUSES)


@pytest.mark.parametrize(
	"from_status,to_status",
	[
		(AVAILABLE, RESERVED),
		(RESERVED, CONTRACTED),
		(AVAILABLE, CONTRACTED),
		(CONTRACTED, HANDED_OVER),
		(HELD, AVAILABLE),
	],
)
def test_the_sales_path_is_open(from_status, to_status):
	check_transition(from_status, to_status)


@pytest.mark.parametrize(
	"from_status,to_status,code",
	[
		(HANDED_OVER, AVAILABLE, "transition_not_allowed"),
		(HELD, RESERVED, "transition_not_allowed"),
		(HELD, CONTRACTED, "transition_not_allowed"),
		(AVAILABLE, AVAILABLE, "status_unchanged"),
		(AVAILABLE, "Sold", "unknown_status"),
		(NOT_FOR_SALE, CONTRACTED, "transition_not_allowed"),
	],
)
def test_impossible_moves_are_refused(from_status, to_status, code):
	with pytest.raises(RuleError) as error:
		check_transition(from_status, to_status)
	assert error.value.code == code


def test_manual_actions_are_only_offered_where_they_apply():
	assert actions_for(AVAILABLE) == ["hold", "withdraw"]
	assert actions_for(HELD) == ["release", "withdraw"]
	assert actions_for(RESERVED) == []
	assert manual_action("hold", AVAILABLE).to_status == HELD
	with pytest.raises(RuleError) as error:
		manual_action("release", RESERVED)
	assert error.value.code == "action_not_allowed"
	with pytest.raises(RuleError):
		manual_action("sell", AVAILABLE)


def test_every_manual_action_is_a_legal_transition():
	for action in MANUAL_ACTIONS.values():
		for status in action.from_statuses:
			check_transition(status, action.to_status)
