"""Construction stages of a building (工程节点), in the order a building reaches them.

Payment instalments may fall due at a stage ("30 days after topping out"). A building reports its
current stage; reaching a stage means every earlier stage was reached too, so a report that skips
one (Foundation straight to Topped Out) still dates the instalments waiting for the skipped stage.
"""

from recrm.core import RuleError

NOT_STARTED = "Not Started"
STAGES = ("Foundation", "Structure", "Topped Out", "Fit-out", "Completed", "Handed Over")
# what RE Building's construction_stage offers: not started, then the stages
BUILDING_STAGES = (NOT_STARTED, *STAGES)


def stages_reached(stage: str | None) -> tuple[str, ...]:
	"""The stages a building at ``stage`` has reached, earliest first; none before it starts."""
	if not stage or stage == NOT_STARTED:
		return ()
	if stage not in STAGES:
		raise RuleError("unknown_construction_stage", stage=stage)
	return STAGES[: STAGES.index(stage) + 1]
