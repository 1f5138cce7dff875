import datetime as dt
from decimal import Decimal as D

import pytest

from innocounty.core.derived import parse_formula
from innocounty.core.engine import (
    PlanSettings,
    annual_series,
    evaluate_plan,
    evaluate_plans,
    plan_data,
)
from innocounty.core.evaluation import Status
from innocounty.core.forecast import LIMITED, MODERATE
from innocounty.core.schema import Plan
from innocounty.core.scorecard import TaskProgress, TaskStatus


def t(year, kind, value):
    return {"year": year, "kind": kind, "value": value}


PLAN = Plan.model_validate(
    {
        "key": "demo",
        "title": "示例方案",
        "start_year": 2023,
        "end_year": 2025,
        "base_year": 2022,
        "categories": ["创新投入", "创新绩效"],
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
                "targets": [
                    t(2022, "baseline", 1000),
                    t(2023, "target", 1100),
                    t(2024, "target", 1200),
                    t(2025, "assessment", 1300),
                    t(2025, "expected", 1400),
                ],
            },
            {
                "code": "N13",
                "category": "创新绩效",
                "number": 1,
                "name": "万人发明专利拥有量",
                "unit": "件/万人",
                "measure_type": "ratio",
                "frequency": "quarterly",
                "decimals": 2,
                "responsible_units": ["乙"],
                "targets": [t(2024, "target", 10), t(2025, "assessment", 12)],
            },
            {
                "code": "N14",
                "category": "创新绩效",
                "number": 2,
                "name": "万元GDP综合能耗",
                "unit": "吨标准煤/万元",
                "direction": "lower",
                "measure_type": "ratio",
                "decimals": 3,
                "responsible_units": ["甲"],
                "targets": [
                    t(2022, "baseline", "0.5"),
                    t(2024, "target", "0.45"),
                    t(2025, "assessment", "0.40"),
                ],
            },
        ],
    }
)
VALUES = {
    "N03": {"2023": D(1070), "2024": D("1144.90")},
    "N14": {"2024": D("0.47")},
}
ELEMENTS = {
    "patents": {"2024Q4": D(500), "2025Q1": D(520)},
    "population": {"2024": D(500000)},
}
TASKS = [TaskProgress(1, "建设科创平台", ("甲",), TaskStatus.COMPLETED, D(100))]


def make_data():
    return plan_data(
        PLAN,
        VALUES,
        elements=ELEMENTS,
        tasks=TASKS,
        on_time_rates={"甲": D(1), "乙": D("0.5")},
        formulas={"N13": parse_formula("patents / last(population) * 10000")},
    )


# Function-scoped: a module-scoped result would be computed inside the first test only, and
# mutmut would credit that test alone with the engine (docs/en/mutation-testing.md).
@pytest.fixture
def result():
    return evaluate_plan(make_data(), today=dt.date(2025, 4, 15), history=True)


def test_the_as_of_period_is_the_latest_month_ended_by_today(result):
    assert result.period == "2025-03"
    assert result.key == "demo"


def test_each_indicator_is_judged_and_labelled_by_periods_judged_period(result):
    # As of 2025-03: the quarterly N13 ends that day, so it is labelled with the period asked
    # for (its value found at 2025Q1); the annual ones have no period ending then: 2024.
    got = {code: (r.status.period, r.status.status) for code, r in result.indicators.items()}
    assert got == {
        "N03": ("2024", Status.ON_TRACK),  # 1144.9 / 1200 = 0.954
        "N13": ("2025-03", Status.BEHIND),  # 520 / 500000 × 10000 = 10.4; 10.4 / 12 = 0.867
        "N14": ("2024", Status.ON_TRACK),  # 0.45 / 0.47 = 0.957
    }


def test_derived_values_are_computed_and_judged_like_any_other(result):
    n13 = result.indicators["N13"]
    assert n13.series.values == {"2024Q4": D(10), "2025Q1": D("10.4")}
    assert [(s.period, s.status) for s in n13.history] == [
        ("2024Q4", Status.MET),
        ("2025Q1", Status.BEHIND),
    ]


def test_forecasts_use_complete_years_against_assessment_and_expected_values(result):
    n03 = result.indicators["N03"]
    # g = (1144.9/1000)^(1/2) − 1 = 0.07; r = 1.3^(1/3) − 1 = 0.091393 → p = 0.765924.
    assert n03.forecast.status == MODERATE
    assert n03.forecast.progress == pytest.approx(0.765924, rel=1e-5)
    # Against 1400: r = 1.4^(1/3) − 1 = 0.118689 → p = 0.589777.
    assert n03.forecast_expected.status == LIMITED
    assert n03.forecast_expected.progress == pytest.approx(0.589777, rel=1e-5)
    assert n03.forecast.sentence == (
        "按2022年以来年均增长7.0%推算，2025年可达1,225万元，达到目标1,300万元需年均增长9.1%，进展一般。"
    )


def test_the_index_runs_from_the_base_year_to_the_last_complete_year(result):
    assert [p.year for p in result.index] == [2022, 2023, 2024]
    y2022, y2023, y2024 = result.index
    assert y2022.categories == {
        "创新投入": pytest.approx(1000 / 1300 * 100),
        "创新绩效": pytest.approx(80.0),
    }
    assert y2023.categories == {"创新投入": pytest.approx(1070 / 1300 * 100), "创新绩效": None}
    assert y2023.overall == pytest.approx(1070 / 1300 * 100)
    performance = (10 / 12 + 0.40 / 0.47) / 2 * 100
    assert y2024.overall == pytest.approx((1144.9 / 1300 * 100 + performance) / 2)


def test_scorecards_rank_the_units(result):
    cards = [(c.unit, c.rank, c.score) for c in result.scorecards]
    # 甲: 0.5·90 + 0.3·100 + 0.2·100 = 95. 乙: (0.5·60 + 0.2·50)/0.7 = 57.142857.
    assert cards == [("甲", 1, pytest.approx(95.0)), ("乙", 2, pytest.approx(57.142857))]


def test_the_lagging_list_names_the_responsible_units(result):
    assert [(i.code, i.units, i.label) for i in result.lagging] == [("N13", ("乙",), "滞后")]


def test_an_explicit_period_overrides_today():
    result = evaluate_plan(make_data(), today=dt.date(2030, 1, 1), period="2024Q4")
    assert result.indicators["N13"].status.period == "2024Q4"
    assert result.indicators["N13"].status.status == Status.MET
    # 2024 is complete within 2024Q4, so it is the forecast's current year.
    assert result.indicators["N03"].forecast.current_year == 2024
    assert result.indicators["N03"].history == ()


def test_an_incomplete_year_stays_out_of_forecasts_and_index():
    result = evaluate_plan(make_data(), today=dt.date(2030, 1, 1), period="2024Q3")
    assert result.indicators["N03"].forecast.current_year == 2023
    assert [p.year for p in result.index] == [2022, 2023]
    assert result.indicators["N03"].status.period == "2023"


def test_an_empty_plan_evaluates_to_nothing():
    data = plan_data(PLAN, {}, settings=PlanSettings(final_year=2025))
    result = evaluate_plan(data, today=dt.date(2025, 4, 15))
    assert {r.status.status for r in result.indicators.values()} == {Status.NO_DATA}
    # Only the baselines (基期值) are known.
    assert [p.overall is None for p in result.index] == [False, True, True]
    assert result.lagging == []
    # No data earns no points; both units tie.
    assert [(c.score, c.rank) for c in result.scorecards] == [(0.0, 1), (0.0, 1)]


def test_several_plans_are_evaluated_alike():
    results = evaluate_plans([make_data(), make_data()], today=dt.date(2025, 4, 15))
    assert [r.key for r in results] == ["demo", "demo"]


def test_annual_series_includes_the_baseline():
    data = make_data()
    assert annual_series(data.indicators[0], last_year=2024) == [
        (2022, D(1000)),
        (2023, D(1070)),
        (2024, D("1144.90")),
    ]
