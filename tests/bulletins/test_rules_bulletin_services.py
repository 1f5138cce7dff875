"""The bulletin services' rules (issue 19, written for the mutation run of
`bulletins/services.py`): a bulletin is made as a draft frozen at the second it was made and
numbered per calendar year; a draft changes only where the edit differs, and only from the
revision the editor started from; an issued bulletin never changes, and a refused action
changes no row and writes no audit entry. Expected values by hand from the small plan
(示范县国家创新型县建设实施方案, region 示范县).
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError

from innocounty.bulletins.models import Bulletin
from innocounty.bulletins.services import bulletin_create, bulletin_edit, bulletin_issue

pytestmark = pytest.mark.django_db

SHANGHAI = ZoneInfo("Asia/Shanghai")
NOW = dt.datetime(2026, 4, 20, 9, 30, 15, 123456, tzinfo=SHANGHAI)
TITLE_2024 = "关于示范县国家创新型县建设2024年进展情况的通报"
ISSUED = "通报已印发，不能再修改。"
CHANGED = "通报已被他人修改，请刷新后再编辑。"


def _row(bulletin: Bulletin) -> dict:
    return Bulletin.objects.filter(pk=bulletin.pk).values().get()


def _log(bulletin: Bulletin) -> list[tuple]:
    entries = bulletin.log_entries().order_by("pk")
    return list(entries.values_list("action", "user", "data"))


def test_a_new_bulletin_is_a_draft_frozen_at_the_second_it_was_made(small_plan, office_user):
    bulletin = bulletin_create(plan=small_plan, period=" 2024Q2 ", by=office_user, now=NOW)
    stored = Bulletin.objects.get(pk=bulletin.pk)
    made = dt.datetime(2026, 4, 20, 9, 30, 15, tzinfo=SHANGHAI)  # no microseconds
    assert (stored.status, stored.period, stored.created, stored.created_by) == (
        "draft",
        "2024Q2",
        made,
        office_user,
    )
    assert stored.title == "关于示范县国家创新型县建设2024年第2季度进展情况的通报"
    assert stored.doc_number == "示创新办〔2026〕1号"
    assert stored.snapshot["as_of"] == "2026-04-20T09:30:15+08:00"
    keys = {"intro", "overview", "indicators", "tasks", "reporting", "rectification", "problems"}
    assert set(stored.paragraphs) == keys
    assert (stored.issued_at, stored.issued_by, stored.revision) == (None, None, 0)
    assert _log(stored) == [
        ("bulletins.bulletin.created", office_user.pk, {"period": "2024Q2", "title": stored.title})
    ]


def test_a_bulletin_made_by_nobody_has_no_creator(small_plan):
    bulletin = bulletin_create(plan=small_plan, period="2024", now=NOW)
    assert Bulletin.objects.get(pk=bulletin.pk).created_by is None
    assert _log(bulletin) == [
        ("bulletins.bulletin.created", None, {"period": "2024", "title": TITLE_2024})
    ]


def test_bulletins_are_numbered_per_calendar_year_in_shanghai(small_plan, office_user):
    def number(now):
        return bulletin_create(plan=small_plan, period="2024", by=office_user, now=now).doc_number

    assert number(NOW) == "示创新办〔2026〕1号"
    assert number(NOW) == "示创新办〔2026〕2号"
    # 23:59 on 31 December in Shanghai is still 2026 (15:59 UTC) …
    assert number(dt.datetime(2026, 12, 31, 23, 59, tzinfo=SHANGHAI)) == "示创新办〔2026〕3号"
    # … and 00:30 on 1 January is 2027 although it is still 31 December in UTC: a new count.
    new_year = dt.datetime(2026, 12, 31, 16, 30, tzinfo=dt.UTC)
    assert number(new_year) == "示创新办〔2027〕1号"
    # A plan without a region takes the first character of its title.
    small_plan.region = ""
    small_plan.title = "江城县国家创新型县建设实施方案"
    small_plan.save()
    assert number(new_year) == "江创新办〔2027〕2号"  # the same plan: its second of 2027


def test_an_edit_changes_only_what_differs_and_logs_old_and_new(small_plan, office_user):
    bulletin = bulletin_create(plan=small_plan, period="2024", by=office_user, now=NOW)
    old_overview = bulletin.paragraphs["overview"]
    edited = bulletin_edit(
        bulletin=bulletin,
        by=office_user,
        data={
            "title": TITLE_2024,
            "doc_number": "示创新办〔2026〕7号",
            "overview": " 第一段\r\n第二段 ",
        },
        revision=0,
    )
    stored = Bulletin.objects.get(pk=bulletin.pk)
    assert (stored.title, stored.doc_number, stored.revision) == (
        TITLE_2024,
        "示创新办〔2026〕7号",
        1,
    )
    assert stored.paragraphs["overview"] == "第一段\n第二段"
    assert stored.paragraphs["intro"] == bulletin.paragraphs["intro"]
    changes = {
        "doc_number": ["示创新办〔2026〕1号", "示创新办〔2026〕7号"],
        "overview": [old_overview, "第一段\n第二段"],
    }
    assert _log(stored)[1:] == [("bulletins.bulletin.edited", office_user.pk, {"changes": changes})]
    assert edited.revision == 1

    # Only the title given: the 文号 stays; the log names the title alone.
    bulletin_edit(bulletin=stored, by=office_user, data={"title": "新标题"}, revision=1)
    stored = Bulletin.objects.get(pk=bulletin.pk)
    assert (stored.title, stored.doc_number, stored.revision) == (
        "新标题",
        "示创新办〔2026〕7号",
        2,
    )
    assert _log(stored)[2][2] == {"changes": {"title": [TITLE_2024, "新标题"]}}


def test_an_edit_that_changes_nothing_writes_nothing(small_plan, office_user):
    bulletin = bulletin_create(plan=small_plan, period="2024", by=office_user, now=NOW)
    before = _row(bulletin)
    same = {"title": bulletin.title, "doc_number": bulletin.doc_number, **bulletin.paragraphs}
    bulletin_edit(bulletin=bulletin, by=office_user, data=same, revision=0)
    bulletin_edit(bulletin=bulletin, by=office_user, data={})
    assert _row(bulletin) == before
    assert [action for action, _user, _data in _log(bulletin)] == ["bulletins.bulletin.created"]


def test_an_edit_from_an_older_revision_is_refused_and_changes_nothing(small_plan, office_user):
    bulletin = bulletin_create(plan=small_plan, period="2024", by=office_user, now=NOW)
    bulletin_edit(bulletin=bulletin, by=office_user, data={"title": "甲的标题"}, revision=0)
    before = _row(bulletin)
    with pytest.raises(ValidationError) as excinfo:
        bulletin_edit(bulletin=bulletin, by=office_user, data={"title": "乙的标题"}, revision=0)
    assert excinfo.value.messages == [CHANGED]
    assert _row(bulletin) == before
    assert len(_log(bulletin)) == 2  # created, edited once


def test_issuing_records_when_and_who_and_then_the_bulletin_never_changes(small_plan, office_user):
    bulletin = bulletin_create(plan=small_plan, period="2024", by=office_user, now=NOW)
    issued_at = dt.datetime(2026, 4, 21, 10, 0, tzinfo=SHANGHAI)
    issued = bulletin_issue(bulletin=bulletin, by=office_user, now=issued_at)
    stored = Bulletin.objects.get(pk=bulletin.pk)
    assert (stored.status, stored.issued_at, stored.issued_by) == ("issued", issued_at, office_user)
    assert issued.status == "issued"
    issue_entry = (
        "bulletins.bulletin.issued",
        office_user.pk,
        {"doc_number": "示创新办〔2026〕1号"},
    )
    assert _log(stored)[1:] == [issue_entry]

    before = _row(bulletin)
    for attempt in (
        lambda: bulletin_edit(bulletin=bulletin, by=office_user, data={"title": "改"}),
        lambda: bulletin_edit(bulletin=stored, by=office_user, data={"intro": "改"}, revision=0),
        lambda: bulletin_issue(bulletin=bulletin, by=office_user, now=NOW + dt.timedelta(days=9)),
    ):
        with pytest.raises(ValidationError) as excinfo:
            attempt()
        assert excinfo.value.messages == [ISSUED]
    assert _row(bulletin) == before
    assert _log(stored)[1:] == [issue_entry]


def test_each_plan_numbers_its_own_bulletins(small_plan, qianjiang, office_user):
    other = bulletin_create(plan=qianjiang, period="2024", by=office_user, now=NOW)
    assert other.doc_number == "潜创新办〔2026〕1号"
    mine = bulletin_create(plan=small_plan, period="2024", by=office_user, now=NOW)
    assert mine.doc_number == "示创新办〔2026〕1号"  # the other plan's bulletin is not counted


def test_a_section_the_draft_does_not_hold_counts_as_empty(small_plan, office_user):
    """A draft without a section (one added to the document after it was drafted): an empty
    text for it changes nothing; a text is logged as changed from "" (never from None)."""
    bulletin = bulletin_create(plan=small_plan, period="2024", by=office_user, now=NOW)
    paragraphs = dict(bulletin.paragraphs)
    dropped = paragraphs.pop("overview")
    assert dropped  # the small plan's draft has an overview
    Bulletin.objects.filter(pk=bulletin.pk).update(paragraphs=paragraphs)
    bulletin.refresh_from_db()
    bulletin_edit(bulletin=bulletin, by=office_user, data={"overview": "  "}, revision=0)
    stored = Bulletin.objects.get(pk=bulletin.pk)
    assert stored.revision == 0 and "overview" not in stored.paragraphs
    assert [action for action, _user, _data in _log(stored)] == ["bulletins.bulletin.created"]
    bulletin_edit(bulletin=stored, by=office_user, data={"overview": "新增一段"}, revision=0)
    stored = Bulletin.objects.get(pk=bulletin.pk)
    assert stored.paragraphs["overview"] == "新增一段" and stored.revision == 1
    assert _log(stored)[-1][2] == {"changes": {"overview": ["", "新增一段"]}}


def test_an_anonymous_creator_or_issuer_is_recorded_as_nobody(small_plan):
    from django.contrib.auth.models import AnonymousUser

    bulletin = bulletin_create(plan=small_plan, period="2024", by=AnonymousUser(), now=NOW)
    issued = bulletin_issue(bulletin=bulletin, by=AnonymousUser(), now=NOW)
    stored = Bulletin.objects.get(pk=issued.pk)
    assert stored.created_by_id is None and stored.issued_by_id is None


def test_the_download_is_named_by_title_and_number(small_plan, office_user):
    bulletin = bulletin_create(plan=small_plan, period="2024", by=office_user, now=NOW)
    assert bulletin.filename() == f"{TITLE_2024}-{bulletin.pk}.docx"
    assert bulletin.filename("pdf") == f"{TITLE_2024}-{bulletin.pk}.pdf"
