from decimal import Decimal as D

import pytest

from innocounty.core.evaluation import IndicatorSeries, Status, status
from innocounty.core.scorecard import (
    SCORING_METHODS,
    ScoringWeights,
    TaskProgress,
    TaskStatus,
    UnitInput,
    lagging_list,
    scorecards,
    scoring_method,
    unit_inputs,
)


def judged(code, value, units, target="100", direction="higher"):
    series = IndicatorSeries(
        code=code,
        name=f"指标{code}",
        direction=direction,
        targets={(2024, "target"): D(target)},
        values={} if value is None else {"2024": D(value)},
        responsible_units=units,
    )
    return status(series, "2024", final_year=2025)


MET = judged("i1", "100", ("甲",))  # 已达标
BEHIND = judged("i2", "90", ("甲", "乙"))  # 0.90 → 滞后
SERIOUS = judged("i3", "50", ("乙",))  # 0.50 → 严重滞后
WORSE = judged("i4", "40", ("乙",))  # 0.40 → 严重滞后, further behind
MISSING = judged("i5", None, ("丙",))
TASKS = [
    TaskProgress(1, "建设科创平台", ("甲",), TaskStatus.COMPLETED, D(100)),
    TaskProgress(2, "培育高新企业", ("甲",), TaskStatus.SERIOUSLY_BEHIND, D(20)),
    TaskProgress(3, "引进人才", ("乙",), TaskStatus.BEHIND, D(40)),
    TaskProgress(4, "科技金融", ("乙",), TaskStatus.NOT_REPORTED),
]


def test_the_statuses_used_here_are_as_intended():
    assert [s.status for s in (MET, BEHIND, SERIOUS, WORSE, MISSING)] == [
        Status.MET,
        Status.BEHIND,
        Status.SERIOUSLY_BEHIND,
        Status.SERIOUSLY_BEHIND,
        Status.NO_DATA,
    ]


def test_weighted_scores_are_worked_out_by_hand():
    inputs = unit_inputs(
        [MET, BEHIND], TASKS[:2], {"甲": D("0.9"), "丁": D(1)}, units=["甲", "乙", "戊"]
    )
    cards = {c.unit: c for c in scorecards(inputs)}
    # 甲: indicators (100 + 60)/2 = 80; tasks (100 + 30)/2 = 65; timeliness 90;
    # 0.5·80 + 0.3·65 + 0.2·90 = 77.5.
    assert cards["甲"].score == pytest.approx(77.5)
    assert (cards["甲"].indicator_score, cards["甲"].task_score) == (80.0, 65.0)
    # 乙: only the indicator it shares with 甲 → 60, weights renormalised.
    assert cards["乙"].score == pytest.approx(60.0)
    # 丁: only timeliness → 100. 戊: nothing at all → no score, no rank.
    assert cards["丁"].score == pytest.approx(100.0)
    assert (cards["戊"].score, cards["戊"].rank) == (None, None)
    assert [c.unit for c in scorecards(inputs)] == ["丁", "甲", "乙", "戊"]
    assert [c.rank for c in scorecards(inputs)] == [1, 2, 3, None]


def test_the_deduction_method_subtracts_per_lagging_item():
    inputs = unit_inputs([MET, BEHIND], TASKS[:2], {"甲": D("0.9")})
    card = next(c for c in scorecards(inputs, method="deduction") if c.unit == "甲")
    # 100 − 5 (indicator behind) − 10 (task seriously behind) − 0.1·20 = 83.
    assert card.score == pytest.approx(83.0)


def test_ties_share_a_rank_and_are_listed_by_name():
    inputs = [
        UnitInput("乙", on_time_rate=D(1)),
        UnitInput("甲", on_time_rate=D(1)),
        UnitInput("丙", on_time_rate=D("0.5")),
    ]
    cards = scorecards(inputs)
    # Equal scores: by name in code-point order (乙 U+4E59 before 甲 U+7532).
    assert [(c.unit, c.rank) for c in cards] == [("乙", 1), ("甲", 1), ("丙", 3)]


def test_weights_are_configurable():
    weights = ScoringWeights(indicators=D(1), tasks=D(0), timeliness=D(0))
    inputs = unit_inputs([MET, BEHIND], TASKS[:2], {"甲": D("0.9")})
    card = next(c for c in scorecards(inputs, weights=weights) if c.unit == "甲")
    assert card.score == pytest.approx(80.0)


def test_scoring_methods_are_registered_in_one_dict():
    assert set(SCORING_METHODS) == {"weighted", "deduction", "carried"}
    for code in SCORING_METHODS:
        assert callable(scoring_method(code))
    with pytest.raises(KeyError):
        scoring_method("nope")


def test_the_lagging_list_puts_the_most_severe_first_with_units():
    items = lagging_list([MET, BEHIND, SERIOUS, WORSE, MISSING], TASKS)
    assert [(i.kind, i.code) for i in items] == [
        ("indicator", "i4"),  # 严重滞后, 40 %
        ("indicator", "i3"),  # 严重滞后, 50 %
        ("task", "2"),  # 严重滞后
        ("indicator", "i2"),  # 滞后
        ("task", "3"),  # 滞后
    ]
    assert items[0].units == ("乙",)
    assert items[0].label == "严重滞后"
    assert items[2].reason == "任务2“培育高新企业”严重滞后，完成进度20%。"


def test_the_lagging_list_can_include_missing_reports():
    items = lagging_list([MISSING], TASKS[3:], include_missing=True)
    assert [(i.code, i.label) for i in items] == [("i5", "无数据"), ("4", "未报送")]


def test_only_keeps_the_units_that_are_scored():
    inputs = unit_inputs([MET, BEHIND], TASKS[:2], {"甲": D("0.9")}, only=["甲"])
    assert [i.unit for i in inputs] == ["甲"]
