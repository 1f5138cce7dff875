"""A missing piece on the readiness page becomes a supervision item in one step (the office)."""

from __future__ import annotations

import datetime as dt
import re

import pytest
import time_machine
from django.contrib.auth.models import User

from innocounty.supervision.models import Item

pytestmark = pytest.mark.django_db

AFTER_THE_PLAN = dt.datetime(2026, 11, 29, 10, tzinfo=dt.UTC)


def _links(html: str, kind: str) -> list[str]:
    return re.findall(rf'href="(/supervision/plans/[^"]+/new\?{kind}=([^"]+))"', html)


@time_machine.travel(AFTER_THE_PLAN, tick=False)
def test_the_office_gets_a_link_for_each_missing_piece_that_opens_a_prefilled_item(
    client, seeded, office
):
    client.force_login(office)
    html = client.get(f"/acceptance/{seeded.key}/").content.decode()
    rows = re.findall(r'<tr data-code="([^"]+)" data-readiness="([^"]+)">(.*?)</tr>', html, re.S)
    assert rows
    for code, readiness, row in rows:
        missing = "无佐证材料" in row or "：" in row.split("</td>")[-2] or readiness == "at_risk"
        assert ("to-supervision" in row) == missing, code
    indicator_links = _links(html, "indicator")
    task_links = _links(html, "task")
    assert indicator_links and task_links
    url, code = indicator_links[0]
    form = client.get(url.replace("&amp;", "&")).content.decode()
    indicator = seeded.indicators.get(code=code)
    assert indicator.name in form
    # Opening it from the form makes one item for that indicator, led by its unit.
    lead = indicator.indicator_units.first().unit
    before = Item.objects.count()
    response = client.post(
        url,
        {
            "title": f"补齐“{indicator.name}”验收材料",
            "requirement": "补充佐证材料并报送终期数据。",
            "source": "indicator",
            "indicator": indicator.pk,
            "lead_unit": lead.pk,
            "deadline": "2026-12-20",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Item.objects.count() == before + 1
    item = Item.objects.latest("pk")
    assert (item.indicator_id, item.lead_unit_id) == (indicator.pk, lead.pk)


@time_machine.travel(AFTER_THE_PLAN, tick=False)
def test_leaders_read_the_page_without_the_links(client, seeded, leader):
    client.force_login(leader)
    html = client.get(f"/acceptance/{seeded.key}/").content.decode()
    assert "data-code=" in html
    assert "to-supervision" not in html
    assert User.objects.filter(username="leader").exists()


@time_machine.travel(AFTER_THE_PLAN, tick=False)
def test_open_supervision_items_are_listed_among_the_missing_pieces(client, seeded, office):
    from innocounty.supervision import services as sv

    client.force_login(office)
    unit = seeded.units.get(name="市科技局")

    def shown() -> str:
        response = client.get(f"/acceptance/{seeded.key}/")
        html = response.content.decode()
        assert response.status_code == 200, (response.status_code, response.get("Location"))
        found = re.search(r'<li id="open-items">(.*?)<a', html, re.S)
        assert found, html[:3000]
        return found.group(1).strip()

    assert shown() == "0 项督办事项未办结（其中逾期 0 项）"
    for days in (2, 10):
        sv.item_open(
            plan=seeded,
            by=office,
            title=f"督办{days}",
            requirement="补齐材料",
            source="manual",
            lead_unit=unit,
            deadline=dt.date(2026, 11, 29) + dt.timedelta(days=days),
        )
    assert shown() == "2 项督办事项未办结（其中逾期 0 项）"
    # Five days later the first deadline has passed.
    with time_machine.travel(AFTER_THE_PLAN + dt.timedelta(days=5), tick=False):
        client.force_login(office)  # the idle session timed out meanwhile
        assert shown() == "2 项督办事项未办结（其中逾期 1 项）"
