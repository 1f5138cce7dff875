"""Reporting pages: rounds, data entry, review, values with their history, evidence, tasks.

Shape of every view: access helper → form → one service call → redirect or render. Who may do
what is decided in `access.py`; the workflow rules in `innocounty.core.workflow`.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from innocounty.core import periods, workflow
from innocounty.core.workflow import Action
from innocounty.plans import roles
from innocounty.plans.models import Task
from innocounty.reporting import access, exporters, selectors, services
from innocounty.reporting.excel.formats import plain
from innocounty.reporting.forms import (
    EvidenceForm,
    ReasonForm,
    RoundForm,
    TaskReportForm,
    ValueForm,
)
from innocounty.reporting.models import Round, TaskReport, Value
from innocounty.types import AnyUser, AuthenticatedHttpRequest


def _on_behalf(request: HttpRequest) -> bool:
    """The office's explicit 代填/代报 path: `on_behalf=1` in the query or the form. Honoured
    for the office only (access.may_enter_for); for anyone else it grants nothing."""
    return (request.POST.get("on_behalf") or request.GET.get("on_behalf")) == "1" and (
        roles.is_office(request.user)
    )


def _errors_text(exc: services.ReportingError) -> list[str]:
    return [m for messages_ in exc.errors.values() for m in messages_]


# --- rounds ---------------------------------------------------------------------------------


@require_GET
def todo(request: AuthenticatedHttpRequest) -> HttpResponse:
    """A reporter's home: the open rounds of its units, with what each unit still owes."""
    items = []
    for round_, units in selectors.open_rounds_for(user=request.user):
        status = selectors.round_status(round_=round_)
        rows = {row.unit.pk: row for row in status.rows}
        for unit in units:
            items.append((round_, unit, rows.get(unit.pk)))
    return render(request, "reporting/todo.html", {"items": items})


@require_GET
def round_list(request: HttpRequest) -> HttpResponse:
    rounds = access.scoped(
        request.user, Round.objects.select_related("plan").order_by("plan", "-deadline")
    )
    plans = list(access.plans_visible_to(request.user))
    return render(
        request,
        "reporting/round_list.html",
        {
            "rounds": rounds,
            "plans": plans,
            "form": RoundForm() if roles.is_office(request.user) else None,
        },
    )


@require_POST
def round_create(request: AuthenticatedHttpRequest, plan_key: str) -> HttpResponse:
    access.require_office(request.user)
    plan = access.get_plan_for_user(request.user, plan_key)
    form = RoundForm(request.POST)
    if form.is_valid():
        try:
            round_ = services.round_open(
                plan=plan,
                period=form.cleaned_data["period"],
                deadline=form.cleaned_data["deadline"],
                include_tasks=form.cleaned_data["include_tasks"],
                by=request.user,
            )
        except services.ReportingError as exc:
            for field, errors in exc.errors.items():
                for error in errors:
                    form.add_error(None if field == "__all__" else field, error)
        else:
            messages.success(
                request, _("已开启填报轮次：%(title)s") % {"title": round_.display_title()}
            )
            return redirect(round_)
    rounds = access.scoped(
        request.user, Round.objects.select_related("plan").order_by("plan", "-deadline")
    )
    return render(
        request,
        "reporting/round_list.html",
        {"rounds": rounds, "plans": [plan], "form": form},
    )


@require_GET
def round_detail(request: HttpRequest, round_id: int) -> HttpResponse:
    round_ = access._get_round_for_user(request.user, round_id)
    status = selectors.round_status_for(round_=round_, user=request.user)
    waiting = selectors.review_queue(round_=round_) if roles.is_office(request.user) else ([], [])
    return render(
        request,
        "reporting/round_detail.html",
        {
            "round": round_,
            "status": status,
            "waiting": len(waiting[0]) + len(waiting[1]),
            "can_review": roles.is_office(request.user),
            "can_see_all": access.can_read_all(request.user),
        },
    )


@require_POST
def round_close(request: AuthenticatedHttpRequest, round_id: int) -> HttpResponse:
    round_ = access._get_round_for_user(request.user, round_id)
    services.round_close(round_=round_, by=request.user)
    messages.success(request, _("填报轮次已结束。"))
    return redirect(round_)


@require_GET
def round_chase_export(request: HttpRequest, round_id: int) -> HttpResponse:
    round_ = access._get_round_for_user(request.user, round_id)
    if not access.can_read_all(request.user):
        raise PermissionDenied
    exporter = exporters.ChaseListExporter(
        selectors.round_status(round_=round_), office=exporters.office_name(round_.plan)
    )
    return exporters.xlsx_response(exporter, f"催办清单-{round_.period}.xlsx")


@require_GET
def round_review(request: HttpRequest, round_id: int) -> HttpResponse:
    round_ = access._get_round_for_user(request.user, round_id)
    access.require_office(request.user)
    groups = selectors.review_groups(round_=round_)
    return render(
        request,
        "reporting/review.html",
        {
            "round": round_,
            "groups": groups,
            "value_count": sum(len(g.rows) for g in groups),
            "report_count": sum(len(g.reports) for g in groups),
            "reason_form": ReasonForm(),
        },
    )


@require_POST
def round_review_unit_approve(
    request: AuthenticatedHttpRequest, round_id: int, unit_id: int
) -> HttpResponse:
    """Approve everything a unit submitted in the round at once."""
    round_ = access._get_round_for_user(request.user, round_id)
    access.require_office(request.user)
    unit = get_object_or_404(round_.plan.units, pk=unit_id)
    values, reports = services.round_unit_approve(round_=round_, unit=unit, by=request.user)
    messages.success(
        request,
        _("已通过%(unit)s的 %(values)s 项指标数据和 %(reports)s 项任务进展。")
        % {"unit": unit.name, "values": values, "reports": reports},
    )
    return redirect("reporting:round-review", round_.pk)


# --- data entry -----------------------------------------------------------------------------


def _entry_context(
    round_: Round,
    unit: Any,
    editable: bool,
    forms_: dict | None = None,
    *,
    user: AnyUser,
    on_behalf: bool = False,
) -> dict:
    rows = selectors.unit_entries(round_=round_, unit=unit, user=user)
    marks = selectors.behalf_marks(
        model=Value, pks=[row.value.pk for row in rows if row.value is not None]
    )
    entries = []
    for row in rows:
        form = (forms_ or {}).get(row.indicator.code)
        if form is None:
            initial = {}
            if row.value is not None:
                v = row.value
                initial = {
                    "value": plain(v.value),
                    "numerator": plain(v.numerator),
                    "denominator": plain(v.denominator),
                    "source": v.source,
                    "caliber": v.caliber,
                    "is_final": "1" if v.is_final else "0",
                    "note": v.note,
                    "explanation": v.explanation,
                    "revision": v.revision,
                }
                if v.numerator is not None and v.denominator is not None:
                    # Computed from its parts: the parts are what the reporter typed.
                    initial["value"] = ""
            form = ValueForm(prefix=row.indicator.code, initial=initial)
        state = row.value.state if row.value is not None else None
        row_editable = editable and workflow.is_editable(state, round_open=round_.is_open())
        computed = ""
        v = row.value
        if v is not None and v.numerator is not None and v.denominator is not None:
            computed = row.indicator.format_value(v.value)
        behalf = marks.get(row.value.pk) if row.value is not None else None
        entries.append(
            {
                "row": row,
                "form": form,
                "editable": row_editable,
                "computed": computed,
                "behalf": behalf,
            }
        )
    tasks = selectors.unit_task_entries(round_=round_, unit=unit, user=user)
    task_marks = selectors.behalf_marks(
        model=TaskReport, pks=[t.report.pk for t in tasks if t.report is not None]
    )
    for t in tasks:
        t.behalf = task_marks.get(t.report.pk) if t.report is not None else None
    return {
        "on_behalf": on_behalf and editable,
        "round": round_,
        "unit": unit,
        "entries": entries,
        "tasks": tasks,
        "editable": editable and (round_.is_open() or any(e["editable"] for e in entries)),
        "any_editable": any(e["editable"] for e in entries),
    }


@require_GET
def round_unit(request: HttpRequest, round_id: int, unit_id: int) -> HttpResponse:
    round_ = access._get_round_for_user(request.user, round_id)
    on_behalf = _on_behalf(request)
    unit, editable = access._get_unit_in_round(request.user, round_, unit_id, on_behalf=on_behalf)
    return render(
        request,
        "reporting/entry.html",
        _entry_context(round_, unit, editable, user=request.user, on_behalf=on_behalf),
    )


@require_POST
def round_unit_save(request: AuthenticatedHttpRequest, round_id: int, unit_id: int) -> HttpResponse:
    """Save every changed row of the unit's page, all or nothing."""
    round_ = access._get_round_for_user(request.user, round_id)
    on_behalf = _on_behalf(request)
    unit, editable = access._get_unit_in_round(request.user, round_, unit_id, on_behalf=on_behalf)
    if not editable:
        raise PermissionDenied
    forms_ = {
        row.indicator.code: ValueForm(request.POST, prefix=row.indicator.code)
        for row in selectors.unit_entries(round_=round_, unit=unit)
    }
    results = _save_changed(round_, unit, forms_, by=request.user, on_behalf=on_behalf)
    if results is None:
        messages.error(request, _("有错误，本次未保存任何数据。请按提示修改后重新保存。"))
        context = _entry_context(
            round_, unit, editable, forms_, user=request.user, on_behalf=on_behalf
        )
        return render(request, "reporting/entry.html", context)
    saved = sum(bool(r.changes) or r.created for r in results if r is not None)
    messages.success(request, _("已保存 %(count)s 项。") % {"count": saved})
    return _to_unit(round_, unit, on_behalf)


def _save_changed(
    round_: Round, unit: Any, forms_: dict[str, ValueForm], *, by: Any, on_behalf: bool
) -> list[services.SaveResult | None] | None:
    """Save the page's changed rows through the batch service; None when anything failed
    (the errors are then on the forms and nothing is written)."""
    changed = _changed_entries(round_, unit, forms_)
    invalid = any(not form.is_valid() for form in forms_.values())
    # An invalid form keeps the valid rows from being written, but their problems show too.
    with transaction.atomic():
        try:
            results = services.round_unit_values_save(
                round_=round_,
                unit=unit,
                entries=[entry for _form, entry in changed],
                by=by,
                on_behalf=on_behalf,
            )
        except services.BatchError as exc:
            for index, errors in exc.problems.items():
                _add_errors(changed[index][0], errors)
            results = None
        if invalid or results is None:
            transaction.set_rollback(True)
    return None if invalid else results


def _changed_entries(
    round_: Round, unit: Any, forms_: dict[str, ValueForm]
) -> list[tuple[ValueForm, services.ValueEntry]]:
    """The valid, changed forms of rows that may still be edited, with their batch entries."""
    changed = []
    for row in selectors.unit_entries(round_=round_, unit=unit):
        form = forms_[row.indicator.code]
        if not form.is_valid() or not form.has_changed():
            continue
        # A closed round's new rows go to the service, which refuses them with its message.
        state = row.value.state if row.value is not None else None
        if not workflow.is_editable(state, round_open=True):
            continue
        data = form.cleaned_data
        entry = services.ValueEntry(row.indicator, data, row.value, data.get("revision"))
        changed.append((form, entry))
    return changed


def _add_errors(form: Any, errors: dict[str, list[str]]) -> None:
    for field, messages_ in errors.items():
        for message in messages_:
            form.add_error(field if field in form.fields else None, message)


@require_POST
def round_unit_submit(
    request: AuthenticatedHttpRequest, round_id: int, unit_id: int
) -> HttpResponse:
    """Submit every saved draft of the unit in the round, all or nothing."""
    round_ = access._get_round_for_user(request.user, round_id)
    on_behalf = _on_behalf(request)
    unit, editable = access._get_unit_in_round(request.user, round_, unit_id, on_behalf=on_behalf)
    if not editable:
        raise PermissionDenied
    problems = []
    count = 0
    with transaction.atomic():
        for row in selectors.unit_entries(round_=round_, unit=unit):
            value = row.value
            if value is None or not workflow.is_editable(value.state, round_open=False):
                continue
            try:
                services.value_submit(value=value, by=request.user, on_behalf=on_behalf)
                count += 1
            except services.ReportingError as exc:
                problems += [f"{row.indicator.name}：{m}" for m in _errors_text(exc)]
        if problems:
            transaction.set_rollback(True)
    if problems:
        for problem in problems:
            messages.error(request, problem)
        messages.error(request, _("未报送任何数据。"))
    elif count:
        messages.success(request, _("已报送 %(count)s 项，等待办公室审核。") % {"count": count})
    else:
        messages.info(request, _("没有需要报送的数据。"))
    return _to_unit(round_, unit, on_behalf)


def _to_task(round_: Round, unit: Any, task: Task, on_behalf: bool) -> HttpResponse:
    response = redirect("reporting:task-report-edit", round_.pk, unit.pk, task.number)
    if on_behalf:
        response["Location"] += "?on_behalf=1"
    return response


def _to_unit(round_: Round, unit: Any, on_behalf: bool) -> HttpResponse:
    response = redirect("reporting:round-unit", round_.pk, unit.pk)
    if on_behalf:
        response["Location"] += "?on_behalf=1"
    return response


# --- values ---------------------------------------------------------------------------------


@require_GET
def value_detail(request: HttpRequest, value_id: int) -> HttpResponse:
    value, editable = access._get_value_for_user(request.user, value_id)
    versions = selectors.value_versions(value=value, user=request.user)
    latest = versions[0]
    history = selectors.item_history(model=Value, pks=[v.pk for v in versions])
    return render(
        request,
        "reporting/value_detail.html",
        {
            "value": value,
            "latest": latest,
            "versions": versions,
            "history": history,
            "evidence": list(latest.evidence.all()),
            "allowed": _actions_for(request.user, latest.state, editable),
            "editable": editable,
            "reason_form": ReasonForm(),
            "evidence_form": EvidenceForm(),
            "counting": next((v for v in versions if v.state == "approved"), None),
        },
    )


def _value_action(request: AuthenticatedHttpRequest, value_id: int, action: Action) -> HttpResponse:
    if action in (Action.APPROVE, Action.RETURN):
        value = access._get_reviewable_value(request.user, value_id)
    elif action == Action.CORRECT and roles.is_office(request.user):
        value = access._get_reviewable_value(request.user, value_id)
    else:
        value = access._get_editable_value(request.user, value_id)
    reason = request.POST.get("reason", "")
    try:
        if action == Action.SUBMIT:
            result = services.value_submit(value=value, by=request.user)
        elif action == Action.APPROVE:
            result = services.value_approve(value=value, by=request.user)
        elif action == Action.RETURN:
            result = services.value_return(value=value, by=request.user, reason=reason)
        else:
            result = services.value_correct(value=value, by=request.user, reason=reason)
    except services.ReportingError as exc:
        for message in _errors_text(exc):
            messages.error(request, message)
        result = value
    else:
        messages.success(
            request, _("操作成功：%(action)s") % {"action": _(workflow.ACTION_LABELS[action])}
        )
    target = request.POST.get("next")
    if target and target.startswith("/") and not target.startswith("//"):
        return redirect(target)
    return redirect(result)


@require_POST
def value_submit(request: AuthenticatedHttpRequest, value_id: int) -> HttpResponse:
    return _value_action(request, value_id, Action.SUBMIT)


@require_POST
def value_approve(request: AuthenticatedHttpRequest, value_id: int) -> HttpResponse:
    return _value_action(request, value_id, Action.APPROVE)


@require_POST
def value_return(request: AuthenticatedHttpRequest, value_id: int) -> HttpResponse:
    return _value_action(request, value_id, Action.RETURN)


@require_POST
def value_correct(request: AuthenticatedHttpRequest, value_id: int) -> HttpResponse:
    return _value_action(request, value_id, Action.CORRECT)


@require_POST
def value_evidence(request: AuthenticatedHttpRequest, value_id: int) -> HttpResponse:
    value = access._get_editable_value(request.user, value_id)
    form = EvidenceForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("请选择要上传的文件。"))
        return redirect(value)
    try:
        services.evidence_add(upload=form.cleaned_data["file"], by=request.user, value=value)
    except services.ReportingError as exc:
        for message in _errors_text(exc):
            messages.error(request, message)
    else:
        messages.success(request, _("佐证材料已上传。"))
    return redirect(value)


@require_GET
def evidence_download(request: HttpRequest, evidence_id: int) -> HttpResponse:
    evidence = access._get_evidence_for_user(request.user, evidence_id)
    response = FileResponse(
        evidence.file.open("rb"),
        as_attachment=True,
        filename=evidence.name,
        content_type=evidence.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


# --- task reports ---------------------------------------------------------------------------


def _task_context(
    user: AnyUser, round_: Round, unit: Any, task: Task, form: TaskReportForm | None, editable: bool
) -> dict[str, Any]:
    report = (
        access.task_reports_visible_to(
            user, TaskReport.objects.filter(round=round_, task=task, unit=unit)
        )
        .order_by("-version")
        .first()
    )
    if form is None:
        initial = {}
        if report is not None:
            initial = {name: getattr(report, name) for name in services.TASK_FIELDS}
            initial["revision"] = report.revision
        form = TaskReportForm(initial=initial)
    others = (
        access.task_reports_visible_to(user, TaskReport.objects.filter(round=round_, task=task))
        .exclude(unit=unit)
        .select_related("unit")
        .order_by("role", "unit__position", "-version")
    )
    state = report.state if report is not None else None
    can_edit = editable and workflow.is_editable(state, round_open=round_.is_open())
    return {
        "round": round_,
        "unit": unit,
        "task": task,
        "report": report,
        "form": form,
        "others": list(selectors.latest_by_key(list(others), lambda r: r.unit_id).values()),
        "editable": can_edit,
        "allowed": _task_actions(user, report, editable),
        "evidence": list(report.evidence.all()) if report is not None else [],
        "evidence_form": EvidenceForm(),
        "history": selectors.item_history(
            model=TaskReport, pks=selectors.task_report_version_pks(report=report, user=user)
        ),
        # The year's milestones (任务分解) the report is made against; a missed one makes the
        # task 滞后 on its own (`core.milestones`). Read through the task's reverse relation:
        # supervision builds on reporting, not the other way round.
        "milestones": [
            (m, m.is_missed())
            for m in task.milestones.filter(
                year=periods.parse_period(round_.period).year
            ).select_related("unit")
        ],
    }


def _actions_for(user: AnyUser, state: str, editable: bool) -> list[str]:
    """Buttons to show: a unit's reporter submits or corrects, the office reviews."""
    actions: list[workflow.Action] = []
    if editable:
        actions += workflow.allowed(state, workflow.Actor.REPORTER)
    if roles.is_office(user):
        actions += workflow.allowed(state, workflow.Actor.OFFICE)
    return [a.value for a in dict.fromkeys(actions) if a != Action.SAVE]


def _task_actions(user: AnyUser, report: TaskReport | None, editable: bool) -> list[str]:
    return _actions_for(user, report.state, editable) if report is not None else []


def _get_task_of_unit(round_: Round, unit: Any, number: int) -> Task:
    """The plan's task `number`, which the unit must lead or take part in (else 403)."""
    task = get_object_or_404(Task, plan=round_.plan, number=number)
    if services.task_role(task, unit) is None:
        raise PermissionDenied
    return task


@require_GET
def task_report_edit(
    request: HttpRequest, round_id: int, unit_id: int, number: int
) -> HttpResponse:
    round_ = access._get_round_for_user(request.user, round_id)
    on_behalf = _on_behalf(request)
    unit, editable = access._get_unit_in_round(request.user, round_, unit_id, on_behalf=on_behalf)
    task = _get_task_of_unit(round_, unit, number)
    context = _task_context(request.user, round_, unit, task, None, editable)
    context["on_behalf"] = on_behalf and editable
    return render(request, "reporting/task_report.html", context)


@require_POST
def task_report_save(
    request: AuthenticatedHttpRequest, round_id: int, unit_id: int, number: int
) -> HttpResponse:
    round_ = access._get_round_for_user(request.user, round_id)
    on_behalf = _on_behalf(request)
    unit, editable = access._get_unit_in_round(request.user, round_, unit_id, on_behalf=on_behalf)
    if not editable:
        raise PermissionDenied
    task = _get_task_of_unit(round_, unit, number)
    form = TaskReportForm(request.POST)
    if form.is_valid():
        try:
            report = services.task_report_save(
                round_=round_,
                task=task,
                unit=unit,
                data=form.cleaned_data,
                by=request.user,
                revision=form.cleaned_data.get("revision"),
                on_behalf=on_behalf,
            )
            if request.POST.get("submit"):
                services.task_report_transition(
                    report=report, action=Action.SUBMIT, by=request.user, on_behalf=on_behalf
                )
        except services.ReportingError as exc:
            _add_errors(form, exc.errors)
        else:
            submitted = bool(request.POST.get("submit"))
            messages.success(request, _("任务进展已报送。") if submitted else _("任务进展已保存。"))
            return _to_task(round_, unit, task, on_behalf)
    context = _task_context(request.user, round_, unit, task, form, editable)
    context["on_behalf"] = on_behalf and editable
    return render(request, "reporting/task_report.html", context)


@require_GET
def task_report_detail(request: HttpRequest, report_id: int) -> HttpResponse:
    report, _editable = access._get_task_report_for_user(request.user, report_id)
    return redirect(
        "reporting:task-report-edit", report.round_id, report.unit_id, report.task.number
    )


@require_POST
def task_report_action(
    request: AuthenticatedHttpRequest, report_id: int, action: str
) -> HttpResponse:
    report, _editable = access._get_task_report_for_change(request.user, report_id)
    try:
        action_ = Action(action)
    except ValueError:
        raise PermissionDenied from None
    if action_ == Action.SAVE:
        raise PermissionDenied
    try:
        services.task_report_transition(
            report=report,
            action=action_,
            by=request.user,
            reason=request.POST.get("reason", ""),
            on_behalf=action_ == Action.SUBMIT and _on_behalf(request),
        )
    except services.ReportingError as exc:
        for message in _errors_text(exc):
            messages.error(request, message)
    else:
        messages.success(
            request, _("操作成功：%(action)s") % {"action": _(workflow.ACTION_LABELS[action_])}
        )
    target = request.POST.get("next")
    if target and target.startswith("/") and not target.startswith("//"):
        return redirect(target)
    return redirect(
        "reporting:task-report-edit", report.round_id, report.unit_id, report.task.number
    )


@require_POST
def task_report_evidence(request: AuthenticatedHttpRequest, report_id: int) -> HttpResponse:
    report, editable = access._get_task_report_for_change(request.user, report_id)
    if not editable:
        raise PermissionDenied
    form = EvidenceForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("请选择要上传的文件。"))
    else:
        try:
            services.evidence_add(
                upload=form.cleaned_data["file"], by=request.user, task_report=report
            )
        except services.ReportingError as exc:
            for message in _errors_text(exc):
                messages.error(request, message)
        else:
            messages.success(request, _("佐证材料已上传。"))
    return redirect(
        "reporting:task-report-edit", report.round_id, report.unit_id, report.task.number
    )
