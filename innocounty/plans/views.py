"""Plan pages: the plan, its tasks, indicators, units and the responsibility matrix.

Every signed-in person may read the plan. Only the office starts a new plan from a document,
and nothing is written until it confirms.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from innocounty.core import schema
from innocounty.core.parser import ParseError, parse_file
from innocounty.core.planedit import PlanEditError, add_target, add_task
from innocounty.core.planfile import PlanFileError, dumps_plan, loads_plan
from innocounty.plans import roles, selectors, tenancy
from innocounty.plans.forms import PlanAmendForm, PlanConfirmForm, PlanDocumentForm, ScoringForm
from innocounty.plans.models import Indicator, Plan, Task, Unit
from innocounty.plans.services import (
    PlanLoadError,
    ScoringError,
    plan_load,
    plan_scoring_save,
)
from innocounty.types import AuthenticatedHttpRequest

PLAN_IMPORT_EXISTS = gettext_noop("方案代码“{key}”已被使用；请在方案数据中修改 key 后再载入")


def _get_plan(request: HttpRequest, key: str) -> Plan:
    return tenancy.get_plan_for_user(request.user, key, Plan.objects.select_related("office_unit"))


@require_GET
def plan_detail(request: HttpRequest, plan_key: str) -> HttpResponse:
    plan = _get_plan(request, plan_key)
    return render(
        request,
        "plans/plan_detail.html",
        {
            "plan": plan,
            "programs": selectors.programs_with_tasks(plan=plan),
            "main_targets": plan.main_targets.select_related("indicator__plan"),
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
    plan = _get_plan(request, plan_key)
    task = get_object_or_404(Task.objects.select_related("program"), plan=plan, number=number)
    row = selectors.task_rows(plan=plan, tasks=[task])[0]
    neighbours = {
        "previous": plan.tasks.filter(number__lt=number).order_by("-number").first(),
        "next": plan.tasks.filter(number__gt=number).order_by("number").first(),
    }
    return render(request, "plans/task_detail.html", {"plan": plan, "row": row, **neighbours})


@require_GET
def indicator_list(request: HttpRequest, plan_key: str) -> HttpResponse:
    plan = _get_plan(request, plan_key)
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
    plan = _get_plan(request, plan_key)
    indicator = get_object_or_404(
        Indicator.objects.select_related("category"), plan=plan, code=code
    )
    row = selectors.indicator_rows(plan=plan, indicators=[indicator])[0]
    columns = selectors.target_columns(plan=plan)
    targets = [(year, kind, row.targets.get((year, kind))) for year, kind in columns]
    values = selectors.indicator_values(indicator=indicator)
    return render(
        request,
        "plans/indicator_detail.html",
        {"plan": plan, "row": row, "targets": targets, "values": values},
    )


@require_GET
def unit_list(request: HttpRequest, plan_key: str) -> HttpResponse:
    plan = _get_plan(request, plan_key)
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
    plan = _get_plan(request, plan_key)
    unit = get_object_or_404(Unit, plan=plan, pk=unit_id)
    return render(
        request,
        "plans/unit_detail.html",
        {"plan": plan, "duties": selectors.unit_duties(unit=unit)},
    )


@require_GET
def matrix(request: HttpRequest, plan_key: str) -> HttpResponse:
    plan = _get_plan(request, plan_key)
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


# --- reading a plan document (the office starts a new plan from its document) ---------------


def _preview(
    request: HttpRequest,
    data: schema.Plan,
    form: PlanConfirmForm,
    amend: PlanAmendForm | None = None,
) -> HttpResponse:
    return render(
        request,
        "plans/plan_import_preview.html",
        {
            "data": data,
            "form": form,
            "amend": amend or PlanAmendForm(),
            "tasks": data.tasks(),
            "exists": Plan.objects.filter(key=data.key).exists(),
        },
    )


def _amend(request: HttpRequest, data: schema.Plan, action: str) -> HttpResponse:
    """Add a task or a target to the plan being imported and show it again; nothing is saved."""
    amend = PlanAmendForm(request.POST)
    form = PlanConfirmForm(request.POST)
    if amend.is_valid():
        fields = amend.cleaned_data
        try:
            if action == "add_task":
                data = add_task(
                    data,
                    title=fields["task_title"],
                    lead_units=fields["lead_units"],
                    responsible_units=fields["responsible_units"],
                    program_title=fields["program_title"],
                )
            else:
                if fields["year"] is None:
                    raise PlanEditError(_("请填写年度"))
                data = add_target(
                    data,
                    indicator=fields["indicator"],
                    year=fields["year"],
                    value=fields["value"],
                    unit=fields["indicator_unit"],
                )
        except PlanEditError as exc:
            amend.add_error(None, str(exc))
        else:
            form = PlanConfirmForm(initial={"plan_yaml": dumps_plan(data)})
            amend = PlanAmendForm()
    return _preview(request, data, form, amend)


@require_http_methods(["GET", "POST"])
def plan_import(request: HttpRequest) -> HttpResponse:
    """Upload a plan document; show what was read and the findings. Nothing is written here."""
    roles.require_office(request.user)
    form = PlanDocumentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["document"]
        suffix = "." + upload.name.rsplit(".", 1)[-1].lower()
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / f"{Path(upload.name).stem[:80] or 'plan'}{suffix}"
            with path.open("wb") as f:
                for chunk in upload.chunks():
                    f.write(chunk)
            try:
                data = parse_file(path)
            except ParseError as exc:
                form.add_error("document", exc.reason)  # not the server's temporary path
            else:
                confirm = PlanConfirmForm(initial={"plan_yaml": dumps_plan(data)})
                return _preview(request, data, confirm)
    return render(request, "plans/plan_import.html", {"form": form})


@require_POST
def plan_import_confirm(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Load the (possibly corrected) plan as a new plan, or show every problem and write nothing."""
    roles.require_office(request.user)
    form = PlanConfirmForm(request.POST)
    if not form.is_valid():
        return render(request, "plans/plan_import.html", {"form": PlanDocumentForm()})
    try:
        data = loads_plan(form.cleaned_data["plan_yaml"])
    except PlanFileError as exc:
        for problem in exc.problems:
            form.add_error("plan_yaml", problem)
        return render(request, "plans/plan_import_preview.html", {"data": None, "form": form})
    action = request.POST.get("action", "")
    if action in ("add_task", "add_target"):
        return _amend(request, data, action)
    if Plan.objects.filter(key=data.key).exists():
        form.add_error("plan_yaml", _(PLAN_IMPORT_EXISTS).format(key=data.key))
        return _preview(request, data, form)
    try:
        result = plan_load(data=data, by=request.user)
    except PlanLoadError as exc:
        for problem in exc.problems:
            form.add_error("plan_yaml", problem)
        return _preview(request, data, form)
    county = tenancy.home_county(request.user)
    if county is not None:
        Plan.objects.filter(pk=result.plan.pk).update(county=county)
    messages.success(request, _("已载入新方案：%(title)s") % {"title": result.plan.title})
    return redirect(result.plan)


@require_POST
def plan_scoring(request: AuthenticatedHttpRequest, plan_key: str) -> HttpResponse:
    """The office sets the plan's ranking weights; back to the ranking page."""
    plan = _get_plan(request, plan_key)
    roles.require_office(request.user)
    form = ScoringForm(request.POST)
    target = reverse("monitor:ranking", args=[plan.key])
    if not form.is_valid():
        for field, errors in form.errors.items():
            label = form.fields[field].label if field in form.fields else ""
            for error in errors:
                messages.error(request, f"{label}：{error}" if label else str(error))
        messages.error(request, _("权重未修改。"))
        return redirect(target)
    names = {name: str(field.label) for name, field in form.fields.items()}
    try:
        plan_scoring_save(plan=plan, weights=form.cleaned_data, names=names, by=request.user)
    except ScoringError as exc:
        for error in exc.errors.values():
            messages.error(request, error)
        messages.error(request, _("权重未修改。"))
    else:
        messages.success(request, _("考核排名权重已保存。"))
    return redirect(target)
