"""The scoring and lagging-list rules of `core/scorecard.py`, stated once each (issue 19).

Every expected score is worked out by hand in the comments from the points and loads of the
module docstring (indicators 已达标 100, 正常 90, 严重滞后 30; tasks 已完成 100, 滞后 60;
loads: lead task 3, responsible task 1, indicator 2; credibility 10; timeliness share 0.2).
Pure, no database.
"""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from innocounty.core.evaluation import IndicatorSeries, Status, status
from innocounty.core.scorecard import (
    LaggingItem,
    ScoringWeights,
    TaskProgress,
    TaskStatus,
    UnitInput,
    UnitScore,
    lagging_list,
    score_carried,
    score_deduction,
    score_weighted,
    scorecards,
    unit_inputs,
    unit_load,
)


def judged(code, value, target, *, units=("县财政局",), direction="higher"):
    series = IndicatorSeries(
        code=code,
        name=f"指标{code}",
        unit="万元",
        direction=direction,
        targets={(2024, "target"): D(target)},
        values={"2024": D(value)},
        responsible_units=units,
    )
    return status(series, "2024", final_year=2025)


def task(number, state, *, units=("县财政局",), lead=(), percent=None, note=""):
    return TaskProgress(
        number=number,
        title=f"任务标题{number}",
        units=units,
        status=state,
        percent=None if percent is None else D(percent),
        note=note,
        lead_units=lead,
    )


ON_TRACK = judged("I1", 96, 100)  # 96 % of the target: 正常, 90 points
SERIOUS = judged("I2", 70, 100, units=("县经信局",))  # 70 %: 严重滞后, 30 points
assert (ON_TRACK.status, SERIOUS.status) == (Status.ON_TRACK, Status.SERIOUSLY_BEHIND)

CARRIED = [
    UnitInput(
        "A",
        indicators=(ON_TRACK,),
        tasks=(
            task(1, TaskStatus.COMPLETED, units=("A",), lead=("A",)),
            task(2, TaskStatus.BEHIND, units=("A",)),
        ),
        on_time_rate=D(1),
    ),
    UnitInput("B", indicators=(SERIOUS,), on_time_rate=D("0.5")),
    UnitInput("C"),
    UnitInput("D", on_time_rate=D("0.8")),
]


def test_the_carried_method_pulls_each_unit_toward_the_mean_of_all_items():
    # Items (load, points): A (2, 90), (3, 100), (1, 60); B (2, 30).
    # M = (180 + 300 + 60 + 60) ÷ 8 = 75.
    # A: own = 540 ÷ 6 = 90; (6·90 + 10·75) ÷ 16 = 80.625; 80.625·0.8 + 100·0.2 = 84.5.
    # B: own = 30; (2·30 + 10·75) ÷ 12 = 67.5; 67.5·0.8 + 50·0.2 = 64.
    # D: nothing carried: the on-time rate alone, 80. C: nothing at all, last, unranked.
    cards = scorecards(CARRIED, method="carried")
    assert [(c.unit, c.rank) for c in cards] == [("A", 1), ("D", 2), ("B", 3), ("C", None)]
    assert [c.score for c in cards] == [pytest.approx(84.5), pytest.approx(80), 64.0, None]
    assert unit_load(CARRIED[0], ScoringWeights()) == 6


def test_the_carried_method_uses_a_given_overall_mean():
    # M = 50 given: A (6·90 + 10·50) ÷ 16 = 65; 65·0.8 + 20 = 72.
    cards = scorecards(CARRIED[:1], method="carried", weights=ScoringWeights(overall_mean=50.0))
    assert cards[0].score == pytest.approx(72)


def test_score_carried_alone_and_without_timeliness():
    w = ScoringWeights()
    a = CARRIED[0]
    assert score_carried(a, w) == pytest.approx(90 * 0.8 + 20)  # no mean yet: own record, 92
    no_rate = UnitInput("A", a.indicators, a.tasks)
    assert score_carried(no_rate, w) == pytest.approx(90)
    # A task load of 0 drops the item: (2·90 + 3·100) ÷ 5 = 96.
    light = ScoringWeights(responsible_task=D(0))
    assert score_carried(no_rate, light) == pytest.approx(96)
    assert unit_load(no_rate, light) == 5
    # A unit whose every item weighs 0 carries nothing: its on-time rate alone.
    only_light = UnitInput(
        "B", tasks=(task(2, TaskStatus.BEHIND, units=("B",)),), on_time_rate=D(1)
    )
    assert score_carried(only_light, light) == 100
    assert score_carried(UnitInput("C"), w) is None


def test_the_deduction_method():
    w = ScoringWeights()
    lagging = UnitInput(
        "A",
        indicators=(judged("I3", 90, 100), SERIOUS),  # 滞后 −5, 严重滞后 −10
        tasks=(task(1, TaskStatus.NOT_REPORTED),),  # 未报送 −3
        on_time_rate=D("0.5"),  # (1 − 0.5) × 20 = −10
    )
    assert score_deduction(lagging, w) == 72.0
    assert score_deduction(UnitInput("A", indicators=(SERIOUS,) * 12), w) == 0.0  # floor 0
    assert score_deduction(UnitInput("A"), w) is None
    assert score_deduction(UnitInput("A", on_time_rate=D(1)), w) == 100.0
    assert score_deduction(UnitInput("A", tasks=(task(1, TaskStatus.COMPLETED),)), w) == 100.0
    assert score_deduction(UnitInput("A", indicators=(ON_TRACK,)), w) == 100.0


def test_scorecards_keep_every_part_and_rank_ties_alike():
    inputs = [
        UnitInput("甲", indicators=(ON_TRACK,), tasks=(task(1, TaskStatus.BEHIND),)),
        UnitInput("乙", on_time_rate=D("0.75")),  # 75
        UnitInput("丙", on_time_rate=D("0.75")),  # 75, tied
        UnitInput("丁", on_time_rate=D("0.005")),  # 0.5
        UnitInput("戊", on_time_rate=D(0)),  # 0
        UnitInput("己"),
        UnitInput("庚"),
    ]
    cards = scorecards(inputs)
    # 甲: (0.5·90 + 0.3·60) ÷ 0.8 = 78.75.
    assert cards[0] == UnitScore(
        "甲",
        pytest.approx(78.75),
        1,
        90.0,
        60.0,
        None,
        (("I1", Status.ON_TRACK),),
        ((1, TaskStatus.BEHIND),),
        None,
    )
    assert cards[1] == UnitScore("丙", 75.0, 2, None, None, 75.0, (), (), D("0.75"))
    assert [(c.unit, c.rank) for c in cards] == [
        ("甲", 1),
        ("丙", 2),
        ("乙", 2),
        ("丁", 4),
        ("戊", 5),
        ("己", None),
        ("庚", None),
    ]


def test_unit_inputs_group_by_every_named_unit():
    t = task(1, TaskStatus.ON_TRACK, units=("甲", "乙"))
    result = unit_inputs([SERIOUS], [t], {"丙": D("0.9")}, units=["丁"])
    assert result == [
        UnitInput("丁"),
        UnitInput("县经信局", indicators=(SERIOUS,)),
        UnitInput("甲", tasks=(t,)),
        UnitInput("乙", tasks=(t,)),
        UnitInput("丙", on_time_rate=D("0.9")),
    ]
    assert [u.unit for u in unit_inputs([SERIOUS], [t], {}, only={"乙"})] == ["乙"]


def test_the_lagging_list_orders_by_severity_then_ratio_then_percent():
    behind_undefined = judged("L1", 5, 0, direction="lower")  # above a zero target: 滞后, no rate
    behind = judged("L2", 90, 100)  # 90 %: 滞后
    tasks = [
        task(7, TaskStatus.BEHIND, percent=40, note="已督办 "),
        task(8, TaskStatus.BEHIND, percent=0),
        task(9, TaskStatus.BEHIND),
        task(3, TaskStatus.SERIOUSLY_BEHIND, percent=10, units=("县经信局",)),
        task(4, TaskStatus.NOT_REPORTED),
        task(5, TaskStatus.COMPLETED),
    ]
    items = lagging_list([behind, SERIOUS, behind_undefined, ON_TRACK], tasks)
    assert [(i.kind, i.code) for i in items] == [
        ("indicator", "I2"),
        ("task", "3"),
        ("indicator", "L1"),
        ("indicator", "L2"),
        ("task", "9"),
        ("task", "8"),
        ("task", "7"),
    ]
    # The translatable form of each reason reads, untranslated, as the reason itself.
    assert [str(i.reason_message) for i in items] == [i.reason for i in items]
    assert (items[0], items[0].reason) == (
        LaggingItem(
            "indicator",
            "I2",
            "指标I2",
            "seriously_behind",
            "严重滞后",
            3,
            ("县经信局",),
            indicator=SERIOUS,  # the status itself: its reason is written when read
        ),
        "2024年为70万元，对照年度目标100万元，完成率70.0%，严重滞后。",
    )
    assert (items[1], items[1].reason) == (
        LaggingItem(
            "task",
            "3",
            "任务标题3",
            "seriously_behind",
            "严重滞后",
            3,
            ("县经信局",),
            items[1].sentence,
        ),
        "任务3“任务标题3”严重滞后，完成进度10%。",
    )
    assert items[0].indicator is SERIOUS and items[1].indicator is None
    assert items[0].reason_message == SERIOUS.reason_message
    assert items[4].reason == "任务9“任务标题9”滞后。"
    assert items[6].reason == "任务7“任务标题7”滞后，完成进度40%。已督办"
    with_missing = lagging_list([], tasks, include_missing=True)
    assert [i.code for i in with_missing][-1] == "4"
    assert with_missing[-1].label == "未报送"


def test_the_weighted_method_alone_is_the_weighted_mean_of_the_parts():
    # 0.5·90 + 0.3·60 + 0.2·50 = 73 out of weights 1.0; without tasks (0.5·90 + 0.2·50) ÷ 0.7.
    full = UnitInput(
        "甲", indicators=(ON_TRACK,), tasks=(task(1, TaskStatus.BEHIND),), on_time_rate=D("0.5")
    )
    no_tasks = UnitInput("乙", indicators=(ON_TRACK,), on_time_rate=D("0.5"))
    w = ScoringWeights()
    assert score_weighted(full, w) == pytest.approx(73.0)
    assert score_weighted(no_tasks, w) == pytest.approx(55 / 0.7)
    assert score_weighted(UnitInput("丙"), w) is None
    assert score_weighted(full, ScoringWeights(tasks=D(0))) == pytest.approx(55 / 0.7)
    # The scorecards give the same totals (best first).
    assert [(c.unit, c.score) for c in scorecards([full, no_tasks])] == [
        ("乙", score_weighted(no_tasks, w)),
        ("甲", score_weighted(full, w)),
    ]


def test_an_indicators_reason_on_the_lagging_list_is_written_only_when_read(monkeypatch):
    # A province's lagging lists hold thousands of items and a page shows a few: building the
    # list writes no sentence; reading an item's reason writes its status's, once per read.
    from innocounty.core import evaluation

    written = []
    original = evaluation._reason
    monkeypatch.setattr(evaluation, "_reason", lambda st: written.append(st) or original(st))
    items = lagging_list([SERIOUS, judged("L2", 90, 100)], [])
    assert written == []
    assert items[0].reason == "2024年为70万元，对照年度目标100万元，完成率70.0%，严重滞后。"
    assert written == [SERIOUS]
