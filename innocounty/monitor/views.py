"""Monitor pages: the cockpit (驾驶舱), indicator analysis, the task board, unit scorecards and
the unit ranking (考核排名). Every page reads the plan's stored result (`results.plan_result`,
the same `selectors.plan_snapshot`, computed once per change and day); nothing else is written.

Who sees what: the office (and admin) and leaders see everything. A reporter sees the task
board, task pages and indicator analysis (as on the plan pages), and the scorecard of its own
units only; the cockpit, the filtered indicator list and the ranking answer 403, another unit's
scorecard 404.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET

from innocounty.monitor import charts, results, selectors
from innocounty.monitor.forms import PeriodForm, TaskFilterForm
from innocounty.plans import roles
from innocounty.plans.forms import ScoringForm
from innocounty.plans.models import Indicator, Plan, Task
from innocounty.plans.services import plan_scoring
from innocounty.reporting import access
from innocounty.supervision import selectors as supervision


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


def _get_plan(request: HttpRequest, key: str) -> Plan:
    return access.get_plan_for_user(request.user, key)


def _snapshot(request: HttpRequest, plan: Plan) -> tuple[selectors.Snapshot, PeriodForm]:
    form = PeriodForm(request.GET or None, plan=plan)
    period = form.cleaned_data["period"] if form.is_bound and form.is_valid() else None
    if period is None:
        period = selectors.default_period(plan=plan)
        form.default_period = period
    return results.plan_result(plan=plan, period=period), form


@require_GET
def start(request: HttpRequest) -> HttpResponse:
    """Office and leaders go to the cockpit, a reporter to its unit's scorecard."""
    plan = access.plans_visible_to(request.user).first()
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
    plan = _get_plan(request, plan_key)
    access.require_reader(request.user)
    snapshot, form = _snapshot(request, plan)
    evaluation = snapshot.evaluation
    point = selectors.latest_index(evaluation)
    round_, progress, round_counts = selectors.cockpit_round(plan=plan)
    lagging = [(item, selectors.unit_links(snapshot, item.units)) for item in evaluation.lagging]
    return _render(
        request,
        "monitor/cockpit.html",
        {
            "plan": plan,
            "form": form,
            "snapshot": snapshot,
            "evaluation": evaluation,
            "point": point,
            "statuses": selectors.status_rows(evaluation),
            "lights": selectors.light_counts(evaluation),
            "lagging": lagging,
            "round": round_,
            "round_status": progress,
            "round_counts": round_counts,
            "forecast": selectors.forecast_summary(evaluation),
            "supervision": supervision.counts(plan=plan, user=request.user),
            "charts": charts.cockpit_charts(evaluation, point),
        },
    )


@require_GET
def indicator_list(request: HttpRequest, plan_key: str) -> HttpResponse:
    """Indicators with their status, filtered by `?status=` (a status or a light colour)."""
    plan = _get_plan(request, plan_key)
    access.require_reader(request.user)
    snapshot, form = _snapshot(request, plan)
    wanted, rows = selectors.indicators_by_status(snapshot, request.GET.get("status", ""))
    labels = selectors.status_labels()
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
    plan = _get_plan(request, plan_key)
    model = get_object_or_404(Indicator, plan=plan, code=code)
    snapshot, form = _snapshot(request, plan)
    result = snapshot.evaluation.indicators[code]
    versions, linked = selectors.indicator_versions(user=request.user, plan=plan, indicator=model)
    chart = charts.chart_indicator(
        result,
        final_year=snapshot.final_year,
        first_year=plan.base_year or plan.start_year,
        as_of=snapshot.evaluation.period,
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
            "units": selectors.unit_links(snapshot, result.series.responsible_units),
            "versions": versions,
            "versions_linked": linked,
            "status_label": selectors.status_labels()[result.status.status],
            "charts": [chart],
        },
    )


@require_GET
def task_board(request: HttpRequest, plan_key: str) -> HttpResponse:
    """Programs → tasks with units, latest progress and status; filters by GET parameters.

    With htmx (`HX-Request`) only the board is rendered.
    """
    plan = _get_plan(request, plan_key)
    snapshot, form = _snapshot(request, plan)
    statuses = selectors.task_status_rows(snapshot)
    units = dict(selectors.task_units(plan=plan))
    filters = TaskFilterForm(
        request.GET or None,
        units=list(units.items()),
        programs=[(p.number, f"{p.number}. {p.title}") for p in snapshot.plan_file.programs],
        statuses=[(str(s), label) for s, label, _n in statuses],
    )
    wanted = filters.cleaned_data if filters.is_bound and filters.is_valid() else {}
    unit_id = wanted.get("unit")
    groups = selectors.task_board(
        snapshot,
        unit=units.get(unit_id) if unit_id is not None else None,
        program=wanted.get("program"),
        status=wanted.get("status", ""),
    )
    fragment = "#board" if request.headers.get("HX-Request") else ""
    return _render(
        request,
        "monitor/task_board.html" + fragment,
        {
            "plan": plan,
            "form": form,
            "filters": filters,
            "snapshot": snapshot,
            "groups": groups,
            "shown": sum(len(rows) for _program, rows in groups),
            "counts": statuses,
        },
    )


@require_GET
def task(request: HttpRequest, plan_key: str, number: int) -> HttpResponse:
    """One task: its units, status and every progress report over time."""
    plan = _get_plan(request, plan_key)
    model = get_object_or_404(Task.objects.select_related("program"), plan=plan, number=number)
    snapshot, form = _snapshot(request, plan)
    row = next(r for r in selectors.task_rows(snapshot) if r["task"].number == number)
    reports = selectors.task_reports(user=request.user, plan=plan, task=model)
    points = selectors.task_progress_points(reports)
    span = {"start_year": plan.start_year, "end_year": plan.end_year}
    return _render(
        request,
        "monitor/task.html",
        {
            "plan": plan,
            "form": form,
            "snapshot": snapshot,
            "model": model,
            "row": row,
            "reports": reports,
            "charts": [charts.chart_task_progress(points, **span)] if points else [],
        },
    )


@require_GET
def ranking(request: HttpRequest, plan_key: str) -> HttpResponse:
    plan = _get_plan(request, plan_key)
    access.require_reader(request.user)
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
            "charts": [charts.chart_ranking(cards)],
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
    plan = _get_plan(request, plan_key)
    unit = access.get_unit_for_user(request.user, plan, unit_id)
    snapshot, form = _snapshot(request, plan)
    evaluation = snapshot.evaluation
    card = selectors.scorecard_for(evaluation, unit.name)
    indicators, tasks = selectors.scorecard_items(snapshot, card)
    return _render(
        request,
        "monitor/unit_scorecard.html",
        {
            "plan": plan,
            "form": form,
            "snapshot": snapshot,
            "unit": unit,
            "card": card,
            "ranked": sum(1 for c in evaluation.scorecards if c.score is not None),
            "indicators": indicators,
            "tasks": tasks,
            "labels": selectors.status_labels(),
            "is_reader": access.can_read_all(request.user),
            "weights": plan_scoring(plan),
            "charts": [charts.chart_unit_parts(card)] if card and card.score is not None else [],
            "closing": supervision.closing_on_time(plan=plan, unit=unit),
        },
    )
