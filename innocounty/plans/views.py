"""Plan pages: the plan, its tasks, indicators, units and the responsibility matrix.

Every signed-in person may read the plan; nothing here writes.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from innocounty.plans import selectors
from innocounty.plans.models import Indicator, Plan, Task, Unit


def _get_plan(key: str) -> Plan:
    return get_object_or_404(Plan.objects.select_related("office_unit"), key=key)


@require_GET
def plan_detail(request: HttpRequest, plan_key: str) -> HttpResponse:
    plan = _get_plan(plan_key)
    return render(
        request,
        "plans/plan_detail.html",
        {
            "plan": plan,
            "programs": selectors.programs_with_tasks(plan=plan),
            "main_targets": plan.main_targets.select_related("indicator"),
            "counts": {
                "programs": plan.programs.count(),
                "tasks": plan.tasks.count(),
                "indicators": plan.indicators.count(),
                "units": plan.units.filter(kind=Unit.Kind.UNIT, member=True).count(),
            },
        },
    )


@require_GET
def task_detail(request: HttpRequest, plan_key: str, number: int) -> HttpResponse:
    plan = _get_plan(plan_key)
    task = get_object_or_404(Task.objects.select_related("program"), plan=plan, number=number)
    row = selectors.task_rows(plan=plan, tasks=[task])[0]
    neighbours = {
        "previous": plan.tasks.filter(number__lt=number).order_by("-number").first(),
        "next": plan.tasks.filter(number__gt=number).order_by("number").first(),
    }
    return render(request, "plans/task_detail.html", {"plan": plan, "row": row, **neighbours})


@require_GET
def indicator_list(request: HttpRequest, plan_key: str) -> HttpResponse:
    plan = _get_plan(plan_key)
    return render(
        request,
        "plans/indicator_list.html",
        {
            "plan": plan,
            "columns": selectors.target_columns(plan=plan),
            "categories": selectors.indicators_by_category(plan=plan),
        },
    )


@require_GET
def indicator_detail(request: HttpRequest, plan_key: str, code: str) -> HttpResponse:
    plan = _get_plan(plan_key)
    indicator = get_object_or_404(
        Indicator.objects.select_related("category"), plan=plan, code=code
    )
    row = selectors.indicator_rows(plan=plan, indicators=[indicator], with_values=True)[0]
    columns = selectors.target_columns(plan=plan)
    targets = [(year, kind, row.targets.get((year, kind))) for year, kind in columns]
    values = sorted(row.values.values(), key=lambda v: v.period)
    return render(
        request,
        "plans/indicator_detail.html",
        {"plan": plan, "row": row, "targets": targets, "values": values},
    )


@require_GET
def unit_list(request: HttpRequest, plan_key: str) -> HttpResponse:
    plan = _get_plan(plan_key)
    units = list(plan.units.all())
    return render(
        request,
        "plans/unit_list.html",
        {
            "plan": plan,
            "members": [u for u in units if u.member and u.kind != Unit.Kind.OFFICE],
            "offices": [u for u in units if u.kind == Unit.Kind.OFFICE],
            "others": [u for u in units if not u.member and u.kind != Unit.Kind.OFFICE],
        },
    )


@require_GET
def unit_detail(request: HttpRequest, plan_key: str, unit_id: int) -> HttpResponse:
    plan = _get_plan(plan_key)
    unit = get_object_or_404(Unit, plan=plan, pk=unit_id)
    return render(
        request,
        "plans/unit_detail.html",
        {"plan": plan, "duties": selectors.unit_duties(unit=unit)},
    )


@require_GET
def matrix(request: HttpRequest, plan_key: str) -> HttpResponse:
    plan = _get_plan(plan_key)
    m = selectors.responsibility_matrix(plan=plan)
    return render(
        request,
        "plans/matrix.html",
        {
            "plan": plan,
            "matrix": m,
            "task_rows": [(unit, m.task_row(unit)) for unit in m.units],
            "indicator_rows": [(unit, m.indicator_row(unit)) for unit in m.units],
        },
    )
