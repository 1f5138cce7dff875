"""The rules of `core/engine.py`, stated once each (issue 19, its first mutation run).

A plan's settings reach every part of its evaluation (thresholds, index weights and order,
the scoring method and weights, the units scored, whether missing data is lagging); derived
indicators are computed from data elements and from other indicators; the index starts at
the base year, or the earliest year with data; `plan_data` carries everything of a plan. The
expected values are worked out by hand in each test. Pure, no database.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

import pytest

from innocounty.core.derived import parse_formula
from innocounty.core.engine import (
    PlanData,
    PlanSettings,
    evaluate_indicator,
    evaluate_plan,
    evaluate_plans,
    fill_derived,
    judge_task,
    plan_data,
)
from innocounty.core.evaluation import IndicatorSeries, Status, Thresholds, status
from innocounty.core.index import IndexWeights
from innocounty.core.milestones import MilestoneFacts
from innocounty.core.schema import Plan
from innocounty.core.scorecard import ScoringWeights, TaskProgress, TaskStatus

TODAY = dt.date(2025, 1, 15)  # as of 2024-12: the year 2024 is complete


def series(code, values, *, targets=None, category="投入", units=("甲",), **extra):
    return IndicatorSeries(
        code=code,
        name=f"指标{code}",
        unit="万元",
        category=category,
        targets={key: D(v) for key, v in (targets or {}).items()},
        values={key: D(v) for key, v in values.items()},
        responsible_units=units,
        **extra,
    )


# 90 against 100: 90 %, 滞后 by default (< 95 %), 正常 when on track starts at 90 %.
NINETY = series("A1", {"2024": 90}, targets={(2024, "target"): 100, (2025, "assessment"): 120})
LOOSE = Thresholds(on_track=D("0.9"), serious=D("0.5"))


def test_the_thresholds_of_the_plan_judge_the_status_and_the_history():
    plain = evaluate_indicator(NINETY, as_of="2024", settings=PlanSettings(), history=True)
    loose = evaluate_indicator(
        NINETY, as_of="2024", settings=PlanSettings(thresholds=LOOSE), history=True
    )
    assert (plain.status.status, plain.history.statuses) == (Status.BEHIND, (Status.BEHIND,))
    assert (loose.status.status, loose.history.statuses) == (Status.ON_TRACK, (Status.ON_TRACK,))
    quarterly = series("Q1", {"2024Q4": 90}, targets={(2024, "target"): 100}, frequency="quarterly")
    # As of 2024 the quarterly indicator is judged at 2024 itself, not read from its history.
    result = evaluate_indicator(
        quarterly, as_of="2024", settings=PlanSettings(thresholds=LOOSE), history=True
    )
    assert result.history.periods == ("2024Q4",)
    assert (result.status.period, result.status.status) == ("2024", Status.ON_TRACK)
    assert result.status == status(quarterly, "2024", final_year=2025, thresholds=LOOSE)


def test_without_history_an_indicator_has_none():
    assert evaluate_indicator(NINETY, as_of="2024", settings=PlanSettings()).history == ()


def test_the_forecasts_run_from_the_earliest_baseline_unless_the_plan_sets_a_base_year():
    s = series(
        "B1",
        {"2019": 80, "2022": 121, "2024": 146.41},
        targets={(2020, "baseline"): 100, (2021, "baseline"): 110, (2023, "target"): 5},
    )
    own = evaluate_indicator(s, as_of="2024", settings=PlanSettings(final_year=2025))
    # From the 2020 baseline 100 to 146.41 in 2024: 10 % a year.
    assert (own.forecast.base_year, own.forecast.base_value) == (2020, D(100))
    assert round(own.forecast.observed_growth, 6) == 0.1
    fixed = evaluate_indicator(s, as_of="2024", settings=PlanSettings(base_year=2022))
    assert (fixed.forecast.base_year, fixed.forecast.base_value) == (2022, D(121))
    no_baseline = series("B2", {"2022": 100, "2024": 121})
    plain = evaluate_indicator(no_baseline, as_of="2024", settings=PlanSettings())
    assert plain.forecast.base_year == 2022  # the earliest value


def test_each_forecast_has_its_own_target_and_label():
    s = series(
        "F1",
        {"2023": 100, "2024": 110},
        targets={(2025, "assessment"): 121, (2025, "expected"): 150},
    )
    result = evaluate_indicator(s, as_of="2024", settings=PlanSettings(final_year=2025))
    assert (result.forecast.target, result.forecast.target_label) == (D(121), "考核值")
    assert (result.forecast_expected.target, result.forecast_expected.target_label) == (
        D(150),
        "完成值",
    )
    # 10 % a year reaches 121 in 2025 but not 150.
    assert result.forecast.progress > result.forecast_expected.progress


def test_derived_indicators_are_computed_from_elements_and_other_indicators():
    base = series("N01", {"2024": 40})
    doubled = series("D01", {}, formula=parse_formula("N01 * 2"))
    per_head = series("D02", {}, formula=parse_formula("people / 10"))
    filled = fill_derived([base, doubled, per_head], {"people": {"2024": D(50)}})
    assert [s.values for s in filled] == [{"2024": D(40)}, {"2024": D(80)}, {"2024": D(5)}]
    # A plan of derived indicators only is computed too.
    (alone,) = fill_derived([per_head], {"people": {"2024": D(50)}})
    assert alone.values == {"2024": D(5)}


def test_a_missed_milestone_comes_before_the_tasks_own_note():
    task = TaskProgress(
        1,
        "出台办法",
        ("甲",),
        TaskStatus.ON_TRACK,
        note="已督办",
        milestones=(MilestoneFacts("起草", dt.date(2025, 3, 31)),),
    )
    judged = judge_task(task, on=dt.date(2025, 4, 1))
    assert judged.status == TaskStatus.BEHIND
    assert judged.note == "节点“起草”（完成时限2025年3月31日）未按期完成。 已督办"


def plan(*indicators, tasks=(), settings=None, **extra):
    return PlanData(
        "p",
        list(indicators),
        tasks=list(tasks),
        categories=("投入", "绩效"),
        settings=settings or PlanSettings(final_year=2025, base_year=2022),
        **extra,
    )


def test_the_index_starts_at_the_base_year_even_before_any_data():
    s = series("I1", {"2023": 60, "2024": 90}, targets={(2025, "assessment"): 100})
    result = evaluate_plan(plan(s), today=TODAY)
    assert [(p.year, p.overall) for p in result.index] == [(2022, None), (2023, 60.0), (2024, 90.0)]


def test_without_a_base_year_the_index_starts_with_the_earliest_data():
    # A value in 2019 comes before the 2020 baseline the forecast starts from.
    s = series(
        "I1",
        {"2019": 50, "2024": 90},
        targets={(2020, "baseline"): 60, (2025, "assessment"): 100},
    )
    result = evaluate_plan(plan(s, settings=PlanSettings(final_year=2025)), today=TODAY)
    assert [p.year for p in result.index] == [2019, 2020, 2021, 2022, 2023, 2024]


def test_data_that_starts_in_the_last_complete_year_gives_a_one_year_index():
    # No base year, no baseline: the earliest data, 2024, is the last complete year itself.
    s = series("I1", {"2024": 90}, targets={(2025, "assessment"): 100})
    result = evaluate_plan(plan(s, settings=PlanSettings(final_year=2025)), today=TODAY)
    assert [(p.year, p.overall) for p in result.index] == [(2024, 90.0)]


def test_data_only_before_the_baseline_still_starts_the_index_in_the_last_complete_year():
    # The forecast has nothing to measure (every value, 2024, lies before the 2026 baseline),
    # so only the data's own earliest year, 2024 (the last complete year), starts the index.
    s = series("I1", {"2024": 90}, targets={(2026, "baseline"): 80, (2025, "assessment"): 100})
    result = evaluate_plan(plan(s, settings=PlanSettings(final_year=2025)), today=TODAY)
    assert result.indicators["I1"].forecast.base_year is None
    assert [(p.year, p.overall) for p in result.index] == [(2024, 90.0)]


def test_the_indicators_natural_limit_reaches_its_forecast():
    # Without a target the forecast scores the growth with the limit factor C of the base:
    # base 80 against a limit 100: C = 1 − 0.8^4.44; without a limit C = 1.
    values = {"2022": 80, "2023": 88, "2024": 96.8}
    limited = series("L1", values, limit=D(100))
    result = evaluate_indicator(limited, as_of="2024", settings=PlanSettings(final_year=2025))
    assert result.forecast.limit_factor == pytest.approx(1 - 0.8**4.44)
    free = evaluate_indicator(
        series("L2", values), as_of="2024", settings=PlanSettings(final_year=2025)
    )
    assert free.forecast.limit_factor == 1.0


def test_the_index_follows_the_plans_weights_and_categories():
    a = series("I1", {"2024": 50}, targets={(2025, "assessment"): 100}, category="投入")
    b = series("I2", {"2024": 100}, targets={(2025, "assessment"): 100}, category="绩效")
    weights = IndexWeights(categories={"投入": D(3), "绩效": D(1)})
    result = evaluate_plan(
        plan(b, a, settings=PlanSettings(final_year=2025, base_year=2024, index_weights=weights)),
        today=TODAY,
    )
    (point,) = result.index
    # (3 × 50 + 1 × 100) ÷ 4 = 62.5; categories in the plan's order, not the indicators'.
    assert point.overall == 62.5
    assert list(point.categories) == ["投入", "绩效"]


def test_the_scorecards_follow_the_plans_method_weights_and_units():
    behind = series("S1", {"2024": 90}, targets={(2024, "target"): 100}, units=("甲", "群"))
    tasks = [TaskProgress(1, "任务", ("乙",), TaskStatus.BEHIND)]
    weighted = evaluate_plan(plan(behind, tasks=tasks, units=("丙",)), today=TODAY)
    # 甲: 滞后 indicator, 60 points; 乙: 滞后 task, 60 points; 丙 listed with nothing to score.
    assert {c.unit: c.score for c in weighted.scorecards} == {
        "甲": 60.0,
        "群": 60.0,
        "乙": 60.0,
        "丙": None,
    }
    only = evaluate_plan(plan(behind, tasks=tasks, scored_units=("甲", "乙")), today=TODAY)
    assert [c.unit for c in only.scorecards] == ["乙", "甲"]
    deduction = evaluate_plan(
        plan(behind, settings=PlanSettings(final_year=2025, scoring_method="deduction")),
        today=TODAY,
    )
    # 100 − 5 for a 滞后 indicator (the deduction method's default).
    assert {c.unit: c.score for c in deduction.scorecards} == {"甲": 95.0, "群": 95.0}
    points = ScoringWeights(indicator_points={**ScoringWeights().indicator_points, "behind": D(10)})
    custom = evaluate_plan(
        plan(behind, settings=PlanSettings(final_year=2025, scoring_weights=points)),
        today=TODAY,
    )
    assert {c.unit: c.score for c in custom.scorecards} == {"甲": 10.0, "群": 10.0}


def test_missing_data_is_lagging_only_when_the_plan_says_so():
    empty = series("M1", {}, targets={(2024, "target"): 100})
    assert evaluate_plan(plan(empty), today=TODAY).lagging == []
    settings = PlanSettings(final_year=2025, lagging_includes_missing=True)
    lagging = evaluate_plan(plan(empty, settings=settings), today=TODAY).lagging
    assert [(i.code, i.label) for i in lagging] == [("M1", "无数据")]


def test_evaluate_plans_passes_the_period_and_the_history_on():
    s = series("P1", {"2023": 90, "2024": 100}, targets={(2023, "target"): 100})
    (one,) = evaluate_plans([plan(s)], today=TODAY, period="2023", history=True)
    assert one.period == "2023"
    assert one.indicators["P1"].history.periods == ("2023",)
    (plain,) = evaluate_plans([plan(s)], today=TODAY)
    assert (plain.period, plain.indicators["P1"].history) == ("2024-12", ())


PLAN = Plan.model_validate(
    {
        "key": "demo",
        "title": "示例方案",
        "start_year": 2023,
        "end_year": 2026,
        "base_year": 2022,
        "categories": ["创新投入"],
        "units": [{"name": "甲"}, {"name": "乙"}],
        "indicators": [
            {
                "code": "N03",
                "category": "创新投入",
                "number": 1,
                "name": "全社会R&D经费支出",
                "unit": "万元",
                "measure_type": "flow",
                "responsible_units": ["甲"],
                "targets": [{"year": 2024, "kind": "target", "value": 1200}],
            }
        ],
    }
)


def test_plan_data_carries_the_plan_and_what_is_given():
    tasks = [TaskProgress(1, "任务", ("甲",), TaskStatus.ON_TRACK)]
    data = plan_data(
        PLAN,
        {"N03": {"2024": D(600)}},
        tasks=tasks,
        on_time_rates={"甲": D("0.5")},
        profiles={"N03": {6: D("0.3")}},
    )
    assert data.settings == PlanSettings(final_year=2026, base_year=2022)
    assert (data.tasks, data.on_time_rates) == (tasks, {"甲": D("0.5")})
    assert (list(data.units), list(data.categories)) == (["甲", "乙"], ["创新投入"])
    (n03,) = data.indicators
    assert (n03.profile, n03.values) == ({6: D("0.3")}, {"2024": D(600)})
    own = PlanSettings(final_year=2030)
    assert plan_data(PLAN, {}, settings=own).settings is own
