"""Self-evaluation report writes: create (snapshot and generated text), edit the text, issue.
Each one is audited (`acceptance.report.created` / `edited` / `issued`)."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_noop

from innocounty.acceptance.models import SelfEvaluation
from innocounty.acceptance.selectors import (
    SECTIONS,
    acceptance_snapshot,
    default_paragraphs,
    report_title,
)
from innocounty.bulletins import drafting
from innocounty.plans.models import Plan
from innocounty.types import User

REPORT_ISSUED_READ_ONLY = gettext_noop("自评报告已印发，不能再修改。")
REPORT_CHANGED = gettext_noop("自评报告已被他人修改，请刷新后再编辑。")


@transaction.atomic
def self_evaluation_create(
    *, plan: Plan, by: User | None = None, now: dt.datetime | None = None
) -> SelfEvaluation:
    """Freeze the approved data of `plan` as of its final year into a new draft report."""
    now = (now or timezone.now()).replace(microsecond=0)
    snapshot = acceptance_snapshot(plan=plan, now=now)
    report = SelfEvaluation(
        plan=plan,
        title=report_title(plan),
        created=now,
        created_by=drafting.person(by),
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
    *, report: SelfEvaluation, by: User, data: dict[str, str], revision: int | None = None
) -> SelfEvaluation:
    """Change the title or section texts of a draft; logs old → new of what changed."""
    report = drafting.draft_lock(
        report, issued=REPORT_ISSUED_READ_ONLY, changed=REPORT_CHANGED, revision=revision
    )
    changes: dict[str, list[str]] = {}
    if "title" in data and data["title"].strip() and data["title"].strip() != report.title:
        changes["title"] = [report.title, data["title"].strip()]
        report.title = data["title"].strip()
    drafting.paragraphs_apply(report, sections=SECTIONS, data=data, changes=changes)
    return drafting.draft_save(
        report, by=by, action="acceptance.report.edited", changes=changes, fields=["title"]
    )


@transaction.atomic
def self_evaluation_issue(
    *, report: SelfEvaluation, by: User, now: dt.datetime | None = None
) -> SelfEvaluation:
    """Issue a draft: from now on it is read-only and kept as it is."""
    return drafting.document_issue(
        report,
        by=by,
        now=now,
        action="acceptance.report.issued",
        logged="title",
        issued=REPORT_ISSUED_READ_ONLY,
    )
