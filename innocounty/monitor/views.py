"""Monitor pages: the cockpit (驾驶舱), indicator analysis, the task board, unit scorecards and
the unit ranking (考核排名). Every page reads `selectors.plan_snapshot`; nothing here writes.

Who sees what: the office (and admin) and leaders see everything. A reporter sees the task
board, task pages and indicator analysis (as on the plan pages), and the scorecard of its own
units only; the cockpit, the filtered indicator list and the ranking answer 403, another unit's
scorecard 404.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET

from innocounty.core.evaluation import Status
from innocounty.core.scorecard import TaskStatus
from innocounty.monitor import selectors
from innocounty.monitor.forms import PeriodForm, TaskFilterForm
from innocounty.monitor.progress import ReportFacts, counting_by_period, expected_percent
from innocounty.plans import roles
from innocounty.plans.forms import ScoringForm
from innocounty.plans.models import Indicator, Plan, Task, Unit
from innocounty.plans.services import plan_scoring
from innocounty.reporting import access
from innocounty.reporting.models import Round, TaskReport, Value
from innocounty.reporting.selectors import round_status
from innocounty.supervision import selectors as supervision
from innocounty.supervision.selectors import lagging_by_milestone
from innocounty.types import AnyUser


def _render(request: HttpRequest, template: str, context: dict[str, Any]) -> HttpResponse:
    """Render with what every monitor page shows: the sub-navigation and the period query."""
    form = context.get("form")
    period = (
        form.cleaned_data.get("period")
        if form is not None and form.is_bound and form.is_valid()
        else None
    )
    context["monitor_reader"] = access.can_read_all(request.user)
    context["default_period"] = getattr(form, "default_period", None)
    if "plan" in context:
        context["plan_ended"] = selectors.plan_ended(context["plan"])
    context["period"] = period
    context["period_query"] = f"?period={period}" if period else ""
    return render(request, template, context)


def _get_plan(key: str) -> Plan:
    return get_object_or_404(Plan, key=key)


def _require_reader(user: AnyUser) -> None:
    """The cockpit, the indicator list and the ranking are for the office and leaders."""
    if not access.can_read_all(user):
        raise PermissionDenied


def _snapshot(request: HttpRequest, plan: Plan) -> tuple[selectors.Snapshot, PeriodForm]:
    form = PeriodForm(request.GET or None, plan=plan)
    period = form.cleaned_data["period"] if form.is_bound and form.is_valid() else None
    if period is None:
        period = selectors.default_period(plan=plan)
        form.default_period = period
    return selectors.plan_snapshot(plan=plan, period=period), form


def _units(snapshot: selectors.Snapshot, names: tuple[str, ...] | list[str]) -> list[Any]:
    """Unit names with their ids, for links (id None for a name not in the plan)."""
    return [(name, snapshot.unit_id(name)) for name in names]


@require_GET
def start(request: HttpRequest) -> HttpResponse:
    """Office and leaders go to the cockpit, a reporter to its unit's scorecard."""
    plan = Plan.objects.first()
    if plan is None:
        raise Http404
    if access.can_read_all(request.user):
        return redirect("monitor:cockpit", plan.key)
    unit = access.user_units(request.user, plan).first()
    if unit is None:
        raise PermissionDenied
    return redirect("monitor:unit-scorecard", plan.key, unit.pk)


@require_GET
def cockpit(request: HttpRequest, plan_key: str) -> HttpResponse:
    plan = _get_plan(plan_key)
    _require_reader(request.user)
    snapshot, form = _snapshot(request, plan)
    evaluation = snapshot.evaluation
    point = selectors.latest_index(evaluation)
    labels = selectors.status_labels()
    counts = selectors.status_counts(evaluation)
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
            "approved": summary.counts["approved"],
            "overdue": summary.overdue,
            "returned": summary.counts["returned"],
        }
    else:
        round_counts = None
    return _render(
        request,
        "monitor/cockpit.html",
        {
            "plan": plan,
            "form": form,
            "snapshot": snapshot,
            "evaluation": evaluation,
            "point": point,
            "statuses": [(str(s), labels[s], counts[str(s)]) for s in selectors.STATUS_ORDER],
            "lights": selectors.light_counts(evaluation),
            "lagging": [(item, _units(snapshot, item.units)) for item in evaluation.lagging],
            "round": round_,
            "round_status": progress,
            "round_counts": round_counts,
            "forecast": selectors.forecast_summary(evaluation),
            "supervision": supervision.counts(plan=plan, user=request.user),
            "charts": [
                selectors.chart_index_trend(evaluation),
                selectors.chart_categories(point),
                selectors.chart_status(evaluation),
            ],
        },
    )


@require_GET
def indicator_list(request: HttpRequest, plan_key: str) -> HttpResponse:
    """Indicators with their status, filtered by `?status=` (a status or a light colour)."""
    plan = _get_plan(plan_key)
    _require_reader(request.user)
    snapshot, form = _snapshot(request, plan)
    wanted = request.GET.get("status", "")
    if wanted in selectors.LIGHTS:
        keep = {str(s) for s in selectors.LIGHTS[wanted]}
    elif wanted in {str(s) for s in Status}:
        keep = {wanted}
    else:
        wanted, keep = "", {str(s) for s in Status}
    labels = selectors.status_labels()
    rows = [
        (r, _units(snapshot, r.series.responsible_units), labels[r.status.status])
        for r in snapshot.evaluation.indicators.values()
        if str(r.status.status) in keep
    ]
    return _render(
        request,
        "monitor/indicator_list.html",
        {
            "plan": plan,
            "form": form,
            "snapshot": snapshot,
            "rows": rows,
            "wanted": wanted,
            "labels": labels,
            "filters": [(str(s), labels[s]) for s in selectors.STATUS_ORDER],
        },
    )


@require_GET
def indicator(request: HttpRequest, plan_key: str, code: str) -> HttpResponse:
    plan = _get_plan(plan_key)
    model = get_object_or_404(Indicator, plan=plan, code=code)
    snapshot, form = _snapshot(request, plan)
    result = snapshot.evaluation.indicators[code]
    first_year = plan.base_year or plan.start_year
    versions = list(
        access.values_visible_to(request.user, Value.objects.filter(indicator=model))
        .select_related("unit")
        .order_by("-period", "-version")
    )
    readable = (
        access.can_read_all(request.user)
        or access.user_units(request.user, plan).filter(indicator_units__indicator=model).exists()
    )
    return _render(
        request,
        "monitor/indicator.html",
        {
            "plan": plan,
            "form": form,
            "snapshot": snapshot,
            "indicator": model,
            "result": result,
            "achievements": result.status.achievements,
            "units": _units(snapshot, result.series.responsible_units),
            "versions": versions,
            "versions_linked": readable,
            "status_label": selectors.status_labels()[result.status.status],
            "charts": [
                selectors.chart_indicator(
                    result,
                    final_year=snapshot.final_year,
                    first_year=first_year,
                    as_of=snapshot.evaluation.period,
                )
            ],
        },
    )


def _task_rows(snapshot: selectors.Snapshot) -> list[dict[str, Any]]:
    progress = {t.number: t for t in snapshot.data.tasks}
    labels = selectors.task_status_labels()
    # A missed milestone (任务分解) makes a task 滞后 on its own, without waiting for a percentage.
    missed = lagging_by_milestone(plan=snapshot.plan)
    rows = []
    for program in snapshot.plan_file.programs:
        for task in program.tasks:
            p = progress[task.number]
            status = p.status
            if task.number in missed and status in (TaskStatus.ON_TRACK, TaskStatus.NOT_REPORTED):
                status = TaskStatus.BEHIND
            rows.append(
                {
                    "program": program,
                    "task": task,
                    "lead": _units(snapshot, task.lead_units),
                    "responsible": _units(snapshot, task.responsible_units),
                    "progress": p,
                    "status": str(status),
                    "label": labels[status],
                    "missed_milestones": missed.get(task.number, []),
                    "report": snapshot.reports.get(task.number),
                    # 未报送 for the due round, though an older report exists (shown as such).
                    "stale": p.status == TaskStatus.NOT_REPORTED
                    and snapshot.reports.get(task.number) is not None,
                }
            )
    return rows


@require_GET
def task_board(request: HttpRequest, plan_key: str) -> HttpResponse:
    """Programs → tasks with units, latest progress and status; filters by GET parameters.

    With htmx (`HX-Request`) only the board is rendered.
    """
    plan = _get_plan(plan_key)
    snapshot, form = _snapshot(request, plan)
    labels = selectors.task_status_labels()
    units = [
        (u.pk, u.name)
        for u in plan.units.filter(task_units__isnull=False).distinct().order_by("position", "pk")
    ]
    programs = [(p.number, f"{p.number}. {p.title}") for p in snapshot.plan_file.programs]
    filters = TaskFilterForm(
        request.GET or None,
        units=units,
        programs=programs,
        statuses=[(str(s), labels[s]) for s in selectors.TASK_STATUS_ORDER],
    )
    rows = _task_rows(snapshot)
    if filters.is_bound and filters.is_valid():
        data = filters.cleaned_data
        if data["unit"] is not None:
            name = dict(units)[data["unit"]]
            rows = [
                r
                for r in rows
                if name in r["task"].lead_units or name in r["task"].responsible_units
            ]
        if data["program"] is not None:
            rows = [r for r in rows if r["program"].number == data["program"]]
        if data["status"]:
            rows = [r for r in rows if r["status"] == data["status"]]
    groups: list[tuple[Any, list[dict[str, Any]]]] = []
    for row in rows:
        if not groups or groups[-1][0] is not row["program"]:
            groups.append((row["program"], []))
        groups[-1][1].append(row)
    counts = {str(s): 0 for s in selectors.TASK_STATUS_ORDER}
    for t in snapshot.data.tasks:
        counts[str(t.status)] += 1
    template = "monitor/task_board.html"
    if request.headers.get("HX-Request"):
        template += "#board"
    return _render(
        request,
        template,
        {
            "plan": plan,
            "form": form,
            "filters": filters,
            "snapshot": snapshot,
            "groups": groups,
            "shown": len(rows),
            "counts": [(s, labels[s], counts[str(s)]) for s in selectors.TASK_STATUS_ORDER],
        },
    )


@require_GET
def task(request: HttpRequest, plan_key: str, number: int) -> HttpResponse:
    """One task: its units, status and every progress report over time."""
    plan = _get_plan(plan_key)
    model = get_object_or_404(Task.objects.select_related("program"), plan=plan, number=number)
    snapshot, form = _snapshot(request, plan)
    row = next(r for r in _task_rows(snapshot) if r["task"].number == number)
    reports = list(
        access.task_reports_visible_to(request.user, TaskReport.objects.filter(task=model))
        .select_related("round", "unit")
        .order_by("round__deadline", "role", "unit__position", "version")
    )
    mine = set(access.user_units(request.user, plan).values_list("pk", flat=True))
    everything = access.can_read_all(request.user)
    # The chart: per round, the lead report that counted then — the status's own rule.
    lead = [
        ReportFacts(
            task=model.number,
            period=r.round.period,
            state=r.state,
            version=r.version,
            percent=None if r.percent is None else Decimal(r.percent),
            unit=r.unit.name,
            pk=r.pk,
        )
        for r in reports
        if r.role == TaskReport.Role.LEAD
    ]
    points = [(period, r.percent) for period, r in counting_by_period(lead).items()]
    return _render(
        request,
        "monitor/task.html",
        {
            "plan": plan,
            "form": form,
            "snapshot": snapshot,
            "model": model,
            "row": row,
            "reports": [
                (
                    r,
                    everything or r.unit_id in mine,
                    expected_percent(
                        r.round.period, start_year=plan.start_year, end_year=plan.end_year
                    ),
                )
                for r in reports
            ],
            "charts": [
                selectors.chart_task_progress(
                    points, start_year=plan.start_year, end_year=plan.end_year
                )
            ]
            if points
            else [],
        },
    )


@require_GET
def ranking(request: HttpRequest, plan_key: str) -> HttpResponse:
    plan = _get_plan(plan_key)
    _require_reader(request.user)
    snapshot, form = _snapshot(request, plan)
    cards = snapshot.evaluation.scorecards
    weights = plan_scoring(plan)
    return _render(
        request,
        "monitor/ranking.html",
        {
            "plan": plan,
            "form": form,
            "snapshot": snapshot,
            "cards": [
                (c, snapshot.unit_id(c.unit), selectors.unit_load(snapshot, c)) for c in cards
            ],
            "charts": [selectors.chart_ranking(cards)],
            "weights": weights,
            "scoring_form": ScoringForm(
                initial={k: f"{v.normalize():f}" for k, v in weights.items()}
            )
            if roles.is_office(request.user)
            else None,
        },
    )


@require_GET
def unit_scorecard(request: HttpRequest, plan_key: str, unit_id: int) -> HttpResponse:
    plan = _get_plan(plan_key)
    unit = get_object_or_404(Unit, plan=plan, pk=unit_id)
    if not access.can_read_all(request.user) and not unit.users.filter(pk=request.user.pk).exists():
        raise Http404
    snapshot, form = _snapshot(request, plan)
    evaluation = snapshot.evaluation
    card = selectors.scorecard_for(evaluation, unit.name)
    tasks = {t.number: t for t in snapshot.data.tasks}
    task_labels = selectors.task_status_labels()
    scored = [c for c in evaluation.scorecards if c.score is not None]
    return _render(
        request,
        "monitor/unit_scorecard.html",
        {
            "plan": plan,
            "form": form,
            "snapshot": snapshot,
            "unit": unit,
            "card": card,
            "ranked": len(scored),
            "indicators": [evaluation.indicators[code] for code, _s in card.indicators]
            if card
            else [],
            "tasks": [(tasks[n], task_labels[s]) for n, s in card.tasks] if card else [],
            "labels": selectors.status_labels(),
            "is_reader": roles.is_office(request.user) or roles.is_leader(request.user),
            "weights": plan_scoring(plan),
            "charts": [selectors.chart_unit_parts(card)] if card and card.score is not None else [],
            "closing": supervision.closing_on_time(plan=plan, unit=unit),
        },
    )
