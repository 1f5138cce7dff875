"""Acceptance pages: readiness (验收准备), the final assessment (终期评估) and the
self-evaluation reports (自评报告) with their Word document and evidence bundle.

Who: the office (and admin) and leaders read everything; only the office creates, edits and
issues reports; reporters get 403 everywhere. An issued report is read-only (403 on edit or
issue). Views stay thin: the data comes from `selectors.acceptance_snapshot`.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from innocounty.acceptance import selectors, services
from innocounty.acceptance.bundle import bundle_zip
from innocounty.acceptance.document import report_docx
from innocounty.acceptance.forms import SECTION_LABELS, SelfEvaluationEditForm
from innocounty.acceptance.models import SelfEvaluation
from innocounty.monitor import selectors as monitor
from innocounty.plans import roles
from innocounty.reporting import access
from innocounty.reporting.exporters import DOCX_TYPE, file_response
from innocounty.supervision import selectors as supervision_selectors
from innocounty.types import AnyUser, AuthenticatedHttpRequest


def _get_report_for_user(user: AnyUser, report_id: int) -> tuple[SelfEvaluation, bool]:
    """The report and whether the user may change it (office, draft); 403 for reporters."""
    return access.get_draft_for_user(user, SelfEvaluation.objects.select_related("plan"), report_id)


def _get_editable_report(user: AnyUser, report_id: int) -> SelfEvaluation:
    return access.get_rw_draft_for_user(
        user, SelfEvaluation.objects.select_related("plan"), report_id
    )


def readiness_labels() -> dict[str, str]:
    return {key: _(label) for key, label in selectors.READINESS_LABELS.items()}


def state_labels() -> dict[str, str]:
    return {"": _("尚未填报")} | {k: _(label) for k, label in selectors.STATE_LABELS.items()}


def _annotate(snapshot: dict[str, Any]) -> dict[str, Any]:
    """Labels in the reader's language beside the snapshot's keys (the snapshot stays Chinese)."""
    labels, states = readiness_labels(), state_labels()
    tasks = {str(k): v for k, v in monitor.task_status_labels().items()}
    for i in snapshot["indicators"]:
        i["readiness_text"] = labels[i["readiness"]]
        i["pending_text"] = [
            (_("基期值") if y == snapshot["plan"]["base_year"] else str(y), states[state])
            for y, state in i["pending_items"]
        ]
    for program in snapshot["programs"]:
        for t in program["tasks"]:
            t["label_text"] = tasks[t["status"]]
    snapshot["task_counts_text"] = [(tasks[k], n) for k, _label, n in snapshot["task_counts"]]
    return snapshot


@require_GET
def readiness(request: HttpRequest, plan_key: str) -> HttpResponse:
    """From the plan's last year on, or earlier with ``?now=1``."""
    plan = access.get_plan_for_user(request.user, plan_key)
    access.require_reader(request.user)
    today = timezone.localdate()
    early = today.year < plan.end_year and request.GET.get("now") != "1"
    snapshot = None if early else _annotate(selectors.acceptance_snapshot(plan=plan))
    return render(
        request,
        "acceptance/readiness.html",
        {
            "plan": plan,
            "early": early,
            "s": snapshot,
            # Open supervision items are missing pieces too: each must be closed (销号) first.
            "items": None
            if early
            else supervision_selectors.counts(plan=plan, today=today, user=request.user),
            "reports": plan.self_evaluations.defer("snapshot", "paragraphs"),
            "can_create": roles.is_office(request.user),
        },
    )


@require_GET
def final_assessment(request: HttpRequest, plan_key: str) -> HttpResponse:
    """Every indicator's final value against 考核值 and 完成值, every task's final state."""
    plan = access.get_plan_for_user(request.user, plan_key)
    access.require_reader(request.user)
    snapshot = _annotate(selectors.acceptance_snapshot(plan=plan))
    return render(
        request,
        "acceptance/final.html",
        {
            "plan": plan,
            "s": snapshot,
        },
    )


@require_POST
def report_create(request: AuthenticatedHttpRequest, plan_key: str) -> HttpResponse:
    plan = access.get_plan_for_user(request.user, plan_key)
    access.require_office(request.user)
    report = services.self_evaluation_create(plan=plan, by=request.user)
    messages.success(request, _("已生成自评报告草稿，可修改正文后印发。"))
    return redirect(report)


@require_GET
def report_detail(request: HttpRequest, report_id: int) -> HttpResponse:
    report, editable = _get_report_for_user(request.user, report_id)
    sections = [
        (str(SECTION_LABELS[key]), [p for p in report.paragraphs.get(key, "").splitlines() if p])
        for key, _head in selectors.SECTIONS
    ]
    return render(
        request,
        "acceptance/report_detail.html",
        {
            "report": report,
            "editable": editable,
            "form": SelfEvaluationEditForm.for_report(report) if editable else None,
            "sections": sections,
        },
    )


@require_POST
def report_edit(request: AuthenticatedHttpRequest, report_id: int) -> HttpResponse:
    report = _get_editable_report(request.user, report_id)
    form = SelfEvaluationEditForm.for_report(report, request.POST)
    if form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "revision"}
        try:
            services.self_evaluation_edit(
                report=report, by=request.user, data=data, revision=form.cleaned_data["revision"]
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("自评报告正文已保存。"))
    else:
        messages.error(request, _("请检查标题。"))
    return redirect(report)


@require_POST
def report_issue(request: AuthenticatedHttpRequest, report_id: int) -> HttpResponse:
    report = _get_editable_report(request.user, report_id)
    services.self_evaluation_issue(report=report, by=request.user)
    messages.success(request, _("自评报告已印发，此后不能再修改。"))
    return redirect(report)


@require_GET
def report_download(request: HttpRequest, report_id: int) -> HttpResponse:
    report, _editable = _get_report_for_user(request.user, report_id)
    return file_response(report_docx(report), DOCX_TYPE, report.filename("docx"))


@require_GET
def report_bundle(request: HttpRequest, report_id: int) -> HttpResponse:
    report, _editable = _get_report_for_user(request.user, report_id)
    return file_response(bundle_zip(report), "application/zip", report.filename("zip"))
