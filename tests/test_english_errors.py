"""Messages that appear only after an action are English in English mode (issue 13, item 5).

Each action is taken twice, in English and in Chinese: a web form with an invalid value, Excel
uploads (not our file, another template version, a bad cell), values sent to a closed round and
a locked value changed through the API (``Accept-Language: en``), a supervision step taken by
the wrong person, and pages that show the engine's sentence on missed milestones and a value's
history. In English the page (or the JSON) keeps no Han character once the data planted in the
database is removed (unit, indicator, task and milestone names) and, for Excel, the workbook's
own sheet name and column headers, which the message quotes from the file. In Chinese the same
action shows the Chinese text, byte for byte as before.
"""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
import time_machine
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook
from rest_framework.test import APIClient

from innocounty.api.services import token_create
from innocounty.reporting import excel, services
from innocounty.reporting.models import Value
from innocounty.supervision import services as sv
from tests.test_english_pages import HAN, _data_strings, _strip, _Text

pytestmark = pytest.mark.django_db

# The workbook's own text, which a located Excel problem quotes (sheet name, column header).
FILE_TEXT = [excel.TEMPLATE_SHEET, *(c.header for c in excel.TEMPLATE_COLUMNS)]


def _han_outside_data(text: str, extra: list[str] = ()) -> str:
    """The text around the first Han character left once data is removed, or ""."""
    left = _strip(text, sorted([*_data_strings(), *extra], key=len, reverse=True))
    m = HAN.search(left)
    return left[max(0, m.start() - 60) : m.end() + 60] if m else ""


def _page_text(response) -> str:
    parser = _Text()
    parser.feed(response.content.decode())
    return " ".join(" ".join(parser.parts).split())


def _browser(client, user, language: str):
    client.force_login(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client


def _api(user) -> APIClient:
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {token_create(user=user).key}")
    return api


def _send(api: APIClient, url: str, entries: list[dict], language: str):
    return api.post(url, entries, format="json", HTTP_ACCEPT_LANGUAGE=language)


@pytest.fixture
def round24(small_plan, office_user):
    return services.round_open(
        plan=small_plan, period="2024", deadline=dt.date(2025, 3, 31), by=office_user
    )


def test_an_invalid_value_on_the_entry_page(client, small_plan, reporter_b, round24):
    unit = small_plan.units.get(name="县经信局")
    url = reverse("reporting:round-unit-save", args=[round24.pk, unit.pk])
    en = _browser(client, reporter_b, "en").post(url, {"S01-value": "abc", "S01-numerator": "5"})
    text = _page_text(en)
    assert "“abc” is not a number" in text
    assert "Fill in both the numerator and the denominator" in text
    assert _han_outside_data(text) == ""
    zh = _browser(client, reporter_b, "zh-hans").post(
        url, {"S01-value": "abc", "S01-numerator": "5"}
    )
    assert "“abc”不是数字" in zh.content.decode()
    assert "分子和分母需同时填写" in zh.content.decode()
    assert Value.objects.count() == 0


def _upload(client, round_, unit, data: bytes):
    url = reverse("reporting:round-unit-upload", args=[round_.pk, unit.pk])
    response = client.post(url, {"file": SimpleUploadedFile("t.xlsx", data)})
    assert response.status_code == 400
    return response


def _workbook_bytes(workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _other_version(template: bytes) -> bytes:
    workbook = load_workbook(io.BytesIO(template))
    for prop in workbook.custom_doc_props.props:
        if prop.name == excel.VERSION_PROPERTY:
            prop.value = "0"
    return _workbook_bytes(workbook)


def _bad_cell(template: bytes) -> bytes:
    """Type "abc" into the first row's 数值 cell (column G of the template's header)."""
    workbook = load_workbook(io.BytesIO(template))
    sheet = workbook[excel.TEMPLATE_SHEET]
    assert sheet[f"G{excel.TEMPLATE_HEADER_ROW}"].value == "数值"
    sheet[f"G{excel.TEMPLATE_HEADER_ROW + 1}"] = "abc"
    return _workbook_bytes(workbook)


@pytest.mark.parametrize(
    ("make", "english", "chinese"),
    [
        (
            lambda template: _workbook_bytes(Workbook()),
            "“t.xlsx” is not a template or export downloaded from this system",
            "文件“t.xlsx”不是本系统下载的填报模板或导出文件（缺少模板标识），请重新下载模板",
        ),
        (
            _other_version,
            "“t.xlsx” has template version 0, this system needs version 1",
            "文件“t.xlsx”的模板版本为 0，本系统需要版本 1，请重新下载模板",
        ),
        (
            _bad_cell,
            "Sheet “填报”, row 8, column G (数值): “abc” is not a number",
            "工作表“填报” 第 8 行 G 列（数值）：“abc”不是数字",
        ),
    ],
    ids=["not-our-file", "wrong-version", "bad-cell"],
)
def test_a_bad_excel_upload(client, small_plan, reporter_a, round24, make, english, chinese):
    unit = small_plan.units.get(name="县财政局")
    template = excel.template_workbook(round_=round24, unit=unit)
    en = _page_text(_upload(_browser(client, reporter_a, "en"), round24, unit, make(template)))
    assert english in en
    assert _han_outside_data(en, FILE_TEXT) == ""
    zh = _upload(_browser(client, reporter_a, "zh-hans"), round24, unit, make(template))
    assert chinese in zh.content.decode()
    assert Value.objects.count() == 0


def _values_url(plan, round_) -> str:
    return f"/api/v1/plans/{plan.key}/rounds/{round_.pk}/values/"


def test_the_api_refuses_a_closed_round_in_the_callers_language(
    small_plan, round24, reporter_a, office_user
):
    services.round_close(round_=round24, by=office_user)
    entries = [{"indicator": "N01", "value": "2.45"}]
    api, url = _api(reporter_a), _values_url(small_plan, round24)
    en = _send(api, url, entries, "en")
    assert en.status_code == 400
    message = en.json()["errors"][0]["message"]
    assert (
        message == "The reporting round “2024 reporting” is closed; nothing can be changed any more"
    )
    zh = _send(api, url, entries, "zh-hans")
    assert zh.json()["errors"][0]["message"] == "填报轮次“2024年填报”已结束，不能再修改"
    assert Value.objects.count() == 0


def test_the_api_refuses_bad_values_and_locked_ones_in_english(small_plan, round24, reporter_a):
    url = _values_url(small_plan, round24)
    api = _api(reporter_a)
    bad = _send(api, url, [{"indicator": "N01", "value": "abc"}], "en")
    assert bad.status_code == 400
    assert [e["message"] for e in bad.json()["errors"]] == ["“abc” is not a number"]
    _send(api, url + "?submit=1", [{"indicator": "N01", "value": "2.45"}], "en")
    locked = _send(api, url, [{"indicator": "N01", "value": "2.5"}], "en")
    assert locked.status_code == 400
    assert [e["message"] for e in locked.json()["errors"]] == [
        "Cannot change it: it is “Submitted”"
    ]
    again = _send(api, url, [{"indicator": "N01", "value": "2.5"}], "zh-hans")
    assert [e["message"] for e in again.json()["errors"]] == ["已报送状态下不能修改"]
    assert Value.objects.get().value == Decimal("2.45")


@time_machine.travel(dt.datetime(2026, 11, 29, 2, 0, tzinfo=dt.UTC), tick=False)
def test_a_supervision_step_by_the_wrong_person(client, small_plan, office_user):
    item = sv.item_open(
        plan=small_plan,
        by=office_user,
        title="提高财政科技支出占比",
        requirement="年底前达到目标",
        source="indicator",
        indicator=small_plan.indicators.get(code="N01"),
        lead_unit=small_plan.units.get(name="县财政局"),
        deadline=dt.date(2026, 12, 31),
    )
    url = f"/supervision/items/{item.pk}/acknowledge"
    en = _browser(client, office_user, "en").post(url, {"text": "", "revision": 0}, follow=True)
    text = _page_text(en)
    assert "Only the role “Reporter of the lead unit” may acknowledge it" in text
    assert _han_outside_data(text) == ""
    zh = _browser(client, office_user, "zh-hans").post(
        url, {"text": "", "revision": 0}, follow=True
    )
    assert "只有牵头单位填报员可以签收" in zh.content.decode()
    item.refresh_from_db()
    assert item.state == "assigned"


def test_the_missed_milestone_sentence_on_the_cockpit(client, small_plan, office_user, reporter_a):
    from innocounty.supervision import services as sv

    task = small_plan.tasks.get(number=1)
    with time_machine.travel(dt.datetime(2026, 1, 5, tzinfo=dt.UTC), tick=False):
        m = sv.milestone_set(
            task=task,
            by=reporter_a,
            year=2026,
            title="出台资金管理办法",
            due=dt.date(2026, 6, 30),
            unit=small_plan.units.get(name="县财政局"),
        )
        sv.milestone_confirm(milestone=m, by=office_user)
    url = f"/monitor/{small_plan.key}/"
    with time_machine.travel(dt.datetime(2026, 7, 2, tzinfo=dt.UTC), tick=False):
        en = _page_text(_browser(client, office_user, "en").get(url))
        zh = _browser(client, office_user, "zh-hans").get(url).content.decode()
    assert "Milestones missed: “出台资金管理办法” (due 2026-6-30)." in en
    assert _han_outside_data(en) == ""
    assert "节点“出台资金管理办法”（完成时限2026年6月30日）未按期完成。" in zh


def test_a_values_history_shows_yes_and_no(client, small_plan, reporter_a, round24):
    saved = services.value_save(
        round_=round24,
        indicator=small_plan.indicators.get(code="N01"),
        unit=small_plan.units.get(name="县财政局"),
        data={"value": "2.45", "is_final": True},
        by=reporter_a,
    )
    url = saved.value.get_absolute_url()
    en = _page_text(_browser(client, reporter_a, "en").get(url))
    zh = " ".join(_browser(client, reporter_a, "zh-hans").get(url).content.decode().split())
    assert "— → yes" in en and "True" not in en
    assert "— → 是" in zh and "True" not in zh


def test_an_invalid_period_when_opening_a_round(client, small_plan, office_user):
    url = reverse("reporting:round-create", args=[small_plan.key])
    data = {"period": "2025Q5", "deadline": "2025-04-20"}
    en = _page_text(_browser(client, office_user, "en").post(url, data))
    assert "Invalid period “2025Q5”: write it like 2024, 2024Q3 or 2024-07" in en
    assert _han_outside_data(en) == ""
    zh = _browser(client, office_user, "zh-hans").post(url, data).content.decode()
    assert "无效的报告期“2025Q5”：应为 2024、2024Q3 或 2024-07 的形式" in zh
    assert not small_plan.rounds.exists()
