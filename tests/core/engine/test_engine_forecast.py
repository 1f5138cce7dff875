"""The progress method of DESIGN.md, with cases worked out by hand from its formulas."""

import math
from decimal import Decimal as D

import pytest
from hypothesis import given
from hypothesis import strategies as st

from innocounty.core.forecast import (
    DETERIORATION,
    LIMITED,
    MODERATE,
    NOT_AVAILABLE,
    SUBSTANTIAL,
    TARGET_ACHIEVED,
    Assessment,
    assess,
    band,
    combine,
    limit_factor,
)

R = 1e-4  # the hand computations carry five significant digits


@pytest.mark.parametrize(
    ("series", "target", "direction", "base_year", "status", "progress", "score", "projected"),
    [
        # g = 1.21^(1/2) − 1 = 0.1; r = 1.5^(1/3) − 1 = 0.144714; p = 0.691017;
        # score = 7.1429·p − 4.2857 = 0.650165; projected = 121·1.1 = 133.1.
        (
            [(2022, D(100)), (2024, D(121))],
            D(150),
            "higher",
            None,
            MODERATE,
            0.691017,
            0.650165,
            133.1,
        ),
        # Lower is better: g = 0.81^(1/2) − 1 = −0.1; r = 0.8^(1/3) − 1 = −0.071682;
        # p = (−1)(−0.1)/0.071682 = 1.395046 → score capped at 5; projected 0.405·0.9.
        (
            [(2022, D("0.5")), (2024, D("0.405"))],
            D("0.4"),
            "lower",
            None,
            SUBSTANTIAL,
            1.395046,
            5.0,
            0.3645,
        ),
        # Exactly the required pace: g = r = 0.1 → p = 1 → 7.1429 − 4.2857 = 2.8572.
        ([(2023, D(100)), (2024, D(110))], D(121), "higher", None, SUBSTANTIAL, 1.0, 2.8572, 121.0),
        # Moving away: g = −0.1, r = 0.144714 → p = −0.691017 → max(4.1667p − 2.5, −5) = −5.
        (
            [(2022, D(100)), (2024, D(81))],
            D(150),
            "higher",
            None,
            DETERIORATION,
            -0.691017,
            -5.0,
            72.9,
        ),
        # Slow: g = 1.0404^(1/2) − 1 = 0.02; r = 0.144714 → p = 0.138203 → 4.1667p − 2.5 = −1.924153.
        (
            [(2022, D(100)), (2024, D("104.04"))],
            D(150),
            "higher",
            None,
            LIMITED,
            0.138203,
            -1.924153,
            106.1208,
        ),
        # Zero base counts as 0.001: g = 4000^(1/2) − 1 = 62.245553; r = 10000^(1/3) − 1 =
        # 20.544347; p = 3.029814 → score 5.
        (
            [(2022, D(0)), (2024, D(4))],
            D(10),
            "higher",
            None,
            SUBSTANTIAL,
            3.029814,
            5.0,
            4 * 63.245553,
        ),
        # Zero target counts as 0.001: g = 0.5^(1/2) − 1 = −0.292893; r = 0.0001^(1/3) − 1 =
        # −0.953584; p = 0.307150 → 4.1667p − 2.5 = −1.220199.
        (
            [(2022, D(10)), (2024, D(5))],
            D(0),
            "lower",
            None,
            LIMITED,
            0.307150,
            -1.220199,
            5 * 0.707107,
        ),
        # Negative base, s = −1: g = 0.25^(1/2) − 1 = −0.5; r = 0.1^(1/3) − 1 = −0.535841;
        # p = (−1)(1)(−0.5)/0.535841 = 0.933112 → 7.1429p − 4.2857 = 2.379429.
        (
            [(2022, D(-10)), (2024, D("-2.5"))],
            D(-1),
            "higher",
            None,
            MODERATE,
            0.933112,
            2.379429,
            -1.25,
        ),
        # Base year 2022 requested but missing: 2023 is the base; 2021 is ignored entirely.
        (
            [(2021, D(500)), (2023, D(100)), (2024, D(110))],
            D(121),
            "higher",
            2022,
            SUBSTANTIAL,
            1.0,
            2.8572,
            121.0,
        ),
    ],
)
def test_it_follows_the_method_with_a_target(
    series, target, direction, base_year, status, progress, score, projected
):
    result = assess(
        series, target=target, target_year=2025, direction=direction, base_year=base_year
    )
    assert result.status == status
    assert result.progress == pytest.approx(progress, rel=R)
    assert result.score == pytest.approx(score, rel=R, abs=1e-4)
    assert result.projected == pytest.approx(projected, rel=R)


@pytest.mark.parametrize(
    ("series", "target", "direction"),
    [
        ([(2022, D(100)), (2024, D(150))], D(150), "higher"),  # equal counts as met
        ([(2022, D(100)), (2024, D(160))], D(150), "higher"),
        ([(2022, D("0.5")), (2024, D("0.4"))], D("0.4"), "lower"),
        ([(2024, D(150))], D(150), "higher"),  # one point, but already met
        ([(2022, D(-5)), (2024, D(5))], D(4), "higher"),  # opposite signs, but already met
        ([(2022, D(1)), (2024, None), (2023, D(1))], D(1), "higher"),  # None skipped
    ],
)
def test_a_met_target_is_achieved_with_score_five(series, target, direction):
    result = assess(series, target=target, target_year=2025, direction=direction)
    assert result.status == TARGET_ACHIEVED
    assert result.score == 5.0
    assert "已达到" in result.sentence


@pytest.mark.parametrize(
    ("series", "target", "target_year", "reason"),
    [
        ([], D(10), 2025, "无数据"),
        ([(2024, None)], D(10), 2025, "无数据"),
        ([(2024, D(5))], D(10), 2025, "仅有2024年一个数据点"),
        ([(2022, D(5))], D(10), 2025, "仅有2022年一个数据点"),
        ([(2022, D(-5)), (2024, D(5))], D(10), 2025, "正负号相反"),
        ([(2022, D(5)), (2024, D(-5))], D(10), 2025, "正负号相反"),
        ([(2022, D(-5)), (2024, D(-4))], D(10), 2025, "目标值与基期值正负号相反"),
        ([(2022, D(5)), (2024, D(6))], D(10), 2022, "目标年份不晚于基期年份"),
        ([(2022, D(5)), (2023, D(6))], D(10), 2025, None),  # control: available
    ],
)
def test_it_is_not_available_when_growth_is_undefined(series, target, target_year, reason):
    result = assess(series, target=target, target_year=target_year, direction="higher")
    if reason is None:
        assert result.status != NOT_AVAILABLE
        return
    assert result.status == NOT_AVAILABLE
    assert result.score is None and result.progress is None
    assert reason in result.sentence


def test_values_before_an_explicit_base_year_are_ignored():
    result = assess(
        [(2020, D(1)), (2024, D(5))],
        target=D(10),
        target_year=2025,
        direction="higher",
        base_year=2023,
    )
    assert result.status == NOT_AVAILABLE  # only 2024 left: one point
    assert result.base_year == 2024


def test_a_target_equal_to_the_base_and_missed_is_deterioration():
    result = assess(
        [(2022, D(100)), (2024, D(90))], target=D(100), target_year=2025, direction="higher"
    )
    assert (result.status, result.score, result.progress) == (DETERIORATION, -5.0, None)


@pytest.mark.parametrize(
    ("growth", "direction", "status", "score"),
    [
        # Without a target p = s·d·g; score through −5@−2 %, −2.5@0, 0@0.5 %, 2.5@1.5 %, 5@2 %.
        (0.01, "higher", MODERATE, 1.25),
        (0.01, "lower", DETERIORATION, -3.75),
        (0.0175, "higher", SUBSTANTIAL, 3.75),
        (0.016, "higher", SUBSTANTIAL, 3.0),
        (0.006, "higher", MODERATE, 0.25),
        (0.0025, "higher", LIMITED, -1.25),
        (0.0, "higher", LIMITED, -2.5),
        (-0.01, "higher", DETERIORATION, -3.75),
        (0.03, "higher", SUBSTANTIAL, 5.0),
        (-0.05, "higher", DETERIORATION, -5.0),
        (-0.05, "lower", SUBSTANTIAL, 5.0),
    ],
)
def test_it_follows_the_method_without_a_target(growth, direction, status, score):
    series = [(2020, 100.0), (2024, 100.0 * (1 + growth) ** 4)]
    result = assess(series, target=None, target_year=2025, direction=direction)
    assert result.status == status
    assert result.progress == pytest.approx(
        growth * (1 if direction == "higher" else -1), abs=1e-12
    )
    assert result.score == pytest.approx(score, abs=1e-9)
    assert "无目标值" in result.sentence


@pytest.mark.parametrize(
    ("base", "limit", "c"),
    [
        (50, 100, 0.953929),  # 1 − 0.5^4.44
        (150, 100, 0.953929),  # 1 − ((200 − 150)/100)^4.44
        (100, 100, 0.0),
        (200, 100, 1.0),
        (250, 100, 1.0),
        (50, None, 1.0),
        (-5, 100, 1.0),
    ],
)
def test_the_limit_scales_the_thresholds(base, limit, c):
    assert limit_factor(base, limit) == pytest.approx(c, abs=1e-6)


def test_a_limit_shifts_the_score_and_band():
    # Base 50, L 100: C = 0.953929; p = 0.01 ≥ 0.5 %·C → moderate;
    # score = (0.01 − 0.005C)/(0.01C)·2.5 = 1.370740.
    result = assess(
        [(2020, 50.0), (2024, 50.0 * 1.01**4)],
        target=None,
        target_year=2025,
        direction="higher",
        limit=100,
    )
    assert result.status == MODERATE
    assert result.score == pytest.approx(1.370740, rel=R)


@pytest.mark.parametrize(
    ("growth", "status", "score"), [(0.0, SUBSTANTIAL, 5.0), (-0.01, DETERIORATION, -3.75)]
)
def test_at_the_limit_any_non_negative_progress_is_substantial(growth, status, score):
    result = assess(
        [(2020, 100.0), (2021, 100.0 * (1 + growth))],
        target=None,
        target_year=2025,
        direction="higher",
        limit=100,
    )
    assert (result.status, result.score) == (status, pytest.approx(score))


@pytest.mark.parametrize(
    ("scores", "status"),
    [
        ((5.0, 1.185, -3.0), MODERATE),
        ((5.0, 5.0), TARGET_ACHIEVED),
        ((5.0, 0.0), SUBSTANTIAL),
        ((-2.5, -2.6), DETERIORATION),
        ((-2.5,), LIMITED),
        ((), NOT_AVAILABLE),
    ],
)
def test_several_series_are_banded_by_their_mean_score(scores, status):
    parts = [Assessment(TARGET_ACHIEVED if s == 5.0 else LIMITED, None, s, None) for s in scores]
    parts.append(Assessment(NOT_AVAILABLE, None, None, None))
    assert combine(parts).status == status


@pytest.mark.parametrize(
    ("score", "status"),
    [(2.5, SUBSTANTIAL), (0.0, MODERATE), (-2.5, LIMITED), (-2.51, DETERIORATION)],
)
def test_band_edges(score, status):
    assert band(score) == status


def test_it_explains_itself_in_one_chinese_sentence_with_the_unit():
    result = assess(
        [(2022, D(1000)), (2024, D("1144.90"))],
        target=D(1300),
        target_year=2025,
        direction="higher",
        unit="万元",
        decimals=0,
    )
    assert result.sentence == (
        "按2022年以来年均增长7.0%推算，2025年可达1,225万元，达到目标1,300万元需年均增长9.1%，进展一般。"
    )


def test_it_rejects_an_unknown_direction():
    with pytest.raises(ValueError, match="direction"):
        assess([(2022, 1)], target=None, target_year=2025, direction="up")


values = st.floats(min_value=0.01, max_value=1e6, allow_nan=False)
years = st.integers(min_value=1, max_value=5)


@given(base=values, current=values, better=values, target=values, span=years)
def test_a_better_current_value_never_scores_lower(base, current, better, target, span):
    hi, lo = max(current, better), min(current, better)
    for direction, good, bad in (("higher", hi, lo), ("lower", lo, hi)):
        for tgt in (target, None):
            kw = {"target": tgt, "target_year": 2030, "direction": direction}
            good_score = assess([(2020, base), (2020 + span, good)], **kw).score
            bad_score = assess([(2020, base), (2020 + span, bad)], **kw).score
            assert good_score is not None and bad_score is not None
            assert good_score >= bad_score - 1e-9


@given(base=values, current=values, target=values, span=years)
def test_swapping_direction_and_negating_values_mirrors_the_result(base, current, target, span):
    # Negating keeps every growth rate (s flips with d), so the result must be identical.
    for tgt in (target, None):
        higher = assess(
            [(2020, base), (2020 + span, current)], target=tgt, target_year=2030, direction="higher"
        )
        lower = assess(
            [(2020, -base), (2020 + span, -current)],
            target=None if tgt is None else -tgt,
            target_year=2030,
            direction="lower",
        )
        assert higher.status == lower.status or _near_edge(higher)
        assert higher.score == pytest.approx(lower.score, rel=1e-9, abs=1e-9)
        assert higher.projected == pytest.approx(-lower.projected, rel=1e-9)


def _near_edge(a: Assessment) -> bool:
    """Float rounding may flip a band exactly at its edge."""
    return a.progress is not None and any(
        math.isclose(a.progress, e, abs_tol=1e-9) for e in (0.0, 0.6, 0.95)
    )
