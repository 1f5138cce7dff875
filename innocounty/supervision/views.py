"""Supervision pages: the ledger, items and their steps, milestones, meetings, the inbox.

Shape of every view: access helper → form → one service call → redirect or render.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from innocounty.core import supervision as wf
from innocounty.plans.models import Plan, Task, Unit
from innocounty.reporting import access
from innocounty.reporting.exporters import DOCX_TYPE, XLSX_TYPE, file_response
from innocounty.supervision import exporters, notices, selectors, services
from innocounty.supervision.forms import (
    DecisionForm,
    DoneForm,
    ItemForm,
    LedgerFilterForm,
    MeetingForm,
    MilestoneForm,
    StepForm,
    decision_list,
)
from innocounty.supervision.models import Item, ItemState, Meeting, Milestone
from innocounty.types import AuthenticatedHttpRequest

DECISION_ROWS = 3
PAGE_SIZE = 50
ACTION_NAMES = {str(a): gettext_lazy(label) for a, label in wf.ACTION_LABELS.items()}


def _errors(exc: services.SupervisionInputError) -> list[str]:
    return [m for ms in exc.errors.values() for m in ms]


def _attach(form, exc: services.SupervisionInputError) -> None:
    for name, errors in exc.errors.items():
        for error in errors:
            form.add_error(name if name in form.fields else None, error)


def _filters(request: HttpRequest, plan: Plan) -> tuple[LedgerFilterForm, selectors.LedgerFilter]:
    form = LedgerFilterForm(request.GET or None, plan=plan)
    f = selectors.LedgerFilter()
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        f = selectors.LedgerFilter(
            state=data["state"],
            unit=data["unit"].pk if data["unit"] else None,
            source=data["source"],
            overdue=data["overdue"],
        )
    return form, f


@require_GET
def ledger(request: HttpRequest, plan_key: str) -> HttpResponse:
    plan = access.get_plan_for_user(request.user, plan_key)
    form, filters = _filters(request, plan)
    today = timezone.localdate()
    items = selectors.ledger(plan=plan, user=request.user, filters=filters, today=today)
    page = Paginator(items, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "supervision/ledger.html",
        {
            "plan": plan,
            "form": form,
            "items": page.object_list,
            "page": page,
            "today": today,
            "counts": selectors.counts(plan=plan, today=today, user=request.user),
            "may_open": access.may_open_item(request.user),
            "query": query.urlencode(),
        },
    )


@require_GET
def ledger_export(request: HttpRequest, plan_key: str) -> HttpResponse:
    plan = access.get_plan_for_user(request.user, plan_key)
    _form, filters = _filters(request, plan)
    items = selectors.ledger(plan=plan, user=request.user, filters=filters).select_related(
        "indicator", "task", "meeting"
    )
    return file_response(exporters.to_xlsx(items), XLSX_TYPE, f"ledger-{plan.key}.xlsx")


@require_http_methods(["GET", "POST"])
def item_new(request: AuthenticatedHttpRequest, plan_key: str) -> HttpResponse:
    plan = access.get_plan_for_user(request.user, plan_key)
    access.require_item_opener(request.user)
    initial = selectors.item_initial(plan=plan, query=request.GET)
    form = ItemForm(request.POST or None, plan=plan, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            item = services.item_open(
                plan=plan,
                by=request.user,
                title=data["title"],
                requirement=data["requirement"],
                source=data["source"],
                lead_unit=data["lead_unit"],
                units=list(data["units"]),
                deadline=data["deadline"],
                indicator=data["indicator"] if data["source"] == Item.Source.INDICATOR else None,
                task=data["task"] if data["source"] == Item.Source.TASK else None,
                instruction=data["instruction"],
                instructed_by=data["instructed_by"],
            )
        except services.SupervisionInputError as exc:
            _attach(form, exc)
        else:
            messages.success(request, _("督办事项已交办。"))
            return redirect(item)
    return render(request, "supervision/item_form.html", {"plan": plan, "form": form})


@require_GET
def item_detail(request: HttpRequest, item_id: int) -> HttpResponse:
    item = access.get_item_for_user(request.user, Item.objects.all(), item_id)
    actor = access.supervision_actor(request.user, item)
    actions = wf.allowed(item.state, actor) if actor is not None else []
    steps = list(item.steps.select_related("by"))
    return render(
        request,
        "supervision/item_detail.html",
        {
            "item": item,
            "plan": item.plan,
            "steps": steps,
            "actions": [(a.value, ACTION_NAMES[a.value]) for a in actions],
            "form": StepForm(initial={"revision": item.revision}),
            "today": timezone.localdate(),
            "overdue": item.is_overdue(),
            "entries": item.log_entries(),
        },
    )


@require_POST
def item_action(request: AuthenticatedHttpRequest, item_id: int, action: str) -> HttpResponse:
    item = access.get_item_for_user(request.user, Item.objects.all(), item_id)
    if action not in wf.Action._value2member_map_:
        raise PermissionDenied
    form = StepForm(request.POST, request.FILES)
    if not form.is_valid():
        for error in form.errors.values():
            messages.error(request, " ".join(str(e) for e in error))
        return redirect(item)
    data = form.cleaned_data
    try:
        services.item_act(
            item=item,
            action=action,
            by=request.user,
            text=data["text"],
            due=data["due"],
            upload=data["file"],
            revision=data["revision"],
        )
    except services.SupervisionInputError as exc:
        for message in _errors(exc):
            messages.error(request, message)
    else:
        messages.success(request, _("已%(action)s。") % {"action": ACTION_NAMES[action]})
    return redirect(item)


@require_GET
def step_file(request: HttpRequest, item_id: int, step_id: int) -> FileResponse:
    item = access.get_item_for_user(request.user, Item.objects.all(), item_id)
    step = get_object_or_404(item.steps, pk=step_id)
    if not step.file:
        raise Http404
    return FileResponse(step.file.open("rb"), as_attachment=True, filename=step.file_name)


@require_GET
def item_notice(request: HttpRequest, item_id: int) -> HttpResponse:
    item = access.get_item_for_user(request.user, Item.objects.all(), item_id)
    data = notices.item_notice_docx(item, today=timezone.localdate())
    return file_response(data, DOCX_TYPE, f"notice-{item.code}.docx")


@require_GET
def chase_notice(request: HttpRequest, plan_key: str, unit_id: int) -> HttpResponse:
    plan = access.get_plan_for_user(request.user, plan_key)
    access.require_item_opener(request.user)
    unit = get_object_or_404(Unit, pk=unit_id, plan=plan)
    today = timezone.localdate()
    items = list(
        Item.objects.filter(plan=plan, lead_unit=unit, deadline__lt=today)
        .exclude(state=ItemState.CLOSED)
        .order_by("deadline")
    )
    if not items:
        messages.info(request, _("%(unit)s没有逾期未办结的督办事项。") % {"unit": unit.name})
        return redirect("supervision:ledger", plan_key=plan.key)
    data = notices.chase_notice_docx(plan=plan, unit=unit, items=items, today=today)
    return file_response(data, DOCX_TYPE, f"chase-{unit.pk}.docx")


# --- milestones -----------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def milestones(request: AuthenticatedHttpRequest, plan_key: str, number: int) -> HttpResponse:
    task = get_object_or_404(
        access.scoped(request.user, Task.objects.select_related("plan")),
        plan__key=plan_key,
        number=number,
    )
    may_set = access.may_set_milestones(request.user, task) or access.may_confirm_milestones(
        request.user
    )
    if request.method == "POST" and not may_set:
        raise PermissionDenied
    form = MilestoneForm(request.POST or None, task=task)
    if request.method == "POST" and form.is_valid():
        try:
            services.milestone_set(task=task, by=request.user, **form.cleaned_data)
        except services.SupervisionInputError as exc:
            _attach(form, exc)
        else:
            messages.success(request, _("节点已保存，待办公室确认。"))
            return redirect("supervision:milestones", plan_key=plan_key, number=number)
    today = timezone.localdate()
    rows = selectors.milestone_rows(task=task, user=request.user, today=today)
    return render(
        request,
        "supervision/milestones.html",
        {
            "task": task,
            "plan": task.plan,
            "rows": rows,
            "form": form if may_set else None,
            "may_confirm": access.may_confirm_milestones(request.user),
            "done_form": DoneForm(initial={"done_on": today}),
        },
    )


@require_POST
def milestone_confirm(request: AuthenticatedHttpRequest, milestone_id: int) -> HttpResponse:
    milestone = get_object_or_404(
        access.scoped(request.user, Milestone.objects.select_related("task__plan"), "task__plan"),
        pk=milestone_id,
    )
    try:
        services.milestone_confirm(milestone=milestone, by=request.user)
    except services.SupervisionInputError as exc:
        for message in _errors(exc):
            messages.error(request, message)
    return redirect(
        "supervision:milestones", plan_key=milestone.task.plan.key, number=milestone.task.number
    )


@require_POST
def milestone_done(request: AuthenticatedHttpRequest, milestone_id: int) -> HttpResponse:
    milestone = get_object_or_404(
        access.scoped(
            request.user, Milestone.objects.select_related("task__plan", "unit"), "task__plan"
        ),
        pk=milestone_id,
    )
    form = DoneForm(request.POST)
    try:
        services.milestone_done(
            milestone=milestone,
            by=request.user,
            done_on=form.cleaned_data["done_on"] if form.is_valid() else None,
        )
    except services.SupervisionInputError as exc:
        for message in _errors(exc):
            messages.error(request, message)
    return redirect(
        "supervision:milestones", plan_key=milestone.task.plan.key, number=milestone.task.number
    )


# --- meetings -------------------------------------------------------------------------------


@require_GET
def meeting_list(request: HttpRequest, plan_key: str) -> HttpResponse:
    plan = access.get_plan_for_user(request.user, plan_key)
    access.require_reader(request.user)
    meetings = plan.meetings.prefetch_related("units", "decisions")
    return render(
        request,
        "supervision/meeting_list.html",
        {"plan": plan, "meetings": meetings, "may_open": access.may_open_item(request.user)},
    )


@require_http_methods(["GET", "POST"])
def meeting_new(request: AuthenticatedHttpRequest, plan_key: str) -> HttpResponse:
    plan = access.get_plan_for_user(request.user, plan_key)
    access.require_item_opener(request.user)
    form = MeetingForm(request.POST or None, request.FILES or None, plan=plan)
    rows = [
        DecisionForm(request.POST or None, plan=plan, prefix=f"d{i}") for i in range(DECISION_ROWS)
    ]
    if request.method == "POST" and form.is_valid() and all(r.is_valid() for r in rows):
        decisions = decision_list(rows)
        missing = [d for d in decisions if d["lead_unit"] is None or d["deadline"] is None]
        if missing:
            form.add_error(None, _("每项议定事项都须填写牵头单位和办结时限"))
        else:
            data = form.cleaned_data
            try:
                meeting = services.meeting_record(
                    plan=plan,
                    by=request.user,
                    title=data["title"],
                    date=data["date"],
                    chair=data["chair"],
                    units=list(data["units"]),
                    minutes=data["minutes"],
                    decisions=decisions,
                )
            except services.SupervisionInputError as exc:
                _attach(form, exc)
            else:
                messages.success(request, _("协调会已记录，议定事项已交办。"))
                return redirect(meeting)
    return render(
        request, "supervision/meeting_form.html", {"plan": plan, "form": form, "rows": rows}
    )


@require_GET
def meeting_detail(request: HttpRequest, meeting_id: int) -> HttpResponse:
    meeting = get_object_or_404(
        access.scoped(request.user, Meeting.objects.select_related("plan")), pk=meeting_id
    )
    access.require_reader(request.user)
    return render(
        request,
        "supervision/meeting_detail.html",
        {
            "meeting": meeting,
            "plan": meeting.plan,
            "items": meeting.decisions.select_related("lead_unit").order_by("number"),
        },
    )


@require_GET
def meeting_minutes(request: HttpRequest, meeting_id: int) -> FileResponse:
    meeting = get_object_or_404(access.scoped(request.user, Meeting.objects.all()), pk=meeting_id)
    access.require_reader(request.user)
    if not meeting.minutes:
        raise Http404
    return FileResponse(
        meeting.minutes.open("rb"), as_attachment=True, filename=meeting.minutes_name
    )


# --- inbox ----------------------------------------------------------------------------------


@require_GET
def inbox(request: AuthenticatedHttpRequest) -> HttpResponse:
    unread_only = request.GET.get("unread") == "1"
    rows = selectors.inbox(user=request.user, unread_only=unread_only)[:200]
    return render(request, "supervision/inbox.html", {"rows": rows, "unread_only": unread_only})


@require_POST
def inbox_read(request: AuthenticatedHttpRequest) -> HttpResponse:
    ids = [int(i) for i in request.POST.getlist("id") if i.isdigit()]
    services.notifications_read(user=request.user, ids=ids or None)
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return redirect(target)
    return redirect("supervision:inbox")
