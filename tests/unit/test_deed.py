from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from recrm.core import RuleError
from recrm.core.deed import (
	BACK,
	DEED_STAGES,
	FORWARD,
	SKIP,
	STAGE_DAYS,
	Stage,
	apply_move,
	blank_stages,
	check_move,
	check_stages,
	from_old,
	is_overdue,
	needs_alert,
	next_stage,
	steps,
)

TODAY = date(2026, 12, 4)


def code(call) -> str:
	with pytest.raises(RuleError) as error:
		call()
	return error.value.code


def walked(upto: int, start: date = date(2026, 1, 1)) -> tuple[str, list[Stage]]:
	stages = blank_stages("a@x")
	stages[0].reached_on = start
	current = DEED_STAGES[0]
	for index in range(1, upto + 1):
		move = check_move(current, DEED_STAGES[index], start + timedelta(days=index), TODAY)
		stages = apply_move(stages, move)
		current = DEED_STAGES[index]
	return current, stages


def test_eight_stages_in_order_each_with_a_default_duration():
	assert len(DEED_STAGES) == 8
	assert DEED_STAGES[0] == "Online Contract Filed" and DEED_STAGES[-1] == "Issued to Owner"
	assert set(STAGE_DAYS) == set(DEED_STAGES)
	assert next_stage(DEED_STAGES[-1]) is None


def test_a_deed_walks_forward_one_stage_at_a_time_to_issued():
	current, stages = walked(7)
	assert current == "Issued to Owner"
	assert all(row.reached_on for row in stages)
	check_stages(stages, current, TODAY)


def test_the_next_stage_is_due_after_its_default_days():
	move = check_move(DEED_STAGES[0], DEED_STAGES[1], date(2026, 3, 1), TODAY)
	assert move.kind == FORWARD
	stages = apply_move(blank_stages(), move, responsible="b@x")
	assert stages[1].reached_on == date(2026, 3, 1) and stages[1].responsible == "b@x"
	assert stages[2].due_date == date(2026, 3, 1) + timedelta(days=STAGE_DAYS[DEED_STAGES[2]])


def test_a_due_date_set_by_hand_is_kept_on_a_forward_move():
	stages = blank_stages()
	stages[2].due_date = date(2026, 12, 31)
	stages = apply_move(stages, check_move(DEED_STAGES[0], DEED_STAGES[1], date(2026, 3, 1), TODAY))
	assert stages[2].due_date == date(2026, 12, 31)


def test_skipping_needs_a_reason_and_lists_what_was_skipped():
	assert code(lambda: check_move(DEED_STAGES[0], DEED_STAGES[2], TODAY, TODAY)) == "deed_stage_skipped"
	assert (
		code(lambda: check_move(DEED_STAGES[0], DEED_STAGES[2], TODAY, TODAY, "  ")) == "deed_stage_skipped"
	)
	move = check_move(DEED_STAGES[0], DEED_STAGES[3], TODAY, TODAY, "registered by the developer")
	assert move.kind == SKIP and move.skipped == list(DEED_STAGES[1:3])


def test_moving_back_needs_a_reason_and_clears_the_later_stages():
	current, stages = walked(4)
	assert code(lambda: check_move(current, DEED_STAGES[2], TODAY, TODAY)) == "deed_stage_back"
	move = check_move(current, DEED_STAGES[2], TODAY, TODAY, "documents refused")
	assert move.kind == BACK
	stages = apply_move(stages, move)
	assert [bool(row.reached_on) for row in stages] == [True, True, True, False, False, False, False, False]
	assert stages[3].due_date == TODAY + timedelta(days=STAGE_DAYS[DEED_STAGES[3]])
	check_stages(stages, DEED_STAGES[2], TODAY)


def test_refused_dates_and_moves():
	assert code(lambda: check_move(DEED_STAGES[0], DEED_STAGES[0], TODAY, TODAY)) == "deed_same_stage"
	assert code(lambda: check_move(DEED_STAGES[0], DEED_STAGES[1], None, TODAY)) == "deed_date_missing"
	tomorrow = TODAY + timedelta(days=1)
	assert code(lambda: check_move(DEED_STAGES[0], DEED_STAGES[1], tomorrow, TODAY)) == "deed_stage_in_future"
	assert (
		code(
			lambda: check_move(
				DEED_STAGES[0], DEED_STAGES[1], date(2026, 1, 1), TODAY, None, date(2026, 2, 1)
			)
		)
		== "deed_stage_before_previous"
	)
	assert code(lambda: check_move("Nowhere", DEED_STAGES[1], TODAY, TODAY)) == "deed_unknown_stage"


def test_saved_stages_are_checked():
	current, stages = walked(3)
	stages[2].reached_on = TODAY + timedelta(days=3)
	assert code(lambda: check_stages(stages, current, TODAY + timedelta(days=1))) in (
		"deed_stage_in_future",
		"deed_stage_before_previous",
	)
	current, stages = walked(3)
	stages[5].reached_on = TODAY
	assert code(lambda: check_stages(stages, current, TODAY)) == "deed_stage_after_current"
	current, stages = walked(3)
	stages[1].reached_on = date(2025, 1, 1)
	assert code(lambda: check_stages(stages, current, TODAY)) == "deed_stage_before_previous"


def test_overdue_once_its_next_stage_is_past_due_and_alerted_once():
	current, stages = walked(2)
	due = stages[3].due_date
	assert not is_overdue(stages, current, due)
	assert is_overdue(stages, current, due + timedelta(days=1))
	row = needs_alert(stages, current, due + timedelta(days=1))
	assert row is stages[3]
	row.alerted_on = due + timedelta(days=1)
	assert needs_alert(stages, current, due + timedelta(days=9)) is None
	current, stages = walked(7)
	assert not is_overdue(stages, current, date(2099, 1, 1))


def test_steps_show_every_stage_up_to_the_current_as_done():
	stages = blank_stages()
	move = check_move(DEED_STAGES[0], DEED_STAGES[3], TODAY, TODAY, "older deed")
	stages = apply_move(stages, move)
	shown = steps(stages, DEED_STAGES[3])
	assert [done for _stage, _date, done in shown] == [True] * 4 + [False] * 4
	assert shown[3][1] == TODAY and shown[1][1] is None


def test_old_four_step_deeds_map_to_the_new_stages():
	current, stages = from_old("Collecting Documents", {})
	assert current == "Initial Registration" and not any(row.reached_on for row in stages)
	current, stages = from_old(
		"Issued",
		{
			"documents_collected_on": date(2025, 1, 1),
			"submitted_on": date(2025, 2, 1),
			"issued_on": date(2025, 5, 1),
		},
	)
	assert current == "Certificate Collected"
	dated = {row.stage: row.reached_on for row in stages if row.reached_on}
	assert dated == {
		"Documents Collected": date(2025, 1, 1),
		"Submitted to Registry": date(2025, 2, 1),
		"Certificate Collected": date(2025, 5, 1),
	}
	current, stages = from_old("Handed to Owner", {"handed_over_on": date(2025, 6, 1)})
	assert current == "Issued to Owner" and stages[-1].reached_on == date(2025, 6, 1)
	# a stale stage behind its dates follows the dates
	assert from_old("Documents Collected", {"submitted_on": date(2025, 2, 1)})[0] == "Submitted to Registry"


@given(st.integers(0, 7), st.integers(0, 7), st.booleans())
def test_a_move_is_allowed_exactly_when_forward_by_one_or_with_a_reason(frm, to, reason):
	if frm == to:
		return
	call = lambda: check_move(DEED_STAGES[frm], DEED_STAGES[to], TODAY, TODAY, "why" if reason else "")  # noqa: E731
	if to == frm + 1 or reason:
		assert check_move(DEED_STAGES[frm], DEED_STAGES[to], TODAY, TODAY, "why" if reason else "").to_stage
	else:
		assert code(call) in ("deed_stage_skipped", "deed_stage_back")
