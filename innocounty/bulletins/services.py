"""Bulletin writes: create (snapshot and generated text), edit the text, issue. Each one is
audited (`bulletins.bulletin.created` / `edited` / `issued`). Each opens its transaction with
`with transaction.atomic():` rather than the decorator, so that mutation testing reaches it
(mutmut does not mutate decorated functions)."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_noop

from innocounty.bulletins import drafting
from innocounty.bulletins.models import Bulletin
from innocounty.bulletins.selectors import (
    SECTIONS,
    bulletin_snapshot,
    bulletin_title,
    default_paragraphs,
)
from innocounty.core import periods
from innocounty.plans.models import Plan
from innocounty.types import User

BULLETIN_ISSUED_READ_ONLY = gettext_noop("通报已印发，不能再修改。")
BULLETIN_CHANGED = gettext_noop("通报已被他人修改，请刷新后再编辑。")


def default_doc_number(*, plan: Plan, year: int) -> str:
    """``潜创新办〔2025〕3号``: the region's first character, the year, the next number."""
    prefix = (plan.region or plan.title)[:1]
    n = Bulletin.objects.filter(plan=plan, created__year=year).count() + 1
    return f"{prefix}创新办〔{year}〕{n}号"


def bulletin_create(
    *, plan: Plan, period: str, by: User | None = None, now: dt.datetime | None = None
) -> Bulletin:
    """Freeze the approved data of `plan` as of `period` into a new draft bulletin."""
    with transaction.atomic():
        period = periods.parse_period(period).ident
        now = (now or timezone.now()).replace(microsecond=0)
        snapshot = bulletin_snapshot(plan=plan, period=period, now=now)
        bulletin = Bulletin(
            plan=plan,
            period=period,
            title=bulletin_title(plan, period),
            doc_number=default_doc_number(plan=plan, year=timezone.localtime(now).year),
            created=now,
            created_by=drafting.person(by),
            snapshot=snapshot,
            paragraphs=default_paragraphs(snapshot),
        )
        bulletin.full_clean()
        bulletin.save()
        bulletin.log_action(
            "bulletins.bulletin.created", user=by, data={"period": period, "title": bulletin.title}
        )
        return bulletin


def bulletin_edit(
    *, bulletin: Bulletin, by: User, data: dict[str, str], revision: int | None = None
) -> Bulletin:
    """Change the title, 文号 or section texts of a draft; logs old → new of what changed."""
    with transaction.atomic():
        bulletin = drafting.draft_lock(
            bulletin, issued=BULLETIN_ISSUED_READ_ONLY, changed=BULLETIN_CHANGED, revision=revision
        )
        changes: dict[str, list[str]] = {}
        for field in ("title", "doc_number"):
            if field in data and data[field] != getattr(bulletin, field):
                changes[field] = [getattr(bulletin, field), data[field]]
                setattr(bulletin, field, data[field])
        drafting.paragraphs_apply(bulletin, sections=SECTIONS, data=data, changes=changes)
        return drafting.draft_save(
            bulletin,
            by=by,
            action="bulletins.bulletin.edited",
            changes=changes,
            fields=["title", "doc_number"],
        )


def bulletin_issue(*, bulletin: Bulletin, by: User, now: dt.datetime | None = None) -> Bulletin:
    """Issue a draft: from now on it is read-only."""
    with transaction.atomic():
        return drafting.document_issue(
            bulletin,
            by=by,
            now=now,
            action="bulletins.bulletin.issued",
            logged="doc_number",
            issued=BULLETIN_ISSUED_READ_ONLY,
        )
