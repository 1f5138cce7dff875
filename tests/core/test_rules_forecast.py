"""The progress method of DESIGN.md ("The progress method"), rule by rule, with every field of
the result and the sentence that explains it worked out by hand from the method's formulas
(not from `forecast` itself). Written for the mutation run of `core/forecast.py`
(docs/en/mutation-testing.md): each test names the rule it checks.
"""

from __future__ import annotations

from dataclasses import fields
from decimal import Decimal as D
from typing import Any

import pytest

from innocounty.core.forecast import (
    DETERIORATION,
    LIMITED,
    MODERATE,
    NOT_AVAILABLE,
    SUBSTANTIAL,
    TARGET_ACHIEVED,
    Assessment,
    Combined,
    _band_with_target,
    _band_without_target,
    _score_with_target,
    assess,
    assess_targets,
    combine,
    format_value,
    limit_factor,
)

R = 1e-6  # relative tolerance of the hand computations (seven significant digits)

# Every field of an Assessment and its value when nothing sets it.
DEFAULTS: dict[str, Any] = {
    "progress": None,
    "score": None,
    "projected": None,
    "direction": "higher",
    "target": None,
    "target_year": None,
    "base_year": None,
    "base_value": None,
    "current_year": None,
    "current_value": None,
    "observed_growth": None,
    "required_growth": None,
    "limit_factor": None,
    "reason": "",
    "unit": "",
    "decimals": None,
    "target_label": "目标",
}


def assert_result(actual: Assessment, status: str, **expected: Any) -> None:
    """Every field of `actual` equals `expected` (floats to `R`), the others their default."""
    assert actual.status == status
    for f in fields(Assessment):
        if f.name == "status":
            continue
        want = expected.get(f.name, DEFAULTS[f.name])
        got = getattr(actual, f.name)
        if isinstance(want, float):
            assert got == pytest.approx(want, rel=R, abs=1e-12), f.name
        else:
            assert got == want, f.name
            assert type(got) is type(want), f.name


# A small English catalogue: a sentence rendered with it shows which parts are translated.
CATALOGUE = {
    ("", "{reason}，{status}。"): "{reason}: {status}.",
    ("", "仅有{year}年一个数据点，不足一年，无法推算"): "only {year}, less than a year",
    ("", "目标值与基期值正负号相反，无法计算所需增速"): "target and base of opposite signs",
    ("", "无法评估"): "not available",
    (
        "",
        "{year}年为{value}，已达到{target}，{status}。",
    ): "{year}: {value}, met {target}; {status}.",
    ("", "{year}年{target_word}{target}"): "the {year} {target_word} {target}",
    ("reference value", "考核值"): "assessment value",
    ("", "已实现目标"): "achieved",
}


def english(a: Assessment) -> str:
    return a.sentence_message.render(lambda c, m: CATALOGUE.get((c, m), m))


# -- Nothing to measure ------------------------------------------------------------------


def test_no_value_at_all_is_not_available_and_keeps_what_the_caller_gave():
    a = assess(
        [(2024, None)],
        target=D(10),
        target_year=2025,
        direction="lower",
        unit="万元",
        decimals=1,
        target_label="考核值",
    )
    assert_result(
        a,
        NOT_AVAILABLE,
        direction="lower",
        target=D(10),
        target_year=2025,
        reason="无数据",
        unit="万元",
        decimals=1,
        target_label="考核值",
    )
    assert a.sentence == "无数据，无法评估。"


def test_the_sentence_defaults_are_no_unit_and_the_word_target():
    a = assess([(2024, D(5))], target=None, target_year=2025, direction="higher")
    assert (a.unit, a.target_label) == ("", "目标")


def test_several_targets_default_to_no_unit_and_no_decimals():
    a, b = assess_targets(
        [(2023, D(4)), (2024, D(5))],
        [(D(6), "考核值"), (None, "完成值")],
        target_year=2025,
        direction="higher",
    )
    assert (a.unit, a.decimals, b.unit, b.decimals) == ("", None, "", None)
    assert (
        a.sentence
        == "按2023年以来年均增长25.0%推算，2025年可达6.25，达到目标6需年均增长22.5%，进展显著。"
    )


def test_values_all_before_the_base_year_leave_nothing_to_measure_from():
    # Base year 2024 asked for, values only in 2022 and 2023: no base point; the latest value
    # is still reported as the current one.
    a = assess(
        [(2022, D(5)), (2023, D(6))],
        target=D(10),
        target_year=2026,
        direction="higher",
        base_year=2024,
        unit="家",
    )
    assert_result(
        a,
        NOT_AVAILABLE,
        target=D(10),
        target_year=2026,
        current_year=2023,
        current_value=D(6),
        reason="无数据",
        unit="家",
    )


def test_one_point_short_of_the_target_is_not_available_and_says_why():
    a = assess([(2024, D(5))], target=D(10), target_year=2025, direction="higher")
    assert_result(
        a,
        NOT_AVAILABLE,
        target=D(10),
        target_year=2025,
        base_year=2024,
        base_value=D(5),
        current_year=2024,
        current_value=D(5),
        reason="仅有2024年一个数据点，不足一年，无法推算",
    )
    assert a.sentence == "仅有2024年一个数据点，不足一年，无法推算，无法评估。"
    # The reason is a translatable sentence of its own, not data.
    assert english(a) == "only 2024, less than a year: not available."


@pytest.mark.parametrize(
    "series",
    [
        [(2022, D("0.5")), (2024, D(-1))],  # a base below 1 falling below zero
        [(2022, D(-5)), (2024, D("0.5"))],  # a negative base rising to less than 1
        [(2022, D(-5)), (2024, D(3))],
    ],
)
def test_a_base_and_current_of_opposite_signs_is_not_available(series):
    # The growth rate of a change of sign is undefined.
    a = assess(series, target=D(20), target_year=2025, direction="higher")
    assert (a.status, a.reason) == (NOT_AVAILABLE, "基期值与最新值正负号相反，无法按年均增速推算")


def test_a_fall_to_zero_is_growth_of_minus_100_percent():
    # Zero is not of the opposite sign: g = (0/100)^(1/2) − 1 = −1; r = 1.5^(1/3) − 1 =
    # 0.1447142; p = −1/0.1447142 = −6.910170 → deterioration, score max(4.1667p − 2.5, −5) = −5;
    # projected 0·0 = 0.
    a = assess([(2022, D(100)), (2024, D(0))], target=D(150), target_year=2025, direction="higher")
    assert_result(
        a,
        DETERIORATION,
        progress=-6.910170,
        score=-5.0,
        projected=0.0,
        target=D(150),
        target_year=2025,
        base_year=2022,
        base_value=D(100),
        current_year=2024,
        current_value=D(0),
        observed_growth=-1.0,
        required_growth=0.1447142,
    )


def test_a_negative_base_rising_to_zero_is_progress():
    # −5 → 0 (higher is better): g = (0/−5)^(1/2) − 1 = −1, s = −1, d = 1: p = s·d·g = 1 (100 %
    # a year) ≥ 1.5 % → substantial, score 5 (beyond 2 %).
    a = assess([(2022, D(-5)), (2024, D(0))], target=None, target_year=2025, direction="higher")
    assert (a.status, a.progress, a.score) == (SUBSTANTIAL, 1.0, 5.0)


# -- With a target -------------------------------------------------------------------------


def test_with_a_target_progress_is_the_observed_over_the_required_growth():
    # g = (121/100)^(1/2) − 1 = 0.1; r = (150/100)^(1/(2026 − 2022)) − 1 = 0.1066819;
    # p = 0.1/0.1066819 = 0.9373660 < 0.95 → moderate; score 7.1429p − 4.2857 = 2.409811;
    # projected over the two years to 2026: 121·1.1² = 146.41.
    a = assess(
        [(2022, D(100)), (2023, None), (2024, D(121))],
        target=D(150),
        target_year=2026,
        direction="higher",
        unit="万元",
        decimals=1,
        target_label="考核值",
    )
    assert_result(
        a,
        MODERATE,
        progress=0.9373660,
        score=2.409811,
        projected=146.41,
        target=D(150),
        target_year=2026,
        base_year=2022,
        base_value=D(100),
        current_year=2024,
        current_value=D(121),
        observed_growth=0.1,
        required_growth=0.1066819,
        unit="万元",
        decimals=1,
        target_label="考核值",
    )
    assert a.sentence == (
        "按2022年以来年均增长10.0%推算，2026年可达146.4万元，"
        "达到目标150.0万元需年均增长10.7%，进展一般。"
    )


def test_an_achieved_target_still_reports_its_growth_and_progress():
    # Met (121 ≥ 110): score 5; for information g = 0.1, r = 1.1^(1/3) − 1 = 0.03228012,
    # p = 0.1/0.03228012 = 3.097882; projected 121·1.1 = 133.1.
    a = assess(
        [(2022, D(100)), (2024, D(121))],
        target=D(110),
        target_year=2025,
        direction="higher",
        unit="万元",
        decimals=0,
        target_label="考核值",
    )
    assert_result(
        a,
        TARGET_ACHIEVED,
        progress=3.097882,
        score=5.0,
        projected=133.1,
        target=D(110),
        target_year=2025,
        base_year=2022,
        base_value=D(100),
        current_year=2024,
        current_value=D(121),
        observed_growth=0.1,
        required_growth=0.03228012,
        unit="万元",
        decimals=0,
        target_label="考核值",
    )
    assert a.sentence == "2024年为121万元，已达到2025年考核值110万元，已实现目标。"
    assert english(a) == "2024: 121万元, met the 2025 assessment value 110万元; achieved."


def test_an_achieved_target_with_one_point_has_no_growth():
    # One point that meets the target: no growth, no projection; r = (150/150)^(1/1) − 1 = 0,
    # so no progress ratio either.
    a = assess([(2024, D(150))], target=D(150), target_year=2025, direction="higher")
    assert_result(
        a,
        TARGET_ACHIEVED,
        score=5.0,
        target=D(150),
        target_year=2025,
        base_year=2024,
        base_value=D(150),
        current_year=2024,
        current_value=D(150),
        required_growth=0.0,
    )


def test_a_target_equal_to_the_base_and_missed_is_deterioration_with_its_growth():
    # r = (100/100)^(1/3) − 1 = 0: no ratio; g = 0.9^(1/2) − 1 = −0.05131670;
    # projected 90·0.9486833 = 85.38150.
    a = assess(
        [(2022, D(100)), (2024, D(90))],
        target=D(100),
        target_year=2025,
        direction="higher",
        unit="万元",
        decimals=0,
    )
    assert_result(
        a,
        DETERIORATION,
        score=-5.0,
        projected=85.38150,
        target=D(100),
        target_year=2025,
        base_year=2022,
        base_value=D(100),
        current_year=2024,
        current_value=D(90),
        observed_growth=-0.05131670,
        required_growth=0.0,
        unit="万元",
        decimals=0,
    )
    assert a.sentence == (
        "按2022年以来年均下降5.1%推算，2025年可达85万元，"
        "2025年目标100万元仍未达到且与基期持平，出现倒退。"
    )


def test_a_target_of_the_opposite_sign_is_not_available_but_projected():
    # r undefined; g = (−4/−5)^(1/2) − 1 = −0.1055728; projected −4·0.8944272 = −3.577709.
    a = assess([(2022, D(-5)), (2024, D(-4))], target=D(10), target_year=2025, direction="higher")
    assert_result(
        a,
        NOT_AVAILABLE,
        projected=-3.577709,
        target=D(10),
        target_year=2025,
        base_year=2022,
        base_value=D(-5),
        current_year=2024,
        current_value=D(-4),
        observed_growth=-0.1055728,
        reason="目标值与基期值正负号相反，无法计算所需增速",
    )
    assert english(a) == "target and base of opposite signs: not available."


def test_a_target_year_not_after_the_base_year_is_not_available_but_projected():
    # g = 1.2^(1/2) − 1 = 0.09544512; projected back to 2022: 6/1.2 = 5.
    a = assess([(2022, D(5)), (2024, D(6))], target=D(10), target_year=2022, direction="higher")
    assert_result(
        a,
        NOT_AVAILABLE,
        projected=5.0,
        target=D(10),
        target_year=2022,
        base_year=2022,
        base_value=D(5),
        current_year=2024,
        current_value=D(6),
        observed_growth=0.09544512,
        reason="目标年份不晚于基期年份，无法计算所需增速",
    )


def test_no_growth_towards_a_target_is_limited_not_deterioration():
    # p = 0/r = 0 ≥ 0 → limited; score 4.1667·0 − 2.5 = −2.5. Zero growth reads 增长0.0%.
    a = assess(
        [(2022, D(100)), (2024, D(100))],
        target=D(150),
        target_year=2025,
        direction="higher",
        decimals=0,
    )
    assert (a.status, a.progress, a.score) == (LIMITED, 0.0, -2.5)
    assert a.sentence.startswith("按2022年以来年均增长0.0%推算，2025年可达100，")


@pytest.mark.parametrize(
    ("p", "status", "score"),
    [
        # The edges belong to the better band: ≥ 0.95, ≥ 0.60, ≥ 0.
        (0.95, SUBSTANTIAL, 7.1429 * 0.95 - 4.2857),
        (0.9499, MODERATE, 7.1429 * 0.9499 - 4.2857),
        (0.6, MODERATE, 7.1429 * 0.6 - 4.2857),  # 0.00004, not 4.1667·0.6 − 2.5 = 0.00002
        (0.5999, LIMITED, 4.1667 * 0.5999 - 2.5),
        (0.0, LIMITED, -2.5),
        (-0.0001, DETERIORATION, 4.1667 * -0.0001 - 2.5),
    ],
)
def test_the_bands_with_a_target_include_their_lower_edge(p, status, score):
    assert _band_with_target(p) == status
    assert _score_with_target(p) == pytest.approx(score, rel=1e-12)


# -- Without a target ----------------------------------------------------------------------


def test_without_a_target_and_with_a_limit_the_score_runs_through_the_scaled_knots():
    # Base 50, L = 100: C = 1 − 0.5^4.44 = 0.9539291; p = g = 0.017, between 1.5 %·C = 0.01430894
    # and 2 %·C = 0.01907858 → substantial, score 2.5 + (0.017 − 0.01430894)/(0.5 %·C)·2.5 =
    # 3.910516; current 50·1.017⁴ = 53.48769, projected ·1.017 = 54.39698 (54.4 at four digits).
    current = 50.0 * 1.017**4
    a = assess(
        [(2020, 50.0), (2024, current)],
        target=None,
        target_year=2025,
        direction="higher",
        limit=100,
    )
    assert_result(
        a,
        SUBSTANTIAL,
        progress=0.017,
        score=3.910516,
        projected=54.39698,
        target_year=2025,
        base_year=2020,
        base_value=50.0,
        current_year=2024,
        current_value=current,
        observed_growth=0.017,
        limit_factor=0.9539291,
    )
    assert (
        a.sentence
        == "按2020年以来年均增长1.7%推算，2025年可达54.4（无目标值，按增速评价），进展显著。"
    )


def test_without_a_target_lower_is_better_turns_a_fall_into_progress():
    # g = 0.81^(1/2) − 1 = −0.1, d = −1: p = 0.1 → substantial, score 5; C = 1 without a limit.
    a = assess([(2022, D(100)), (2024, D(81))], target=None, target_year=2026, direction="lower")
    assert_result(
        a,
        SUBSTANTIAL,
        progress=0.1,
        score=5.0,
        projected=81 * 0.81,
        direction="lower",
        target_year=2026,
        base_year=2022,
        base_value=D(100),
        current_year=2024,
        current_value=D(81),
        observed_growth=-0.1,
        limit_factor=1.0,
    )
    assert (
        a.sentence
        == "按2022年以来年均下降10.0%推算，2026年可达65.61（无目标值，按增速评价），进展显著。"
    )


@pytest.mark.parametrize(
    ("p", "c", "status"),
    [
        # ≥ 1.5 %·C substantial, ≥ 0.5 %·C moderate, ≥ 0 limited: edges included.
        (0.015, 1.0, SUBSTANTIAL),
        (0.0149, 1.0, MODERATE),
        (0.005, 1.0, MODERATE),
        (0.0049, 1.0, LIMITED),
        (0.0, 1.0, LIMITED),
        (0.0, 0.0, SUBSTANTIAL),  # at the limit (C = 0) any progress ≥ 0 is substantial
        (-0.0001, 0.0, DETERIORATION),
    ],
)
def test_the_bands_without_a_target_include_their_lower_edge(p, c, status):
    assert _band_without_target(p, c) == status


@pytest.mark.parametrize(
    ("base", "limit", "c"),
    [
        # C = 1 − (base/L)^4.44 also for a base or a limit below 1: 1 − 0.5^4.44 = 0.9539291.
        (0.5, 1, 0.9539291),
        (0.25, 0.5, 0.9539291),
        (D("0.5"), D(1), 0.9539291),
        (0, 100, 1 - (0.001 / 100) ** 4.44),  # a zero base counts as 0.001
        (50, 0, 1.0),  # no limit to scale by
        (50, -100, 1.0),
    ],
)
def test_the_limit_factor_of_small_levels(base, limit, c):
    assert limit_factor(base, limit) == pytest.approx(c, rel=R)


# -- Several series ------------------------------------------------------------------------


def test_several_series_give_the_mean_score_and_keep_their_parts():
    achieved = Assessment(TARGET_ACHIEVED, None, 5.0, None)
    slow = Assessment(LIMITED, 0.1, -1.0, None)
    missing = Assessment(NOT_AVAILABLE, None, None, None)
    # (5 − 1)/2 = 2 → moderate (≥ 0, < 2.5); the series without a score is left out.
    assert combine([achieved, slow, missing]) == Combined(MODERATE, 2.0, (achieved, slow, missing))
    assert combine([achieved, missing]) == Combined(TARGET_ACHIEVED, 5.0, (achieved, missing))
    assert combine([missing]) == Combined(NOT_AVAILABLE, None, (missing,))


# -- How values and rates are written --------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "decimals", "unit", "text"),
    [
        (None, 2, "万元", "—"),
        (D("1.50"), None, "", "1.50"),  # a stored value as it is stored
        (D(120000), None, "家", "120000家"),
        (12, None, "", "12"),
        (1234.5678, None, "", "1235"),  # a computed float to four significant digits
        (1e6, None, "", "1000000"),  # from a million on, in full
        (1000000.5, None, "", "1000000"),
        (-2e6, None, "", "-2000000"),
        (D("1234.5"), 1, "%", "1,234.5%"),
    ],
)
def test_values_are_written_with_their_unit(value, decimals, unit, text):
    assert format_value(value, decimals, unit) == text


def test_a_value_without_a_unit_has_none():
    assert format_value(D("3.5")) == "3.5"


# -- Sentences built from a result by hand (`explain`) ---------------------------------------


def test_a_result_without_a_reason_says_data_are_missing():
    assert Assessment(NOT_AVAILABLE, None, None, None).sentence == "数据不足，无法评估。"


def test_a_reason_that_is_data_is_shown_as_given():
    a = Assessment(NOT_AVAILABLE, None, None, None, reason="由单位说明")
    assert a.sentence == "由单位说明，无法评估。"
    assert english(a) == "由单位说明: not available."


# -- Several targets at once (`assess_targets`) -------------------------------------------


def test_several_targets_are_each_assessed_as_if_alone_in_order():
    # g = 0.1 from 100 (2022) to 121 (2024), worked out once for all four targets:
    # - 考核值 150 in 2026: as in the test above, p = 0.9373660 → moderate, score 2.409811;
    # - 完成值 110: met (121 ≥ 110), score 5, r = 1.1^(1/4) − 1 = 0.02411369,
    #   p = 0.1/0.02411369 = 4.147022;
    # - 100, the base: met as well (121 ≥ 100), r = 0, so no progress ratio;
    # - no target: p = g = 0.1 ≥ 1.5 % → substantial, score 5 (beyond 2 %).
    series = [(2022, D(100)), (2023, None), (2024, D(121))]
    common = {"target_year": 2026, "direction": "higher", "unit": "万元", "decimals": 1}
    targets = [(D(150), "考核值"), (D(110), "完成值"), (D(100), "目标"), (None, "目标")]
    results = assess_targets(series, targets, **common)
    points = {
        "target_year": 2026,
        "base_year": 2022,
        "base_value": D(100),
        "current_year": 2024,
        "current_value": D(121),
        "observed_growth": 0.1,
        "projected": 146.41,
        "unit": "万元",
        "decimals": 1,
    }
    assert_result(
        results[0],
        MODERATE,
        progress=0.9373660,
        score=2.409811,
        target=D(150),
        required_growth=0.1066819,
        target_label="考核值",
        **points,
    )
    assert_result(
        results[1],
        TARGET_ACHIEVED,
        progress=4.147022,
        score=5.0,
        target=D(110),
        required_growth=0.02411369,
        target_label="完成值",
        **points,
    )
    assert_result(
        results[2], TARGET_ACHIEVED, score=5.0, target=D(100), required_growth=0.0, **points
    )
    assert_result(results[3], SUBSTANTIAL, progress=0.1, score=5.0, limit_factor=1.0, **points)
    # Each is what `assess` gives for its target alone.
    for (target, label), result in zip(targets, results, strict=True):
        assert assess(series, target=target, target_label=label, **common) == result


@pytest.mark.parametrize(
    ("series", "base_year", "reason"),
    [
        ([], None, "无数据"),
        ([(2020, D(5))], 2022, "无数据"),
        ([(2024, D(5))], None, "仅有2024年一个数据点，不足一年，无法推算"),
    ],
)
def test_a_series_that_cannot_be_assessed_is_not_available_for_every_target(
    series, base_year, reason
):
    results = assess_targets(
        series,
        [(D(10), "考核值"), (D(20), "完成值")],
        target_year=2025,
        direction="higher",
        base_year=base_year,
    )
    assert [(r.status, r.target, r.target_label, r.reason) for r in results] == [
        (NOT_AVAILABLE, D(10), "考核值", reason),
        (NOT_AVAILABLE, D(20), "完成值", reason),
    ]
    assert assess_targets(series, [], target_year=2025, direction="higher") == []


def test_several_targets_refuse_an_unknown_direction():
    with pytest.raises(ValueError, match="direction"):
        assess_targets([(2024, D(5))], [(D(1), "目标")], target_year=2025, direction="up")
