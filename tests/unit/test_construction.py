import json
from pathlib import Path

import pytest

from recrm.core import RuleError
from recrm.core.construction import BUILDING_STAGES, NOT_STARTED, STAGES, stages_reached

REPO = Path(__file__).resolve().parents[2]


def test_a_building_not_started_has_reached_nothing():
	assert stages_reached(NOT_STARTED) == ()
	assert stages_reached(None) == ()
	assert stages_reached("") == ()


def test_reaching_a_stage_means_every_earlier_stage_was_reached():
	assert stages_reached("Foundation") == ("Foundation",)
	assert stages_reached("Topped Out") == ("Foundation", "Structure", "Topped Out")
	assert stages_reached("Handed Over") == STAGES


def test_an_unknown_stage_is_refused():
	with pytest.raises(RuleError) as error:
		stages_reached("Roof Party")
	assert error.value.code == "unknown_construction_stage"
	assert error.value.params == {"stage": "Roof Party"}


def select_options(path: str, fieldname: str) -> tuple[str, ...]:
	data = json.loads((REPO / path).read_text(encoding="utf-8"))
	field = next(f for f in data["fields"] if f["fieldname"] == fieldname)
	return tuple(line for line in field["options"].split("\n") if line)


def test_the_doctypes_offer_exactly_these_stages():
	assert select_options("recrm/inventory/doctype/re_building/re_building.json", "construction_stage") == (
		BUILDING_STAGES
	)
	for path, fieldname in (
		("recrm/inventory/doctype/re_building_stage/re_building_stage.json", "stage"),
		("recrm/sales/doctype/re_payment_plan_instalment/re_payment_plan_instalment.json", "stage"),
	):
		assert select_options(path, fieldname) == STAGES, path
