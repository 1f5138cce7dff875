"""The layout of the written workbooks: numbers as numbers, title row, print setup; and the
value export, with its title row, still importing back unchanged (also from older files)."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from innocounty.reporting import excel
from innocounty.reporting.exporters import number_cell
from tests.reporting.test_excel import snapshot
from tests.reporting.test_excel_export import values  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("text", "number", "fmt"),
    [
        ("3.10", Decimal("3.10"), "0.00"),
        ("101.6%", Decimal("1.016"), "0.0%"),
        ("1,234.5", Decimal("1234.5"), "#,##0.0"),
        ("-2", Decimal("-2"), "0"),
        ("12", Decimal("12"), "0"),
    ],
)
def test_number_text_becomes_a_number_shown_the_same_way(text, number, fmt):
    assert number_cell(text) == (number, fmt)


@pytest.mark.parametrize("text", ["—", "", "3.1.2", "abc", "=1+2", "1e5"])
def test_other_text_stays_text(text):
    assert number_cell(text) == (text, None)


def test_the_value_export_has_a_title_row_numbers_and_a_print_setup(values, n01):  # noqa: F811
    sheet = load_workbook(io.BytesIO(excel.export_values(plan=n01.plan, fmt="xlsx")))[
        excel.EXPORT_SHEET
    ]
    plan = n01.plan
    region = plan.region or plan.title.split("国家")[0]
    day = timezone.localdate().isoformat()
    assert sheet["A1"].value == f"{region}创新型县（市）建设工作领导小组办公室指标值（{day}）"
    assert [c.value for c in sheet[2]] == [c.header for c in excel.EXPORT_COLUMNS]
    assert sheet.freeze_panes == "C3"
    assert sheet.page_setup.orientation == "landscape"
    assert sheet.sheet_properties.pageSetUpPr.fitToPage is True
    assert sheet.page_setup.fitToWidth == 1 and sheet.page_setup.fitToHeight == 0
    assert sheet.print_title_rows == "$1:$2"
    value = sheet.cell(3, 7)
    assert value.data_type == "n" and value.value == 2.4
    assert sheet.cell(3, 4).value == "2024"  # the period stays text


def test_an_export_without_the_title_row_still_imports_unchanged(values, reporter_a):  # noqa: F811
    workbook = load_workbook(io.BytesIO(excel.export_values(fmt="xlsx", user=reporter_a)))
    workbook[excel.EXPORT_SHEET].delete_rows(1)
    buffer = io.BytesIO()
    workbook.save(buffer)
    before = snapshot()
    result = excel.import_workbook(data=buffer.getvalue(), by=reporter_a)
    assert (result.created, result.changed, result.unchanged) == (0, 0, 2)
    assert snapshot() == before
