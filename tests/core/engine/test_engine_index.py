from decimal import Decimal as D

import pytest
from hypothesis import given
from hypothesis import strategies as st

from innocounty.core.evaluation import IndicatorSeries
from innocounty.core.index import IndexWeights, index_for_year, index_trend, normalised


def make(code, category, direction="higher", assessment="100", values=None, baseline=None):
    targets = {(2025, "assessment"): D(assessment)}
    if baseline is not None:
        targets[(2022, "baseline")] = D(baseline)
    return IndicatorSeries(
        code=code,
        category=category,
        direction=direction,
        targets=targets,
        values={k: D(v) for k, v in (values or {}).items()},
    )


@pytest.mark.parametrize(
    ("value", "assessment", "direction", "expected"),
    [
        ("100", "100", "higher", 1.0),
        ("150", "100", "higher", 1.2),  # capped
        ("-5", "100", "higher", 0.0),  # floored
        ("0.5", "0.4", "lower", 0.8),
        ("0", "0.4", "lower", 1.2),  # nothing consumed: best possible
        (None, "100", "higher", None),
        ("5", None, "higher", None),
        ("5", "0", "higher", None),
    ],
)
def test_each_indicator_is_its_achievement_of_the_assessment_value(
    value, assessment, direction, expected
):
    result = normalised(
        None if value is None else D(value),
        None if assessment is None else D(assessment),
        direction,
        D("1.2"),
    )
    assert result == (None if expected is None else pytest.approx(expected))


SERIES = [
    make("a1", "A", values={"2024": "100"}),  # 1.0
    make("a2", "A", values={"2024": "150"}),  # 1.2 (cap)
    make("b1", "B", "lower", "0.4", values={"2024": "0.5"}),  # 0.8
]


def test_categories_and_overall_are_equal_weighted_means():
    point = index_for_year(SERIES, 2024, final_year=2025)
    assert point.categories == {"A": pytest.approx(110.0), "B": pytest.approx(80.0)}
    assert point.overall == pytest.approx(95.0)
    assert point.coverage == pytest.approx(1.0)


def test_weights_and_cap_are_configurable():
    weights = IndexWeights(indicators={"a1": D(3)}, categories={"A": D(3), "B": D(1)}, cap=D("1.5"))
    point = index_for_year(SERIES, 2024, final_year=2025, weights=weights)
    # A = (3·1.0 + 1·1.5)/4 = 1.125; overall = (3·112.5 + 80)/4 = 104.375.
    assert point.categories["A"] == pytest.approx(112.5)
    assert point.overall == pytest.approx(104.375)


def test_missing_data_is_left_out_and_the_weights_renormalised():
    series = [*SERIES[:2], make("a3", "A"), make("b1", "B", "lower", "0.4")]
    point = index_for_year(series, 2024, final_year=2025)
    assert point.categories == {"A": pytest.approx(110.0), "B": None}
    assert point.overall == pytest.approx(110.0)
    # A: 2 of 3 indicators (2/3), B: none → (2/3 + 0)/2.
    assert point.coverage == pytest.approx(1 / 3)


def test_a_year_without_data_has_no_index():
    point = index_for_year(SERIES, 2019, final_year=2025)
    assert point.overall is None and point.coverage == 0.0


def test_the_trend_uses_the_baseline_and_reports_the_change():
    series = [make("a1", "A", values={"2023": "90", "2024": "100"}, baseline="80")]
    trend = index_trend(series, [2022, 2023, 2024], final_year=2025)
    assert [p.overall for p in trend] == [
        pytest.approx(80.0),
        pytest.approx(90.0),
        pytest.approx(100.0),
    ]
    assert [p.change for p in trend] == [None, pytest.approx(10.0), pytest.approx(10.0)]


values = st.decimals(min_value="0.01", max_value="1000", places=2)


@given(a=values, b=values, c=values, bump=values)
def test_the_index_is_monotone_in_each_indicator(a, b, c, bump):
    def overall(x, direction):
        series = [
            make("x", "A", direction, values={"2024": str(x)}),
            make("y", "A", values={"2024": str(b)}),
            make("z", "B", values={"2024": str(c)}),
        ]
        return index_for_year(series, 2024, final_year=2025).overall

    assert overall(a + bump, "higher") >= overall(a, "higher")
    assert overall(a + bump, "lower") <= overall(a, "lower")
