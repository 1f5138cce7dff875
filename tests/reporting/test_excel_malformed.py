"""Malformed workbooks (issue 11, items 6 and 7): broken or entity-laden XML gets a clear,
located Chinese message on the web and in `import-values` (never a 500 or a traceback), and
rows below a sheet's declared dimension are read, never silently dropped."""

from __future__ import annotations

import io
import re
import subprocess
import zipfile

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from openpyxl import Workbook

from innocounty.reporting import excel, services
from innocounty.reporting.models import Value
from tests.console import run_console
from tests.reporting.test_excel import snapshot

pytestmark = pytest.mark.django_db

SHEET = "xl/worksheets/sheet1.xml"
LAUGHS = (
    '<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol">'
    + "".join(
        f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">'
        for i in range(1, 10)
    )
    + "]>\n"
)


def rewrite(data: bytes, part: str, change) -> bytes:
    """The xlsx with one part's text changed by `change`."""
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == part:
                content = change(content.decode("utf-8")).encode("utf-8")
            target.writestr(info, content)
    return buffer.getvalue()


def undefined_entity(xml: str) -> str:
    return xml.replace("<sheetData>", "<sheetData>&nosuch;", 1)


def billion_laughs(xml: str) -> str:
    body = re.sub(r"^<\?xml[^>]*\?>\s*", "", xml)
    return LAUGHS + body.replace("<sheetData>", "<sheetData>&lol9;", 1)


def broken_tag(xml: str) -> str:
    return xml.replace("</row>", "</rowx>", 1)


CASES = {
    "undefined-entity": (undefined_entity, "使用了未定义的实体"),
    "billion-laughs": (billion_laughs, "含有文档类型定义或实体声明"),
    "broken-tag": (broken_tag, "的标签不匹配"),
}


@pytest.fixture
def template(round_2024, unit_a):
    return excel.template_workbook(round_=round_2024, unit=unit_a)


@pytest.mark.parametrize("case", sorted(CASES))
def test_a_malformed_upload_gets_a_located_message_not_a_500(
    client, case, template, round_2024, unit_a, reporter_a
):
    change, reason = CASES[case]
    client.force_login(reporter_a)
    before = snapshot()
    response = client.post(
        reverse("reporting:round-unit-upload", args=[round_2024.pk, unit_a.pk]),
        {"file": io.BytesIO(rewrite(template, SHEET, change))},
    )
    assert response.status_code == 400
    text = response.content.decode()
    assert "工作表“填报”（xl/worksheets/sheet1.xml） 第 " in text
    assert reason in text
    assert snapshot() == before


@pytest.mark.parametrize("case", sorted(CASES))
def test_import_values_refuses_a_malformed_workbook_with_the_place(
    case, template, reporter_a, tmp_path, capsys
):
    change, reason = CASES[case]
    target = tmp_path / "bad.xlsx"
    target.write_bytes(rewrite(template, SHEET, change))
    with pytest.raises(CommandError, match="未写入任何数据"):
        call_command("import_values", str(target), "--user", "reporter-a")
    err = capsys.readouterr().err
    assert re.search(r"工作表“填报”（xl/worksheets/sheet1\.xml） 第 \d+ 行第 \d+ 列", err), err
    assert reason in err
    assert not Value.objects.exists()


def test_a_broken_styles_part_is_named_too(template, reporter_a):
    def change(xml: str) -> str:
        assert "</fonts>" in xml
        return xml.replace("</fonts>", "</fontz>", 1)

    bad = rewrite(template, "xl/styles.xml", change)
    with pytest.raises(excel.ExcelImportError) as caught:
        excel.import_workbook(data=bad, by=reporter_a, filename="t.xlsx")
    assert caught.value.problems[0].startswith("文件“t.xlsx”已损坏或被改动")
    assert "“xl/styles.xml” 第 " in caught.value.problems[0]


def test_the_console_refuses_billion_laughs_without_traceback(tmp_path):
    workbook = Workbook()
    workbook.active["A1"] = "x"
    buffer = io.BytesIO()
    workbook.save(buffer)
    (tmp_path / "lol.xlsx").write_bytes(rewrite(buffer.getvalue(), SHEET, billion_laughs))
    assert run_console(["migrate", "-v0"], tmp_path).returncode == 0
    run_console(
        ["createsuperuser", "--noinput", "--username", "admin", "--email", "a@example.org"],
        tmp_path,
    )
    result: subprocess.CompletedProcess = run_console(
        ["import-values", str(tmp_path / "lol.xlsx"), "--user", "admin"], tmp_path
    )
    assert result.returncode != 0
    assert "文件“lol.xlsx”已损坏或被改动" in result.stderr
    assert "Traceback" not in result.stderr


# --- item 7: the declared dimension ---------------------------------------------------------


def test_rows_below_the_declared_dimension_are_read(
    round_2024, n01, unit_a, reporter_a, office_user
):
    """An export whose <dimension> claims only the title, the header and the first row: the
    fourth row's change is imported, not dropped."""
    older = services.round_open(
        plan=round_2024.plan, period="2023", deadline=round_2024.deadline, by=office_user
    )
    for round_ in (older, round_2024):
        services.value_save(
            round_=round_, indicator=n01, unit=unit_a, data={"value": "2.5"}, by=reporter_a
        )
    content = excel.export_values(fmt="xlsx")
    keys = [c.key for c in excel.EXPORT_COLUMNS]
    letter = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"[keys.index("source")]
    after = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"[keys.index("is_final")]  # always filled

    def shrink_and_change(xml: str) -> str:
        xml, count = re.subn(r'<dimension ref="[^"]*"/>', '<dimension ref="A1:S3"/>', xml)
        assert count == 1
        cell = f'<c r="{letter}4" t="inlineStr"><is><t>年报</t></is></c>'
        return xml.replace(f'<c r="{after}4"', cell + f'<c r="{after}4"', 1)

    tampered = rewrite(content, SHEET, shrink_and_change)
    result = excel.import_workbook(data=tampered, by=reporter_a, filename="e.xlsx")
    assert result.changed == 1
    assert Value.objects.get(period="2024").source == "年报"
    assert Value.objects.get(period="2023").source == ""
