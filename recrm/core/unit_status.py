"""Where a unit's status may go, and which of those moves a person may make by hand.

Reserved, Subscribed, Contracted and Handed Over follow from documents (a reservation, a contract,
a handover); Held and Not For Sale are the sales-control (销控) actions a manager takes by hand.
"""

from dataclasses import dataclass

from recrm.core import RuleError

AVAILABLE = "Available"
HELD = "Held"
RESERVED = "Reserved"
SUBSCRIBED = "Subscribed"
CONTRACTED = "Contracted"
HANDED_OVER = "Handed Over"
NOT_FOR_SALE = "Not For Sale"

STATUSES = (AVAILABLE, HELD, RESERVED, SUBSCRIBED, CONTRACTED, HANDED_OVER, NOT_FOR_SALE)
# statuses a new unit may be created in; the rest need the document that causes them
INITIAL_STATUSES = (AVAILABLE, HELD, NOT_FOR_SALE)
SOLD_STATUSES = (SUBSCRIBED, CONTRACTED, HANDED_OVER)

TRANSITIONS: dict[str, frozenset[str]] = {
	# a contract signed without a reservation before it takes an available unit at once
	AVAILABLE: frozenset({HELD, RESERVED, SUBSCRIBED, CONTRACTED, NOT_FOR_SALE}),
	HELD: frozenset({AVAILABLE, NOT_FOR_SALE}),
	RESERVED: frozenset({AVAILABLE, SUBSCRIBED, CONTRACTED}),
	SUBSCRIBED: frozenset({AVAILABLE, CONTRACTED}),
	# a cancellation (退房) returns a contracted unit to sale
	CONTRACTED: frozenset({AVAILABLE, HANDED_OVER}),
	# only a cancelled key handover (交钥匙) takes a handed-over unit back to its contract
	HANDED_OVER: frozenset({CONTRACTED}),
	NOT_FOR_SALE: frozenset({AVAILABLE, HELD}),
}


@dataclass(frozen=True)
class ManualAction:
	key: str
	label: str
	from_statuses: frozenset[str]
	to_status: str


MANUAL_ACTIONS: dict[str, ManualAction] = {
	action.key: action
	for action in (
		ManualAction("hold", "Hold", frozenset({AVAILABLE, NOT_FOR_SALE}), HELD),
		ManualAction("release", "Release", frozenset({HELD}), AVAILABLE),
		ManualAction("withdraw", "Withdraw from Sale", frozenset({AVAILABLE, HELD}), NOT_FOR_SALE),
		ManualAction("return_to_sale", "Return to Sale", frozenset({NOT_FOR_SALE}), AVAILABLE),
	)
}


def check_transition(from_status: str, to_status: str) -> None:
	if to_status not in STATUSES:
		raise RuleError("unknown_status", status=to_status)
	if from_status == to_status:
		raise RuleError("status_unchanged", status=to_status)
	if to_status not in TRANSITIONS.get(from_status, frozenset()):
		raise RuleError("transition_not_allowed", from_status=from_status, to_status=to_status)


def manual_action(key: str, from_status: str) -> ManualAction:
	action = MANUAL_ACTIONS.get(key)
	if not action:
		raise RuleError("unknown_action", action=key)
	if from_status not in action.from_statuses:
		raise RuleError("action_not_allowed", action=key, from_status=from_status)
	check_transition(from_status, action.to_status)
	return action


def actions_for(status: str) -> list[str]:
	return [a.key for a in MANUAL_ACTIONS.values() if status in a.from_statuses]
