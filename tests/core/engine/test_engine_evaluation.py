from decimal import Decimal as D
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from innocounty.core.evaluation import (
    RANK,
    IndicatorSeries,
    Status,
    Thresholds,
    achievement,
    achievements,
    expected_share,
    in_year_expectation,
    status,
    statuses,
    year_on_year,
)

MET, ON, BEHIND, SERIOUS, NONE = (
    Status.MET,
    Status.ON_TRACK,
    Status.BEHIND,
    Status.SERIOUSLY_BEHIND,
    Status.NO_DATA,
)


def make_series(measure="stock", direction="higher", values=None, targets=None, **kw):
    return IndicatorSeries(
        code="X",
        name="测试指标",
        unit=kw.pop("unit", "万元"),
        direction=direction,
        measure_type=measure,
        frequency=kw.pop("frequency", "quarterly"),
        targets=targets if targets is not None else {(2024, "target"): D(1000)},
        values={k: D(v) for k, v in (values or {}).items()},
        **kw,
    )


@pytest.mark.parametrize(
    ("value", "reference", "direction", "expected"),
    [
        ("110", "100", "higher", 1.1),
        ("0", "100", "higher", 0.0),
        ("-10", "100", "higher", -0.1),
        ("110", "100", "lower", 100 / 110),
        ("0.5", "0.4", "lower", 0.8),
        ("0", "0.4", "lower", None),
        ("1", "0", "higher", None),
        ("1", "-5", "higher", None),
        (None, "1", "higher", None),
        ("1", None, "lower", None),
    ],
)
def test_achievement_is_direction_aware(value, reference, direction, expected):
    result = achievement(
        None if value is None else D(value), None if reference is None else D(reference), direction
    )
    assert result == (None if expected is None else pytest.approx(expected))


@pytest.mark.parametrize(
    ("measure", "profile", "period", "share"),
    [
        ("flow", None, "2024Q2", Fraction(1, 2)),
        ("flow", None, "2024-09", Fraction(3, 4)),
        ("flow", None, "2024", Fraction(1)),
        ("stock", None, "2024Q1", Fraction(1)),
        ("ratio", None, "2024-03", Fraction(1)),
        # Seasonal: 30 % by June; linear from 0 at month 0, and on to 100 % at December.
        ("flow", {6: D("0.3")}, "2024Q2", Fraction(3, 10)),
        ("flow", {6: D("0.3")}, "2024-03", Fraction(3, 20)),
        ("flow", {6: D("0.3")}, "2024-09", Fraction(13, 20)),
        ("flow", {6: D("0.3")}, "2024Q4", Fraction(1)),
    ],
)
def test_the_in_year_expectation_follows_the_calendar_or_the_profile(
    measure, profile, period, share
):
    series = make_series(measure, profile=profile)
    assert expected_share(series, period) == share
    assert in_year_expectation(series, period) == D(1000) * share.numerator / share.denominator


@pytest.mark.parametrize(
    ("measure", "direction", "target", "period", "value", "expected", "ratio"),
    [
        # Flow, higher, 1000 a year: Q2 expects 500.
        ("flow", "higher", "1000", "2024Q2", "500", ON, 1.0),
        ("flow", "higher", "1000", "2024Q2", "480", ON, 0.96),
        ("flow", "higher", "1000", "2024Q2", "475", ON, 0.95),  # edge, exact
        ("flow", "higher", "1000", "2024Q2", "470", BEHIND, 0.94),
        ("flow", "higher", "1000", "2024Q2", "400", BEHIND, 0.8),  # edge, exact
        ("flow", "higher", "1000", "2024Q2", "399", SERIOUS, 0.798),
        ("flow", "higher", "1000", "2024Q2", "1000", MET, 2.0),  # the full year already
        ("flow", "higher", "1000", "2024Q4", "999", ON, 0.999),
        ("flow", "higher", "1000", "2024Q4", "1000", MET, 1.0),
        # Stock, higher, 120: compared with the year's target directly, even mid-year.
        ("stock", "higher", "120", "2024Q2", "115", ON, 115 / 120),
        ("stock", "higher", "120", "2024Q2", "114", ON, 0.95),
        ("stock", "higher", "120", "2024Q2", "96", BEHIND, 0.8),
        ("stock", "higher", "120", "2024Q2", "95", SERIOUS, 95 / 120),
        ("stock", "higher", "120", "2024Q1", "120", MET, 1.0),
        # Ratio, lower is better (万元GDP综合能耗), 0.40.
        ("ratio", "lower", "0.40", "2024Q4", "0.40", MET, 1.0),
        ("ratio", "lower", "0.40", "2024Q4", "0.38", MET, 0.40 / 0.38),
        ("ratio", "lower", "0.40", "2024Q4", "0.42", ON, 0.40 / 0.42),
        ("ratio", "lower", "0.40", "2024Q4", "0.5", BEHIND, 0.8),
        ("ratio", "lower", "0.40", "2024Q4", "0.51", SERIOUS, 0.40 / 0.51),
        # Flow, lower: judged met only at the year end; mid-year against 50 % of 100.
        ("flow", "lower", "100", "2024Q2", "40", ON, 1.25),
        ("flow", "lower", "100", "2024Q2", "60", BEHIND, 50 / 60),
        ("flow", "lower", "100", "2024Q4", "100", MET, 1.0),
        ("flow", "lower", "100", "2024Q4", "0", MET, None),
        # A target ≤ 0 leaves the ratio undefined: met or behind.
        ("stock", "higher", "0", "2024Q4", "0", MET, None),
        ("stock", "higher", "0", "2024Q4", "-1", BEHIND, None),
        # Negative values against a positive target.
        ("stock", "higher", "10", "2024Q4", "-5", SERIOUS, -0.5),
    ],
)
def test_status_rules(measure, direction, target, period, value, expected, ratio):
    series = make_series(measure, direction, {period: value}, {(2024, "target"): D(target)})
    result = status(series, period, final_year=2025)
    assert result.status == expected
    assert result.ratio == (None if ratio is None else pytest.approx(ratio))
    assert result.label in result.reason


def test_a_missing_value_is_no_data():
    result = status(make_series(values={"2024Q1": "5"}), "2024Q2", final_year=2025)
    assert (result.status, result.value, result.ratio) == (NONE, None, None)
    assert result.reason == "2024年第2季度未报送数据。"


def test_the_reason_states_the_in_year_expectation():
    series = make_series("flow", values={"2024Q2": "480"})
    assert status(series, "2024Q2", final_year=2025).reason == (
        "2024年第2季度累计为480万元，对照序时进度目标500万元（全年年度目标1,000万元的50%），"
        "完成率96.0%，正常。"
    )


def test_the_final_year_is_judged_against_its_assessment_value():
    series = make_series(
        values={"2025": "210"},
        targets={(2025, "assessment"): D(200), (2025, "expected"): D(250)},
        frequency="annual",
    )
    result = status(series, "2025", final_year=2025)
    assert result.status == MET
    assert "已达到2025年考核值200万元" in result.reason
    ach = result.achievements
    assert ach.against_target == pytest.approx(1.05)  # the year's target is the assessment
    assert ach.against_assessment == pytest.approx(1.05)
    assert ach.against_expected == pytest.approx(0.84)


def test_thresholds_are_configurable():
    series = make_series(values={"2024Q4": "900"})
    assert status(series, "2024Q4", final_year=2025).status == BEHIND
    loose = Thresholds(on_track=D("0.9"), serious=D("0.5"))
    assert status(series, "2024Q4", final_year=2025, thresholds=loose).status == ON


@pytest.mark.parametrize(
    ("values", "direction", "expected", "words"),
    [
        ({"2020": "12", "2021": "10"}, "higher", BEHIND, "有所变差"),
        ({"2020": "12", "2021": "10"}, "lower", ON, "未变差"),
        ({"2021": "10"}, "higher", ON, "也无上年同期数据可比"),
    ],
)
def test_without_a_target_the_year_before_decides(values, direction, expected, words):
    series = make_series(direction=direction, values=values, frequency="annual")
    result = status(series, "2021", final_year=2025)
    assert result.status == expected
    assert words in result.reason


def test_a_year_falls_back_to_its_last_quarter():
    series = make_series("flow", values={"2024Q4": "1000"})
    assert status(series, "2024", final_year=2025).status == MET


@pytest.mark.parametrize(
    ("values", "period", "previous", "change", "rate"),
    [
        ({"2023Q2": "100", "2024Q2": "110"}, "2024Q2", D(100), D(10), 0.1),
        ({"2023Q2": "-100", "2024Q2": "-50"}, "2024Q2", D(-100), D(50), 0.5),
        ({"2023Q2": "0", "2024Q2": "5"}, "2024Q2", D(0), D(5), None),
        ({"2024": "90"}, "2024", D(100), D(-10), -0.1),  # against the 2023 baseline
    ],
)
def test_year_on_year(values, period, previous, change, rate):
    series = make_series(values=values, targets={(2023, "baseline"): D(100)})
    yoy = year_on_year(series, period)
    assert (yoy.previous, yoy.change) == (previous, change)
    assert yoy.rate == (None if rate is None else pytest.approx(rate))


def test_year_on_year_is_missing_without_both_values():
    assert year_on_year(make_series(values={"2024Q2": "1"}), "2024Q2") is None
    assert year_on_year(make_series(values={"2023Q2": "1"}), "2024Q2") is None


def test_achievements_are_reported_against_each_reference_separately():
    series = make_series(
        values={"2024Q4": "900"},
        targets={
            (2024, "target"): D(1000),
            (2025, "assessment"): D(1200),
            (2025, "expected"): D(1500),
        },
    )
    ach = achievements(series, "2024Q4", final_year=2025)
    assert (ach.against_target, ach.against_assessment, ach.against_expected) == (
        pytest.approx(0.9),
        pytest.approx(0.75),
        pytest.approx(0.6),
    )


def test_statuses_judges_many_periods_alike():
    series = make_series("flow", values={"2024Q1": "250", "2024Q2": "300", "2024Q3": "760"})
    got = statuses(series, ["2024Q1", "2024Q2", "2024Q3", "2024Q4"], final_year=2025)
    assert [s.status for s in got] == [ON, SERIOUS, ON, NONE]
    assert [s.status for s in got] == [
        status(series, p, final_year=2025).status for p in ("2024Q1", "2024Q2", "2024Q3", "2024Q4")
    ]


positive = st.decimals(min_value="0.01", max_value="100000", places=2)
kinds = st.sampled_from(["stock", "flow", "ratio"])
periods = st.sampled_from(["2024Q1", "2024Q2", "2024Q3", "2024Q4", "2024-05", "2024"])


@given(a=positive, b=positive, target=positive, measure=kinds, period=periods)
def test_a_better_value_never_gives_a_worse_status(a, b, target, measure, period):
    for direction in ("higher", "lower"):
        lo, hi = min(a, b), max(a, b)
        good, bad = (hi, lo) if direction == "higher" else (lo, hi)
        targets = {(2024, "target"): target}
        s_good = status(
            make_series(measure, direction, {period: good}, targets), period, final_year=2025
        )
        s_bad = status(
            make_series(measure, direction, {period: bad}, targets), period, final_year=2025
        )
        assert RANK[s_good.status] >= RANK[s_bad.status]


@given(value=positive, target=positive, measure=st.sampled_from(["stock", "ratio"]), period=periods)
def test_swapping_direction_and_inverting_values_mirrors_the_status(value, target, measure, period):
    higher = make_series(measure, "higher", {period: value}, {(2024, "target"): target})
    lower = make_series(measure, "lower", {period: 1 / value}, {(2024, "target"): 1 / target})
    s_higher = status(higher, period, final_year=2025)
    s_lower = status(lower, period, final_year=2025)
    assert s_higher.ratio == pytest.approx(s_lower.ratio, rel=1e-12)
    # 1/x is rounded at 28 digits, which may only matter exactly at a threshold.
    edges = (0.8, 0.95, 1.0)
    assert s_higher.status == s_lower.status or any(
        s_higher.ratio == pytest.approx(e, rel=1e-12) for e in edges
    )
