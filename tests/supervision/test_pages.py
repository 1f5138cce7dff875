"""Supervision pages, exports and notices: what they show and what they change."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
import time_machine
from django.core.management import call_command
from docx import Document
from openpyxl import load_workbook

from innocounty.supervision import services
from innocounty.supervision.models import Item, Notification

from .conftest import pdf

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2026, 11, 29, 23, 0, tzinfo=dt.UTC)


@time_machine.travel(NOW)
def test_office_opens_an_item_from_an_indicator_and_the_unit_moves_it(
    client, small_plan, office_user, reporter_a, media
):
    client.force_login(office_user)
    page = client.get(f"/monitor/{small_plan.key}/indicators/N01/").content.decode()
    link = f"/supervision/plans/{small_plan.key}/new?indicator=N01"
    assert link in page
    form = client.get(link).content.decode()
    assert "加快推进“本级财政科学技术支出" in form  # prefilled from the indicator
    unit = small_plan.units.get(name="县财政局")
    response = client.post(
        link,
        {
            "title": "提高财政科技支出占比",
            "requirement": "年底前达到目标",
            "source": "indicator",
            "indicator": small_plan.indicators.get(code="N01").pk,
            "lead_unit": unit.pk,
            "deadline": "2026-12-31",
        },
    )
    item = Item.objects.get()
    assert response.status_code == 302 and response["Location"] == item.get_absolute_url()
    assert item.indicator.code == "N01" and item.lead_unit == unit and item.state == "assigned"

    client.force_login(reporter_a)
    detail = client.get(item.get_absolute_url()).content.decode()
    assert 'id="action-acknowledge"' in detail and 'id="action-verify"' not in detail
    client.post(f"/supervision/items/{item.pk}/acknowledge", {"text": "", "revision": 0})
    client.post(
        f"/supervision/items/{item.pk}/plan",
        {"text": "三项措施", "due": "2026-12-20", "revision": 1},
    )
    client.post(
        f"/supervision/items/{item.pk}/apply",
        {"text": "已完成", "revision": 2, "file": pdf()},
    )
    item.refresh_from_db()
    assert item.state == "applied"
    # a stale form (old revision) changes nothing
    client.force_login(office_user)
    client.post(f"/supervision/items/{item.pk}/verify", {"text": "", "revision": 1})
    item.refresh_from_db()
    assert item.state == "applied"
    client.post(f"/supervision/items/{item.pk}/verify", {"text": "", "revision": 3})
    client.post(f"/supervision/items/{item.pk}/close", {"text": "", "revision": 4})
    item.refresh_from_db()
    assert item.state == "closed"
    assert list(item.steps.values_list("action", flat=True)) == [
        "assign",
        "acknowledge",
        "plan",
        "apply",
        "verify",
        "close",
    ]


@time_machine.travel(NOW)
def test_ledger_filters_and_exports(client, small_plan, office_user, media):
    finance = small_plan.units.get(name="县财政局")
    industry = small_plan.units.get(name="县经信局")
    with time_machine.travel(dt.datetime(2026, 11, 1, tzinfo=dt.UTC), tick=False):
        late = services.item_open(
            plan=small_plan,
            by=office_user,
            title="甲-逾期",
            requirement="r",
            source="manual",
            lead_unit=finance,
            deadline=dt.date(2026, 11, 10),
        )
        services.item_open(
            plan=small_plan,
            by=office_user,
            title="乙-未到期",
            requirement="r",
            source="instruction",
            instruction="抓紧",
            lead_unit=industry,
            deadline=dt.date(2026, 12, 31),
        )
    client.force_login(office_user)
    base = f"/supervision/plans/{small_plan.key}/"
    page = client.get(base).content.decode()
    assert "甲-逾期" in page and "乙-未到期" in page
    overdue = client.get(base + "?overdue=on").content.decode()
    assert "甲-逾期" in overdue and "乙-未到期" not in overdue
    by_unit = client.get(base + f"?unit={industry.pk}").content.decode()
    assert "乙-未到期" in by_unit and "甲-逾期" not in by_unit
    by_source = client.get(base + "?source=instruction").content.decode()
    assert "乙-未到期" in by_source and "甲-逾期" not in by_source
    by_state = client.get(base + "?state=closed").content.decode()
    assert "甲-逾期" not in by_state and "乙-未到期" not in by_state

    book = load_workbook(io.BytesIO(client.get(base + "ledger.xlsx?overdue=on").content))
    rows = list(book.active.iter_rows(values_only=True))
    assert rows[0][:3] == ("编号", "督办事项", "来源")
    assert [r[1] for r in rows[1:]] == ["甲-逾期"]
    assert rows[1][7] == "已交办" and rows[1][8] == "是" and rows[1][9] == "2026-11-01"

    chase = client.get(base + f"units/{finance.pk}/chase.docx")
    text = "\n".join(p.text for p in Document(io.BytesIO(chase.content)).paragraphs)
    assert "催办通知" in text and "县财政局：" in text and "1项督办事项已超过办结时限" in text
    notice = client.get(f"/supervision/items/{late.pk}/notice.docx")
    text = "\n".join(p.text for p in Document(io.BytesIO(notice.content)).paragraphs)
    assert "督办通知单" in text and "甲-逾期" in text and "2026年11月10日前办结" in text


@time_machine.travel(NOW)
def test_export_supervision_command(small_plan, office_user, tmp_path, media):
    with time_machine.travel(dt.datetime(2026, 11, 2, tzinfo=dt.UTC), tick=False):
        services.item_open(
            plan=small_plan,
            by=office_user,
            title="丙",
            requirement="r",
            source="manual",
            lead_unit=small_plan.units.get(name="县财政局"),
            units=[small_plan.units.get(name="县经信局")],
            deadline=dt.date(2026, 12, 1),
        )
    out = tmp_path / "ledger.csv"
    call_command("export_supervision", "--format", "csv", "-o", str(out), stdout=io.StringIO())
    rows = list(csv.reader(io.StringIO(out.read_text(encoding="utf-8-sig"))))
    assert rows[0][7] == "状态" and rows[1][1:9] == [
        "丙",
        "办公室交办",
        "",
        "县财政局",
        "县经信局",
        "2026-12-01",
        "已交办",
        "否",
    ]
    xlsx = tmp_path / "ledger.xlsx"
    call_command("export_supervision", "--format", "xlsx", "-o", str(xlsx), stdout=io.StringIO())
    assert [r[1] for r in load_workbook(xlsx).active.iter_rows(min_row=2, values_only=True)] == [
        "丙"
    ]


def test_inbox_bell_counts_unread_and_marks_read(client, small_plan, reporter_a, reporter_b):
    services.notify(users=[reporter_a], text="消息一")
    services.notify(users=[reporter_a], text="消息二")
    services.notify(users=[reporter_b], text="别人的消息-MARK")
    client.force_login(reporter_a)
    page = client.get("/supervision/inbox/").content.decode()
    assert 'id="bell-count">2<' in page and "消息一" in page
    assert "别人的消息-MARK" not in page
    first = Notification.objects.get(text="消息一")
    client.post("/supervision/inbox/read", {"id": first.pk})
    assert 'id="bell-count">1<' in client.get("/supervision/inbox/").content.decode()
    client.post("/supervision/inbox/read", {})
    assert not Notification.objects.filter(user=reporter_a, read_at__isnull=True).exists()
    assert Notification.objects.get(user=reporter_b).read_at is None


def test_missed_milestone_makes_the_task_lagging_on_the_monitor(
    client, small_plan, office_user, reporter_a
):
    task = small_plan.tasks.get(number=1)
    unit = small_plan.units.get(name="县财政局")
    with time_machine.travel(dt.datetime(2026, 1, 5, tzinfo=dt.UTC), tick=False):
        m = services.milestone_set(
            task=task,
            by=reporter_a,
            year=2026,
            title="出台资金管理办法",
            due=dt.date(2026, 6, 30),
            unit=unit,
        )
        services.milestone_confirm(milestone=m, by=office_user)
    client.force_login(office_user)
    with time_machine.travel(dt.datetime(2026, 6, 29, tzinfo=dt.UTC), tick=False):
        before = client.get(f"/monitor/{small_plan.key}/tasks/1/").content.decode()
    assert 'id="missed-milestones"' not in before
    with time_machine.travel(dt.datetime(2026, 7, 2, tzinfo=dt.UTC), tick=False):
        after = client.get(f"/monitor/{small_plan.key}/tasks/1/").content.decode()
    assert 'id="missed-milestones"' in after and "出台资金管理办法" in after
    assert 'class="task-status task-behind"' in after
