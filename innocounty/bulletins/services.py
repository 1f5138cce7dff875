"""Bulletin writes: create (snapshot and generated text), edit the text, issue. Each one is
audited (`bulletins.bulletin.created` / `edited` / `issued`)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext, gettext_noop

from innocounty.bulletins.models import Bulletin
from innocounty.bulletins.selectors import (
    SECTIONS,
    bulletin_snapshot,
    bulletin_title,
    default_paragraphs,
)
from innocounty.core import periods
from innocounty.plans.models import Plan

BULLETIN_ISSUED_READ_ONLY = gettext_noop("通报已印发，不能再修改。")


def default_doc_number(*, plan: Plan, year: int) -> str:
    """``潜创新办〔2025〕3号``: the region's first character, the year, the next number."""
    prefix = (plan.region or plan.title)[:1]
    n = Bulletin.objects.filter(plan=plan, created__year=year).count() + 1
    return f"{prefix}创新办〔{year}〕{n}号"


@transaction.atomic
def bulletin_create(
    *, plan: Plan, period: str, by: Any = None, now: dt.datetime | None = None
) -> Bulletin:
    """Freeze the approved data of `plan` as of `period` into a new draft bulletin."""
    period = periods.parse_period(period).ident
    now = (now or timezone.now()).replace(microsecond=0)
    snapshot = bulletin_snapshot(plan=plan, period=period, now=now)
    bulletin = Bulletin(
        plan=plan,
        period=period,
        title=bulletin_title(plan, period),
        doc_number=default_doc_number(plan=plan, year=timezone.localtime(now).year),
        created=now,
        created_by=by if by is not None and by.is_authenticated else None,
        snapshot=snapshot,
        paragraphs=default_paragraphs(snapshot),
    )
    bulletin.full_clean()
    bulletin.save()
    bulletin.log_action(
        "bulletins.bulletin.created", user=by, data={"period": period, "title": bulletin.title}
    )
    return bulletin


@transaction.atomic
def bulletin_edit(
    *, bulletin: Bulletin, by: Any, data: dict[str, str], revision: int | None = None
) -> Bulletin:
    """Change the title, 文号 or section texts of a draft; logs old → new of what changed."""
    bulletin = Bulletin.objects.select_for_update().get(pk=bulletin.pk)
    if bulletin.is_issued():
        raise ValidationError(gettext(BULLETIN_ISSUED_READ_ONLY))
    if revision is not None and revision != bulletin.revision:
        raise ValidationError(gettext("通报已被他人修改，请刷新后再编辑。"))
    changes: dict[str, list[str]] = {}
    for field in ("title", "doc_number"):
        if field in data and data[field] != getattr(bulletin, field):
            changes[field] = [getattr(bulletin, field), data[field]]
            setattr(bulletin, field, data[field])
    paragraphs = dict(bulletin.paragraphs)
    for key, _head in SECTIONS:
        if key in data:
            text = data[key].replace("\r\n", "\n").strip()
            if text != paragraphs.get(key, ""):
                changes[key] = [paragraphs.get(key, ""), text]
                paragraphs[key] = text
    if not changes:
        return bulletin
    bulletin.paragraphs = paragraphs
    bulletin.revision += 1
    bulletin.full_clean()
    bulletin.save(update_fields=["title", "doc_number", "paragraphs", "revision"])
    bulletin.log_action("bulletins.bulletin.edited", user=by, data={"changes": changes})
    return bulletin


@transaction.atomic
def bulletin_issue(*, bulletin: Bulletin, by: Any, now: dt.datetime | None = None) -> Bulletin:
    """Issue a draft: from now on it is read-only."""
    bulletin = Bulletin.objects.select_for_update().get(pk=bulletin.pk)
    if bulletin.is_issued():
        raise ValidationError(gettext(BULLETIN_ISSUED_READ_ONLY))
    bulletin.status = Bulletin.Status.ISSUED
    bulletin.issued_at = now or timezone.now()
    bulletin.issued_by = by if by is not None and by.is_authenticated else None
    bulletin.save(update_fields=["status", "issued_at", "issued_by"])
    bulletin.log_action(
        "bulletins.bulletin.issued", user=by, data={"doc_number": bulletin.doc_number}
    )
    return bulletin
