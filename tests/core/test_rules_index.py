"""The composite index (`core/index.py`): categories in the order asked for, an unlisted
category appended, default and given category weights, empty categories, coverage; values
worked out by hand. Written for the mutation run of the core (docs/en/mutation-testing.md).
"""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from innocounty.core.evaluation import IndicatorSeries
from innocounty.core.index import IndexPoint, IndexWeights, index_for_year, index_trend, normalised


def series(code, category, values):
    return IndicatorSeries(
        code=code,
        category=category,
        direction="higher",
        targets={(2025, "assessment"): D(100)},
        values={k: D(v) for k, v in values.items()},
    )


SERIES = [
    series("x", "甲", {"2023": "80", "2024": "100"}),  # 0.8, 1.0
    series("y", "乙", {"2024": "50"}),  # –, 0.5
    series("z", "丙", {}),  # no data
]
# 丁 has no indicator at all; 甲 is not listed and comes last; 乙 weighs 3, the others 1.
CATEGORIES = ("丁", "丙", "乙")
WEIGHTS = IndexWeights(categories={"乙": D(3)})

# 2024: 乙 = 50, 甲 = 100; overall (3·50 + 1·100)/(3 + 1) = 62.5; coverage: 丁 has no weight
# to cover, 丙 (1) none of it, 乙 (3) and 甲 (1) all → 4/5 = 0.8.
POINT_2024 = IndexPoint(2024, 62.5, {"丁": None, "丙": None, "乙": 50.0, "甲": 100.0}, 0.8)
# 2023: only 甲 = 80; coverage 1/5 = 0.2.
POINT_2023 = IndexPoint(2023, 80.0, {"丁": None, "丙": None, "乙": None, "甲": 80.0}, 0.2)


def same(actual: IndexPoint, expected: IndexPoint) -> None:
    assert (actual.year, actual.change) == (expected.year, expected.change)
    assert actual.overall == pytest.approx(expected.overall)
    assert actual.coverage == pytest.approx(expected.coverage)
    assert list(actual.categories) == list(expected.categories)  # the order asked for
    assert actual.categories == expected.categories


def test_categories_in_the_order_asked_for_with_weights_and_empty_ones():
    same(
        index_for_year(SERIES, 2024, final_year=2025, weights=WEIGHTS, categories=CATEGORIES),
        POINT_2024,
    )


def test_the_trend_keeps_the_weights_and_categories_of_every_year():
    trend = index_trend(
        SERIES, [2023, 2024], final_year=2025, weights=WEIGHTS, categories=CATEGORIES
    )
    same(trend[0], POINT_2023)
    # The change is in index points: 62.5 − 80 = −17.5.
    same(
        trend[1],
        IndexPoint(2024, POINT_2024.overall, POINT_2024.categories, POINT_2024.coverage, -17.5),
    )


def test_no_indicator_at_all_gives_no_index_and_no_coverage():
    same(index_for_year([], 2024, final_year=2025), IndexPoint(2024, None, {}, 0.0))
    same(
        index_for_year([], 2024, final_year=2025, categories=("甲",)),
        IndexPoint(2024, None, {"甲": None}, 0.0),
    )


def test_a_zero_assessment_value_is_undefined_even_for_lower_is_better():
    # The rule "a value ≤ 0 counts as the cap" needs a positive assessment value.
    assert normalised(D(0), D(0), "lower", D("1.2")) is None
    assert normalised(D(0), D("0.4"), "lower", D("1.2")) == 1.2


def test_given_annual_values_replace_the_series_own_and_a_missing_year_has_none():
    # The engine passes the values its forecasts read; the index then reads no series value.
    # x: 120 for 2024 (held at the cap 1.2 → 120); y has no 2024 in the mapping (its own 50 is
    # not read); z is not in the mapping at all. 2024: 甲 = 120, 乙 none; coverage 1/5.
    given = {"x": {2023: D(80), 2024: D(130)}, "y": {2023: D(40)}}
    trend = index_trend(
        SERIES,
        [2023, 2024],
        final_year=2025,
        weights=WEIGHTS,
        categories=CATEGORIES,
        annual_values=given,
    )
    # 2023: 乙 = 40 (weight 3), 甲 = 80: (3·40 + 80)/4 = 50; coverage (3 + 1)/5.
    same(trend[0], IndexPoint(2023, 50.0, {"丁": None, "丙": None, "乙": 40.0, "甲": 80.0}, 0.8))
    same(
        trend[1],
        IndexPoint(2024, 120.0, {"丁": None, "丙": None, "乙": None, "甲": 120.0}, 0.2, 70.0),
    )
    # The same values as the series' own give the same index as reading them.
    own = {"x": {2023: D(80), 2024: D(100)}, "y": {2024: D(50)}}
    for year, expected in ((2023, POINT_2023), (2024, POINT_2024)):
        same(
            index_for_year(
                SERIES,
                year,
                final_year=2025,
                weights=WEIGHTS,
                categories=CATEGORIES,
                annual_values=own,
            ),
            expected,
        )


def test_a_series_absent_from_given_annual_values_has_no_value_at_all():
    # Rule: with annual values given, a series they do not name has none, even one with values
    # of its own (y's own 2024 value 50 is not read). 2024: 甲 = 100 alone; coverage 1/5.
    trend = index_trend(
        SERIES,
        [2024],
        final_year=2025,
        weights=WEIGHTS,
        categories=CATEGORIES,
        annual_values={"x": {2024: D(100)}},
    )
    same(trend[0], IndexPoint(2024, 100.0, {"丁": None, "丙": None, "乙": None, "甲": 100.0}, 0.2))


def test_one_years_index_reads_the_given_annual_values_too():
    # x given 60 for 2024 (its own is 100), y given 90 (its own 50): 乙 = 90 (weight 3),
    # 甲 = 60: (3·90 + 60)/4 = 82.5; coverage 4/5.
    point = index_for_year(
        SERIES,
        2024,
        final_year=2025,
        weights=WEIGHTS,
        categories=CATEGORIES,
        annual_values={"x": {2024: D(60)}, "y": {2024: D(90)}},
    )
    same(point, IndexPoint(2024, 82.5, {"丁": None, "丙": None, "乙": 90.0, "甲": 60.0}, 0.8))
