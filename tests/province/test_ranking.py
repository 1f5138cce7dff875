"""The province comparison's pure rules: the ranking, and the index worked out from facts
equal to `core.index.index_for_year` on the same data (no database)."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

import pytest

from innocounty.core import catalogue
from innocounty.core.evaluation import IndicatorSeries
from innocounty.core.ontime import RoundFacts, Submission
from innocounty.province.ranking import (
    County,
    CountyRow,
    IndexFact,
    as_of_for,
    composite_index,
    county_index,
    index_year_for,
    rank_counties,
    reporting_rates,
    years_offered,
)


def _row(name: str, index: float | None) -> CountyRow:
    return CountyRow(County(plan_id=hash(name), key=name, title=name, name=name), index, 1.0)


@pytest.mark.parametrize(
    ("indices", "expected"),
    [
        ([("a", 70.0), ("b", 57.5), ("c", 120.0)], [("c", 1), ("a", 2), ("b", 3)]),
        # Equal indices share a rank; the next rank is skipped.
        (
            [("a", 80.0), ("b", 90.0), ("c", 80.0), ("d", 10.0)],
            [("b", 1), ("a", 2), ("c", 2), ("d", 4)],
        ),
        # No index: last, unranked, by name.
        ([("b", None), ("a", None), ("c", 1.0)], [("c", 1), ("a", None), ("b", None)]),
        ([], []),
    ],
)
def test_rank_counties(indices, expected):
    ranked = rank_counties([_row(n, i) for n, i in indices])
    assert [(r.county.name, r.rank) for r in ranked] == expected


def test_an_unknown_method_is_refused():
    with pytest.raises(ValueError, match="unknown ranking method: chained"):
        rank_counties([], method="chained")


def test_the_index_from_facts_equals_the_core_index():
    rng = random.Random(16)
    for _ in range(300):
        series, facts = [], []
        for entry in catalogue.NATIONAL:
            if rng.random() < 0.2:
                continue
            direction = rng.choice(["higher", "lower"])
            value = rng.choice([None, Decimal(rng.randint(-5, 500)) / 10])
            assessment = rng.choice([None, Decimal(0), Decimal(rng.randint(1, 400)) / 10])
            targets = {} if assessment is None else {(2025, "assessment"): assessment}
            series.append(
                IndicatorSeries(
                    code=entry.code,
                    category=entry.category,
                    direction=direction,
                    targets=targets,
                    values={} if value is None else {"2024": value},
                )
            )
            facts.append(
                IndexFact(
                    entry.category,
                    direction,
                    value,
                    {} if assessment is None else {2025: assessment},
                )
            )
        county = County(1, "k", "t", "n", end_year=2025, series=tuple(series))
        expected = county_index(county, 2024)
        got = composite_index(facts, 2025, 2024)
        assert got[1] == pytest.approx(expected[1], rel=1e-12)
        if expected[0] is None:
            assert got[0] is None
        else:
            assert got[0] == pytest.approx(expected[0], rel=1e-12)


@pytest.mark.parametrize(
    ("year", "today", "as_of", "index_year"),
    [
        (2024, dt.date(2025, 3, 1), "2024", 2024),
        (2025, dt.date(2025, 3, 1), "2025-02", 2024),
        (2025, dt.date(2025, 1, 10), "2024-12", 2024),
        (2023, dt.date(2024, 1, 15), "2023", 2023),
    ],
)
def test_the_period_compared_as_of(year, today, as_of, index_year):
    p = as_of_for(year, today)
    assert (p.ident, index_year_for(p)) == (as_of, index_year)


def test_years_offered_run_from_the_base_year_to_the_current_year():
    counties = [County(1, "a", "a", "a", start_year=2024, end_year=2025)]
    assert years_offered(counties, dt.date(2024, 6, 1)) == [2023, 2024]
    assert years_offered(counties, dt.date(2030, 6, 1)) == [2023, 2024, 2025]


def test_reporting_rates_count_past_deadline_rounds_only():
    end = dt.datetime(2025, 1, 31, 23, 59, tzinfo=dt.UTC)
    rounds = [
        RoundFacts(1, "2024", end, False),
        RoundFacts(2, "2025Q1", end.replace(year=2026), False),
    ]
    early, late = end.replace(day=20), end.replace(month=2, day=5)
    values = [
        ("N01", "2024", Submission(1, "approved", early)),
        ("N01", "2024", Submission(2, "submitted", late)),  # the first submission counts
        ("N07", "2024", Submission(1, "approved", late)),
        ("N05", "2024", Submission(1, "returned", early)),  # returned: not done
        ("N05", "2025Q1", Submission(1, "approved", early)),  # its round is not due yet
    ]
    got = reporting_rates(
        rounds=rounds,
        frequencies=["annual", "annual", "quarterly", "monthly"],
        values=values,
        now=end.replace(month=3),
    )
    # 2024 round: annual, annual, quarterly (Q4) and monthly (December) indicators are due.
    assert (got.due, got.done, got.on_time) == (4, 2, 1)
    assert (got.completeness, got.timeliness) == (0.5, 0.25)
