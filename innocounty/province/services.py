"""Province bulletin writes: create (frozen snapshot and generated text), edit, issue. Each
one is audited (`province.bulletin.created` / `edited` / `issued`)."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_noop

from innocounty.bulletins import drafting
from innocounty.plans.models import Region
from innocounty.province import document
from innocounty.province.models import ProvinceBulletin
from innocounty.province.selectors import Filters, province_comparison, region_plans
from innocounty.types import AnyUser

PROVINCE_BULLETIN_ISSUED = gettext_noop("通报已印发，不能再修改。")
PROVINCE_BULLETIN_CHANGED = gettext_noop("通报已被他人修改，请刷新后再编辑。")


def default_doc_number(*, region: Region, year: int) -> str:
    """``湖科通〔2025〕2号``: the region's first character, the year, the next number."""
    n = ProvinceBulletin.objects.filter(region=region, created__year=year).count() + 1
    return f"{region.name[:1]}科通〔{year}〕{n}号"


@transaction.atomic
def province_bulletin_create(
    *, region: Region, year: int, by: AnyUser | None = None, now: dt.datetime | None = None
) -> ProvinceBulletin:
    """Freeze the comparison of every county under `region` for `year` into a new draft,
    ranked by the region's scoring method for the year when one is saved (else by the
    composite index), with how robust that ranking is."""
    now = (now or timezone.now()).replace(microsecond=0)
    today = timezone.localtime(now).date()
    comparison = province_comparison(
        user=by,
        filters=Filters(year=year),
        today=today,
        now=now,
        page_size=None,
        plans=region_plans(region=region),
        region=region,  # ranked by the region's method for the year, when one is set
    )
    snapshot = document.province_snapshot(region=region, comparison=comparison, now=now)
    bulletin = ProvinceBulletin(
        region=region,
        year=comparison.year,
        title=document.bulletin_title(region, comparison.year),
        doc_number=default_doc_number(region=region, year=today.year),
        created=now,
        created_by=drafting.person(by),
        snapshot=snapshot,
        paragraphs=document.default_paragraphs(snapshot),
    )
    bulletin.full_clean()
    bulletin.save()
    bulletin.log_action(
        "province.bulletin.created", user=by, data={"year": bulletin.year, "title": bulletin.title}
    )
    return bulletin


@transaction.atomic
def province_bulletin_edit(
    *, bulletin: ProvinceBulletin, by: AnyUser, data: dict[str, str], revision: int | None = None
) -> ProvinceBulletin:
    """Change the title, 文号 or section texts of a draft; logs old → new of what changed."""
    bulletin = drafting.draft_lock(
        bulletin,
        issued=PROVINCE_BULLETIN_ISSUED,
        changed=PROVINCE_BULLETIN_CHANGED,
        revision=revision,
    )
    changes: dict[str, list[str]] = {}
    for name in ("title", "doc_number"):
        if name in data and data[name] != getattr(bulletin, name):
            changes[name] = [getattr(bulletin, name), data[name]]
            setattr(bulletin, name, data[name])
    drafting.paragraphs_apply(bulletin, sections=document.SECTIONS, data=data, changes=changes)
    return drafting.draft_save(
        bulletin,
        by=by,
        action="province.bulletin.edited",
        changes=changes,
        fields=["title", "doc_number"],
    )


@transaction.atomic
def province_bulletin_issue(
    *, bulletin: ProvinceBulletin, by: AnyUser, now: dt.datetime | None = None
) -> ProvinceBulletin:
    """Issue a draft: from now on it is read-only."""
    return drafting.document_issue(
        bulletin,
        by=by,
        now=now,
        action="province.bulletin.issued",
        logged="doc_number",
        issued=PROVINCE_BULLETIN_ISSUED,
    )
