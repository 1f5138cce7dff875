"""The Excel pages: template download, upload, full export, with the permission matrix."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from innocounty.reporting import excel
from innocounty.reporting.models import Value
from tests.reporting.test_excel import FIRST, col, edit, snapshot


def template_url(round_, unit):
    return reverse("reporting:round-unit-template", args=[round_.pk, unit.pk])


def upload_url(round_, unit):
    return reverse("reporting:round-unit-upload", args=[round_.pk, unit.pk])


def upload(client, round_, unit, data: bytes, name: str = "t.xlsx"):
    return client.post(upload_url(round_, unit), {"file": SimpleUploadedFile(name, data)})


@pytest.mark.parametrize("persona", ["reporter_a", "office_user", "leader_user"])
def test_the_template_downloads_for_the_unit_the_office_and_leaders(
    client, round_2024, unit_a, persona, request
):
    client.force_login(request.getfixturevalue(persona))
    response = client.get(template_url(round_2024, unit_a))
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook[excel.TEMPLATE_SHEET][f"A{FIRST}"].value == "N01"


def test_the_template_of_another_unit_is_not_found(client, round_2024, unit_a, reporter_b):
    client.force_login(reporter_b)
    assert client.get(template_url(round_2024, unit_a)).status_code == 404


def test_the_excel_pages_need_login(client, round_2024, unit_a):
    for url in (template_url(round_2024, unit_a), reverse("reporting:values-export")):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))
    assert client.post(upload_url(round_2024, unit_a)).status_code == 302


def test_upload_saves_and_redirects_to_the_entry_page(client, round_2024, unit_a, reporter_a, n01):
    client.force_login(reporter_a)
    template = client.get(template_url(round_2024, unit_a)).content
    response = upload(client, round_2024, unit_a, edit(template, {f"{col('value')}{FIRST}": 2.3}))
    assert response.status_code == 302
    assert response["Location"] == reverse("reporting:round-unit", args=[round_2024.pk, unit_a.pk])
    assert str(Value.objects.get(indicator=n01).value.normalize()) == "2.3"
    page = client.get(response["Location"])
    assert "Excel 导入完成：新增 1 项，修改 0 项，未变 0 项" in page.content.decode()


def test_a_bad_upload_shows_every_located_problem_on_the_entry_page(
    client, round_2024, unit_a, reporter_a
):
    client.force_login(reporter_a)
    template = excel.template_workbook(round_=round_2024, unit=unit_a)
    before = snapshot()
    response = upload(client, round_2024, unit_a, edit(template, {f"{col('value')}{FIRST}": "abc"}))
    assert response.status_code == 400
    assert f"工作表“填报” 第 {FIRST} 行 G 列（数值）：“abc”不是数字" in response.content.decode()
    assert snapshot() == before


def test_the_template_of_another_unit_is_refused_on_this_units_page(
    client, round_2024, small_plan, unit_a, reporter_a
):
    client.force_login(reporter_a)
    other = excel.template_workbook(round_=round_2024, unit=small_plan.units.get(name="县经信局"))
    response = upload(client, round_2024, unit_a, other)
    assert response.status_code == 400
    assert "该模板属于“县经信局”，不是本页的“县财政局”" in response.content.decode()


def test_upload_without_a_file_says_so(client, round_2024, unit_a, reporter_a):
    client.force_login(reporter_a)
    response = client.post(upload_url(round_2024, unit_a))
    assert response.status_code == 400
    assert "请选择要上传的 Excel 文件" in response.content.decode()


def test_an_oversized_upload_is_refused_by_its_size(
    client, round_2024, unit_a, reporter_a, settings
):
    settings.IMPORT_MAX_BYTES = 1024 * 1024
    client.force_login(reporter_a)
    response = upload(client, round_2024, unit_a, b"PK\x03\x04" + b"\0" * (2 * 1024 * 1024))
    assert response.status_code == 400
    assert "文件“t.xlsx”超过 1 MB" in response.content.decode()


@pytest.mark.parametrize(
    ("persona", "status"), [("office_user", 403), ("leader_user", 403), ("reporter_b", 404)]
)
def test_upload_is_for_the_units_reporters_only(
    client, round_2024, unit_a, persona, status, request
):
    client.force_login(request.getfixturevalue(persona))
    template = excel.template_workbook(round_=round_2024, unit=unit_a)
    assert upload(client, round_2024, unit_a, template).status_code == status


def test_upload_rejects_get(client, round_2024, unit_a, reporter_a):
    client.force_login(reporter_a)
    assert client.get(upload_url(round_2024, unit_a)).status_code == 405


def test_template_and_export_reject_post(client, round_2024, unit_a, office_user):
    client.force_login(office_user)
    assert client.post(template_url(round_2024, unit_a)).status_code == 405
    assert client.post(reverse("reporting:values-export")).status_code == 405


@pytest.mark.parametrize("persona", ["office_user", "leader_user"])
def test_the_full_export_is_for_the_office_and_leaders(client, round_2024, persona, request):
    client.force_login(request.getfixturevalue(persona))
    response = client.get(reverse("reporting:values-export"), {"plan": round_2024.plan.key})
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == [excel.EXPORT_SHEET]
    csv_response = client.get(reverse("reporting:values-export"), {"format": "csv"})
    assert csv_response.content.startswith("\ufeff方案代码".encode())


def test_the_full_export_is_forbidden_to_reporters(client, round_2024, reporter_a):
    client.force_login(reporter_a)
    assert client.get(reverse("reporting:values-export")).status_code == 403


def test_the_entry_page_offers_template_and_upload_and_the_round_page_the_export(
    client, round_2024, unit_a, reporter_a, office_user
):
    client.force_login(reporter_a)
    page = client.get(reverse("reporting:round-unit", args=[round_2024.pk, unit_a.pk])).content
    assert template_url(round_2024, unit_a).encode() in page
    assert upload_url(round_2024, unit_a).encode() in page
    client.force_login(office_user)
    page = client.get(round_2024.get_absolute_url()).content
    assert reverse("reporting:values-export").encode() in page
