"""The status rules of `core/evaluation.py`, stated once each (issue 19, mutation survivors).

Expected values are worked out by hand in each test: the target, the share of the year
elapsed, the ratio and the sentence the monitor shows. Pure, no database.
"""

from __future__ import annotations

from decimal import Decimal as D

from innocounty.core.evaluation import (
    IndicatorSeries,
    Status,
    achievements,
    from_indicator,
    status,
    statuses,
)
from innocounty.core.schema import Indicator


def series(*, targets, values, measure="stock", direction="higher"):
    return IndicatorSeries(
        code="R1",
        name="规则指标",
        unit="万元",
        direction=direction,
        measure_type=measure,
        targets={key: D(v) for key, v in targets.items()},
        values={key: D(v) for key, v in values.items()},
    )


def test_without_a_target_a_value_equal_to_last_years_is_not_worse_either_way():
    for direction in ("higher", "lower"):
        s = series(
            targets={(2025, "assessment"): 150},
            values={"2023": 100, "2024": 100},
            direction=direction,
        )
        st = status(s, "2024", final_year=2025)
        assert st.status == Status.ON_TRACK
        assert (st.code, st.period, st.final_year) == ("R1", "2024", 2025)
        assert st.achievements.assessment == D(150)
        assert st.reason == "2024年为100万元，2024年无目标值；上年同期为100万元，未变差，正常。"


def test_without_a_target_a_worse_value_than_last_year_is_behind():
    s = series(targets={}, values={"2023": 100, "2024": 120}, direction="lower")
    st = status(s, "2024", final_year=2025)
    assert st.status == Status.BEHIND
    assert st.reason == "2024年为120万元，2024年无目标值；上年同期为100万元，有所变差，滞后。"


def test_the_years_target_falls_back_to_the_expected_value():
    s = series(targets={(2024, "expected"): 200}, values={"2024": 150})
    assert s.year_target(2024) == ("expected", D(200))
    st = status(s, "2024", final_year=2025)
    # 150 ÷ 200 = 75 % < 80 %: seriously behind; a stock is compared with the full target.
    assert (st.status, st.expectation, st.ratio) == (Status.SERIOUSLY_BEHIND, D(200), 0.75)
    assert st.reason == "2024年为150万元，对照完成值200万元，完成率75.0%，严重滞后。"


def test_no_data_keeps_the_indicator_and_the_final_year():
    s = series(targets={(2024, "target"): 100, (2025, "assessment"): 150}, values={})
    st = status(s, "2024", final_year=2025)
    assert (st.status, st.code, st.final_year) == (Status.NO_DATA, "R1", 2025)
    assert st.achievements.assessment == D(150)


def test_a_flow_at_the_third_quarter_is_held_to_three_quarters_of_its_target():
    s = series(targets={(2024, "target"): 120}, values={"2024Q3": 60}, measure="flow")
    st = status(s, "2024Q3", final_year=2025)
    # 120 × 3/4 = 90 expected by the end of September; 60 ÷ 90 = 66.7 % < 80 %.
    assert st.expectation == D(90)
    assert st.status == Status.SERIOUSLY_BEHIND
    assert st.code == "R1"
    assert st.reason == (
        "2024年第3季度累计为60万元，对照序时进度目标90万元（全年年度目标120万元的75%），"
        "完成率66.7%，严重滞后。"
    )


def test_lower_is_better_against_a_zero_target_is_behind_without_a_rate():
    s = series(targets={(2024, "target"): 0}, values={"2024": 5}, direction="lower")
    st = status(s, "2024", final_year=2025)
    # 5 is above the target 0 (not met); a rate against 0 is undefined: behind, no 完成率.
    assert (st.status, st.ratio) == (Status.BEHIND, None)
    assert st.reason == "2024年为5万元，对照年度目标0万元，滞后。"


def test_achievements_of_a_lower_is_better_value():
    s = series(
        targets={(2024, "target"): 80, (2025, "assessment"): 60, (2025, "expected"): 50},
        values={"2024": 100},
        direction="lower",
    )
    a = achievements(s, "2024", final_year=2025)
    assert (a.value, a.year_target, a.assessment, a.expected) == (D(100), D(80), D(60), D(50))
    # Lower is better: reference ÷ value.
    assert (a.against_target, a.against_assessment, a.against_expected) == (0.8, 0.6, 0.5)


def test_achievements_without_a_target_for_the_year():
    s = series(targets={(2025, "assessment"): 200}, values={"2024": 100})
    a = achievements(s, "2024", final_year=2025)
    assert (a.year_target, a.against_target, a.against_assessment) == (None, None, 0.5)


def test_statuses_name_each_period_and_keep_the_final_year():
    s = series(
        targets={(2023, "target"): 100, (2024, "target"): 100, (2025, "assessment"): 150},
        values={"2023": 100, "2024": 96},
    )
    result = statuses(s, ["2023", "2024"], final_year=2025)
    assert [(x.period, x.status, x.value) for x in result] == [
        ("2023", Status.MET, D(100)),
        ("2024", Status.ON_TRACK, D(96)),  # 96 % ≥ 95 %
    ]
    assert [x.achievements.assessment for x in result] == [D(150), D(150)]


def test_from_indicator_keeps_the_measure_type():
    indicator = Indicator(
        code="F1",
        category="创新投入",
        number=1,
        name="研发经费投入",
        unit="万元",
        direction="lower",
        measure_type="flow",
        frequency="quarterly",
        targets=[{"year": 2024, "kind": "target", "value": "120"}],
    )
    s = from_indicator(indicator, {"2024Q3": D(60)})
    assert (s.measure_type, s.direction, s.frequency) == ("flow", "lower", "quarterly")
    assert s.targets == {(2024, "target"): D(120)}


def test_the_sentences_without_a_target_or_an_earlier_value_and_when_met():
    alone = series(targets={}, values={"2021": 10})
    assert status(alone, "2021", final_year=2025).reason == (
        "2021年为10万元，2021年无目标值，也无上年同期数据可比，暂按正常。"
    )
    met = series(targets={(2025, "assessment"): 200}, values={"2025": 210})
    assert status(met, "2025", final_year=2025).reason == (
        "2025年为210万元，已达到2025年考核值200万元，完成率105.0%，已达标。"
    )
