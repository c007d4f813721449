"""The sales control board (销控表): a building as floors × positions, with totals per status."""

from collections.abc import Iterable, Mapping
from decimal import Decimal

from recrm.core.pricing import to_decimal
from recrm.core.unit_status import STATUSES

# which kinds of unit sell on which board: parking and storage have boards of their own
BOARDS: dict[str, tuple[str, ...]] = {
	"Homes": ("Apartment", "Shop", "Office"),
	"Parking": ("Parking Space",),
	"Storage": ("Storage",),
}


def kinds_for_board(board: str) -> tuple[str, ...]:
	return BOARDS.get(board, BOARDS["Homes"])


def summarise(units: Iterable[Mapping]) -> dict[str, dict]:
	"""Count, gross area and list value of the units in each status, every status present."""
	totals = {s: {"count": 0, "gross_area": Decimal(0), "value": Decimal(0)} for s in STATUSES}
	for unit in units:
		bucket = totals.setdefault(
			unit["status"], {"count": 0, "gross_area": Decimal(0), "value": Decimal(0)}
		)
		bucket["count"] += 1
		bucket["gross_area"] += to_decimal(unit.get("gross_area"))
		bucket["value"] += to_decimal(unit.get("list_price"))
	return {
		status: {"count": t["count"], "gross_area": float(t["gross_area"]), "value": float(t["value"])}
		for status, t in totals.items()
	}


def grid(units: Iterable[Mapping]) -> dict:
	"""Rows from the top floor down (as a building is drawn), one cell per position, None where a
	floor has no unit at that position (a duplex, a missing corner)."""
	by_floor: dict[int, dict[int, Mapping]] = {}
	positions: set[int] = set()
	for unit in units:
		position = unit.get("position") or 0
		by_floor.setdefault(unit["floor"], {})[position] = unit
		positions.add(position)
	columns = sorted(positions)
	rows = [
		{"floor": floor, "cells": [by_floor[floor].get(position) for position in columns]}
		for floor in sorted(by_floor, reverse=True)
	]
	return {"positions": columns, "rows": rows}
