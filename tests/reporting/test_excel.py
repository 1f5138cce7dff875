"""The per-unit template, its upload and the full export (innocounty.reporting.excel)."""

from __future__ import annotations

import io
import zipfile
from decimal import Decimal

import pytest
from openpyxl import Workbook, load_workbook

from innocounty.audit.models import LogEntry
from innocounty.reporting import excel, services
from innocounty.reporting.models import Value

FIRST = excel.TEMPLATE_HEADER_ROW + 1


def snapshot() -> list[tuple]:
    """Everything an import could write: values and audit entries."""
    values = list(Value.objects.order_by("pk").values_list())
    log = list(LogEntry.objects.order_by("pk").values_list("pk", "action", "object_id"))
    return values + log


def edit(data: bytes, changes: dict[str, object], *, sheet: str = excel.TEMPLATE_SHEET) -> bytes:
    """Change cells of a workbook as a person would, keeping everything else."""
    workbook = load_workbook(io.BytesIO(data))
    for ref, value in changes.items():
        workbook[sheet][ref] = value
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def col(key: str, columns=excel.TEMPLATE_COLUMNS) -> str:
    return "ABCDEFGHIJKLMNOPQRSTUVWXYZ"[[c.key for c in columns].index(key)]


@pytest.fixture
def template_a(round_2024, unit_a):
    return excel.template_workbook(round_=round_2024, unit=unit_a)


def test_the_template_lists_the_units_indicators_under_a_protected_header(template_a):
    workbook = load_workbook(io.BytesIO(template_a))
    sheet = workbook[excel.TEMPLATE_SHEET]
    assert workbook.sheetnames == [excel.TEMPLATE_SHEET]
    assert sheet.protection.sheet
    assert workbook.security.lockStructure
    headers = [c.value for c in sheet[excel.TEMPLATE_HEADER_ROW]]
    assert headers[:9] == [
        "指标代码",
        "指标名称",
        "计量单位",
        "上期值",
        "本年目标",
        "状态",
        "数值",
        "分子",
        "分母",
    ]
    assert sheet[f"A{FIRST}"].value == "N01"
    assert sheet[f"A{FIRST + 1}"].value is None  # S01 is not 县财政局's
    assert sheet[f"E{FIRST}"].value == 2.5
    assert sheet["B4"].value == "县财政局"
    assert sheet[f"{col('value')}{FIRST}"].protection.locked is False
    assert sheet[f"{col('name')}{FIRST}"].protection.locked is True
    assert sheet.column_dimensions[col("revision")].hidden
    rules = {str(dv.sqref): (dv.type, dv.formula1) for dv in sheet.data_validations.dataValidation}
    assert rules[f"{col('value')}{FIRST}"] == ("decimal", "0")
    assert rules[f"{col('is_final')}{FIRST}"] == ("list", '"快报,年报"')
    props = {p.name: p.value for p in workbook.custom_doc_props.props}
    assert props["innocounty.format"] == "values-template"
    assert props["innocounty.unit"] == "县财政局"


def test_a_filled_template_saves_through_the_services(template_a, reporter_a, n01):
    filled = edit(
        template_a, {f"{col('value')}{FIRST}": 2.31, f"{col('source')}{FIRST}": "财政决算"}
    )
    result = excel.import_workbook(data=filled, by=reporter_a, filename="a.xlsx")
    assert (result.created, result.changed, result.unchanged) == (1, 0, 0)
    value = Value.objects.get(indicator=n01, period="2024")
    assert value.value == Decimal("2.31")
    assert value.source == "财政决算"
    assert value.log_entries().filter(action="reporting.value.created").exists()
    # The same file again changes nothing.
    before = snapshot()
    again = excel.import_workbook(
        data=excel.template_workbook(round_=value.round, unit=value.unit), by=reporter_a
    )
    assert (again.created, again.changed, again.unchanged) == (0, 0, 1)
    assert snapshot() == before


# --- bad uploads: a located message, nothing written ----------------------------------------


def refused(data: bytes, by, **kwargs) -> list[str]:
    before = snapshot()
    with pytest.raises(excel.ExcelImportError) as info:
        excel.import_workbook(data=data, by=by, **kwargs)
    assert snapshot() == before
    return info.value.problems


def test_text_in_a_number_cell_is_located_and_nothing_is_written(template_a, reporter_a):
    bad = edit(template_a, {f"{col('value')}{FIRST}": "abc", f"{col('source')}{FIRST}": "x"})
    assert refused(bad, reporter_a) == [f"工作表“填报” 第 {FIRST} 行 G 列（数值）：“abc”不是数字"]


def test_every_problem_of_every_row_is_listed_at_once(round_2024, small_plan, reporter_b):
    unit_b = small_plan.units.get(name="县经信局")
    template = excel.template_workbook(round_=round_2024, unit=unit_b)
    bad = edit(
        template,
        {
            f"{col('value')}{FIRST}": "-1.23456",
            f"{col('is_final')}{FIRST}": "初报",
            f"A{FIRST + 1}": "S01",
            f"{col('value')}{FIRST + 1}": 0.5,
            f"A{FIRST + 2}": "N01",
            f"{col('value')}{FIRST + 2}": 1,
            f"A{FIRST + 3}": "X99",
            f"{col('value')}{FIRST + 3}": 1,
        },
    )
    problems = refused(bad, reporter_b)
    assert problems == [
        f"工作表“填报” 第 {FIRST} 行 L 列（数据性质）：“初报”不是“快报”或“年报”",
        f"工作表“填报” 第 {FIRST} 行 G 列（数值）：不能为负数",
        f"工作表“填报” 第 {FIRST} 行 G 列（数值）：最多保留 3 位小数",
        f"工作表“填报” 第 {FIRST + 1} 行 A 列（指标代码）：指标“S01”重复，已在第 {FIRST} 行出现",
        f"工作表“填报” 第 {FIRST + 2} 行 A 列（指标代码）：指标“N01”不是“县经信局”在本轮需要填报的指标",
        f"工作表“填报” 第 {FIRST + 3} 行 A 列（指标代码）：指标代码“X99”不存在",
    ]


def test_number_rules_are_those_of_the_web_form(template_a, reporter_a):
    bad = edit(template_a, {f"{col('value')}{FIRST}": -1.234, f"{col('numerator')}{FIRST}": 5})
    assert refused(bad, reporter_a) == [
        f"工作表“填报” 第 {FIRST} 行 I 列（分母）：分子和分母需同时填写",
        f"工作表“填报” 第 {FIRST} 行 G 列（数值）：不能为负数",
        f"工作表“填报” 第 {FIRST} 行 G 列（数值）：百分比应在 0 到 100 之间",
        f"工作表“填报” 第 {FIRST} 行 G 列（数值）：最多保留 2 位小数",
    ]


def test_a_formula_is_refused(template_a, reporter_a):
    bad = edit(template_a, {f"{col('value')}{FIRST}": "=1+1"})
    assert refused(bad, reporter_a) == [
        f"工作表“填报” 第 {FIRST} 行 G 列（数值）：是公式“=1+1”；请填写数值而不是公式"
    ]


def test_merged_cells_are_refused(template_a, reporter_a):
    workbook = load_workbook(io.BytesIO(template_a))
    workbook[excel.TEMPLATE_SHEET].merge_cells(f"J{FIRST}:K{FIRST}")
    buffer = io.BytesIO()
    workbook.save(buffer)
    assert refused(buffer.getvalue(), reporter_a) == [
        f"工作表“填报” 有合并单元格 J{FIRST}:K{FIRST}；请取消合并后再上传"
    ]


def test_a_hidden_sheet_is_refused(template_a, reporter_a):
    workbook = load_workbook(io.BytesIO(template_a))
    workbook.create_sheet("草稿").sheet_state = "hidden"
    buffer = io.BytesIO()
    workbook.save(buffer)
    assert refused(buffer.getvalue(), reporter_a) == [
        "工作表“草稿”被隐藏；请取消隐藏或删除后再上传"
    ]


def test_a_workbook_of_another_origin_is_the_wrong_template(reporter_a, small_plan):
    workbook = Workbook()
    workbook.active.title = "填报"
    workbook.active["A1"] = "N01"
    buffer = io.BytesIO()
    workbook.save(buffer)
    assert refused(buffer.getvalue(), reporter_a, filename="my.xlsx") == [
        "文件“my.xlsx”不是本系统下载的填报模板或导出文件（缺少模板标识），请重新下载模板"
    ]


def test_a_template_of_another_format_version_is_refused(template_a, reporter_a):
    workbook = load_workbook(io.BytesIO(template_a))
    for prop in workbook.custom_doc_props.props:
        if prop.name == excel.VERSION_PROPERTY:
            prop.value = "0"
    buffer = io.BytesIO()
    workbook.save(buffer)
    assert refused(buffer.getvalue(), reporter_a, filename="t.xlsx") == [
        "文件“t.xlsx”的模板版本为 0，本系统需要版本 1，请重新下载模板"
    ]


def test_a_moved_header_is_the_wrong_template(template_a, reporter_a):
    bad = edit(template_a, {f"G{excel.TEMPLATE_HEADER_ROW}": "金额"})
    assert refused(bad, reporter_a) == [
        f"工作表“填报” 第 {excel.TEMPLATE_HEADER_ROW} 行 G 列（数值）：表头与模板不符：应为“数值”，实际为“金额”"
    ]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "文件“x.xlsx”是空文件"),
        (
            "指标代码,数值\nN01,2.3\n".encode(),
            "文件“x.xlsx”不是 Excel 工作簿（.xlsx）；请用本系统下载的模板填写后上传",
        ),
        (
            b"PK\x03\x04 not really a zip",
            "文件“x.xlsx”不是 Excel 工作簿（.xlsx）；请用本系统下载的模板填写后上传",
        ),
    ],
    ids=["empty", "csv-renamed", "broken-zip"],
)
def test_files_that_are_not_workbooks_are_refused(content, message, reporter_a):
    assert refused(content, reporter_a, filename="x.xlsx") == [message]


def test_an_oversized_file_is_refused_before_it_is_read(template_a, reporter_a, settings):
    settings.IMPORT_MAX_BYTES = 2 * 1024 * 1024
    assert refused(template_a + b"\0" * (3 * 1024 * 1024), reporter_a, filename="big.xlsx") == [
        "文件“big.xlsx”超过 2 MB，请删去多余内容后再上传"
    ]


def test_a_zip_bomb_is_refused_before_it_is_unpacked(template_a, reporter_a, settings):
    settings.IMPORT_MAX_UNPACKED_BYTES = 1024 * 1024
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as bomb:
        with zipfile.ZipFile(io.BytesIO(template_a)) as original:
            for info in original.infolist():
                bomb.writestr(info, original.read(info))
        bomb.writestr("xl/media/zeros.bin", b"\0" * (8 * 1024 * 1024))
    assert len(buffer.getvalue()) < 100_000
    assert refused(buffer.getvalue(), reporter_a, filename="bomb.xlsx") == [
        "文件“bomb.xlsx”解压后超过 1 MB，已拒绝"
    ]


def test_a_submitted_value_cannot_be_changed_by_import(
    template_a, round_2024, reporter_a, n01, unit_a
):
    saved = services.value_save(
        round_=round_2024, indicator=n01, unit=unit_a, data={"value": "2.4"}, by=reporter_a
    )
    services.value_submit(value=saved.value, by=reporter_a)
    template = excel.template_workbook(round_=round_2024, unit=unit_a)
    workbook = load_workbook(io.BytesIO(template))
    assert workbook[excel.TEMPLATE_SHEET][f"{col('value')}{FIRST}"].protection.locked
    assert excel.import_workbook(data=template, by=reporter_a).unchanged == 1
    bad = edit(template, {f"{col('value')}{FIRST}": 2.5})
    assert refused(bad, reporter_a) == [
        f"工作表“填报” 第 {FIRST} 行：该数据已报送，不能通过导入修改"
    ]


def test_a_change_made_since_the_download_is_a_located_conflict(
    template_a, round_2024, reporter_a, n01, unit_a
):
    services.value_save(
        round_=round_2024, indicator=n01, unit=unit_a, data={"value": "2.4"}, by=reporter_a
    )
    stale = excel.template_workbook(round_=round_2024, unit=unit_a)
    value = Value.objects.get(indicator=n01)
    services.value_save(
        round_=round_2024,
        indicator=n01,
        unit=unit_a,
        data={"value": "2.45"},
        by=reporter_a,
        revision=value.revision,
    )
    problems = refused(edit(stale, {f"{col('value')}{FIRST}": 2.5}), reporter_a)
    assert len(problems) == 1
    assert problems[0].startswith(f"工作表“填报” 第 {FIRST} 行：该数据已被 reporter-a 于 ")


def test_the_office_cannot_enter_values_by_import(template_a, office_user):
    bad = edit(template_a, {f"{col('value')}{FIRST}": 2.5})
    assert refused(bad, office_user) == [
        f"工作表“填报” 第 {FIRST} 行：只有责任单位的填报员可以修改数据；您的导入不能修改这一行"
    ]
