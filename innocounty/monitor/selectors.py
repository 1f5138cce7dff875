"""Feed the engine from the database and shape its results for the monitor pages.

`plan_evaluation(plan=…, period=…, today=…)` is the one entry point every page (and the
bulletin) uses: it reads the plan, the approved values, the task reports and the rounds in a
constant number of queries (`SNAPSHOT_QUERIES`, whatever the number of values, reports or
rounds) and returns the engine's `PlanEvaluation`. Nothing is cached: every call reads the
database again, so an approval shows on the next page load.

`plan_snapshot` returns the same evaluation with the inputs the pages also show (the plan
file model, the report that counts per task, unit ids by name).

Inputs, as the engine wants them:

- values: `reporting.selectors.approved_values` (the latest approved version per indicator and
  period);
- task progress: `progress.counting_report` and `progress.task_status` (the mapping is
  documented there); a task counts for its lead and responsible units alike;
- milestones (任务分解) as facts per task; the engine judges them (`core.milestones`), so read
  task statuses from `evaluation.tasks`, never from the inputs;
- on-time rates per unit (`on_time_rates`): over the rounds whose deadline has passed and whose
  period ends within the as-of period, the share of a unit's items (the indicators it is
  responsible for that are due in the round, and the tasks it leads when the round includes
  tasks) that were done (submitted or approved, by their latest version) and first submitted
  by the end of the deadline day. The *first* submission counts, so a correction made after
  approval does not make a unit late. A unit with no past-deadline items has no rate.

`chart_*` functions build Apache ECharts options as plain dicts (numbers as floats, rounded
for display only), each with a text table for screen readers and print; templates emit them
with `json_script` and `monitor/charts.js` only draws.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from innocounty.core import schema
from innocounty.core.engine import (
    IndicatorResult,
    PlanData,
    PlanEvaluation,
    annual_series,
    evaluate_plan,
    plan_data,
)
from innocounty.core.evaluation import Status, meets
from innocounty.core.forecast import NOT_AVAILABLE, TARGET_ACHIEVED, Assessment
from innocounty.core.index import IndexPoint
from innocounty.core.milestones import MilestoneFacts
from innocounty.core.periods import MONTHLY, as_period, fits, latest_period
from innocounty.core.schema import UnitKind
from innocounty.core.scorecard import TaskProgress, TaskStatus, UnitScore
from innocounty.monitor.progress import (
    ReportFacts,
    counting_report,
    due_period,
    expected_percent,
    is_stale,
    task_status,
)
from innocounty.plans.models import Plan
from innocounty.plans.services import plan_export, plan_scoring
from innocounty.reporting.models import Round, TaskReport, Value
from innocounty.reporting.selectors import approved_values, deadline_end
from innocounty.supervision.models import Milestone

# plan_export (9) + approved values + task reports + rounds + value submissions + unit ids
# + milestones.
SNAPSHOT_QUERIES = 15
DONE = {"submitted", "approved"}

STATUS_ORDER = [
    Status.MET,
    Status.ON_TRACK,
    Status.BEHIND,
    Status.SERIOUSLY_BEHIND,
    Status.NO_DATA,
]
# Traffic light per indicator status (met and on track are both green).
STATUS_COLOURS = {
    Status.MET: "#1e7b3c",
    Status.ON_TRACK: "#5aa469",
    Status.BEHIND: "#d08a00",
    Status.SERIOUSLY_BEHIND: "#b3261e",
    Status.NO_DATA: "#9aa3b2",
}
LIGHTS = {
    "green": (Status.MET, Status.ON_TRACK),
    "amber": (Status.BEHIND,),
    "red": (Status.SERIOUSLY_BEHIND,),
    "grey": (Status.NO_DATA,),
}
TASK_STATUS_ORDER = [
    TaskStatus.COMPLETED,
    TaskStatus.ON_TRACK,
    TaskStatus.BEHIND,
    TaskStatus.SERIOUSLY_BEHIND,
    TaskStatus.NOT_REPORTED,
]


def status_labels() -> dict[str, str]:
    """Indicator status → label in the current language."""
    return {
        Status.MET: _("已达标"),
        Status.ON_TRACK: _("正常"),
        Status.BEHIND: _("滞后"),
        Status.SERIOUSLY_BEHIND: _("严重滞后"),
        Status.NO_DATA: _("无数据"),
    }


def task_status_labels() -> dict[str, str]:
    """Task status → label in the current language."""
    return {
        TaskStatus.COMPLETED: _("已完成"),
        TaskStatus.ON_TRACK: _("正常推进"),
        TaskStatus.BEHIND: _("滞后"),
        TaskStatus.SERIOUSLY_BEHIND: _("严重滞后"),
        TaskStatus.NOT_REPORTED: _("未报送"),
    }


@dataclass(frozen=True)
class Snapshot:
    """A plan evaluated as of a period, with the inputs the pages show beside the results."""

    plan: Plan
    plan_file: schema.Plan
    data: PlanData
    evaluation: PlanEvaluation
    reports: dict[int, ReportFacts]  # task number → the report that counts (absent: none)
    unit_ids: dict[str, int]
    today: dt.date

    @property
    def final_year(self) -> int:
        return self.data.settings.final_year

    def unit_id(self, name: str) -> int | None:
        return self.unit_ids.get(name)


def plan_snapshot(
    *,
    plan: Plan,
    period: str | None = None,
    today: dt.date | None = None,
    now: dt.datetime | None = None,
) -> Snapshot:
    """Evaluate `plan` as of `period` (default: the latest month ended by `today`).

    `today` defaults to the local date and `now` (for deadlines) to the current time; a
    `today` given without `now` means the end of that day. Runs `SNAPSHOT_QUERIES` queries.
    """
    if today is None:
        today = timezone.localdate()
    if now is None:
        now = (
            timezone.now()
            if today == timezone.localdate()
            else timezone.make_aware(dt.datetime.combine(today, dt.time.max))
        )
    plan_file = plan_export(plan=plan)
    values = approved_values(plan=plan)
    base = plan_data(plan_file, values)
    # The engine's own default: the latest month ended by `today`.
    as_of = period or latest_period(MONTHLY, today).ident
    reports = _task_reports(plan)
    rounds = list(
        Round.objects.filter(plan=plan).only("pk", "period", "deadline", "include_tasks", "status")
    )
    due = due_period(
        [
            (r.period, r.status == Round.Status.CLOSED or deadline_end(r) < now)
            for r in rounds
            if r.include_tasks
        ],
        as_of=as_of,
    )
    milestones = _milestones(plan)
    counted: dict[int, ReportFacts] = {}
    tasks = []
    thresholds = base.settings.thresholds
    for task in plan_file.tasks():
        task_reports = reports.get(task.number, [])
        report = counting_report(task_reports, as_of=as_of)
        if report is not None:
            counted[task.number] = report
            state = task_status(
                report.percent,
                report.period,
                start_year=plan.start_year,
                end_year=plan.end_year,
                thresholds=thresholds,
            )
            if is_stale(task_reports, as_of=as_of, due=due):
                # Nothing for the due round: 未报送, the last known progress still shown.
                state = TaskStatus.NOT_REPORTED
        else:
            state = TaskStatus.NOT_REPORTED
        tasks.append(_progress(task, state, report, milestones.get(task.number, ())))
    rates = _on_time_rates(plan, plan_file, reports, rounds, as_of=as_of, now=now)
    data = PlanData(
        base.key,
        base.indicators,
        elements=base.elements,
        tasks=tasks,
        on_time_rates=rates,
        units=base.units,
        categories=base.categories,
        settings=replace(
            base.settings,
            scoring_method="carried",
            scoring_weights=replace(base.settings.scoring_weights, **plan_scoring(plan)),
        ),
        # Only single bodies are scored and ranked: groups ("各区、镇、街道") and the office
        # are not units a ranking can hold to account.
        scored_units=[u.name for u in plan_file.units if u.kind == UnitKind.UNIT],
    )
    evaluation = evaluate_plan(data, today=today, period=as_of)
    unit_ids = dict(plan.units.values_list("name", "pk"))
    return Snapshot(plan, plan_file, data, evaluation, counted, unit_ids, today)


def default_period(*, plan: Plan, today: dt.date | None = None) -> str:
    """The monitor's default as-of period. Once the plan is over: its final year (终期评估).
    During the plan: the latest period within the plan that has approved data (a value or a
    lead unit's task report) and has ended by `today`, a period ending in December standing
    for its year; without such data, the latest month ended by `today`. Two queries at most.
    """
    today = today or timezone.localdate()
    if today.year > plan.end_year:
        # Final assessment judges the final year, even where it has no approved data yet: a
        # task or indicator with nothing for it is 未报送 / 无数据, not judged by an older year.
        return str(plan.end_year)
    found = set(
        Value.objects.filter(
            indicator__plan=plan,
            state="approved",
            period__gte=str(plan.start_year),
            period__lt=str(plan.end_year + 1),
        )
        .values_list("period", flat=True)
        .distinct()
    )
    found.update(
        TaskReport.objects.filter(round__plan=plan, state="approved")
        .values_list("round__period", flat=True)
        .distinct()
    )
    best = None
    for ident in found:
        p = as_period(ident)
        if not plan.start_year <= p.year <= plan.end_year or p.end > today:
            continue
        if best is None or (p.year, p.end_month) > (best.year, best.end_month):
            best = p
    if best is not None:
        return str(best.year) if best.is_year_end else best.ident
    return latest_period(MONTHLY, today).ident


def plan_ended(plan: Plan, today: dt.date | None = None) -> bool:
    """Whether the plan's last year is past: the plan is in final assessment (终期评估)."""
    return (today or timezone.localdate()).year > plan.end_year


def plan_evaluation(
    *, plan: Plan, period: str | None = None, today: dt.date | None = None
) -> PlanEvaluation:
    """The engine's evaluation of `plan` as of `period`, from the database (see the module)."""
    return plan_snapshot(plan=plan, period=period, today=today).evaluation


def _progress(
    task: schema.Task,
    state: TaskStatus,
    report: ReportFacts | None,
    milestones: tuple[MilestoneFacts, ...] = (),
) -> TaskProgress:
    units = tuple(dict.fromkeys([*task.lead_units, *task.responsible_units]))
    return TaskProgress(
        number=task.number,
        title=task.title,
        units=units,
        status=state,
        percent=None if report is None else report.percent,
        period=None if report is None else report.period,
        lead_units=tuple(task.lead_units),
        milestones=milestones,
    )


def _milestones(plan: Plan) -> dict[int, tuple[MilestoneFacts, ...]]:
    """Every milestone of the plan as facts, by task number (one query)."""
    rows = Milestone.objects.filter(task__plan=plan).values_list(
        "task__number", "title", "due", "done_on", "confirmed_at"
    )
    result: dict[int, list[MilestoneFacts]] = defaultdict(list)
    for number, title, due, done_on, confirmed_at in rows.order_by("due", "pk"):
        result[number].append(MilestoneFacts(title, due, done_on, confirmed_at is not None))
    return {number: tuple(facts) for number, facts in result.items()}


def _task_reports(plan: Plan) -> dict[int, list[ReportFacts]]:
    """Every lead-unit task report of the plan, by task number (one query)."""
    rows = TaskReport.objects.filter(round__plan=plan, role=TaskReport.Role.LEAD).values_list(
        "pk",
        "task__number",
        "round__period",
        "round_id",
        "unit__name",
        "state",
        "version",
        "percent",
        "submitted_at",
    )
    result: dict[int, list[ReportFacts]] = defaultdict(list)
    for pk, number, period, round_id, unit, state, version, percent, submitted in rows:
        facts = _Report(
            task=number,
            period=period,
            state=state,
            version=version,
            percent=None if percent is None else Decimal(percent),
            unit=unit,
            pk=pk,
            round_id=round_id,
            submitted=submitted,
        )
        result[number].append(facts)
    return result


@dataclass(frozen=True, slots=True)
class _Report(ReportFacts):
    round_id: int = 0
    submitted: dt.datetime | None = None


def _end(period: str) -> int:
    p = as_period(period)
    return p.year * 12 + p.end_month


def _on_time_rates(
    plan: Plan,
    plan_file: schema.Plan,
    reports: dict[int, list[ReportFacts]],
    all_rounds: list[Round],
    *,
    as_of: str,
    now: dt.datetime,
) -> dict[str, Decimal]:
    """On-time rate per unit name over past-deadline rounds (rules in the module docstring)."""
    limit = _end(as_of)
    rounds = [r for r in all_rounds if _end(r.period) <= limit and deadline_end(r) < now]
    periods = {r.period for r in rounds}
    # (code, period) → [latest version, its state, first submission]. Read even without
    # rounds, so the number of queries never changes.
    values: dict[tuple[str, str], list[Any]] = {}
    for code, period, version, state, submitted in Value.objects.filter(
        indicator__plan=plan
    ).values_list("indicator__code", "period", "version", "state", "submitted_at"):
        if period in periods:
            _fold(values, (code, period), version, state, submitted)
    task_items: dict[tuple[int, int, str], list[Any]] = {}
    for number, facts in reports.items():
        for r in facts:
            assert isinstance(r, _Report)
            _fold(task_items, (r.round_id, number, r.unit), r.version, r.state, r.submitted)
    due: dict[str, int] = defaultdict(int)
    on_time: dict[str, int] = defaultdict(int)
    for round_ in rounds:
        end = deadline_end(round_)
        items: list[tuple[tuple[str, ...], list[Any] | None]] = []
        for ind in plan_file.indicators:
            if fits(ind.frequency, round_.period):
                items.append((tuple(ind.responsible_units), values.get((ind.code, round_.period))))
        if round_.include_tasks:
            for task in plan_file.tasks():
                for unit in task.lead_units:
                    items.append(((unit,), task_items.get((round_.pk, task.number, unit))))
        for units, found in items:
            ok = found is not None and found[1] in DONE and found[2] is not None and found[2] <= end
            for unit in units:
                due[unit] += 1
                on_time[unit] += int(ok)
    return {unit: Decimal(on_time[unit]) / Decimal(n) for unit, n in due.items() if n}


def _fold(
    acc: dict[Any, list[Any]], key: Any, version: int, state: str, submitted: dt.datetime | None
) -> None:
    """Keep the latest version's state and the earliest submission time per key."""
    entry = acc.get(key)
    if entry is None:
        acc[key] = [version, state, submitted]
        return
    if version > entry[0]:
        entry[0], entry[1] = version, state
    if submitted is not None and (entry[2] is None or submitted < entry[2]):
        entry[2] = submitted


# --- shaping results for the pages ------------------------------------------------------


@dataclass(frozen=True, slots=True)
class UnitLoad:
    """How much a unit carries, as the ranking weighs it."""

    lead_tasks: int
    responsible_tasks: int
    indicators: int
    load: float


def unit_load(snapshot: Snapshot, card: UnitScore) -> UnitLoad:
    """A scorecard's load: lead and responsible tasks, indicators, and their weighted sum."""
    w = snapshot.data.settings.scoring_weights
    leads = {t.number for t in snapshot.evaluation.tasks if card.unit in t.lead_units}
    lead = sum(1 for number, _status in card.tasks if number in leads)
    other = len(card.tasks) - lead
    load = (
        lead * float(w.lead_task)
        + other * float(w.responsible_task)
        + len(card.indicators) * float(w.indicator_item)
    )
    return UnitLoad(lead, other, len(card.indicators), load)


def will_reach(a: Assessment) -> bool | None:
    """Whether the forecast says the target is reached by the target year.

    True when already achieved or when the projected value (the observed growth carried to
    the target year) meets the target; None without a target or when the method cannot tell.
    """
    if a.target is None or a.status == NOT_AVAILABLE:
        return None
    if a.status == TARGET_ACHIEVED:
        return True
    if a.projected is None:
        return False
    return meets(Decimal(repr(a.projected)), Decimal(a.target), a.direction)


@dataclass
class ForecastSummary:
    total: int
    assessment: int  # will reach the assessment value (考核值)
    expected: int  # will reach the expected value (完成值)
    assessment_unknown: int
    expected_unknown: int


def forecast_summary(evaluation: PlanEvaluation) -> ForecastSummary:
    results = list(evaluation.indicators.values())
    a = [will_reach(r.forecast) for r in results]
    e = [will_reach(r.forecast_expected) for r in results]
    return ForecastSummary(
        len(results),
        sum(1 for x in a if x),
        sum(1 for x in e if x),
        sum(1 for x in a if x is None),
        sum(1 for x in e if x is None),
    )


def status_counts(evaluation: PlanEvaluation) -> dict[str, int]:
    counts = {str(s): 0 for s in STATUS_ORDER}
    for r in evaluation.indicators.values():
        counts[str(r.status.status)] += 1
    return counts


def light_counts(evaluation: PlanEvaluation) -> dict[str, int]:
    counts = status_counts(evaluation)
    return {light: sum(counts[str(s)] for s in members) for light, members in LIGHTS.items()}


def latest_index(evaluation: PlanEvaluation) -> IndexPoint | None:
    """The latest index point that has an overall value."""
    for point in reversed(evaluation.index):
        if point.overall is not None:
            return point
    return None


def scorecard_for(evaluation: PlanEvaluation, unit: str) -> UnitScore | None:
    return next((c for c in evaluation.scorecards if c.unit == unit), None)


# --- charts ---------------------------------------------------------------------------------


@dataclass
class Chart:
    """An ECharts option with what makes it accessible: a label and a table of its data."""

    id: str
    label: str
    option: dict[str, Any]
    head: list[str] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)
    height: int = 320

    @property
    def data_id(self) -> str:
        """The id of the `json_script` element holding the option."""
        return f"{self.id}-data"


def _round(value: float | Decimal | None, places: int = 1) -> float | None:
    return None if value is None else round(float(value), places)


def _text(value: float | Decimal | None, places: int = 1) -> str:
    return "—" if value is None else f"{float(value):,.{places}f}"


def _base_option() -> dict[str, Any]:
    return {
        "tooltip": {"trigger": "axis"},
        "grid": {"left": 8, "right": 24, "top": 48, "bottom": 8, "containLabel": True},
        "legend": {"top": 0, "type": "scroll"},
    }


def chart_index_trend(evaluation: PlanEvaluation) -> Chart:
    """The overall innovation index and each category's, per year (percent of 考核值)."""
    years = [str(p.year) for p in evaluation.index]
    overall = _("综合创新指数")
    categories = list(evaluation.index[0].categories) if evaluation.index else []
    series: list[dict[str, Any]] = [
        {
            "name": overall,
            "type": "line",
            "data": [_round(p.overall) for p in evaluation.index],
            "lineStyle": {"width": 4},
            "symbolSize": 8,
            "z": 3,
            "markLine": {
                "silent": True,
                "symbol": "none",
                "lineStyle": {"type": "dashed", "color": "#5b6475"},
                "label": {"formatter": _("考核值水平 100"), "position": "insideEndTop"},
                "data": [{"yAxis": 100}],
            },
        }
    ]
    for name in categories:
        series.append(
            {
                "name": name,
                "type": "line",
                "data": [_round(p.categories.get(name)) for p in evaluation.index],
                "lineStyle": {"width": 1.5},
                "symbolSize": 4,
            }
        )
    option = _base_option()
    option.update(
        {
            "xAxis": {"type": "category", "data": years, "boundaryGap": False},
            "yAxis": {"type": "value", "name": "%", "scale": True},
            "series": series,
        }
    )
    rows = [
        [str(p.year), _text(p.overall), *[_text(p.categories.get(c)) for c in categories]]
        for p in evaluation.index
    ]
    return Chart(
        "chart-index",
        _("综合创新指数走势"),
        option,
        [_("年份"), overall, *categories],
        rows,
    )


def chart_categories(point: IndexPoint | None) -> Chart:
    """The five category indices of one year as bars."""
    items = list(point.categories.items()) if point else []
    option = _base_option()
    option["tooltip"] = {"trigger": "item"}
    option["grid"]["top"] = 16
    option.pop("legend")
    option.update(
        {
            "xAxis": {"type": "value", "name": "%"},
            "yAxis": {"type": "category", "data": [c for c, _v in items], "inverse": True},
            "series": [
                {
                    "type": "bar",
                    "name": _("分类指数"),
                    "data": [_round(v) for _c, v in items],
                    "itemStyle": {"color": "#174a8b"},
                    "label": {"show": True, "position": "right"},
                    "markLine": {
                        "silent": True,
                        "symbol": "none",
                        "lineStyle": {"type": "dashed", "color": "#5b6475"},
                        "data": [{"xAxis": 100}],
                    },
                }
            ],
        }
    )
    year = point.year if point else ""
    return Chart(
        "chart-categories",
        _("%(year)s年分类指数") % {"year": year},
        option,
        [_("一级指标"), _("指数")],
        [[c, _text(v)] for c, v in items],
        height=260,
    )


def chart_status(evaluation: PlanEvaluation) -> Chart:
    """Indicators by status as a ring."""
    labels = status_labels()
    counts = status_counts(evaluation)
    data = [
        {
            "name": labels[s],
            "value": counts[str(s)],
            "itemStyle": {"color": STATUS_COLOURS[s]},
        }
        for s in STATUS_ORDER
        if counts[str(s)]
    ]
    option = {
        "tooltip": {"trigger": "item"},
        "legend": {"bottom": 0, "type": "scroll"},
        "series": [
            {
                "type": "pie",
                "name": _("指标状态"),
                "radius": ["38%", "62%"],
                "center": ["50%", "45%"],
                "label": {"formatter": "{b} {c}"},
                "labelLine": {"length": 8, "length2": 6},
                "data": data,
            }
        ],
    }
    return Chart(
        "chart-status",
        _("指标状态分布"),
        option,
        [_("状态"), _("指标数")],
        [[labels[s], str(counts[str(s)])] for s in STATUS_ORDER],
        height=260,
    )


def forecast_path(result: IndicatorResult, final_year: int) -> list[tuple[int, float]]:
    """The forecast path: the current value carried forward at the observed growth rate,
    year by year to the final year (empty when the method gives no growth rate)."""
    f = result.forecast
    if (
        f.observed_growth is None
        or f.current_year is None
        or f.current_value is None
        or f.current_year >= final_year
    ):
        return []
    current = float(f.current_value)
    return [
        (year, current * (1 + f.observed_growth) ** (year - f.current_year))
        for year in range(f.current_year, final_year + 1)
    ]


def complete_year(period: str) -> int:
    """The last year that has fully ended within `period` (as the engine counts)."""
    p = as_period(period)
    return p.year if p.is_year_end else p.year - 1


def chart_indicator(
    result: IndicatorResult, *, final_year: int, first_year: int, as_of: str
) -> Chart:
    """One indicator: its yearly values up to the as-of period's last complete year, yearly
    targets, the final year's assessment and expected values as lines, and the forecast path."""
    s = result.series
    places = s.decimals + 1 if s.decimals < 4 else s.decimals
    points = dict(annual_series(s, last_year=min(final_year, complete_year(as_of))))
    years = list(range(min([first_year, *points]) if points else first_year, final_year + 1))
    x = [str(y) for y in years]
    yearly = {y: v for (y, kind), v in s.targets.items() if kind == "target"}
    assessment = s.target(final_year, "assessment")
    expected = s.target(final_year, "expected")
    path = dict(forecast_path(result, final_year))
    actual_name, target_name = _("实际值"), _("年度目标")
    assessment_name = _("%(year)s年考核值") % {"year": final_year}
    expected_name = _("%(year)s年完成值") % {"year": final_year}
    path_name = _("按现增速预测")
    series: list[dict[str, Any]] = [
        {
            "name": actual_name,
            "type": "line",
            "data": [_round(points.get(y), places) for y in years],
            "lineStyle": {"width": 3},
            "symbolSize": 8,
            "itemStyle": {"color": "#174a8b"},
            "connectNulls": True,
            "z": 4,
        },
        {
            "name": target_name,
            "type": "line",
            "data": [_round(yearly.get(y), places) for y in years],
            "lineStyle": {"type": "dotted"},
            "symbol": "diamond",
            "symbolSize": 9,
            "itemStyle": {"color": "#7a5300"},
            "connectNulls": True,
        },
    ]
    if assessment is not None:
        series.append(_flat(assessment_name, assessment, years, places, "#b3261e"))
    if expected is not None:
        series.append(_flat(expected_name, expected, years, places, "#1e7b3c"))
    if path:
        series.append(
            {
                "name": path_name,
                "type": "line",
                "data": [_round(path.get(y), places) for y in years],
                "lineStyle": {"type": "dashed", "width": 2},
                "symbol": "emptyCircle",
                "itemStyle": {"color": "#6b4fa1"},
            }
        )
    option = _base_option()
    option.update(
        {
            "xAxis": {"type": "category", "data": x},
            "yAxis": {"type": "value", "name": s.unit, "scale": True},
            "series": series,
        }
    )
    head = [_("年份"), actual_name, target_name, assessment_name, expected_name, path_name]
    rows = [
        [
            str(y),
            _text(points.get(y), places),
            _text(yearly.get(y), places),
            _text(assessment, places) if y == final_year else "",
            _text(expected, places) if y == final_year else "",
            _text(path.get(y), places) if y in path else "",
        ]
        for y in years
    ]
    return Chart("chart-indicator", _("%(name)s走势与目标") % {"name": s.name}, option, head, rows)


def _flat(name: str, value: Decimal, years: list[int], places: int, colour: str) -> dict[str, Any]:
    return {
        "name": name,
        "type": "line",
        "data": [_round(value, places)] * len(years),
        "symbol": "none",
        "lineStyle": {"type": "dashed", "width": 1.5},
        "itemStyle": {"color": colour},
    }


def chart_ranking(cards: list[UnitScore]) -> Chart:
    """Units' scores (out of 100), best first, as horizontal bars."""
    scored = [c for c in cards if c.score is not None]
    option = _base_option()
    option.pop("legend")
    option["grid"]["top"] = 16
    option["tooltip"] = {"trigger": "item"}
    option.update(
        {
            "xAxis": {"type": "value", "max": 100},
            "yAxis": {
                "type": "category",
                "data": [c.unit for c in scored],
                "inverse": True,
                "axisLabel": {"width": 150, "overflow": "truncate"},
            },
            "series": [
                {
                    "type": "bar",
                    "name": _("得分"),
                    "data": [_round(c.score) for c in scored],
                    "itemStyle": {"color": "#174a8b"},
                    "label": {"show": True, "position": "right"},
                }
            ],
        }
    )
    return Chart(
        "chart-ranking",
        _("成员单位考核得分"),
        option,
        [_("排名"), _("单位"), _("得分")],
        [[str(c.rank), c.unit, _text(c.score)] for c in scored],
        height=max(260, 24 * len(scored) + 40),
    )


def chart_unit_parts(card: UnitScore) -> Chart:
    """A unit's three score parts (indicators, tasks, timeliness) and its total."""
    names = [_("指标"), _("任务"), _("报送及时"), _("总分")]
    values = [card.indicator_score, card.task_score, card.timeliness_score, card.score]
    option = _base_option()
    option.pop("legend")
    option["grid"]["top"] = 16
    option["tooltip"] = {"trigger": "item"}
    option.update(
        {
            "xAxis": {"type": "category", "data": names},
            "yAxis": {"type": "value", "max": 100},
            "series": [
                {
                    "type": "bar",
                    "name": _("得分"),
                    "data": [_round(v) for v in values],
                    "itemStyle": {"color": "#174a8b"},
                    "label": {"show": True, "position": "top"},
                }
            ],
        }
    )
    return Chart(
        "chart-unit",
        _("%(unit)s得分构成") % {"unit": card.unit},
        option,
        [_("部分"), _("得分")],
        [[n, _text(v)] for n, v in zip(names, values, strict=True)],
        height=260,
    )


def chart_task_progress(
    reports: list[tuple[str, Decimal | None]], *, start_year: int, end_year: int
) -> Chart:
    """A task's reported percentage per period against the share of the plan elapsed."""
    periods = [p for p, _v in reports]
    expected = [
        _round(expected_percent(p, start_year=start_year, end_year=end_year)) for p in periods
    ]
    reported_name, expected_name = _("完成进度"), _("序时进度")
    option = _base_option()
    option.update(
        {
            "xAxis": {"type": "category", "data": periods},
            "yAxis": {"type": "value", "max": 100, "name": "%"},
            "series": [
                {
                    "name": reported_name,
                    "type": "line",
                    "data": [_round(v) for _p, v in reports],
                    "lineStyle": {"width": 3},
                    "symbolSize": 8,
                    "itemStyle": {"color": "#174a8b"},
                },
                {
                    "name": expected_name,
                    "type": "line",
                    "data": expected,
                    "lineStyle": {"type": "dashed"},
                    "itemStyle": {"color": "#5b6475"},
                },
            ],
        }
    )
    return Chart(
        "chart-task",
        _("任务完成进度"),
        option,
        [_("报告期"), reported_name, expected_name],
        [[p, _text(v), _text(e)] for (p, v), e in zip(reports, expected, strict=True)],
        height=260,
    )
