"""Complaint measures (recrm.core.measures)."""

from datetime import datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from recrm.core import RuleError
from recrm.core.measures import (
	AgeBucket,
	Rate,
	backlog_by_age,
	pareto,
	response_within_rate,
	same_month_resolution_rate,
)
from recrm.core.sla import (
	working_calendar,
)

H = timedelta(hours=1)
D = timedelta(days=1)
PLAIN = working_calendar()  # Monday to Friday, 09:00-12:00 and 13:30-18:00


def dt(text: str) -> datetime:
	return datetime.fromisoformat(text)


ROWS = [
	(dt("2024-03-01 10:00"), dt("2024-03-01 12:00"), dt("2024-03-10 10:00")),  # in time, same month
	(dt("2024-03-20 10:00"), dt("2024-03-21 10:00"), dt("2024-04-02 10:00")),  # 24 h on the dot; April
	(dt("2024-03-30 10:00"), dt("2024-03-31 10:01"), None),  # answered late, still open
	(dt("2024-04-05 10:00"), None, None),  # April, nothing yet
]


def test_same_month_resolution_rate():
	assert same_month_resolution_rate(ROWS) == Rate(1, 4)
	# on 15 April the open April complaint is still within its month: not yet a miss
	assert same_month_resolution_rate(ROWS, as_of=dt("2024-04-15 00:00")) == Rate(1, 3)
	# on 25 March only the first is decided; the second is still open in its month
	assert same_month_resolution_rate(ROWS, as_of=dt("2024-03-25 00:00")) == Rate(1, 1)
	assert same_month_resolution_rate(ROWS, as_of=dt("2024-05-01 00:00")).rate == 0.25
	assert same_month_resolution_rate([]).rate is None


def test_response_within_24_hours_rate():
	assert response_within_rate(ROWS) == Rate(2, 4)
	# on 5 April 20:00 the last complaint still has time to be answered
	assert response_within_rate(ROWS, as_of=dt("2024-04-05 20:00")) == Rate(2, 3)
	assert response_within_rate(ROWS, as_of=dt("2024-04-06 10:01")) == Rate(2, 4)
	# counted in working hours, 9 of them answer the third in time (Saturday to Sunday is no time)
	assert response_within_rate(ROWS, within=9 * H, calendar=PLAIN) == Rate(3, 4)


def test_dates_out_of_order_are_refused():
	with pytest.raises(RuleError) as error:
		same_month_resolution_rate([(dt("2024-03-01 10:00"), dt("2024-02-28 10:00"), None)])
	assert error.value.code == "complaint_dates_out_of_order"


def test_backlog_by_age():
	as_of = dt("2024-04-10 10:00")
	rows = [
		(as_of - 2 * H, None, None),
		(as_of - D, None, None),  # exactly one day: the 1-3 bucket
		(as_of - 5 * D, dt("2024-04-09 10:00"), None),
		(as_of - 40 * D, None, as_of + D),  # resolved later: open on the day
		(as_of - 40 * D, None, as_of),  # resolved on the dot: not open
		(as_of + H, None, None),  # not received yet
	]
	assert backlog_by_age(rows, as_of) == [
		AgeBucket(0, 1, 1),
		AgeBucket(1, 3, 1),
		AgeBucket(3, 7, 1),
		AgeBucket(7, 15, 0),
		AgeBucket(15, 30, 0),
		AgeBucket(30, None, 1),
	]
	assert backlog_by_age(rows, as_of, (7,)) == [AgeBucket(0, 7, 3), AgeBucket(7, None, 1)]


@pytest.mark.parametrize("bounds", [(0, 3), (3, 3), (5, 2), (1.5,), (True,)])
def test_bad_age_buckets(bounds):
	with pytest.raises(RuleError) as error:
		backlog_by_age([], dt("2024-04-10 10:00"), bounds)
	assert error.value.code == "bad_age_buckets"


def test_pareto_of_categories():
	categories = ["Leaks"] * 5 + ["Cracks"] * 3 + ["Heating"] * 1 + ["Doors/Windows"] * 1
	rows = pareto(categories)
	assert [(r.category, r.count) for r in rows] == [
		("Leaks", 5),
		("Cracks", 3),
		("Doors/Windows", 1),  # ties by name
		("Heating", 1),
	]
	assert [r.cumulative_share for r in rows] == [0.5, 0.8, 0.9, 1.0]
	assert [r.vital for r in rows] == [True, True, False, False]  # 80 % reached by the second
	assert pareto({"Leaks": 5, "Cracks": 3, "Heating": 1, "Doors/Windows": 1, "Other": 0}) == rows
	assert pareto([]) == []


def test_pareto_share_and_counts_are_checked():
	for share in (0, 1.5, True):
		with pytest.raises(RuleError) as error:
			pareto(["Leaks"], share)
		assert error.value.code == "bad_pareto_share"
	with pytest.raises(RuleError) as error:
		pareto({"Leaks": -1})
	assert error.value.code == "bad_pareto_counts"


@given(st.lists(st.sampled_from(["Leaks", "Cracks", "Heating", "Sales promise", "Property"]), max_size=80))
def test_pareto_properties(categories):
	rows = pareto(categories)
	assert sum(r.count for r in rows) == len(categories)
	assert [r.count for r in rows] == sorted((r.count for r in rows), reverse=True)
	if rows:
		assert rows[-1].cumulative_share == pytest.approx(1)
		assert rows[0].vital
		vital = [r for r in rows if r.vital]
		assert rows[: len(vital)] == vital  # the vital few come first
		assert vital[-1].cumulative_share >= 0.8 - 1e-9
		if len(vital) > 1:
			assert vital[-2].cumulative_share < 0.8


received_moments = st.datetimes(min_value=datetime(2024, 1, 1), max_value=datetime(2024, 6, 30))
gaps = st.one_of(st.none(), st.integers(0, 60 * 24 * 40).map(lambda m: timedelta(minutes=m)))


@st.composite
def complaint_rows(draw):
	received = draw(received_moments)
	responded_after, resolved_after = draw(gaps), draw(gaps)
	return (
		received,
		received + responded_after if responded_after is not None else None,
		received + resolved_after if resolved_after is not None else None,
	)


@given(st.lists(complaint_rows(), max_size=40), received_moments)
def test_rates_and_backlog_stay_consistent(rows, as_of):
	for rate in (same_month_resolution_rate(rows, as_of), response_within_rate(rows, as_of=as_of)):
		assert 0 <= rate.hits <= rate.counted <= len(rows)
	open_now = sum(
		1 for received, _, resolved in rows if received <= as_of and (resolved is None or resolved > as_of)
	)
	assert sum(bucket.count for bucket in backlog_by_age(rows, as_of)) == open_now
	# counting everything, a complaint is a hit exactly when resolved in its month
	everything = same_month_resolution_rate(rows)
	assert everything.counted == len(rows)
	assert everything.hits == sum(
		1
		for received, _, resolved in rows
		if resolved and (resolved.year, resolved.month) == (received.year, received.month)
	)
