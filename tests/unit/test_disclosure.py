from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from recrm.core.disclosure import Fact, fingerprint

WASTE = Fact("DSC-1", "Unfavourable Facility Within 1 km", "垃圾中转站，距离约600米", date(2026, 3, 1))
ROAD = Fact("DSC-2", "Planning Change", "规划道路由双向四车道改为六车道", "2026-04-02")


def test_the_fingerprint_is_a_sha256_hex_digest():
	value = fingerprint([WASTE])
	assert len(value) == 64
	assert int(value, 16) >= 0


def test_the_order_of_the_list_does_not_matter():
	assert fingerprint([WASTE, ROAD]) == fingerprint([ROAD, WASTE])


def test_a_fact_added_changed_or_withdrawn_changes_the_fingerprint():
	shown = fingerprint([WASTE])
	assert fingerprint([WASTE, ROAD]) != shown
	assert fingerprint([]) != shown
	assert (
		fingerprint([Fact(WASTE.name, WASTE.category, "垃圾中转站，距离约300米", WASTE.published_on)])
		!= shown
	)
	assert fingerprint([Fact(WASTE.name, "Known Defect", WASTE.description, WASTE.published_on)]) != shown
	assert fingerprint([Fact(WASTE.name, WASTE.category, WASTE.description, "2026-03-02")]) != shown


def test_blanks_around_the_words_and_line_endings_are_not_part_of_them():
	spaced = Fact(WASTE.name, WASTE.category, f"  {WASTE.description}  \r\n", "2026-03-01")
	assert fingerprint([spaced]) == fingerprint([WASTE])


def test_an_empty_list_has_its_own_fingerprint():
	assert fingerprint([]) == fingerprint(())
	assert len(fingerprint([])) == 64


@given(
	st.lists(
		st.builds(
			Fact,
			name=st.text(min_size=1, max_size=8),
			category=st.sampled_from(["Known Defect", "Planning Change"]),
			description=st.text(max_size=40),
			published_on=st.dates(),
		),
		max_size=6,
		unique_by=lambda f: f.name,
	),
	st.randoms(),
)
def test_any_permutation_gives_the_same_fingerprint(facts, rnd):
	shuffled = list(facts)
	rnd.shuffle(shuffled)
	assert fingerprint(shuffled) == fingerprint(facts)
