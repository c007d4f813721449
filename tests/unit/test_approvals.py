import pytest

from recrm.core import RuleError
from recrm.core.approvals import Move, check_move, next_states
from recrm.core.roles import GENERAL_MANAGER, SALES_ADVISOR, SALES_MANAGER

MANAGER, GM, ADVISOR = SALES_MANAGER, GENERAL_MANAGER, SALES_ADVISOR
# the discount workflow of a contract whose chain is manager then general manager
MOVES = [
	Move("Draft", "Pending Sales Manager", ADVISOR),
	Move("Pending Sales Manager", "Pending General Manager", MANAGER, self_approval=False),
	Move("Pending Sales Manager", "Rejected", MANAGER, self_approval=False),
	Move("Pending General Manager", "Approved", GM, self_approval=False),
	Move("Pending General Manager", "Rejected", GM, self_approval=False),
	Move("Approved", "Signed", ADVISOR),
	Move("Approved", "Draft", ADVISOR),
]


def code(call) -> tuple[str, dict]:
	with pytest.raises(RuleError) as caught:
		call()
	return caught.value.code, caught.value.params


def test_the_right_approver_moves_to_the_next_state():
	move = check_move("Pending Sales Manager", "Pending General Manager", MOVES, [MANAGER])
	assert move.role == MANAGER
	assert check_move("Pending General Manager", "Approved", MOVES, [GM]).next_state == "Approved"


def test_no_change_of_state_is_no_move():
	assert check_move("Draft", "Draft", MOVES, []) is None


def test_a_state_typed_by_hand_that_is_no_next_state_is_refused_naming_the_next_ones():
	found, params = code(lambda: check_move("Pending Sales Manager", "Approved", MOVES, [MANAGER, GM]))
	assert found == "approval_not_next_state"
	assert params["options"] == ["Pending General Manager", "Rejected"]
	assert code(lambda: check_move("Draft", "Approved", MOVES, [GM]))[0] == "approval_not_next_state"
	assert code(lambda: check_move("Draft", "no such state", MOVES, [GM]))[0] == "approval_not_next_state"


def test_a_later_steps_role_is_no_licence_to_act_now():
	found, params = code(lambda: check_move("Pending Sales Manager", "Rejected", MOVES, [GM]))
	assert found == "approval_not_your_step"
	assert params["roles"] == [MANAGER]


def test_the_raiser_does_not_decide_on_their_own_request_but_may_ask_and_sign():
	found, _params = code(
		lambda: check_move("Pending General Manager", "Approved", MOVES, [GM], is_raiser=True)
	)
	assert found == "approval_own_request"
	assert code(lambda: check_move("Pending Sales Manager", "Rejected", MOVES, [MANAGER], True))[0] == (
		"approval_own_request"
	)
	assert check_move("Draft", "Pending Sales Manager", MOVES, [ADVISOR], is_raiser=True)
	assert check_move("Approved", "Signed", MOVES, [ADVISOR], is_raiser=True)


def test_a_decided_state_leads_nowhere():
	assert code(lambda: check_move("Signed", "Draft", MOVES, [GM, ADVISOR]))[0] == "approval_state_final"


def test_a_new_document_starts_in_the_first_state():
	assert check_move(None, "Draft", MOVES, [ADVISOR], first_state="Draft") is None
	found, params = code(lambda: check_move(None, "Approved", MOVES, [GM], first_state="Draft"))
	assert (found, params["first"]) == ("approval_new_not_first", "Draft")


def test_next_states_keep_the_workflows_order_each_once():
	moves = [*MOVES, Move("Pending Sales Manager", "Rejected", GM)]
	assert next_states("Pending Sales Manager", moves) == ["Pending General Manager", "Rejected"]
	assert next_states("Signed", moves) == []
