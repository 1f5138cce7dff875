"""Evaluate a whole plan at once from plain data: statuses, forecasts, index, scorecards, lagging.

The Django layer builds a `PlanData` with a few queries (indicators with their targets and
values, data elements for derived indicators, tasks' latest progress, units' on-time rates)
and calls `evaluate_plan(plan_data, today=…)`. Nothing here touches a database or the clock.

As-of period: `period` when given, else the latest month that has ended by `today`. Each
indicator is judged at `periods.judged_period`: the as-of period itself when a period of its own
frequency ends that day (a quarterly indicator as of ``2025`` is judged, and labelled, ``2025``),
else the latest period of its frequency ending within it (an annual indicator as of ``2024Q3``
is judged on ``2023``). Forecasts and the index use complete years
only (years ending within the as-of period) plus the baseline (基期值).

Forecasts run to the plan's final year against its assessment value (考核值) and, separately,
its expected value (完成值), by `forecast.assess`; the base year is the plan's base year, else
the earliest baseline year of the indicator, else its earliest value.

Tasks come with the status their reports give (`TaskProgress.status`) and their milestones as
facts; `judge_task` applies the milestone rule (`milestones`: a missed milestone makes a task
滞后 on its own), and every result — `PlanEvaluation.tasks`, the scorecards, the lagging list —
uses the judged tasks. Pages and bulletins read task statuses from `PlanEvaluation.tasks` only.

Derived indicators (`IndicatorSeries.formula`) get their values computed first from the plan's
data elements and the other indicators' values (by code); a value reported for a period the
formula cannot compute is kept.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal

from innocounty.core.derived import Formula, compute
from innocounty.core.evaluation import (
    History,
    IndicatorSeries,
    IndicatorStatus,
    Thresholds,
    from_indicator,
    status,
    status_history,
)
from innocounty.core.forecast import Assessment, assess_targets
from innocounty.core.index import IndexPoint, IndexWeights, index_trend
from innocounty.core.milestones import judged_on, missed, missed_sentence
from innocounty.core.periods import (
    MONTHLY,
    Period,
    as_period,
    format_period,
    judged_period,
    latest_period,
    latest_period_within,
)
from innocounty.core.schema import Plan
from innocounty.core.scorecard import (
    LaggingItem,
    ScoringWeights,
    TaskProgress,
    TaskStatus,
    UnitScore,
    lagging_list,
    scorecards,
    unit_inputs,
)


@dataclass(frozen=True, slots=True)
class PlanSettings:
    """Per-plan settings of the engine; every default is documented in its module."""

    final_year: int = 2025
    base_year: int | None = None
    thresholds: Thresholds = field(default_factory=Thresholds)
    index_weights: IndexWeights = field(default_factory=IndexWeights)
    scoring_method: str = "weighted"
    scoring_weights: ScoringWeights = field(default_factory=ScoringWeights)
    lagging_includes_missing: bool = False


@dataclass(frozen=True, slots=True)
class PlanData:
    """Everything the engine needs about one plan, as plain data.

    `elements` maps data-element codes to values by period (inputs of derived indicators);
    `on_time_rates` maps unit names to their on-time reporting rate (0–1); `units` lists
    units to score even when nothing names them; `categories` fixes the index's order;
    `scored_units`, when given, limits the scorecards to those units (groups of units such as
    "各区、镇、街道" are named by tasks but are not held to account one by one).
    """

    key: str
    indicators: Sequence[IndicatorSeries]
    elements: Mapping[str, Mapping[str, Decimal]] = field(default_factory=dict)
    tasks: Sequence[TaskProgress] = ()
    on_time_rates: Mapping[str, Decimal] = field(default_factory=dict)
    units: Sequence[str] = ()
    categories: Sequence[str] = ()
    settings: PlanSettings = field(default_factory=PlanSettings)
    scored_units: Sequence[str] | None = None


@dataclass(frozen=True, slots=True)
class IndicatorResult:
    """One indicator evaluated: the series (derived values filled in), its status as of the
    period, its forecasts against the assessment and expected values, and (on request) its
    status in every earlier period of its frequency."""

    series: IndicatorSeries
    status: IndicatorStatus
    forecast: Assessment
    forecast_expected: Assessment
    history: Sequence[IndicatorStatus] = ()


@dataclass(frozen=True, slots=True)
class PlanEvaluation:
    """Everything `evaluate_plan` works out for one plan as of `period`; `tasks` are the
    plan's tasks with their judged status (`judge_task`), in the plan's order."""

    key: str
    period: str
    indicators: dict[str, IndicatorResult]
    index: list[IndexPoint]
    scorecards: list[UnitScore]
    lagging: list[LaggingItem]
    tasks: list[TaskProgress] = field(default_factory=list)


def fill_derived(
    indicators: Sequence[IndicatorSeries], elements: Mapping[str, Mapping[str, Decimal]]
) -> list[IndicatorSeries]:
    """Compute the values of derived indicators (see the module docstring); others unchanged.

    Formulas may refer to data elements and to other (non-derived) indicators by code.
    """
    if not any(s.formula is not None for s in indicators):
        return list(indicators)
    pool: dict[str, Mapping[str, Decimal]] = {
        s.code: s.values for s in indicators if s.formula is None
    }
    pool.update(elements)
    filled = []
    for s in indicators:
        if s.formula is None:
            filled.append(s)
            continue
        values = dict(s.values)
        values.update(compute(s.formula, pool))
        filled.append(replace(s, values=values))
    return filled


def annual_series(series: IndicatorSeries, *, last_year: int) -> list[tuple[int, Decimal]]:
    """``(year, value)`` for every year up to `last_year` with an annual value or a baseline."""
    years = {y for (y, _kind) in series.targets if _kind == "baseline"}
    if series.values:
        # A period identifier starts with its year (`periods.parse_period`), so every year
        # with a value lies between the smallest identifier's and the largest's.
        first, last = int(min(series.values)[:4]), int(max(series.values)[:4])
        years.update(range(first, min(last, last_year) + 1))
    result = []
    for year in sorted(y for y in years if y <= last_year):
        value = series.annual_value(year)
        if value is not None:
            result.append((year, value))
    return result


def _base_year(series: IndicatorSeries, settings: PlanSettings) -> int | None:
    if settings.base_year is not None:
        return settings.base_year
    baselines = [y for (y, kind) in series.targets if kind == "baseline"]
    return min(baselines) if baselines else None


def _complete_year(as_of: Period) -> int:
    """The last year that has fully ended within the as-of period."""
    return as_of.year if as_of.is_year_end else as_of.year - 1


def evaluate_indicator(
    series: IndicatorSeries,
    *,
    as_of: Period | str,
    settings: PlanSettings,
    history: bool = False,
) -> IndicatorResult:
    """Status, forecasts and (optionally) status history of one indicator as of a period."""
    return _evaluate(series, as_period(as_of), settings, history)[0]


def _evaluate(
    series: IndicatorSeries, as_of: Period, settings: PlanSettings, history: bool
) -> tuple[IndicatorResult, list[tuple[int, Decimal]]]:
    """`evaluate_indicator`, with the annual values its forecasts used (`annual_series` up to
    the last complete year), which the index reads too."""
    final = settings.final_year
    here = judged_period(series.frequency, as_of)
    past: History | None = None
    if history:
        past = status_history(
            series,
            _periods_up_to(series, latest_period_within(series.frequency, as_of)),
            final_year=final,
            thresholds=settings.thresholds,
        )
    if past and past.periods[-1] == here.ident:
        current = past[-1]  # judged already
    else:
        current = status(series, here, final_year=final, thresholds=settings.thresholds)
    points = annual_series(series, last_year=_complete_year(as_of))
    forecast, stretch = assess_targets(
        points,
        [
            (series.target(final, "assessment"), "考核值"),
            (series.target(final, "expected"), "完成值"),
        ],
        target_year=final,
        direction=series.direction,
        base_year=_base_year(series, settings),
        limit=series.limit,
        unit=series.unit,
        decimals=series.decimals,
    )
    result = IndicatorResult(series, current, forecast, stretch, () if past is None else past)
    return result, points


def _periods_up_to(series: IndicatorSeries, last: Period) -> list[str]:
    """The identifiers of the series' values of `last`'s kind up to `last`, oldest first.

    Identifiers of one kind have one length (``2024``, ``2024Q3``, ``2024-09``) and sort as
    their periods do, so neither needs reading a period.
    """
    ident = last.ident
    width = len(ident)
    return sorted([k for k in series.values if len(k) == width and k <= ident])


# Statuses a missed milestone turns into 滞后; worse ones keep theirs, 已完成 stays completed.
BEHIND_BY_MILESTONE = frozenset({TaskStatus.ON_TRACK, TaskStatus.NOT_REPORTED})


def judge_task(task: TaskProgress, *, on: dt.date) -> TaskProgress:
    """The task with the milestone rule applied as of the day `on` (see `milestones`).

    A missed milestone makes a 正常推进 or 未报送 task 滞后; the missed milestones are kept in
    `missed` and named, with their due dates, in a sentence before the task's note.
    """
    late = tuple(missed(task.milestones, on=on))
    if not late:
        return task
    status = TaskStatus.BEHIND if task.status in BEHIND_BY_MILESTONE else task.status
    note = " ".join(part for part in (missed_sentence(late), task.note) if part)
    return replace(task, status=status, note=note, missed=late)


def evaluate_plan(
    plan: PlanData,
    *,
    today: dt.date,
    period: Period | str | None = None,
    history: bool = False,
) -> PlanEvaluation:
    """Evaluate a whole plan as of `period` (default: the latest month ended by `today`).

    Returns statuses and forecasts per indicator, the index trend from the base year (or the
    earliest year with data) to the last complete year, unit scorecards and the lagging list.
    `history=True` adds each indicator's status in every period up to the as-of period.
    """
    settings = plan.settings
    as_of = as_period(period) if period is not None else latest_period(MONTHLY, today)
    indicators = fill_derived(plan.indicators, plan.elements)
    results: dict[str, IndicatorResult] = {}
    annual: dict[str, dict[int, Decimal]] = {}
    for s in indicators:
        results[s.code], points = _evaluate(s, as_of, settings, history)
        annual[s.code] = dict(points)
    last_year = min(_complete_year(as_of), settings.final_year)
    first_years = [settings.base_year] if settings.base_year else []
    if not first_years:
        first_years = [
            r.forecast.base_year for r in results.values() if r.forecast.base_year is not None
        ]
        # Each indicator's earliest year with a value, up to the index's last year.
        for by_year in annual.values():
            early = [y for y in by_year if y <= last_year]
            if early:
                first_years.append(min(early))
    years = list(range(min(first_years), last_year + 1)) if first_years else []
    trend = index_trend(
        indicators,
        years,
        final_year=settings.final_year,
        weights=settings.index_weights,
        categories=plan.categories,
        annual_values=annual,
    )
    statuses = [r.status for r in results.values()]
    on = judged_on(as_of, today=today)
    tasks = [judge_task(t, on=on) for t in plan.tasks]
    cards = scorecards(
        unit_inputs(statuses, tasks, plan.on_time_rates, plan.units, only=plan.scored_units),
        method=settings.scoring_method,
        weights=settings.scoring_weights,
    )
    lagging = lagging_list(statuses, tasks, include_missing=settings.lagging_includes_missing)
    return PlanEvaluation(plan.key, format_period(as_of), results, trend, cards, lagging, tasks)


def evaluate_plans(
    plans: Iterable[PlanData],
    *,
    today: dt.date,
    period: Period | str | None = None,
    history: bool = False,
) -> list[PlanEvaluation]:
    """`evaluate_plan` for each of several plans (e.g. a province's counties)."""
    return [evaluate_plan(p, today=today, period=period, history=history) for p in plans]


def plan_data(
    plan: Plan,
    values: Mapping[str, Mapping[str, Decimal]],
    *,
    elements: Mapping[str, Mapping[str, Decimal]] | None = None,
    tasks: Sequence[TaskProgress] = (),
    on_time_rates: Mapping[str, Decimal] | None = None,
    formulas: Mapping[str, Formula] | None = None,
    profiles: Mapping[str, Mapping[int, Decimal]] | None = None,
    settings: PlanSettings | None = None,
) -> PlanData:
    """Build `PlanData` from a schema `Plan` and values by indicator code and period.

    `formulas` and `profiles` (by indicator code) make indicators derived or seasonal. The
    settings' final year defaults to the plan's end year and the base year to its base year.
    """
    formulas = formulas or {}
    profiles = profiles or {}
    series = []
    for ind in plan.indicators:
        extra: dict[str, object] = {}
        if ind.code in formulas:
            extra["formula"] = formulas[ind.code]
        if ind.code in profiles:
            extra["profile"] = profiles[ind.code]
        series.append(from_indicator(ind, values.get(ind.code, {}), **extra))
    if settings is None:
        settings = PlanSettings(final_year=plan.end_year, base_year=plan.base_year)
    return PlanData(
        plan.key,
        series,
        elements=elements or {},
        tasks=tasks,
        on_time_rates=on_time_rates or {},
        units=plan.unit_names(),
        categories=plan.categories,
        settings=settings,
    )


__all__ = [
    "IndicatorResult",
    "PlanData",
    "PlanEvaluation",
    "PlanSettings",
    "annual_series",
    "evaluate_indicator",
    "evaluate_plan",
    "evaluate_plans",
    "fill_derived",
    "judge_task",
    "plan_data",
]
