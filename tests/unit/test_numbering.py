import pytest
from hypothesis import given
from hypothesis import strategies as st

from recrm.core import RuleError
from recrm.core.numbering import (
	floor_labels,
	format_unit_number,
	is_valid_floor,
	parse_floor_numbers,
	plan_units,
	validate_pattern,
)


def test_parse_floor_numbers_accepts_lists_and_ranges():
	assert parse_floor_numbers("4, 13, 14") == {4, 13, 14}
	assert parse_floor_numbers("4 13-14") == {4, 13, 14}
	assert parse_floor_numbers("4，14、24") == {4, 14, 24}
	assert parse_floor_numbers("") == set()
	assert parse_floor_numbers(None) == set()


@pytest.mark.parametrize("text", ["four", "4-2", "1-500", "4;x"])
def test_parse_floor_numbers_refuses_nonsense(text):
	with pytest.raises(RuleError) as error:
		parse_floor_numbers(text)
	assert error.value.code == "bad_floor_list"


def test_skipped_floors_shift_labels_up():
	assert floor_labels(5, {4}) == [1, 2, 3, 5, 6]
	labels = floor_labels(30, {4, 13, 14})
	assert len(labels) == 30
	assert labels[-1] == 33
	assert not {4, 13, 14} & set(labels)


def test_basements_come_first_and_negative():
	assert floor_labels(3, basement_floors=2) == [-2, -1, 1, 2, 3]


def test_unit_numbers_follow_the_pattern():
	assert format_unit_number("{floor}{unit:02}", 23, 1) == "2301"
	assert format_unit_number("{building}-{floor}{unit:02}", 5, 12, "3#") == "3#-512"
	assert format_unit_number("{floor:02}-{unit}", 3, 2) == "03-2"
	assert format_unit_number("{floor}{unit:02}", -1, 7) == "B107"


@pytest.mark.parametrize(
	"pattern",
	["{floor}", "{unit}", "{floor.__class__}{unit}", "{floor}{unit!r}", "{floor}{unit:>9}", "{x}{unit}", "{"],
)
def test_bad_patterns_are_refused(pattern):
	with pytest.raises(RuleError):
		validate_pattern(pattern)


def test_plan_skips_floors_and_numbers_every_unit():
	plan = plan_units(floors=25, units_per_floor=4, pattern="{floor}{unit:02}", skip={4, 13, 14})
	assert len(plan) == 100
	numbers = [u.unit_number for u in plan]
	assert "2801" in numbers  # 25 physical floors reach label 28
	assert not any(n.startswith("4") and len(n) == 3 for n in numbers)
	assert "1301" not in numbers and "1401" not in numbers


def test_plan_refuses_patterns_that_collide():
	# floor 1 unit 11 and floor 11 unit 1 are both "111"
	with pytest.raises(RuleError) as error:
		plan_units(floors=12, units_per_floor=11, pattern="{floor}{unit}")
	assert error.value.code == "duplicate_unit_number"


@pytest.mark.parametrize("floors,units", [(0, 4), (-1, 4), (201, 4), (10, 0), (10, 101)])
def test_plan_refuses_impossible_buildings(floors, units):
	with pytest.raises(RuleError):
		plan_units(floors=floors, units_per_floor=units, pattern="{floor}{unit:02}")


def test_floor_validity_respects_skips_and_basements():
	assert is_valid_floor(5, 5, {4})
	assert is_valid_floor(6, 5, {4})
	assert not is_valid_floor(4, 5, {4})
	assert not is_valid_floor(7, 5, {4})
	assert is_valid_floor(-1, 5, basement_floors=1)
	assert not is_valid_floor(-2, 5, basement_floors=1)
	assert not is_valid_floor(0, 5)


@given(
	floors=st.integers(1, 60),
	units=st.integers(1, 99),
	skip=st.sets(st.integers(1, 70), max_size=6),
	basements=st.integers(0, 3),
)
def test_padded_pattern_numbers_are_unique_and_floors_valid(floors, units, skip, basements):
	plan = plan_units(floors, units, "{floor}{unit:02}", skip, basement_floors=basements)
	assert len(plan) == (floors + basements) * units
	assert len({u.unit_number for u in plan}) == len(plan)
	assert all(is_valid_floor(u.floor, floors, skip, basements) for u in plan)


def test_an_underground_garage_has_only_basements():
	assert floor_labels(0, basement_floors=2) == [-2, -1]
	plan = plan_units(
		0, 0, "{floor}-{unit:03}", basement_floors=1, positions_by_floor=lambda floor: range(1, 4)
	)
	assert [u.unit_number for u in plan] == ["B1-001", "B1-002", "B1-003"]
