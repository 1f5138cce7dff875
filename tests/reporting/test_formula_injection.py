"""Spreadsheet formula injection (issue 11, item 3): text beginning with = + - @ tab or CR is
never written as a live formula, in any xlsx or CSV the product writes; the escaped export and
template import back unchanged."""

from __future__ import annotations

import copy
import csv
import datetime as dt
import io
import re
import zipfile

import pytest
from openpyxl import load_workbook

from innocounty.core import schema
from innocounty.reporting import excel, exporters, selectors, services
from innocounty.reporting.models import Value
from tests.conftest import SMALL_PLAN

pytestmark = pytest.mark.django_db

EVIL = {
    "source": '=HYPERLINK("http://evil.example/","统计局")',
    "caliber": "+1+cmd|' /C calc'!A0",
    "note": "-2+3",
    "explanation": "@SUM(1,2)",
}
FORMULA_ELEMENT = re.compile(rb"<(?:\w+:)?f[\s>/]")
DANGEROUS = ("=", "+", "-", "@", "\t", "\r")


def formula_cells(content: bytes) -> list[str]:
    """Every cell of every sheet that a spreadsheet program would evaluate."""
    found = []
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/") and FORMULA_ELEMENT.search(archive.read(name)):
                found.append(name)
    workbook = load_workbook(io.BytesIO(content))
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            found += [f"{sheet.title}!{c.coordinate}" for c in row if c.data_type == "f"]
    return found


def csv_fields(content: bytes) -> list[str]:
    return [f for row in csv.reader(io.StringIO(content.decode("utf-8-sig"))) for f in row]


@pytest.fixture
def evil_value(round_2024, n01, unit_a, reporter_a):
    return services.value_save(
        round_=round_2024,
        indicator=n01,
        unit=unit_a,
        data={"value": "2.6", **EVIL},
        by=reporter_a,
    ).value


@pytest.mark.parametrize(
    ("text", "escaped"),
    [
        ("=1+1", "'=1+1"),
        ("+1", "'+1"),
        ("-1", "'-1"),
        ("@A1", "'@A1"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("'=1", "''=1"),
        ("统计局", "统计局"),
        ("'引用'", "'引用'"),
        ("", ""),
    ],
)
def test_the_one_escape_rule_and_its_inverse(text, escaped):
    assert exporters.safe_cell(text) == escaped
    assert exporters.unescape_cell(escaped) == text
    assert exporters.safe_cell(3) == 3


def test_the_xlsx_export_writes_no_formula_and_imports_back_unchanged(evil_value, reporter_a):
    content = excel.export_values(fmt="xlsx")
    assert formula_cells(content) == []
    sheet = load_workbook(io.BytesIO(content))[excel.EXPORT_SHEET]
    texts = {c.value for row in sheet.iter_rows(min_row=2) for c in row}
    for text in EVIL.values():
        assert "'" + text in texts
    before = list(Value.objects.values_list())
    result = excel.import_workbook(data=content, by=reporter_a, filename="e.xlsx")
    assert (result.changed, result.created) == (0, 0)
    assert list(Value.objects.values_list()) == before


def test_the_csv_export_escapes_formula_text(evil_value):
    fields = csv_fields(excel.export_values(fmt="csv"))
    assert not [f for f in fields if f.startswith(DANGEROUS)]
    for text in EVIL.values():
        assert "'" + text in fields


def test_the_template_writes_no_formula_and_imports_back_unchanged(
    evil_value, round_2024, unit_a, reporter_a
):
    content = excel.template_workbook(round_=round_2024, unit=unit_a)
    assert formula_cells(content) == []
    before = list(Value.objects.values_list())
    result = excel.import_workbook(
        data=content, by=reporter_a, filename="t.xlsx", round_=round_2024, unit=unit_a
    )
    assert (result.changed, result.created) == (0, 0)
    assert list(Value.objects.values_list()) == before


def test_a_formula_typed_as_text_in_the_template_is_stored_as_text(
    round_2024, unit_a, reporter_a, n01
):
    """What a person types as text (Excel keeps the quote as a prefix, not in the value)."""
    content = excel.template_workbook(round_=round_2024, unit=unit_a)
    workbook = load_workbook(io.BytesIO(content))
    sheet = workbook[excel.TEMPLATE_SHEET]
    row = excel.TEMPLATE_HEADER_ROW + 1
    keys = [c.key for c in excel.TEMPLATE_COLUMNS]
    sheet.cell(row, keys.index("value") + 1, 2.6)
    sheet.cell(row, keys.index("source") + 1, "'-统计局")
    buffer = io.BytesIO()
    workbook.save(buffer)
    excel.import_workbook(
        data=buffer.getvalue(), by=reporter_a, filename="t.xlsx", round_=round_2024, unit=unit_a
    )
    assert Value.objects.get(indicator=n01).source == "-统计局"


@pytest.fixture
def evil_plan(db):
    """A plan file whose unit name begins with “=”."""
    from innocounty.plans.services import plan_load

    data = copy.deepcopy(SMALL_PLAN)
    data["key"] = "evil-county"
    evil = '=HYPERLINK("http://evil.example/","县经信局")'

    def rename(node):
        if isinstance(node, dict):
            return {k: rename(v) for k, v in node.items()}
        if isinstance(node, list):
            return [rename(v) for v in node]
        return evil if node == "县经信局" else node

    plan = plan_load(data=schema.Plan.model_validate(rename(data))).plan
    assert plan.units.filter(name=evil).exists()
    return plan


def test_unit_names_from_a_plan_file_are_escaped_in_the_chase_list(evil_plan, office_user):
    round_ = services.round_open(
        plan=evil_plan, period="2024", deadline=dt.date(2025, 3, 31), by=office_user
    )
    status = selectors.round_status(round_=round_)
    assert any(row.unit.name.startswith("=") for row in status.chase)
    content = exporters.write_xlsx(exporters.ChaseListExporter(status))
    assert formula_cells(content) == []
    names = [c.value for c in load_workbook(io.BytesIO(content)).active["A"]]
    assert '\'=HYPERLINK("http://evil.example/","县经信局")' in names


def test_unit_names_are_escaped_in_every_bulletin_export(evil_plan, office_user):
    from innocounty.bulletins.services import bulletin_create

    services.round_open(
        plan=evil_plan, period="2024", deadline=dt.date(2025, 3, 31), by=office_user
    )
    bulletin = bulletin_create(plan=evil_plan, period="2024")
    seen = 0
    for kind, exporter_class in exporters.exporters_of("bulletins").items():
        content = exporters.write_xlsx(exporter_class(bulletin.snapshot))
        assert formula_cells(content) == [], kind
        cells = [
            c.value for row in load_workbook(io.BytesIO(content)).active.iter_rows() for c in row
        ]
        assert not [c for c in cells if isinstance(c, str) and c.startswith(DANGEROUS)], kind
        seen += any(isinstance(c, str) and "evil.example" in c for c in cells)
    assert seen >= 2
