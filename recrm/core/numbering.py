"""Floor labels and unit numbers (房号).

A building has physical floors 1..N; developers often leave out unlucky floor numbers (4, 13, 14),
so the 4th physical floor is labelled 5. Units are numbered from a pattern such as
``{floor}{unit:02}`` (floor 23, unit 1 -> 2301). Basement floors are labelled -1, -2, ...
"""

import re
import string
from collections.abc import Iterable
from dataclasses import dataclass

from recrm.core import RuleError

PATTERN_FIELDS = {"floor", "unit", "building"}
_SPEC = re.compile(r"^0?\d?$")
MAX_FLOORS = 200
MAX_UNITS_PER_FLOOR = 100


def parse_floor_numbers(text: str | None) -> set[int]:
	"""Parse "4, 13, 14" or "4 13-14" into {4, 13, 14}."""
	numbers: set[int] = set()
	for part in re.split(r"[,\s;，、]+", (text or "").strip()):
		if not part:
			continue
		match = re.fullmatch(r"(-?\d+)(?:-(\d+))?", part)
		if not match:
			raise RuleError("bad_floor_list", part=part)
		start = int(match.group(1))
		end = int(match.group(2)) if match.group(2) else start
		if end < start or end - start > MAX_FLOORS:
			raise RuleError("bad_floor_list", part=part)
		numbers.update(range(start, end + 1))
	return numbers


def floor_labels(floors: int, skip: Iterable[int] = (), basement_floors: int = 0) -> list[int]:
	"""Labels of a building's floors, from the lowest basement up to the top floor."""
	if floors < 0 or floors > MAX_FLOORS:
		raise RuleError("bad_floor_count", floors=floors, max=MAX_FLOORS)
	if basement_floors < 0 or basement_floors > 10:
		raise RuleError("bad_basement_count", basement_floors=basement_floors)
	if floors + basement_floors < 1:
		# an underground garage may have no floor above ground, but a building has some floor
		raise RuleError("bad_floor_count", floors=floors, max=MAX_FLOORS)
	skipped = set(skip)
	labels: list[int] = []
	label = 0
	while len(labels) < floors:
		label += 1
		if label not in skipped:
			labels.append(label)
	return [-b for b in range(basement_floors, 0, -1)] + labels


def validate_pattern(pattern: str) -> None:
	"""Only {floor}, {unit} and {building} with an optional zero-padded width are allowed."""
	seen = set()
	try:
		parsed = list(string.Formatter().parse(pattern or ""))
	except ValueError:
		raise RuleError("bad_pattern", pattern=pattern)
	for _literal, name, spec, conversion in parsed:
		if name is None:
			continue
		if name not in PATTERN_FIELDS or conversion or not _SPEC.match(spec or ""):
			raise RuleError("bad_pattern", pattern=pattern)
		seen.add(name)
	if not {"floor", "unit"} <= seen:
		raise RuleError("pattern_needs_floor_and_unit", pattern=pattern)


def format_unit_number(pattern: str, floor: int, unit: int, building: str = "") -> str:
	validate_pattern(pattern)
	if floor < 0:
		# B1-01 reads better than -101 for a basement parking space
		floor_text: str | int = f"B{-floor}"
		pattern = re.sub(r"\{floor(:[^}]*)?\}", "{floor}", pattern)
		return pattern.format(floor=floor_text, unit=unit, building=building)
	return pattern.format(floor=floor, unit=unit, building=building)


@dataclass(frozen=True)
class PlannedUnit:
	floor: int
	position: int
	unit_number: str


def plan_units(
	floors: int,
	units_per_floor: int,
	pattern: str,
	skip: Iterable[int] = (),
	building: str = "",
	basement_floors: int = 0,
	positions_by_floor=None,
) -> list[PlannedUnit]:
	"""Every unit of a building, in floor then position order, numbered by ``pattern``.

	``positions_by_floor(label) -> iterable of positions`` lets basements carry a different layout
	(parking spaces) than the tower; by default every floor has 1..units_per_floor.
	"""
	if not positions_by_floor and (units_per_floor < 1 or units_per_floor > MAX_UNITS_PER_FLOOR):
		raise RuleError("bad_units_per_floor", units_per_floor=units_per_floor, max=MAX_UNITS_PER_FLOOR)
	validate_pattern(pattern)
	planned: list[PlannedUnit] = []
	seen: dict[str, PlannedUnit] = {}
	for label in floor_labels(floors, skip, basement_floors):
		positions = positions_by_floor(label) if positions_by_floor else range(1, units_per_floor + 1)
		for position in positions:
			number = format_unit_number(pattern, label, position, building)
			unit = PlannedUnit(label, position, number)
			if number in seen:
				raise RuleError("duplicate_unit_number", unit_number=number, pattern=pattern)
			seen[number] = unit
			planned.append(unit)
	return planned


def is_valid_floor(floor: int, floors: int, skip: Iterable[int] = (), basement_floors: int = 0) -> bool:
	return floor in set(floor_labels(floors, skip, basement_floors))
