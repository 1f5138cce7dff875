"""The full export, its import back, and the import-values / export-values commands."""

from __future__ import annotations

import csv
import io
import subprocess
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from openpyxl import load_workbook

from innocounty.reporting import excel, services
from innocounty.reporting.models import Value
from tests.console import run_console
from tests.reporting.test_excel import col, edit, snapshot

COLUMNS = excel.EXPORT_COLUMNS


@pytest.fixture
def values(round_2024, n01, s01, unit_a, unit_b, reporter_a, reporter_b, office_user):
    """N01 approved then corrected (v1 approved, v2 draft); S01 a draft of 县经信局."""
    saved = services.value_save(
        round_=round_2024,
        indicator=n01,
        unit=unit_a,
        data={"value": "2.4", "source": "财政决算", "note": "多行\n备注"},
        by=reporter_a,
    ).value
    services.value_submit(value=saved, by=reporter_a)
    approved = services.value_approve(value=Value.objects.get(pk=saved.pk), by=office_user)
    services.value_correct(value=approved, by=reporter_a, reason="口径调整")
    services.value_save(
        round_=round_2024,
        indicator=s01,
        unit=unit_b,
        data={"numerator": "48", "denominator": "100", "is_final": True},
        by=reporter_b,
    )
    return Value.objects.order_by("pk")


def export_rows(data: bytes) -> list[list]:
    """The header row and the data rows, below the title row."""
    sheet = load_workbook(io.BytesIO(data), read_only=True)[excel.EXPORT_SHEET]
    return [list(row) for row in sheet.iter_rows(min_row=2, values_only=True)]


def test_the_export_has_every_version_of_every_value(values):
    rows = export_rows(excel.export_values(fmt="xlsx"))
    assert rows[0] == [c.header for c in COLUMNS]
    keyed = [(r[1], r[3], r[4], r[5]) for r in rows[1:]]
    assert keyed == [
        ("N01", "2024", 1, "已审核"),
        ("N01", "2024", 2, "草稿"),
        ("S01", "2024", 1, "草稿"),
    ]
    assert rows[3][7:9] == [48, 100]
    assert rows[3][11] == "年报"


def test_the_csv_export_has_the_same_rows(values):
    text = excel.export_values(fmt="csv").decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == [c.header for c in COLUMNS]
    assert rows[1][:7] == ["demo-county-2024", "N01", rows[1][2], "2024", "1", "已审核", "2.4"]
    assert rows[1][12] == "多行\n备注"
    assert len(rows) == 4


def test_an_exported_workbook_imports_back_unchanged(values, reporter_a, office_user):
    data = excel.export_values(fmt="xlsx")
    before = snapshot()
    result = excel.import_workbook(data=data, by=office_user)
    assert (result.created, result.changed, result.unchanged) == (0, 0, 3)
    assert snapshot() == before
    # A reporter's own export (what the web page gives it): its two versions of N01.
    result = excel.import_workbook(data=excel.export_values(user=reporter_a), by=reporter_a)
    assert (result.created, result.changed, result.unchanged) == (0, 0, 2)
    assert snapshot() == before


def test_a_row_naming_another_units_draft_shows_nothing_of_it(values, reporter_a):
    """Unit B's draft of S01 (row 5 of the full export) is not reporter A's to see: its row is
    "not in the system", whatever it holds; the stored cells are never echoed back."""
    edited = edit(
        excel.export_values(fmt="xlsx"),
        {f"{col('state', COLUMNS)}5": "已审核", f"{col('value', COLUMNS)}5": "0.9"},
        sheet=excel.EXPORT_SHEET,
    )
    before = snapshot()
    with pytest.raises(excel.ExcelImportError) as info:
        excel.import_workbook(data=edited, by=reporter_a)
    assert info.value.problems == [
        "工作表“指标值” 第 5 行：系统中没有方案“demo-county-2024”指标“S01”2024 第 1 版；"
        "导出文件只能修改已有数据"
    ]
    assert "草稿" not in " ".join(info.value.problems)
    assert snapshot() == before


def test_one_edited_draft_in_the_export_is_exactly_one_change(values, reporter_a, n01):
    data = excel.export_values(fmt="xlsx", user=reporter_a)
    draft = Value.objects.get(indicator=n01, version=2)
    before = {v.pk: (v.value, v.note, v.revision) for v in values}
    edited = edit(data, {f"{col('value', COLUMNS)}4": 2.45}, sheet=excel.EXPORT_SHEET)
    result = excel.import_workbook(data=edited, by=reporter_a)
    assert (result.created, result.changed, result.unchanged) == (0, 1, 1)
    after = {v.pk: (v.value, v.note, v.revision) for v in Value.objects.all()}
    assert after.pop(draft.pk)[0] == Decimal("2.45")
    assert before.pop(draft.pk)[0] == Decimal("2.4")
    assert after == before
    entry = draft.log_entries().first()
    assert entry.action == "reporting.value.changed"
    assert entry.user == reporter_a
    assert entry.data["changes"]["value"] == ["2.4", "2.45"]


def test_the_export_refuses_changes_to_approved_versions_and_read_only_columns(values, office_user):
    data = excel.export_values(fmt="xlsx")
    edited = edit(
        data,
        {f"{col('value', COLUMNS)}3": 9, f"{col('state', COLUMNS)}5": "已审核"},
        sheet=excel.EXPORT_SHEET,
    )
    before = snapshot()
    with pytest.raises(excel.ExcelImportError) as info:
        excel.import_workbook(data=edited, by=office_user)
    assert info.value.problems == [
        "工作表“指标值” 第 3 行：该数据不是最新版本（最新为第 2 版），不能通过导入修改",
        "工作表“指标值” 第 5 行 F 列（状态）：该列只读，不能通过导入修改（文件中为“已审核”，系统中为“草稿”）",
    ]
    assert snapshot() == before


def test_a_row_the_database_does_not_have_is_refused(values, reporter_a):
    edited = edit(
        excel.export_values(fmt="xlsx"),
        {f"{col('version', COLUMNS)}5": 7},
        sheet=excel.EXPORT_SHEET,
    )
    with pytest.raises(
        excel.ExcelImportError, match="系统中没有方案“demo-county-2024”指标“S01”2024 第 7 版"
    ):
        excel.import_workbook(data=edited, by=reporter_a)


# --- commands ---------------------------------------------------------------------------------


def test_export_and_import_commands_round_trip(values, office_user, tmp_path, capsys):
    target = tmp_path / "values.xlsx"
    call_command("export_values", "--format", "xlsx", "-o", str(target))
    before = snapshot()
    call_command("import_values", str(target), "--user", "office")
    assert "新增 0 项，修改 0 项，未变 3 项" in capsys.readouterr().out
    assert snapshot() == before


def test_import_command_lists_every_problem_and_writes_nothing(
    values, reporter_a, tmp_path, capsys
):
    target = tmp_path / "values.xlsx"
    data = edit(
        excel.export_values(fmt="xlsx"),
        {f"{col('value', COLUMNS)}4": "abc", f"{col('value', COLUMNS)}5": "=1/2"},
        sheet=excel.EXPORT_SHEET,
    )
    target.write_bytes(data)
    before = snapshot()
    with pytest.raises(CommandError, match="导入失败：共 2 个问题，未写入任何数据"):
        call_command("import_values", str(target), "--user", "reporter-a")
    err = capsys.readouterr().err
    assert "工作表“指标值” 第 4 行 G 列（数值）：“abc”不是数字" in err
    assert "工作表“指标值” 第 5 行 G 列（数值）：是公式“=1/2”" in err
    assert snapshot() == before


def test_import_command_needs_an_existing_user(values, tmp_path):
    with pytest.raises(CommandError, match="找不到用户“nobody”"):
        call_command("import_values", str(tmp_path / "x.xlsx"), "--user", "nobody")


def test_export_command_names_the_plans_it_knows(values, tmp_path):
    with pytest.raises(CommandError, match="找不到方案“nowhere”；已有方案：demo-county-2024"):
        call_command("export_values", "--plan", "nowhere", "-o", str(tmp_path / "x.csv"))


def test_the_console_script_exports_and_refuses_a_bad_file_without_traceback(tmp_path):
    def run(*args: str) -> subprocess.CompletedProcess:
        return run_console(list(args), tmp_path)

    assert run("migrate", "-v0").returncode == 0
    result = run("export-values", "--format", "csv", "-o", str(tmp_path / "v.csv"))
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "v.csv").read_bytes().startswith("\ufeff方案代码".encode())
    (tmp_path / "bad.xlsx").write_text("a,b\n1,2\n")
    run("createsuperuser", "--noinput", "--username", "admin", "--email", "a@example.org")
    result = run("import-values", str(tmp_path / "bad.xlsx"), "--user", "admin")
    assert result.returncode != 0
    assert "文件“bad.xlsx”不是 Excel 工作簿（.xlsx）" in result.stderr
    assert "Traceback" not in result.stderr
