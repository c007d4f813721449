"""Who may move a document from one approval state to the next (审批), whatever the route.

Every approval workflow of recrm (the compensation claim, the contract's discount, the sales
change) passes this one rule on every change of its state — a save with a new state, a submit,
Frappe's Workflow Action, the e-mailed action link, REST v1 and v2 alike:

- the new state is one the workflow leads to from the stored one (a state typed by hand that is no
  next state is refused, naming the states it may go to);
- the user holds the role of that move (holding a later step's role is no licence to act now);
- nobody decides on what they raised themselves, unless the move allows it (``self_approval``: a
  request, a revision, signing after approval);
- a new document starts in the workflow's first state.

The authority limit (a discount beyond a role's limit, a claim above an amount threshold) is the
document's own rule on top of this one: its workflow's conditions and its controller decide it.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from recrm.core import RuleError


@dataclass(frozen=True)
class Move:
	"""A transition of the workflow whose condition holds for the stored document: from ``state``
	to ``next_state`` by a user holding ``role``; ``self_approval`` lets the raiser make it."""

	state: str
	next_state: str
	role: str
	self_approval: bool = True


def next_states(state: str, moves: Sequence[Move]) -> list[str]:
	"""The states reachable from ``state``, in the workflow's order, each once."""
	found: list[str] = []
	for move in moves:
		if move.state == state and move.next_state not in found:
			found.append(move.next_state)
	return found


def check_move(
	old: str | None,
	new: str,
	moves: Sequence[Move],
	roles: Iterable[str],
	is_raiser: bool = False,
	first_state: str | None = None,
	record: str = "",
) -> Move | None:
	"""The move from ``old`` (None: a new document) to ``new`` the user may make, or None when the
	state does not change; a ``RuleError`` when they may not make it. ``record`` names the document
	in the message."""
	if old is None:
		if first_state is not None and new != first_state:
			raise RuleError("approval_new_not_first", record=record, new=new, first=first_state)
		return None
	if old == new:
		return None
	options = next_states(old, moves)
	if not options:
		raise RuleError("approval_state_final", record=record, state=old, new=new)
	if new not in options:
		raise RuleError("approval_not_next_state", record=record, state=old, new=new, options=options)
	roles = set(roles)
	to_new = [m for m in moves if m.state == old and m.next_state == new]
	mine = [m for m in to_new if m.role in roles]
	if not mine:
		raise RuleError(
			"approval_not_your_step",
			record=record,
			state=old,
			new=new,
			roles=list(dict.fromkeys(m.role for m in to_new)),
		)
	if is_raiser and not any(m.self_approval for m in mine):
		raise RuleError("approval_own_request", record=record, state=old, new=new)
	return mine[0]
