"""Value grading (价值分级), segments (life stage × affordability) and the 80/20 view.

A customer's value has three parts, each worth 0–100 points:

- **historical**: what they have bought — the sum of their signed, not cancelled contracts; full
  points at ``historical_full`` yuan;
- **current**: what is on the table — open reservations and subscriptions (认购) not yet turned
  into a contract; full points at ``current_full``. A deal counts once: when its contract is
  signed it moves from current to historical value;
- **potential**: what they may bring — buyers referred (老带新), upgrade signals (a growing family,
  a budget above the home they own, a second-home purpose), engagement (interactions in the last
  90 days, club membership); points per fact, at most 100.

The score is the weighted mean of the parts (0–100); the grade is A, B, C or D by the lowest
score of each of A, B and C. Rules come from a ``GradingRules`` that validates itself.
"""

import math
from collections.abc import Iterable
from dataclasses import dataclass, field, fields
from decimal import Decimal
from itertools import pairwise

from recrm.core import RuleError

GRADES = ("A", "B", "C", "D")
MAX_POINTS = 100.0


def _number(value) -> float | None:
	"""A finite float from an int, float or Decimal; None for anything else."""
	if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
		return None
	number = float(value)
	return number if math.isfinite(number) else None


@dataclass(frozen=True)
class GradingRules:
	weight_historical: float = 0.4
	weight_current: float = 0.3
	weight_potential: float = 0.3
	historical_full: float = 3_000_000  # yuan of contracts that earn all the historical points
	current_full: float = 2_000_000  # yuan of open reservations that earn all the current points
	points_per_referral: float = 25
	points_per_upgrade_signal: float = 20
	points_per_recent_interaction: float = 4
	points_for_club_member: float = 10
	thresholds: tuple = (60, 35, 15)  # lowest score of A, of B and of C; below C is D

	def __post_init__(self):
		for name in ("weight_historical", "weight_current", "weight_potential"):
			value = _number(getattr(self, name))
			if value is None or value < 0:
				raise RuleError("negative_grading_weight", weight=name, value=getattr(self, name))
		if not (self.weight_historical or self.weight_current or self.weight_potential):
			raise RuleError("grading_weights_all_zero")
		for name in ("historical_full", "current_full"):
			value = _number(getattr(self, name))
			if value is None or value <= 0:
				raise RuleError("bad_grading_full_value", field=name, value=getattr(self, name))
		for name in (
			"points_per_referral",
			"points_per_upgrade_signal",
			"points_per_recent_interaction",
			"points_for_club_member",
		):
			value = _number(getattr(self, name))
			if value is None or value < 0:
				raise RuleError("negative_grading_points", field=name, value=getattr(self, name))
		thresholds = tuple(self.thresholds or ())
		numbers = [_number(t) for t in thresholds]
		if len(thresholds) != len(GRADES) - 1 or any(n is None or not 0 <= n <= MAX_POINTS for n in numbers):
			raise RuleError("bad_grading_thresholds", thresholds=thresholds)
		if any(high <= low for high, low in pairwise(numbers)):
			raise RuleError("grading_thresholds_not_descending", thresholds=thresholds)
		object.__setattr__(self, "thresholds", tuple(numbers))


DEFAULT_RULES = GradingRules()


@dataclass(frozen=True)
class ValueFacts:
	"""One customer's figures, summed across projects by the shell (one query for everyone)."""

	historical_value: float = 0  # signed, not cancelled contracts
	current_value: float = 0  # open reservations and subscriptions without a contract yet
	referrals_made: int = 0  # buyers this customer brought in (老带新)
	upgrade_signals: int = 0
	interactions_90d: int = 0
	is_club_member: bool = False

	def __post_init__(self):
		for f in fields(self):
			if f.name == "is_club_member":
				continue
			value = _number(getattr(self, f.name))
			if value is None or value < 0:
				raise RuleError("bad_value_facts", field=f.name, value=getattr(self, f.name))


@dataclass(frozen=True)
class GradeResult:
	score: float
	grade: str
	parts: dict = field(default_factory=dict)  # historical, current, potential: 0–100 points each


def value_parts(facts: ValueFacts, rules: GradingRules = DEFAULT_RULES) -> dict[str, float]:
	historical = min(float(facts.historical_value) / float(rules.historical_full), 1.0) * MAX_POINTS
	current = min(float(facts.current_value) / float(rules.current_full), 1.0) * MAX_POINTS
	potential = min(
		float(facts.referrals_made) * float(rules.points_per_referral)
		+ float(facts.upgrade_signals) * float(rules.points_per_upgrade_signal)
		+ float(facts.interactions_90d) * float(rules.points_per_recent_interaction)
		+ (float(rules.points_for_club_member) if facts.is_club_member else 0.0),
		MAX_POINTS,
	)
	return {
		"historical": round(historical, 2),
		"current": round(current, 2),
		"potential": round(potential, 2),
	}


def grade_for_score(score, thresholds=DEFAULT_RULES.thresholds) -> str:
	"""A at or above the first threshold, B the second, C the third, D below."""
	for letter, lowest in zip(GRADES, thresholds, strict=False):
		if score >= lowest:
			return letter
	return GRADES[-1]


def grade(facts: ValueFacts, rules: GradingRules = DEFAULT_RULES) -> GradeResult:
	parts = value_parts(facts, rules)
	weights = {
		"historical": float(rules.weight_historical),
		"current": float(rules.weight_current),
		"potential": float(rules.weight_potential),
	}
	score = round(sum(parts[k] * w for k, w in weights.items()) / sum(weights.values()), 2)
	return GradeResult(score=score, grade=grade_for_score(score, rules.thresholds), parts=parts)


# ---- segments: life stage × affordability ----------------------------------------------------

FIRST_TIME_BUYER = "First-time Buyer"
MOBILE_PROFESSIONAL = "Mobile Professional"
COUPLE_NO_CHILDREN = "Couple without Children"
YOUNG_FAMILY = "Young Family"
MATURE_FAMILY = "Mature Family"
EMPTY_NESTER = "Empty Nester"
RETIREE = "Retiree"
INVESTOR = "Investor"
UNKNOWN = "Unknown"

LIFE_STAGES = (
	FIRST_TIME_BUYER,
	MOBILE_PROFESSIONAL,
	COUPLE_NO_CHILDREN,
	YOUNG_FAMILY,
	MATURE_FAMILY,
	EMPTY_NESTER,
	RETIREE,
	INVESTOR,
)

RETIREMENT_AGE = 60
YOUNG_CHILD_BELOW = 12  # a youngest child under 12: a young family
ADULT_CHILD_FROM = 18  # every child grown up: an empty nest

# (band, lowest budget in yuan), ascending; the first band starts at 0
AFFORDABILITY_BANDS: tuple[tuple[str, float], ...] = (
	("Entry", 0),
	("Middle", 1_500_000),
	("Upper", 3_000_000),
	("Luxury", 6_000_000),
)
INCOME_MULTIPLE = 6  # a household buys about six years of its income when no budget is known


def life_stage_of(
	age: int | None = None,
	married: bool | None = None,
	children: int | None = None,
	youngest_child_age: int | None = None,
	homes_owned: int | None = None,
	purpose: str | None = None,
) -> str:
	"""The life stage the household's facts point to, or ``Unknown`` when they say too little.

	First match wins: buying as an investment → Investor; 60 or older → Retiree; with children,
	by the youngest — under 12 Young Family, under 18 Mature Family, else Empty Nester; without
	children and without a home → First-time Buyer; married → Couple without Children; single
	with a home → Mobile Professional."""
	for name, value in (
		("age", age),
		("children", children),
		("youngest_child_age", youngest_child_age),
		("homes_owned", homes_owned),
	):
		if value is not None and (isinstance(value, bool) or not isinstance(value, int) or value < 0):
			raise RuleError("bad_household_facts", field=name, value=value)
	if (purpose or "").strip().lower() == "investment":
		return INVESTOR
	if age is not None and age >= RETIREMENT_AGE:
		return RETIREE
	if children:
		if youngest_child_age is None or youngest_child_age < YOUNG_CHILD_BELOW:
			return YOUNG_FAMILY
		return MATURE_FAMILY if youngest_child_age < ADULT_CHILD_FROM else EMPTY_NESTER
	if children is None:
		return UNKNOWN
	if homes_owned == 0:
		return FIRST_TIME_BUYER
	if married:
		return COUPLE_NO_CHILDREN
	if married is None or homes_owned is None:
		return UNKNOWN
	return MOBILE_PROFESSIONAL


def _check_bands(bands) -> None:
	lows = [_number(low) for _name, low in bands]
	if not bands or lows[0] != 0 or any(low is None for low in lows):
		raise RuleError("bad_affordability_bands", bands=bands)
	if any(high <= low for low, high in pairwise(lows)):
		raise RuleError("bad_affordability_bands", bands=bands)


def affordability_band(
	budget=None,
	annual_income=None,
	bands=AFFORDABILITY_BANDS,
	income_multiple=INCOME_MULTIPLE,
) -> str:
	"""The band of the budget, or of ``annual_income × income_multiple`` when no budget is known;
	``Unknown`` when neither is. Bands are (name, lowest budget) pairs, ascending from 0."""
	_check_bands(bands)
	amount = None
	for name, value in (("budget", budget), ("annual_income", annual_income)):
		if value is None or value == "" or value == 0:
			continue
		number = _number(value)
		if number is None or number < 0:
			raise RuleError("bad_affordability_amount", field=name, value=value)
		amount = number if name == "budget" else number * float(income_multiple)
		break
	if amount is None:
		return UNKNOWN
	band = bands[0][0]
	for name, low in bands:
		if amount >= float(low):
			band = name
	return band


@dataclass(frozen=True)
class Segment:
	life_stage: str
	affordability: str

	@property
	def label(self) -> str:
		return f"{self.life_stage} / {self.affordability}"


def segment(life_stage: str | None, affordability: str | None, bands=AFFORDABILITY_BANDS) -> Segment:
	"""The life stage × affordability cell a customer falls in; missing halves are ``Unknown``."""
	stage = life_stage or UNKNOWN
	band = affordability or UNKNOWN
	if stage not in LIFE_STAGES and stage != UNKNOWN:
		raise RuleError("unknown_life_stage", life_stage=life_stage)
	if band != UNKNOWN and band not in {name for name, _low in bands}:
		raise RuleError("unknown_affordability", affordability=affordability)
	return Segment(stage, band)


def segments() -> list[Segment]:
	"""Every cell of the grid, for a report that shows empty cells too."""
	return [Segment(stage, name) for stage in LIFE_STAGES for name, _low in AFFORDABILITY_BANDS]


# ---- the customer file in the rules' terms ---------------------------------------------------
# The customer file records bands, not exact figures. These tables turn its choices into the facts
# ``life_stage_of`` and ``affordability_band`` read; a value the tables do not know is unknown.

# a representative age per age band: 55-64 counts as still working (58), 65 and over as retired
AGE_OF_BAND = {"Under 25": 22, "25-34": 30, "35-44": 40, "45-54": 50, "55-64": 58, "65 and Over": 70}
# (married, children, youngest child's age) per family structure; three generations under one roof
# are counted as a family with a child of unknown age, i.e. a young family
HOUSEHOLD_OF_FAMILY = {
	"Single": (False, 0, None),
	"Couple": (True, 0, None),
	"Couple with Young Children": (True, 1, 6),
	"Couple with Older Children": (True, 1, 14),
	"Three Generations": (True, 1, None),
	"Empty Nest": (True, 1, 25),
}
# a representative yearly household income (yuan) per income band
INCOME_OF_BAND = {
	"Low": 60_000,
	"Lower Middle": 120_000,
	"Middle": 250_000,
	"Upper Middle": 500_000,
	"High": 1_000_000,
}
# purposes that say the buyer already owns a home
OWNER_PURPOSES = frozenset({"Upgrade", "Second Home"})
# family structures that point to a growing household, which needs more room
GROWING_FAMILIES = frozenset({"Couple with Young Children", "Three Generations"})


@dataclass(frozen=True)
class Profile:
	"""What the customer file says about a household (all optional, as typed by the advisor)."""

	age_band: str | None = None
	family_structure: str | None = None
	income_band: str | None = None
	budget: float | None = None
	purpose: str | None = None
	owns_home: bool = False  # bought a home from the company (contracted or later)


def homes_owned_of(profile: Profile) -> int | None:
	"""1 when the customer bought from the company or buys to upgrade or for a second home; 0 when
	they buy for their own use (taken as a first home); None when nothing says."""
	if profile.owns_home or profile.purpose in OWNER_PURPOSES:
		return 1
	if profile.purpose == "Own Use":
		return 0
	return None


def life_stage_of_profile(profile: Profile) -> str:
	married, children, youngest = HOUSEHOLD_OF_FAMILY.get(profile.family_structure or "", (None, None, None))
	return life_stage_of(
		age=AGE_OF_BAND.get(profile.age_band or ""),
		married=married,
		children=children,
		youngest_child_age=youngest,
		homes_owned=homes_owned_of(profile),
		purpose=profile.purpose,
	)


def affordability_of_profile(profile: Profile) -> str:
	return affordability_band(
		budget=profile.budget, annual_income=INCOME_OF_BAND.get(profile.income_band or "")
	)


def segment_of_profile(profile: Profile) -> Segment:
	return segment(life_stage_of_profile(profile), affordability_of_profile(profile))


def upgrade_signals(profile: Profile, interactions_90d: int = 0) -> int:
	"""How many signs point to a further purchase, one point each:

	- buying to upgrade (改善);
	- buying a second home;
	- a growing household (young children, three generations);
	- a customer who already bought and is in touch again (an interaction in the last 90 days)."""
	return sum(
		(
			profile.purpose == "Upgrade",
			profile.purpose == "Second Home",
			profile.family_structure in GROWING_FAMILIES,
			bool(profile.owns_home and interactions_90d),
		)
	)


def all_segment_labels() -> list[str]:
	"""Every label a customer's segment can have, known cells first, then those with an unknown half."""
	bands = [name for name, _low in AFFORDABILITY_BANDS]
	labels = [s.label for s in segments()]
	labels += [Segment(stage, UNKNOWN).label for stage in LIFE_STAGES]
	labels += [Segment(UNKNOWN, band).label for band in [*bands, UNKNOWN]]
	return labels


# ---- 80/20 ------------------------------------------------------------------------------------


def pareto_share(values: Iterable, share: float = 0.2) -> float:
	"""The fraction (0–1) of the total value held by the top ``share`` of customers.

	The top group is ``ceil(count × share)`` customers, at least one. No customers, or no value
	at all, give 0."""
	fraction = _number(share)
	if fraction is None or not 0 < fraction <= 1:
		raise RuleError("bad_pareto_share", share=share)
	numbers = []
	for value in values:
		number = _number(value)
		if number is None or number < 0:
			raise RuleError("bad_value", value=value)
		numbers.append(number)
	total = math.fsum(numbers)
	if not numbers or total <= 0:
		return 0.0
	top = max(1, math.ceil(len(numbers) * fraction - 1e-9))
	numbers.sort(reverse=True)
	return min(math.fsum(numbers[:top]) / total, 1.0)
