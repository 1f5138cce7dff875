import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from innocounty.reporting import services
from innocounty.reporting.models import Value

pytestmark = pytest.mark.django_db


def _value(round_, indicator, unit, by, number):
    return services.value_save(
        round_=round_,
        indicator=indicator,
        unit=unit,
        data={"value": number, "explanation": "x"},
        by=by,
    ).value


def _grow(plan, office, reporter, unit, indicator, years):
    """Approved values for many other periods: pages must not query more because of them."""
    for year in years:
        round_ = services.round_open(
            plan=plan, period=str(year), deadline=dt.date(year + 1, 3, 31), by=office
        )
        value = services.value_submit(
            value=_value(round_, indicator, unit, reporter, "2.5"), by=reporter
        )
        services.value_approve(value=value, by=office)


def _queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


def test_page_queries_do_not_grow_with_the_number_of_values(
    client, small_plan, office_user, reporter_a, n01, unit_a, round_2024
):
    # Rounds open only within the plan's years: let the plan reach back to 2000.
    small_plan.base_year = 2000
    small_plan.save(update_fields=["base_year"])
    value = _value(round_2024, n01, unit_a, reporter_a, "2.55")
    client.force_login(office_user)
    urls = [
        reverse("reporting:round-detail", args=[round_2024.pk]),
        reverse("reporting:round-unit", args=[round_2024.pk, unit_a.pk]),
        reverse("reporting:round-review", args=[round_2024.pk]),
        reverse("reporting:value-detail", args=[value.pk]),
        reverse("reporting:round-list"),
    ]
    before = [_queries(client, url) for url in urls]
    _grow(small_plan, office_user, reporter_a, unit_a, n01, range(2000, 2012))
    assert Value.objects.count() == 13
    assert [_queries(client, url) for url in urls] == before


def test_the_entry_page_shows_last_periods_value_and_the_target(
    client, small_plan, office_user, reporter_a, n01, unit_a, round_2024
):
    _grow(small_plan, office_user, reporter_a, unit_a, n01, [2023])
    client.force_login(reporter_a)
    html = client.get(
        reverse("reporting:round-unit", args=[round_2024.pk, unit_a.pk])
    ).content.decode()
    assert "上期（2023）：2.5" in html
    assert "本年目标：2.5" in html


def test_saving_the_page_is_all_or_nothing(client, small_plan, reporter_b, round_2024, s01, unit_b):
    client.force_login(reporter_b)
    url = reverse("reporting:round-unit-save", args=[round_2024.pk, unit_b.pk])
    response = client.post(url, {"S01-value": "abc", "S01-source": "统计局"})
    assert response.status_code == 200
    assert "“abc”不是数字" in response.content.decode()
    assert Value.objects.count() == 0
    response = client.post(url, {"S01-value": "0.490", "S01-source": "统计局"})
    assert response.status_code == 302
    assert Value.objects.get().value == Decimal("0.49")


def test_a_stale_page_is_told_about_the_other_save(
    client, small_plan, reporter_b, round_2024, s01, unit_b
):
    client.force_login(reporter_b)
    url = reverse("reporting:round-unit-save", args=[round_2024.pk, unit_b.pk])
    client.post(url, {"S01-value": "0.490"})
    # A second tab still holds the empty form (no revision): its save must not overwrite.
    response = client.post(url, {"S01-value": "0.470"})
    assert "您的修改未保存" in response.content.decode()
    assert Value.objects.get().value == Decimal("0.49")


def test_the_chase_list_exports_to_excel(client, office_user, round_2024):
    import io

    from openpyxl import load_workbook

    client.force_login(office_user)
    response = client.get(reverse("reporting:round-chase-export", args=[round_2024.pk]))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[1] == ("单位", "状态", "是否逾期", "完成率", "未报送事项")
    units = {row[0] for row in rows[2:]}
    assert units == {"县财政局", "县科技局", "县经信局"}
    # Title row: the plan's office and today's date (Asia/Shanghai), then the header, frozen.
    plan = round_2024.plan
    region = plan.region or plan.title.split("国家")[0]
    office = f"{region}创新型县（市）建设工作领导小组办公室"
    assert rows[0][0] == f"{office}催办清单（{timezone.localdate().isoformat()}）"
    assert sheet.freeze_panes == "A3"
    # Completeness is a number (nothing submitted yet: 0) shown as a percentage, not "0%" text.
    for row in sheet.iter_rows(min_row=3, min_col=4, max_col=4):
        assert row[0].data_type == "n" and row[0].value == 0
        assert row[0].number_format == "0%"


def test_opening_a_round_from_the_page(client, small_plan, office_user):
    client.force_login(office_user)
    url = reverse("reporting:round-create", args=[small_plan.key])
    response = client.post(url, {"period": "2025Q5", "deadline": "2025-04-20"})
    assert "无效的报告期“2025Q5”" in response.content.decode()
    response = client.post(
        url, {"period": "2025Q1", "deadline": "2025-04-20", "include_tasks": "on"}
    )
    assert response.status_code == 302
    assert small_plan.rounds.get().title == "2025年第1季度填报"
