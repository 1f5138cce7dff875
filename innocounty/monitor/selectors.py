"""Feed the engine from the database and shape its results for the monitor pages.

`plan_evaluation(plan=…, period=…, today=…)` is the one entry point every page (and the
bulletin) uses: it reads the plan, the approved values, the task reports and the rounds in a
constant number of queries (`SNAPSHOT_QUERIES`, whatever the number of values, reports or
rounds) and returns the engine's `PlanEvaluation`. Nothing is cached here: every call reads
the database again. The pages and the API read the stored copy of the same result
(`monitor.results`), recomputed after every change it depends on.

`plan_snapshot` returns the same evaluation with the inputs the pages also show (the plan
file model, the report that counts per task, unit ids by name).

Inputs, as the engine wants them:

- values: `reporting.selectors.approved_values` (the latest approved version per indicator and
  period);
- task progress: `core.progress.counting_report` and `core.progress.task_status` (the
  mapping is documented there); a task counts for its lead and responsible units alike;
- milestones (任务分解) as facts per task; the engine judges them (`core.milestones`), so read
  task statuses from `evaluation.tasks`, never from the inputs;
- on-time rates per unit: `core.ontime.on_time_rates` (the rule is documented there), fed
  with every round, value version and lead task report version of the plan.

The pages' charts are built in `charts.py`.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from innocounty.core import schema
from innocounty.core.engine import (
    PlanData,
    PlanEvaluation,
    evaluate_plan,
    plan_data,
)
from innocounty.core.evaluation import STATUS_LABELS, Status, meets
from innocounty.core.forecast import NOT_AVAILABLE, TARGET_ACHIEVED, Assessment
from innocounty.core.index import IndexPoint
from innocounty.core.milestones import MilestoneFacts
from innocounty.core.ontime import RoundFacts, Submission, on_time_rates
from innocounty.core.periods import MONTHLY, as_period, latest_period
from innocounty.core.progress import (
    ReportFacts,
    counting_by_period,
    counting_report,
    due_period,
    expected_percent,
    is_stale,
    task_status,
)
from innocounty.core.rounds import UnitStatus
from innocounty.core.schema import UnitKind
from innocounty.core.scorecard import TASK_STATUS_LABELS, TaskProgress, TaskStatus, UnitScore
from innocounty.plans.models import Indicator, Plan, Task
from innocounty.plans.services import plan_export, plan_scoring
from innocounty.reporting import access
from innocounty.reporting.models import Round, TaskReport, Value
from innocounty.reporting.selectors import RoundStatus, approved_values, deadline_end, round_status
from innocounty.supervision.models import Milestone

# plan_export (9) + approved values + task reports + rounds + value submissions + unit ids
# + milestones.
SNAPSHOT_QUERIES = 15

STATUS_ORDER = [
    Status.MET,
    Status.ON_TRACK,
    Status.BEHIND,
    Status.SERIOUSLY_BEHIND,
    Status.NO_DATA,
]
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
    return {s: _(label) for s, label in STATUS_LABELS.items()}


def task_status_labels() -> dict[str, str]:
    """Task status → label in the current language."""
    return {s: _(label) for s, label in TASK_STATUS_LABELS.items()}


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
    return default_periods(plans=[plan], today=today)[plan.pk]


def default_periods(*, plans: list[Plan], today: dt.date | None = None) -> dict[int, str]:
    """`default_period` of each of `plans`, by plan id, in two queries at most whatever the
    number of plans (the comparison across counties asks for hundreds at once)."""
    today = today or timezone.localdate()
    result: dict[int, str] = {}
    running = []
    for plan in plans:
        if today.year > plan.end_year:
            # Final assessment judges the final year, even where it has no approved data yet:
            # a task or indicator with nothing for it is 未报送 / 无数据, not judged by an older
            # year.
            result[plan.pk] = str(plan.end_year)
        else:
            running.append(plan)
    if not running:
        return result
    first = min(p.start_year for p in running)
    last = max(p.end_year for p in running)
    found: dict[int, set[str]] = defaultdict(set)
    rows = (
        Value.objects.filter(
            indicator__plan__in=running,
            state="approved",
            period__gte=str(first),
            period__lt=str(last + 1),
        )
        .values_list("indicator__plan_id", "period")
        .distinct()
    )
    for plan_id, ident in rows:
        found[plan_id].add(ident)
    reports = (
        TaskReport.objects.filter(round__plan__in=running, state="approved")
        .values_list("round__plan_id", "round__period")
        .distinct()
    )
    for plan_id, ident in reports:
        found[plan_id].add(ident)
    for plan in running:
        best = None
        for ident in found[plan.pk]:
            p = as_period(ident)
            if not plan.start_year <= p.year <= plan.end_year or p.end > today:
                continue
            if best is None or (p.year, p.end_month) > (best.year, best.end_month):
                best = p
        if best is not None:
            result[plan.pk] = str(best.year) if best.is_year_end else best.ident
        else:
            result[plan.pk] = latest_period(MONTHLY, today).ident
    return result


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


def _on_time_rates(
    plan: Plan,
    plan_file: schema.Plan,
    reports: dict[int, list[ReportFacts]],
    rounds: list[Round],
    *,
    as_of: str,
    now: dt.datetime,
) -> dict[str, Decimal]:
    """Gather the facts `ontime.on_time_rates` judges (one query: every value version)."""
    # Read even without rounds, so the number of queries never changes.
    values = [
        (code, period, Submission(version, state, submitted))
        for code, period, version, state, submitted in Value.objects.filter(
            indicator__plan=plan
        ).values_list("indicator__code", "period", "version", "state", "submitted_at")
    ]
    task_reports = []
    for number, facts in reports.items():
        for r in facts:
            assert isinstance(r, _Report)
            task_reports.append(
                (r.round_id, number, r.unit, Submission(r.version, r.state, r.submitted))
            )
    return on_time_rates(
        plan=plan_file,
        rounds=[RoundFacts(r.pk, r.period, deadline_end(r), r.include_tasks) for r in rounds],
        values=values,
        task_reports=task_reports,
        as_of=as_of,
        now=now,
    )


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


# --- reads for the pages --------------------------------------------------------------------


def unit_links(snapshot: Snapshot, names: tuple[str, ...] | list[str]) -> list[Any]:
    """Unit names with their ids, for links (id None for a name not in the plan)."""
    return [(name, snapshot.unit_id(name)) for name in names]


def status_rows(evaluation: PlanEvaluation) -> list[tuple[str, str, int]]:
    """(status, label, number of indicators) for every indicator status, in display order."""
    labels = status_labels()
    counts = status_counts(evaluation)
    return [(str(s), labels[s], counts[str(s)]) for s in STATUS_ORDER]


def cockpit_round(*, plan: Plan) -> tuple[Round | None, RoundStatus | None, dict[str, int] | None]:
    """The round the cockpit shows (the open round with the latest deadline, else the latest
    round), its progress and the counts of its units and items."""
    round_ = (
        Round.objects.filter(plan=plan, status=Round.Status.OPEN).order_by("-deadline").first()
        or Round.objects.filter(plan=plan).order_by("-deadline").first()
    )
    progress = round_status(round_=round_) if round_ else None
    if progress is not None:
        summary = progress.summary
        round_counts = {
            "units": len(progress.rows),
            "submitted": sum(1 for r in progress.rows if not r.progress.missing),
            "approved": summary.counts[UnitStatus.APPROVED],
            "overdue": summary.overdue,
            "returned": summary.counts[UnitStatus.RETURNED],
        }
    else:
        round_counts = None
    return round_, progress, round_counts


def indicators_by_status(snapshot: Snapshot, wanted: str) -> tuple[str, list[Any]]:
    """The filter actually applied (`wanted`: a status, a light colour, anything else meaning
    all) and the matching indicators as (result, unit links, status label)."""
    if wanted in LIGHTS:
        keep = {str(s) for s in LIGHTS[wanted]}
    elif wanted in {str(s) for s in Status}:
        keep = {wanted}
    else:
        wanted, keep = "", {str(s) for s in Status}
    labels = status_labels()
    rows = [
        (r, unit_links(snapshot, r.series.responsible_units), labels[r.status.status])
        for r in snapshot.evaluation.indicators.values()
        if str(r.status.status) in keep
    ]
    return wanted, rows


def indicator_versions(*, user: Any, plan: Plan, indicator: Indicator) -> tuple[list[Value], bool]:
    """Every version of `indicator`'s values `user` may see, latest period first, and whether
    they link to their pages (the office, leaders and the indicator's own units)."""
    versions = list(
        access.values_visible_to(user, Value.objects.filter(indicator=indicator))
        .select_related("unit")
        .order_by("-period", "-version")
    )
    readable = (
        access.can_read_all(user)
        or access.user_units(user, plan).filter(indicator_units__indicator=indicator).exists()
    )
    return versions, readable


def task_rows(snapshot: Snapshot) -> list[dict[str, Any]]:
    # The engine's judged tasks: a missed milestone has already made a task 滞后.
    progress = {t.number: t for t in snapshot.evaluation.tasks}
    labels = task_status_labels()
    rows = []
    for program in snapshot.plan_file.programs:
        for task in program.tasks:
            p = progress[task.number]
            status = p.status
            rows.append(
                {
                    "program": program,
                    "task": task,
                    "lead": unit_links(snapshot, task.lead_units),
                    "responsible": unit_links(snapshot, task.responsible_units),
                    "progress": p,
                    "status": str(status),
                    "label": labels[status],
                    "missed_milestones": p.missed,
                    "report": snapshot.reports.get(task.number),
                    # 未报送 for the due round, though an older report exists (shown as such).
                    "stale": status == TaskStatus.NOT_REPORTED
                    and snapshot.reports.get(task.number) is not None,
                }
            )
    return rows


def task_units(*, plan: Plan) -> list[tuple[int, str]]:
    """(id, name) of the units that lead or support a task, in the plan's order."""
    return [
        (u.pk, u.name)
        for u in plan.units.filter(task_units__isnull=False).distinct().order_by("position", "pk")
    ]


def task_board(
    snapshot: Snapshot, *, unit: str | None, program: int | None, status: str
) -> list[tuple[schema.Program, list[dict[str, Any]]]]:
    """The task rows that `unit` leads or supports, of `program`, in `status` (each filter
    off when empty), grouped by program in the plan's order."""
    rows = task_rows(snapshot)
    if unit is not None:
        rows = [
            r for r in rows if unit in r["task"].lead_units or unit in r["task"].responsible_units
        ]
    if program is not None:
        rows = [r for r in rows if r["program"].number == program]
    if status:
        rows = [r for r in rows if r["status"] == status]
    groups: list[tuple[Any, list[dict[str, Any]]]] = []
    for row in rows:
        if not groups or groups[-1][0] is not row["program"]:
            groups.append((row["program"], []))
        groups[-1][1].append(row)
    return groups


def task_status_rows(snapshot: Snapshot) -> list[tuple[TaskStatus, str, int]]:
    """(status, label, number of tasks) for every task status, in display order."""
    labels = task_status_labels()
    counts = {str(s): 0 for s in TASK_STATUS_ORDER}
    for t in snapshot.evaluation.tasks:
        counts[str(t.status)] += 1
    return [(s, labels[s], counts[str(s)]) for s in TASK_STATUS_ORDER]


def task_reports(*, user: Any, plan: Plan, task: Task) -> list[tuple[TaskReport, bool, Decimal]]:
    """Every report on `task` `user` may see, in round order, with whether it links to its
    page (the office, leaders and its own unit) and the progress expected by its period."""
    reports = (
        access.task_reports_visible_to(user, TaskReport.objects.filter(task=task))
        .select_related("round", "unit", "task")
        .order_by("round__deadline", "role", "unit__position", "version")
    )
    mine = set(access.user_units(user, plan).values_list("pk", flat=True))
    everything = access.can_read_all(user)
    return [
        (
            r,
            everything or r.unit_id in mine,
            expected_percent(r.round.period, start_year=plan.start_year, end_year=plan.end_year),
        )
        for r in reports
    ]


def task_progress_points(
    reports: list[tuple[TaskReport, bool, Decimal]],
) -> list[tuple[str, Decimal | None]]:
    """Per round, the lead report that counted then — the status's own rule — for the chart."""
    lead = [
        ReportFacts(
            task=r.task.number,
            period=r.round.period,
            state=r.state,
            version=r.version,
            percent=None if r.percent is None else Decimal(r.percent),
            unit=r.unit.name,
            pk=r.pk,
        )
        for r, _linked, _expected in reports
        if r.role == TaskReport.Role.LEAD
    ]
    return [(period, r.percent) for period, r in counting_by_period(lead).items()]


def scorecard_items(snapshot: Snapshot, card: UnitScore | None) -> tuple[list[Any], list[Any]]:
    """A scorecard's indicators (engine results) and tasks (with their status labels)."""
    if card is None:
        return [], []
    tasks = {t.number: t for t in snapshot.evaluation.tasks}
    labels = task_status_labels()
    indicators = [snapshot.evaluation.indicators[code] for code, _s in card.indicators]
    return indicators, [(tasks[n], labels[s]) for n, s in card.tasks]
