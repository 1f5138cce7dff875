"""The status of an indicator in many periods at once (`evaluation.status_history`, issue 16).

The history judges every period in one pass, deciding "achievement ≥ threshold" without
dividing. These tests hold it to the status rule as the module docstring states it, worked
out here again with exact fractions (`oracle`), and to `status` period by period. Pure, no
database.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D
from fractions import Fraction
from itertools import pairwise

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from innocounty.core.engine import PlanData, PlanSettings, evaluate_plan
from innocounty.core.evaluation import (
    History,
    IndicatorSeries,
    Status,
    Thresholds,
    in_year_expectation,
    status,
    status_history,
    statuses,
)
from innocounty.core.periods import parse_period

YEARS = (2023, 2024, 2025)
KINDS = {
    "annual": ["{y}"],
    "quarterly": [f"{{y}}Q{q}" for q in range(1, 5)],
    "monthly": [f"{{y}}-{m:02d}" for m in range(1, 13)],
}


def end_month(period: str) -> int:
    if "Q" in period:
        return int(period[-1]) * 3
    if "-" in period:
        return int(period[-2:])
    return 12


def share(series: IndicatorSeries, month: int) -> Fraction:
    """The share of the year's target expected by the end of `month`, from the docstring."""
    if series.measure_type != "flow":
        return Fraction(1)
    if not series.profile:
        return Fraction(month, 12)
    points = sorted({0: D(0), 12: D(1), **series.profile}.items())
    for (m0, s0), (m1, s1) in pairwise(points):
        if m0 <= month <= m1:
            if m0 == m1:
                return Fraction(s1)
            return Fraction(s0) + (Fraction(s1) - Fraction(s0)) * Fraction(month - m0, m1 - m0)
    return Fraction(1)


def oracle(series: IndicatorSeries, period: str, t: Thresholds) -> Status:
    """The status rule of `core/evaluation.py`'s docstring, in exact fractions; values are
    looked up at the period itself only (the generated series have no other kind)."""
    value = series.values.get(period)
    if value is None:
        return Status.NO_DATA
    year = int(period[:4])
    target = next(
        (series.targets[(year, k)] for k in ("target", "assessment", "expected")
         if (year, k) in series.targets),
        None,
    )  # fmt: skip
    lower = series.direction == "lower"
    if target is None:
        earlier = f"{year - 1}{period[4:]}"
        previous = series.values.get(earlier)
        if previous is None and len(period) == 4:
            previous = series.targets.get((year - 1, "baseline"))
        if previous is None:
            return Status.ON_TRACK
        better = value <= previous if lower else value >= previous
        return Status.ON_TRACK if better else Status.BEHIND
    flow = series.measure_type == "flow"
    if lower and value <= target and (not flow or end_month(period) == 12):
        return Status.MET
    if not lower and value >= target:
        return Status.MET
    expectation = Fraction(target) * share(series, end_month(period))
    v = Fraction(value)
    if expectation <= 0 or (lower and v <= 0):
        return Status.BEHIND
    ratio = expectation / v if lower else v / expectation
    if ratio >= Fraction(t.on_track):
        return Status.ON_TRACK
    if ratio >= Fraction(t.serious):
        return Status.BEHIND
    return Status.SERIOUSLY_BEHIND


amounts = st.decimals(min_value="-50", max_value="5000", places=2)
targets = st.one_of(st.none(), st.decimals(min_value="-10", max_value="3000", places=1))


@st.composite
def series_and_periods(draw):
    kind = draw(st.sampled_from(sorted(KINDS)))
    measure = draw(st.sampled_from(["stock", "flow", "ratio"]))
    profile = None
    if measure == "flow" and draw(st.booleans()):
        profile = {6: draw(st.decimals(min_value="0.05", max_value="0.95", places=2))}
    periods = [p.format(y=y) for y in YEARS for p in KINDS[kind]]
    values = {p: draw(amounts) for p in periods if draw(st.integers(0, 5))}
    found = {}
    for year in YEARS:
        for k in ("target", "assessment", "expected", "baseline"):
            value = draw(targets)
            if value is not None and draw(st.booleans()):
                found[(year, k)] = value
    series = IndicatorSeries(
        code="H1",
        name="历史指标",
        unit="万元",
        direction=draw(st.sampled_from(["higher", "lower"])),
        measure_type=measure,
        frequency=kind,
        targets=found,
        values=values,
        profile=profile,
    )
    on_track = draw(st.decimals(min_value="0.5", max_value="1.2", places=3))
    serious = draw(st.decimals(min_value="0.1", max_value=on_track, places=3))
    return series, periods, Thresholds(on_track, serious)


@settings(max_examples=300, deadline=None, derandomize=True)
@given(series_and_periods())
def test_the_history_follows_the_status_rule_exactly(case):
    series, periods, t = case
    history = status_history(series, periods, final_year=2025, thresholds=t)
    assert history.periods == tuple(periods)
    assert history.statuses == tuple(oracle(series, p, t) for p in periods)
    # Each period read from the history is the status `status` gives for it alone.
    for i, p in enumerate(periods):
        alone = status(series, p, final_year=2025, thresholds=t)
        assert history[i] == alone
        if alone.status != Status.NO_DATA:
            assert alone.value == series.values[p]
            assert alone.expectation == in_year_expectation(series, p)


def test_a_ratio_on_the_threshold_is_on_track_without_rounding():
    # 7/12 of 1,200 is 700; 665 is exactly 95 % of it, 664.99 just below.
    s = IndicatorSeries(
        code="F1",
        measure_type="flow",
        frequency="monthly",
        targets={(2024, "target"): D(1200)},
        values={"2024-07": D(665), "2024-08": D("759.99")},
    )
    h = status_history(s, ["2024-07", "2024-08"], final_year=2025)
    assert h.statuses == (Status.ON_TRACK, Status.BEHIND)  # 759.99 / 800 = 94.99875 %
    # One third of the year: 1,200 × 4/12 = 400 exactly; 80 % of it is 320.
    s = IndicatorSeries(
        code="F2",
        measure_type="flow",
        frequency="monthly",
        targets={(2024, "target"): D(1200)},
        values={"2024-04": D(320), "2024-05": D("319.99")},
    )
    h = status_history(s, ["2024-04", "2024-05"], final_year=2025, thresholds=Thresholds())
    # May: 1,200 × 5/12 = 500; 319.99 / 500 = 64 % < 80 %.
    assert h.statuses == (Status.BEHIND, Status.SERIOUSLY_BEHIND)


def test_lower_is_better_compares_the_expectation_with_the_value():
    s = IndicatorSeries(
        code="L1",
        direction="lower",
        targets={(2024, "target"): D(95), (2025, "target"): D(80)},
        values={"2024": D(100), "2025": D(100), "2023": D(0)},
    )
    h = status_history(s, ["2023", "2024", "2025"], final_year=2025)
    # 2023 has no target and no earlier value; 95 / 100 = 95 % is on track; 80 / 100 = 80 %.
    assert h.statuses == (Status.ON_TRACK, Status.ON_TRACK, Status.BEHIND)
    assert [x.ratio for x in h] == [None, 0.95, 0.8]


def test_a_history_is_a_sequence_of_statuses():
    s = IndicatorSeries(
        code="S1",
        targets={(2024, "target"): D(100)},
        values={"2024": D(96), "2025": D(50)},
    )
    h = status_history(s, ["2024", "2025", "2026"], final_year=2025)
    assert isinstance(h, History)
    assert len(h) == 3
    assert h.statuses == (Status.ON_TRACK, Status.BEHIND, Status.NO_DATA)
    singles = [status(s, p, final_year=2025) for p in ("2024", "2025", "2026")]
    assert list(h) == singles
    assert h == tuple(singles) and h == singles
    assert h != singles[:2] and h != singles[::-1]
    assert h[-1] == singles[2] and h[1:] == tuple(singles[1:])
    assert (h[0].value, h[0].expectation, h[0].ratio) == (D(96), D(100), 0.96)
    assert (h[2].value, h[2].expectation, h[2].ratio) == (None, None, None)
    assert h[1].reason == "2025年为50，2025年无目标值；上年同期为96，有所变差，滞后。"
    assert h != "2024"
    with pytest.raises(IndexError):
        h[3]
    with pytest.raises(TypeError):
        hash(h)
    assert repr(h) == "History(S1, {2024: on_track, 2025: behind, 2026: no_data})"


def test_periods_may_be_given_as_periods_or_identifiers_with_spaces():
    s = IndicatorSeries(code="S1", targets={(2024, "target"): D(100)}, values={"2024": D(96)})
    h = status_history(s, [parse_period("2024"), " 2024 "], final_year=2025)
    assert h.periods == ("2024", "2024")
    assert h.statuses == (Status.ON_TRACK, Status.ON_TRACK)


def test_the_engine_history_holds_the_indicators_own_periods_up_to_the_as_of_period():
    values = {
        "2023": D(90),  # an annual figure of a monthly indicator: not in its history
        "2023Q4": D(90),
        "2024-01": D(10),
        "2023-12": D(90),
        "2024-02": D(20),
        "2024-03": D(30),
        "2024-04": D(40),  # after the as-of period
    }
    s = IndicatorSeries(
        code="M1",
        measure_type="flow",
        frequency="monthly",
        targets={(2024, "target"): D(120), (2023, "target"): D(100)},
        values=values,
    )
    plan = PlanData("p", [s], settings=PlanSettings(final_year=2025, base_year=2023))
    result = evaluate_plan(plan, today=dt.date(2024, 4, 15), history=True).indicators["M1"]
    assert [x.period for x in result.history] == ["2023-12", "2024-01", "2024-02", "2024-03"]
    # 90 < 100 in December (a full year expected) is 90 %; each 2024 month is 10 per 10 due.
    assert [x.status for x in result.history] == [Status.BEHIND] + [Status.ON_TRACK] * 3
    # The current status is the history's last one.
    assert result.status == result.history[-1]
    assert result.status == status(s, "2024-03", final_year=2025)
    without = evaluate_plan(plan, today=dt.date(2024, 4, 15)).indicators["M1"]
    assert without.history == () and without.status == result.status


def test_statuses_use_the_thresholds_given():
    s = IndicatorSeries(code="S1", targets={(2024, "target"): D(100)}, values={"2024": D(90)})
    loose = Thresholds(on_track=D("0.9"), serious=D("0.5"))
    assert [x.status for x in statuses(s, ["2024"], final_year=2025)] == [Status.BEHIND]
    assert [x.status for x in statuses(s, ["2024"], final_year=2025, thresholds=loose)] == [
        Status.ON_TRACK
    ]


def test_lower_is_better_with_nothing_yet_is_behind_not_on_track():
    # A lower-is-better flow at 0 in June is within its target but not judged met before the
    # year's end, and its achievement (expectation ÷ value) is undefined: 滞后.
    s = IndicatorSeries(
        code="L2",
        direction="lower",
        measure_type="flow",
        frequency="monthly",
        targets={(2024, "target"): D(100)},
        values={"2024-06": D(0), "2024-12": D(0)},
    )
    h = status_history(s, ["2024-06", "2024-12"], final_year=2025)
    assert h.statuses == (Status.BEHIND, Status.MET)


def test_periods_of_several_kinds_each_compare_with_their_own_year_before():
    # No targets: each period is compared with the same period a year earlier. The year
    # 2024 between the quarters must not hide 2023Q1 from 2024Q1.
    s = IndicatorSeries(code="Y1", values={"2023Q1": D(100), "2024": D(90), "2024Q1": D(80)})
    h = status_history(s, ["2023Q1", "2024", "2024Q1"], final_year=2025)
    assert h.statuses == (Status.ON_TRACK, Status.ON_TRACK, Status.BEHIND)
    assert h.statuses == tuple(
        status(s, p, final_year=2025).status for p in ("2023Q1", "2024", "2024Q1")
    )


def test_a_history_is_not_equal_to_what_is_not_a_sequence():
    s = IndicatorSeries(code="S1", values={"2024": D(1)})
    h = status_history(s, ["2024"], final_year=2025)
    assert h != 5 and h != {"2024": Status.ON_TRACK}
    assert h == [status(s, "2024", final_year=2025)]
