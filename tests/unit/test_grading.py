from dataclasses import replace
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from recrm.core import RuleError
from recrm.core.grading import (
	AFFORDABILITY_BANDS,
	COUPLE_NO_CHILDREN,
	DEFAULT_RULES,
	EMPTY_NESTER,
	FIRST_TIME_BUYER,
	GRADES,
	INVESTOR,
	LIFE_STAGES,
	MATURE_FAMILY,
	MOBILE_PROFESSIONAL,
	RETIREE,
	UNKNOWN,
	YOUNG_FAMILY,
	GradeResult,
	GradingRules,
	Profile,
	Segment,
	ValueFacts,
	affordability_band,
	affordability_of_profile,
	all_segment_labels,
	grade,
	grade_for_score,
	homes_owned_of,
	life_stage_of,
	life_stage_of_profile,
	pareto_share,
	segment,
	segment_of_profile,
	segments,
	upgrade_signals,
	value_parts,
)


def test_a_stranger_is_grade_d_with_no_points():
	assert grade(ValueFacts()) == GradeResult(
		score=0.0, grade="D", parts={"historical": 0.0, "current": 0.0, "potential": 0.0}
	)


def test_parts_are_points_out_of_a_hundred():
	facts = ValueFacts(
		historical_value=1_500_000,
		current_value=500_000,
		referrals_made=1,
		upgrade_signals=1,
		interactions_90d=3,
		is_club_member=True,
	)
	# 1.5M of 3M; 0.5M of 2M; 25 + 20 + 3 × 4 + 10
	assert value_parts(facts) == {"historical": 50.0, "current": 25.0, "potential": 67.0}
	result = grade(facts)
	# 0.4 × 50 + 0.3 × 25 + 0.3 × 67
	assert result.score == 47.6
	assert result.grade == "B"


def test_parts_are_capped():
	facts = ValueFacts(historical_value=9_000_000, current_value=9_000_000, referrals_made=10)
	assert value_parts(facts) == {"historical": 100.0, "current": 100.0, "potential": 100.0}
	assert grade(facts) == GradeResult(
		100.0, "A", {"historical": 100.0, "current": 100.0, "potential": 100.0}
	)


@pytest.mark.parametrize(
	"facts,letter",
	[
		# an owner of a 3M home who brought two friends and comes to the club
		(ValueFacts(historical_value=3_000_000, referrals_made=2, is_club_member=True), "B"),
		(ValueFacts(historical_value=3_000_000, current_value=2_000_000), "A"),
		# a prospect with a 1.5M reservation and some calls
		(ValueFacts(current_value=1_500_000, interactions_90d=5), "C"),
		(ValueFacts(interactions_90d=5), "D"),
	],
)
def test_typical_customers(facts, letter):
	assert grade(facts).grade == letter


def test_database_figures_are_accepted():
	facts = ValueFacts(historical_value=Decimal("3000000.00"), current_value=0.0, referrals_made=Decimal(1))
	assert grade(facts).parts["historical"] == 100.0


@pytest.mark.parametrize(
	"kwargs",
	[
		{"historical_value": -1},
		{"current_value": "many"},
		{"referrals_made": None},
		{"interactions_90d": float("nan")},
	],
)
def test_impossible_value_facts_are_refused(kwargs):
	with pytest.raises(RuleError) as error:
		ValueFacts(**kwargs)
	assert error.value.code == "bad_value_facts"
	assert error.value.params["field"] == next(iter(kwargs))


@pytest.mark.parametrize(
	"score,letter",
	[(100, "A"), (60, "A"), (59.99, "B"), (35, "B"), (34.99, "C"), (15, "C"), (14.99, "D"), (0, "D")],
)
def test_grade_boundaries(score, letter):
	assert grade_for_score(score) == letter


def test_weights_and_thresholds_are_configurable():
	rules = GradingRules(weight_historical=1, weight_current=0, weight_potential=0, thresholds=(90, 50, 10))
	facts = ValueFacts(historical_value=1_500_000, current_value=2_000_000, referrals_made=4)
	assert grade(facts, rules) == GradeResult(
		50.0, "B", {"historical": 50.0, "current": 100.0, "potential": 100.0}
	)
	assert GradingRules(thresholds=[Decimal("80"), 50.5, 0]).thresholds == (80.0, 50.5, 0.0)


@pytest.mark.parametrize(
	"kwargs,code",
	[
		({"weight_historical": -0.1}, "negative_grading_weight"),
		({"weight_potential": "heavy"}, "negative_grading_weight"),
		({"weight_historical": 0, "weight_current": 0, "weight_potential": 0}, "grading_weights_all_zero"),
		({"historical_full": 0}, "bad_grading_full_value"),
		({"current_full": -5}, "bad_grading_full_value"),
		({"points_per_referral": -1}, "negative_grading_points"),
		({"thresholds": (60, 60, 10)}, "grading_thresholds_not_descending"),
		({"thresholds": (10, 35, 60)}, "grading_thresholds_not_descending"),
		({"thresholds": (60, 35)}, "bad_grading_thresholds"),
		({"thresholds": (160, 35, 15)}, "bad_grading_thresholds"),
		({"thresholds": (60, 35, -1)}, "bad_grading_thresholds"),
		({"thresholds": None}, "bad_grading_thresholds"),
		({"thresholds": ("A", "B", "C")}, "bad_grading_thresholds"),
	],
)
def test_bad_rules_are_refused(kwargs, code):
	with pytest.raises(RuleError) as error:
		GradingRules(**kwargs)
	assert error.value.code == code


def test_the_default_rules_are_valid():
	assert GradingRules() == DEFAULT_RULES


# ---- segments ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
	"kwargs,stage",
	[
		({"age": 26, "married": False, "children": 0, "homes_owned": 0}, FIRST_TIME_BUYER),
		({"age": 30, "married": True, "children": 0, "homes_owned": 0}, FIRST_TIME_BUYER),
		({"age": 30, "married": True, "children": 0, "homes_owned": 1}, COUPLE_NO_CHILDREN),
		({"age": 33, "married": False, "children": 0, "homes_owned": 1}, MOBILE_PROFESSIONAL),
		({"age": 34, "children": 1, "youngest_child_age": 3}, YOUNG_FAMILY),
		({"age": 34, "children": 1}, YOUNG_FAMILY),
		({"age": 44, "children": 2, "youngest_child_age": 14}, MATURE_FAMILY),
		({"age": 52, "children": 1, "youngest_child_age": 24}, EMPTY_NESTER),
		({"age": 63, "children": 2, "youngest_child_age": 35}, RETIREE),
		({"age": 40, "children": 2, "purpose": "Investment"}, INVESTOR),
		({"age": 40, "children": 0, "homes_owned": 1}, UNKNOWN),  # married or single?
		({"age": 40, "married": True, "children": 0}, COUPLE_NO_CHILDREN),
		({"age": 40, "married": False, "children": 0}, UNKNOWN),  # owns a home or not?
		({"age": 40}, UNKNOWN),
		({}, UNKNOWN),
	],
)
def test_life_stage_from_household_facts(kwargs, stage):
	assert life_stage_of(**kwargs) == stage


@pytest.mark.parametrize("kwargs", [{"age": -1}, {"children": 1.5}, {"homes_owned": True}])
def test_impossible_household_facts_are_refused(kwargs):
	with pytest.raises(RuleError) as error:
		life_stage_of(**kwargs)
	assert error.value.code == "bad_household_facts"


@pytest.mark.parametrize(
	"budget,income,band",
	[
		(800_000, None, "Entry"),
		(1_500_000, None, "Middle"),
		(2_999_999, 10_000_000, "Middle"),  # a stated budget wins over income
		(3_000_000, None, "Upper"),
		(Decimal("8000000"), None, "Luxury"),
		(None, 300_000, "Middle"),  # six years of income: 1.8M
		(0, 600_000, "Upper"),  # 0 is an unfilled budget in a form
		(None, None, UNKNOWN),
		("", 0, UNKNOWN),
	],
)
def test_affordability_bands(budget, income, band):
	assert affordability_band(budget, income) == band


def test_affordability_bands_are_configurable():
	bands = (("Low", 0), ("High", 500_000))
	assert affordability_band(400_000, bands=bands) == "Low"
	assert affordability_band(None, 100_000, bands=bands, income_multiple=5) == "High"


@pytest.mark.parametrize(
	"kwargs,code",
	[
		({"budget": -1}, "bad_affordability_amount"),
		({"annual_income": "rich"}, "bad_affordability_amount"),
		({"budget": 1, "bands": ()}, "bad_affordability_bands"),
		({"budget": 1, "bands": (("Low", 100), ("High", 500))}, "bad_affordability_bands"),
		({"budget": 1, "bands": (("Low", 0), ("High", 500), ("Mid", 300))}, "bad_affordability_bands"),
	],
)
def test_bad_affordability_input_is_refused(kwargs, code):
	with pytest.raises(RuleError) as error:
		affordability_band(**kwargs)
	assert error.value.code == code


def test_segment_is_life_stage_by_affordability():
	cell = segment(YOUNG_FAMILY, "Middle")
	assert cell == Segment(YOUNG_FAMILY, "Middle")
	assert cell.label == "Young Family / Middle"
	assert segment(None, "") == Segment(UNKNOWN, UNKNOWN)
	assert segment(UNKNOWN, "Luxury").affordability == "Luxury"
	assert segment(INVESTOR, "Low", bands=(("Low", 0),)).affordability == "Low"


@pytest.mark.parametrize(
	"stage,band,code",
	[("Teenager", "Middle", "unknown_life_stage"), (YOUNG_FAMILY, "Platinum", "unknown_affordability")],
)
def test_unknown_segments_are_refused(stage, band, code):
	with pytest.raises(RuleError) as error:
		segment(stage, band)
	assert error.value.code == code


def test_the_segment_grid_has_every_cell():
	cells = segments()
	assert len(cells) == len(LIFE_STAGES) * len(AFFORDABILITY_BANDS)
	assert len(set(cells)) == len(cells)


# ---- 80/20 ------------------------------------------------------------------------------------


def test_pareto_share_of_the_top_fifth():
	# ten customers: the top two hold 800 of 1000
	values = [400, 400, 50, 50, 20, 20, 20, 20, 10, 10]
	assert pareto_share(values) == pytest.approx(0.8)
	assert pareto_share(values, share=0.1) == pytest.approx(0.4)
	assert pareto_share(values, share=1) == pytest.approx(1.0)


def test_pareto_share_edge_cases():
	assert pareto_share([]) == 0.0
	assert pareto_share([0, 0, 0]) == 0.0
	assert pareto_share([5]) == 1.0
	# three customers: the top fifth is one customer (rounded up)
	assert pareto_share([1, 1, 2]) == pytest.approx(0.5)
	assert pareto_share(iter([Decimal("3"), 1.0, 0])) == pytest.approx(0.75)
	assert pareto_share([10] * 10) == pytest.approx(0.2)


@pytest.mark.parametrize("share", [0, -0.2, 1.5, "a fifth", None])
def test_pareto_share_needs_a_fraction(share):
	with pytest.raises(RuleError) as error:
		pareto_share([1, 2], share)
	assert error.value.code == "bad_pareto_share"


@pytest.mark.parametrize("values", [[1, -1], [1, None], [1, "2"]])
def test_pareto_share_needs_values(values):
	with pytest.raises(RuleError) as error:
		pareto_share(values)
	assert error.value.code == "bad_value"


# ---- properties -------------------------------------------------------------------------------

money = st.one_of(st.integers(0, 20_000_000), st.floats(0, 2e7, allow_nan=False))
counts = st.integers(0, 30)
value_facts = st.builds(
	ValueFacts,
	historical_value=money,
	current_value=money,
	referrals_made=counts,
	upgrade_signals=counts,
	interactions_90d=counts,
	is_club_member=st.booleans(),
)
scores = st.floats(0, 100, allow_nan=False)


@st.composite
def grading_rules(draw):
	weights = draw(st.lists(st.floats(0, 10, allow_nan=False), min_size=3, max_size=3).filter(any))
	a, b, c = sorted(draw(st.lists(st.integers(0, 100), min_size=3, max_size=3, unique=True)), reverse=True)
	return GradingRules(
		weight_historical=weights[0],
		weight_current=weights[1],
		weight_potential=weights[2],
		historical_full=draw(st.integers(1, 10_000_000)),
		current_full=draw(st.integers(1, 10_000_000)),
		points_per_referral=draw(st.floats(0, 50, allow_nan=False)),
		thresholds=(a, b, c),
	)


@given(scores, scores, grading_rules())
def test_grade_is_monotone_in_score(low, high, rules):
	low, high = sorted((low, high))
	assert GRADES.index(grade_for_score(high, rules.thresholds)) <= GRADES.index(
		grade_for_score(low, rules.thresholds)
	)


@given(value_facts, grading_rules())
def test_score_and_parts_stay_within_bounds(facts, rules):
	result = grade(facts, rules)
	assert 0 <= result.score <= 100
	assert all(0 <= p <= 100 for p in result.parts.values())
	assert result.grade == grade_for_score(result.score, rules.thresholds)


@given(
	value_facts,
	st.sampled_from(
		["historical_value", "current_value", "referrals_made", "upgrade_signals", "interactions_90d"]
	),
	st.integers(1, 5_000_000),
	grading_rules(),
)
def test_more_value_never_lowers_the_grade(facts, field, more, rules):
	richer = replace(facts, **{field: getattr(facts, field) + more})
	before, after = grade(facts, rules), grade(richer, rules)
	assert after.score >= before.score
	assert GRADES.index(after.grade) <= GRADES.index(before.grade)


@given(st.lists(st.integers(0, 10_000_000), max_size=200), st.floats(0.01, 1))
def test_the_top_hold_at_least_their_share_of_customers(values, share):
	result = pareto_share(values, share)
	assert 0 <= result <= 1
	if values and sum(values):
		top = max(1, -(-len(values) * share // 1))
		assert result >= min(top / len(values), 1) - 1e-9


@given(st.lists(st.integers(0, 1_000_000), min_size=1, max_size=100), st.floats(0.05, 0.95))
def test_a_larger_top_group_holds_more(values, share):
	assert pareto_share(values, share) <= pareto_share(values, min(share + 0.05, 1)) + 1e-12


# --- the customer file's bands ------------------------------------------------------------------


@pytest.mark.parametrize(
	"profile,stage",
	[
		(Profile(), UNKNOWN),
		(Profile(purpose="Investment", family_structure="Single"), INVESTOR),
		(Profile(age_band="65 and Over", family_structure="Couple with Young Children"), RETIREE),
		(Profile(age_band="55-64", family_structure="Empty Nest"), EMPTY_NESTER),
		(Profile(family_structure="Couple with Young Children"), YOUNG_FAMILY),
		(Profile(family_structure="Three Generations"), YOUNG_FAMILY),
		(Profile(family_structure="Couple with Older Children"), MATURE_FAMILY),
		(Profile(family_structure="Single", purpose="Own Use"), FIRST_TIME_BUYER),
		(Profile(family_structure="Couple", purpose="Own Use"), FIRST_TIME_BUYER),
		(Profile(family_structure="Couple", purpose="Upgrade"), COUPLE_NO_CHILDREN),
		(Profile(family_structure="Couple"), COUPLE_NO_CHILDREN),
		(Profile(family_structure="Single", owns_home=True), MOBILE_PROFESSIONAL),
		(Profile(family_structure="Single"), UNKNOWN),
		(Profile(family_structure="Other", purpose="Own Use"), UNKNOWN),
	],
)
def test_life_stage_of_the_customer_file(profile, stage):
	assert life_stage_of_profile(profile) == stage


def test_homes_owned_from_purpose_and_purchases():
	assert homes_owned_of(Profile(purpose="Second Home")) == 1
	assert homes_owned_of(Profile(purpose="Own Use", owns_home=True)) == 1
	assert homes_owned_of(Profile(purpose="Own Use")) == 0
	assert homes_owned_of(Profile()) is None


@pytest.mark.parametrize(
	"profile,band",
	[
		(Profile(), UNKNOWN),
		(Profile(budget=0, income_band=""), UNKNOWN),
		(Profile(budget=2_000_000, income_band="Low"), "Middle"),  # a budget beats the income
		(Profile(income_band="Low"), "Entry"),
		(Profile(income_band="Middle"), "Middle"),  # 250,000 × 6
		(Profile(income_band="Upper Middle"), "Upper"),
		(Profile(income_band="High"), "Luxury"),
		(Profile(budget=Decimal("6500000.00")), "Luxury"),
	],
)
def test_affordability_of_the_customer_file(profile, band):
	assert affordability_of_profile(profile) == band


def test_segment_of_the_customer_file():
	assert segment_of_profile(Profile(family_structure="Couple with Young Children", budget=2_000_000)) == (
		Segment(YOUNG_FAMILY, "Middle")
	)


@pytest.mark.parametrize(
	"profile,recent,signals",
	[
		(Profile(), 0, 0),
		(Profile(purpose="Upgrade"), 0, 1),
		(Profile(purpose="Second Home", family_structure="Three Generations"), 0, 2),
		(Profile(owns_home=True), 0, 0),
		(Profile(owns_home=True), 2, 1),
		(Profile(purpose="Upgrade", family_structure="Couple with Young Children", owns_home=True), 1, 3),
	],
)
def test_upgrade_signals(profile, recent, signals):
	assert upgrade_signals(profile, recent) == signals


def test_every_segment_label_is_listed_once():
	labels = all_segment_labels()
	assert len(labels) == len(set(labels)) == (len(LIFE_STAGES) + 1) * (len(AFFORDABILITY_BANDS) + 1)
	assert f"{UNKNOWN} / {UNKNOWN}" in labels
	assert segment_of_profile(Profile()).label in labels
