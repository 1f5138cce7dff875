"""The province pages: who may open them, what each person sees, the export, the bulletin.

A marker planted in 乙县's name (`MARKER`) must never reach 甲县's office or leader, on the
page, in the export or through a bulletin; the province office sees every county.
"""

from __future__ import annotations

import datetime as dt
import io

import pytest
import time_machine
from django.urls import reverse
from openpyxl import load_workbook

from tests.province.conftest import MARKER
from tests.test_english_pages import HAN, _Text

pytestmark = pytest.mark.django_db

DURING = dt.datetime(2025, 3, 1, 2, 0, tzinfo=dt.UTC)


def _client(client, user):
    client.force_login(user)
    return client


def _sheet_text(content: bytes) -> str:
    sheet = load_workbook(io.BytesIO(content)).active
    return "\n".join(str(c) for row in sheet.iter_rows(values_only=True) for c in row)


@time_machine.travel(DURING, tick=False)
def test_the_province_office_sees_every_county_ranked(client, province, province_user):
    response = _client(client, province_user).get("/province/")
    assert response.status_code == 200
    text = response.content.decode()
    assert MARKER in text
    # Ranked: 丙县 (120.0), 甲县 (70.0), 乙县 (57.5); each links to its cockpit.
    assert text.index("丙县") < text.index("甲县") < text.index(MARKER)
    assert "70.0" in text and "57.5" in text and "120.0" in text
    assert "/monitor/plan-a/?period=2024" in text


@time_machine.travel(DURING, tick=False)
@pytest.mark.parametrize("who", ["office_a", "leader_a"])
def test_a_county_sees_only_itself(client, province, who, request):
    user = request.getfixturevalue(who)
    c = _client(client, user)
    for path in ("/province/", "/province/?indicator=N07", "/province/?theme=ecology"):
        response = c.get(path)
        assert response.status_code == 200
        assert MARKER not in response.content.decode()
        assert "丙县" not in response.content.decode()
    export = c.get("/province/export.xlsx")
    assert export.status_code == 200
    text = _sheet_text(export.content)
    assert "甲县" in text and MARKER not in text and "丙县" not in text


@pytest.mark.parametrize("path", ["/province/", "/province/export.xlsx", "/province/bulletins/"])
def test_a_reporter_gets_403(client, province, reporter_a, path):
    assert _client(client, reporter_a).get(path).status_code == 403


def test_anonymous_people_are_sent_to_log_in(client, province):
    response = client.get("/province/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


@time_machine.travel(DURING, tick=False)
def test_the_export_has_the_page_filters_and_figures(client, province, province_user):
    response = _client(client, province_user).get("/province/export.xlsx?indicator=N01&year=2024")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    head = rows[0]
    assert head[:5] == ("排名", "组内排名", "县（市、区）", "所属市（州）", "综合指数（2024年）")
    assert head[10:] == ("N01 实际值", "N01 目标值", "N01 完成率", "N01 状态")
    by_name = {r[2][:2]: r for r in rows[1:]}
    assert [r[2][:2] for r in rows[1:]] == ["丙县", "甲县", "乙县"]
    a = by_name["甲县"]
    assert (a[0], a[4], float(a[10]), float(a[11]), a[12], a[13]) == (
        2,
        70.0,
        2.4,
        2.5,
        0.96,
        "正常",
    )
    # Reporting: 3 due, 3 done, 2 on time; items: 2 open, 1 overdue.
    assert (a[6], round(a[7], 4), a[8], a[9]) == (1, round(2 / 3, 4), 2, 1)


@time_machine.travel(DURING, tick=False)
def test_the_export_narrowed_to_a_peer_group(client, province, province_user):
    response = _client(client, province_user).get("/province/export.xlsx?theme=ecology")
    text = _sheet_text(response.content)
    assert MARKER in text and "甲县" not in text and "丙县" not in text


@time_machine.travel(DURING, tick=False)
def test_the_page_in_english_translates_its_own_text(client, province, province_user):
    c = _client(client, province_user)
    response = c.get("/province/", HTTP_ACCEPT_LANGUAGE="en")
    assert "Composite index" in response.content.decode()
    for path in ("/province/", "/province/?indicator=N01&theme=industry", "/province/bulletins/"):
        page = c.get(path, HTTP_ACCEPT_LANGUAGE="en").content.decode()
        parser = _Text()
        parser.feed(page)
        shown = "\n".join(parser.parts)
        for name in ("甲县", f"乙县{MARKER}", "丙县", "甲市", "测试省"):  # data
            shown = shown.replace(name, "")
        assert not HAN.findall(shown), (path, sorted(set(HAN.findall(shown))))


def test_the_province_office_lands_on_its_counties_side_by_side(client, province_user):
    client.force_login(province_user)
    response = client.get(reverse("web:home"))
    assert response.status_code == 302
    assert response["Location"] == reverse("province:overview")


@time_machine.travel(DURING, tick=False)
def test_the_province_header_links_to_a_countys_pages_only_on_that_countys_pages(
    client, province, province_user
):
    """The province office has no county of its own: off a county's pages its header links
    to the comparison and the bulletins, never to some county's plan; on 乙县's pages (a
    drill-down) to 乙县's."""
    import re

    c = _client(client, province_user)

    def header(path: str) -> str:
        page = c.get(path).content.decode()
        return re.search(r'<nav class="main".*?</nav>', page, re.S).group(0)

    top = header("/province/")
    assert "/province/bulletins/" in top
    for key in ("plan-a", "plan-b", "plan-d"):
        assert key not in top
    assert "/reporting/rounds/" not in top
    drilled = header("/monitor/plan-b/")
    assert "/plans/plan-b/" in drilled and "/monitor/plan-b/" in drilled
    assert "plan-a" not in drilled and "plan-d" not in drilled
