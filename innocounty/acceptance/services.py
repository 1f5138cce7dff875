"""Self-evaluation report writes: create (snapshot and generated text), edit the text, issue.
Each one is audited (`acceptance.report.created` / `edited` / `issued`)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext, gettext_noop

from innocounty.acceptance.models import SelfEvaluation
from innocounty.acceptance.selectors import (
    SECTIONS,
    acceptance_snapshot,
    default_paragraphs,
    report_title,
)
from innocounty.plans.models import Plan

REPORT_ISSUED_READ_ONLY = gettext_noop("自评报告已印发，不能再修改。")
REPORT_CHANGED = gettext_noop("自评报告已被他人修改，请刷新后再编辑。")


@transaction.atomic
def self_evaluation_create(
    *, plan: Plan, by: Any = None, now: dt.datetime | None = None
) -> SelfEvaluation:
    """Freeze the approved data of `plan` as of its final year into a new draft report."""
    now = (now or timezone.now()).replace(microsecond=0)
    snapshot = acceptance_snapshot(plan=plan, now=now)
    report = SelfEvaluation(
        plan=plan,
        title=report_title(plan),
        created=now,
        created_by=by if by is not None and by.is_authenticated else None,
        snapshot=snapshot,
        paragraphs=default_paragraphs(snapshot),
    )
    report.full_clean()
    report.save()
    report.log_action(
        "acceptance.report.created",
        user=by,
        data={"title": report.title, "score": snapshot["score"]["total"]},
    )
    return report


@transaction.atomic
def self_evaluation_edit(
    *, report: SelfEvaluation, by: Any, data: dict[str, str], revision: int | None = None
) -> SelfEvaluation:
    """Change the title or section texts of a draft; logs old → new of what changed."""
    report = SelfEvaluation.objects.select_for_update().get(pk=report.pk)
    if report.is_issued():
        raise ValidationError(gettext(REPORT_ISSUED_READ_ONLY))
    if revision is not None and revision != report.revision:
        raise ValidationError(gettext(REPORT_CHANGED))
    changes: dict[str, list[str]] = {}
    if "title" in data and data["title"].strip() and data["title"].strip() != report.title:
        changes["title"] = [report.title, data["title"].strip()]
        report.title = data["title"].strip()
    paragraphs = dict(report.paragraphs)
    for key, _head in SECTIONS:
        if key in data:
            text = data[key].replace("\r\n", "\n").strip()
            if text != paragraphs.get(key, ""):
                changes[key] = [paragraphs.get(key, ""), text]
                paragraphs[key] = text
    if not changes:
        return report
    report.paragraphs = paragraphs
    report.revision += 1
    report.full_clean()
    report.save(update_fields=["title", "paragraphs", "revision"])
    report.log_action("acceptance.report.edited", user=by, data={"changes": changes})
    return report


@transaction.atomic
def self_evaluation_issue(
    *, report: SelfEvaluation, by: Any, now: dt.datetime | None = None
) -> SelfEvaluation:
    """Issue a draft: from now on it is read-only and kept as it is."""
    report = SelfEvaluation.objects.select_for_update().get(pk=report.pk)
    if report.is_issued():
        raise ValidationError(gettext(REPORT_ISSUED_READ_ONLY))
    report.status = SelfEvaluation.Status.ISSUED
    report.issued_at = now or timezone.now()
    report.issued_by = by if by is not None and by.is_authenticated else None
    report.save(update_fields=["status", "issued_at", "issued_by"])
    report.log_action("acceptance.report.issued", user=by, data={"title": report.title})
    return report
