"""Excel in and out for indicator values: the per-unit template, its upload, the full export.

Two workbook formats, each named by custom document properties (`innocounty.format`,
`innocounty.format_version`) that Excel, WPS and LibreOffice keep when they save:

- the **template** (`values-template`): one sheet “填报” for one unit in one round, with a
  protected header block and one row per indicator the unit reports in the round. Only the
  entry cells of draft or returned values are unlocked; number cells carry data validation.
- the **export** (`values-export`): one sheet “指标值” with every version of every value (of one
  plan or of all), for the office, under a title row (the reader finds the header in the first
  rows, so older files without the title row import too). The CSV export has the same columns.

`import_workbook` accepts both, with the same rules as the web form (the services decide):

- An old Excel (.xls) or WPS (.et) workbook is first converted to xlsx with LibreOffice
  (`convert_legacy`); without LibreOffice it is refused with a message saying so.
- The file is refused before anything is read when it is empty, too big (`IMPORT_MAX_BYTES`,
  default 10 MB), not an xlsx (a CSV renamed), unpacks to too much
  (`IMPORT_MAX_UNPACKED_BYTES`, default 100 MB: a zip bomb), has hidden sheets, lacks the
  format marker or names an unknown format version, plan, round or unit.
- Every row is then read and every problem listed with its sheet, row and column: merged cells,
  formulas, text in number cells, unknown or repeated indicator codes, indicators the unit does
  not report, every check of `services.value_check`, read-only columns that differ from the
  database, changes to values that are submitted, approved or not the latest version, changes
  by someone who is not a reporter of a responsible unit (the office reviews; it does not enter).
- A row equal to what is stored is unchanged and needs no permission; a template row that is
  empty where nothing is stored is skipped, as the web form skips it.
- Any problem: `ExcelImportError` with all messages; nothing is written. Otherwise every changed
  row goes through `services.value_save` in one transaction, with the revision the file was made
  from (the template's hidden “修订号” column, the export's “修订号”), so a change made since the
  download is reported as a conflict at its row. Each save writes its audit entry.
- Export rows are matched by (plan, indicator code, period, version); the export can change
  existing drafts only, never create values (the template is for new data). Rows of the
  database missing from the file are left alone, so a filtered export imports back too.
An exported workbook therefore imports back unchanged.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import re
import time
import xml.etree.ElementTree as ET
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any
from xml.parsers import expat

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.packaging.custom import StringProperty
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.utils import get_column_letter
from openpyxl.workbook.protection import WorkbookProtection
from openpyxl.worksheet.datavalidation import DataValidation

from innocounty.core.validation import parse_number
from innocounty.core.workflow import State
from innocounty.plans.models import Indicator, Plan, Unit
from innocounty.reporting import access, selectors, services
from innocounty.reporting.exporters import (
    HEADER_ROW,
    BaseExporter,
    build_workbook,
    office_name,
    safe_cell,
    unescape_cell,
)
from innocounty.reporting.exporters import write_csv as _write_csv
from innocounty.reporting.models import Round, Value, WorkflowState

FORMAT_PROPERTY = "innocounty.format"
VERSION_PROPERTY = "innocounty.format_version"
TEMPLATE_FORMAT = "values-template"
EXPORT_FORMAT = "values-export"
FORMAT_VERSION = "1"

TEMPLATE_SHEET = "填报"
EXPORT_SHEET = "指标值"
TEMPLATE_HEADER_ROW = 7
# Exports have a title row above the header; files exported before it have the header in row 1,
# so the reader looks for the header in the first rows.
EXPORT_HEADER_ROW = HEADER_ROW
EXPORT_HEADER_SEARCH = 5

# Read back from workbooks: files written before the labels went full-width say "年报(正式数)".
FINAL_LABELS = {"年报": True, "年报（正式数）": True, "快报": False, "": False}
FINAL_LABELS["年报(正式数)"] = True  # fullwidth: keep

FILE_EMPTY = "文件“{name}”是空文件"
FILE_TOO_LARGE = "文件“{name}”超过 {limit} MB，请删去多余内容后再上传"
FILE_NOT_XLSX = "文件“{name}”不是 Excel 工作簿（.xlsx）；请用本系统下载的模板填写后上传"
LEGACY_NO_SOFFICE = (
    "文件“{name}”是旧版 Excel（.xls）或 WPS（.et）工作簿；服务器未安装 LibreOffice，无法转换。"
    "请在 Excel 或 WPS 中另存为 .xlsx 后再上传"
)
LEGACY_FAILED = (
    "文件“{name}”是旧版 Excel（.xls）或 WPS（.et）工作簿，但无法转换为 .xlsx（{reason}）。"
    "请在 Excel 或 WPS 中另存为 .xlsx 后再上传"
)
FILE_ZIP_BOMB = "文件“{name}”解压后超过 {limit} MB，已拒绝"
FILE_UNREADABLE = "文件“{name}”无法作为 Excel 工作簿读取：{reason}"
NOT_OUR_FILE = "文件“{name}”不是本系统下载的填报模板或导出文件（缺少模板标识），请重新下载模板"
WRONG_VERSION = "文件“{name}”的模板版本为 {found}，本系统需要版本 {expected}，请重新下载模板"
UNKNOWN_PLAN = "模板中的方案“{plan}”在系统中不存在"
UNKNOWN_ROUND = "方案“{plan}”没有报告期 {period} 的填报轮次"
UNKNOWN_UNIT = "方案“{plan}”没有单位“{unit}”"
WRONG_ROUND = "该模板属于“{found}”，不是本页的“{expected}”"
WRONG_UNIT = "该模板属于“{found}”，不是本页的“{expected}”"
HIDDEN_SHEET = "工作表“{sheet}”被隐藏；请取消隐藏或删除后再上传"
MISSING_SHEET = "找不到工作表“{sheet}”；请使用本系统下载的模板"
BAD_HEADER = "表头与模板不符：应为“{expected}”，实际为“{found}”"
MERGED = "有合并单元格 {ref}；请取消合并后再上传"
FORMULA = "是公式“{formula}”；请填写数值而不是公式"
UNKNOWN_CODE = "指标代码“{code}”不存在"
NOT_IN_ROUND = "指标“{code}”不是“{unit}”在本轮需要填报的指标"
DUPLICATE_CODE = "指标“{code}”重复，已在第 {first} 行出现"
BAD_FINAL = "“{text}”不是“快报”或“年报”"
BAD_INTEGER = "“{text}”不是整数"
READ_ONLY_COLUMN = "该列只读，不能通过导入修改（文件中为“{found}”，系统中为“{expected}”）"
VALUE_NOT_EDITABLE = "该数据{state}，不能通过导入修改"
NOT_LATEST = "该数据不是最新版本（最新为第 {latest} 版），不能通过导入修改"
NO_SUCH_VALUE = (
    "系统中没有方案“{plan}”指标“{code}”{period} 第 {version} 版；导出文件只能修改已有数据"
)
NO_ROUND = "该数据不属于任何填报轮次，不能通过导入修改"
NOT_A_REPORTER = "只有责任单位的填报员可以修改数据；您的导入不能修改这一行"
NO_ROWS = "没有找到数据行"
BAD_XML = (
    "文件“{name}”已损坏或被改动，未导入任何数据：{part} 第 {line} 行第 {column} 列{reason}。"
    "请用 Excel 或 WPS 打开后另存为 .xlsx，或重新下载模板填写"
)
XML_REASONS = {
    "dtd": "含有文档类型定义或实体声明（Excel 工作簿不会有，已拒绝）",
    expat.errors.XML_ERROR_UNDEFINED_ENTITY: "使用了未定义的实体",
    expat.errors.XML_ERROR_TAG_MISMATCH: "的标签不匹配",
    expat.errors.XML_ERROR_INVALID_TOKEN: "有无效的字符",
    expat.errors.XML_ERROR_UNCLOSED_TOKEN: "的内容不完整",
    expat.errors.XML_ERROR_NO_ELEMENTS: "没有内容",
}
XML_REASON = "的 XML 格式错误"


class ExcelImportError(ValueError):
    """An upload refused; `problems` lists every located message. Nothing was written."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("\n".join(problems))


@dataclass
class ImportResult:
    format: str
    created: int = 0
    changed: int = 0
    unchanged: int = 0
    warnings: list[str] = field(default_factory=list)

    def summary(self) -> str:
        return _("新增 %(created)s 项，修改 %(changed)s 项，未变 %(unchanged)s 项") % {
            "created": self.created,
            "changed": self.changed,
            "unchanged": self.unchanged,
        }


def max_bytes() -> int:
    return getattr(settings, "IMPORT_MAX_BYTES", 10 * 1024 * 1024)


def max_unpacked_bytes() -> int:
    return getattr(settings, "IMPORT_MAX_UNPACKED_BYTES", 100 * 1024 * 1024)


# --- columns --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    kind: str = "text"  # text | number | final | int | info (read-only, compared as text)
    editable: bool = False


ENTRY_COLUMNS = (
    Column("value", "数值", "number", True),
    Column("numerator", "分子", "number", True),
    Column("denominator", "分母", "number", True),
    Column("source", "数据来源", "text", True),
    Column("caliber", "统计口径说明", "text", True),
    Column("is_final", "数据性质", "final", True),
    Column("note", "备注", "text", True),
    Column("explanation", "异常情况说明", "text", True),
)

TEMPLATE_COLUMNS = (
    Column("code", "指标代码"),
    Column("name", "指标名称", "info"),
    Column("measure_unit", "计量单位", "info"),
    Column("previous", "上期值", "info"),
    Column("target", "本年目标", "info"),
    Column("state", "状态", "info"),
    *ENTRY_COLUMNS,
    Column("revision", "修订号", "int"),
)

EXPORT_COLUMNS = (
    Column("plan", "方案代码"),
    Column("code", "指标代码"),
    Column("name", "指标名称", "info"),
    Column("period", "报告期"),
    Column("version", "版本", "int"),
    Column("state", "状态", "info"),
    *ENTRY_COLUMNS,
    Column("unit", "填报单位", "info"),
    Column("submitted_at", "报送时间", "info"),
    Column("reviewed_at", "审核时间", "info"),
    Column("updated", "更新时间", "info"),
    Column("revision", "修订号", "int"),
)


def _plain(number: Decimal | None) -> str:
    if number is None:
        return ""
    normal = number.normalize()
    return str(normal.quantize(1)) if normal == normal.to_integral_value() else format(normal, "f")


def _text(cell: Any) -> str:
    """A cell as the text a person sees: whole floats without “.0”, dates as ISO text."""
    if cell is None:
        return ""
    if isinstance(cell, bool):
        return "TRUE" if cell else "FALSE"
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    if isinstance(cell, Decimal):
        return _plain(cell)
    if isinstance(cell, dt.datetime):
        return cell.strftime("%Y-%m-%d %H:%M:%S")
    return str(cell).strip()


def _cell_text(cell: Any) -> str:
    """A cell of an imported file as text, without the formula escape of `safe_cell`."""
    return unescape_cell(_text(cell))


def _time(moment: dt.datetime | None) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M:%S") if moment else ""


def _final_label(is_final: bool) -> str:
    return "年报" if is_final else "快报"


def _same_number(cell: Any, stored: Decimal | None) -> bool:
    """Whether a cell holds the stored number; floats are compared as floats, because a
    Decimal written to xlsx comes back as the nearest float."""
    if cell is None or (isinstance(cell, str) and not cell.strip()):
        return stored is None
    if stored is None or isinstance(cell, bool):
        return False
    if isinstance(cell, float):
        return float(stored) == cell
    try:
        return parse_number(cell) == stored
    except (ValueError, TypeError):
        return False


# --- template -------------------------------------------------------------------------------

_HEADER_FILL = PatternFill("solid", fgColor="DDE6F3")
_LOCKED_FILL = PatternFill("solid", fgColor="F2F2F2")
_UNLOCKED = Protection(locked=False)


def _set_marker(workbook: Workbook, fmt: str, **extra: str) -> None:
    workbook.custom_doc_props.append(StringProperty(name=FORMAT_PROPERTY, value=fmt))
    workbook.custom_doc_props.append(StringProperty(name=VERSION_PROPERTY, value=FORMAT_VERSION))
    for name, value in extra.items():
        workbook.custom_doc_props.append(StringProperty(name=f"innocounty.{name}", value=value))


def template_workbook(*, round_: Round, unit: Unit, user: Any = None) -> bytes:
    """The unit's template for the round: protected, with entry cells unlocked where the value
    may still be edited, and data validation on the number and 数据性质 cells. With `user`,
    only the versions that person may see are written."""
    plan = round_.plan
    rows = selectors.unit_entries(round_=round_, unit=unit, user=user)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = TEMPLATE_SHEET
    _set_marker(workbook, TEMPLATE_FORMAT, plan=plan.key, period=round_.period, unit=unit.name)

    sheet["A1"] = safe_cell(_("%(plan)s 指标数据填报表") % {"plan": plan.title})
    sheet["A1"].font = Font(bold=True, size=14)
    header_block = [
        (_("方案"), plan.title, _("方案代码"), plan.key),
        (_("填报轮次"), round_.title, _("报告期"), round_.period),
        (_("填报单位"), unit.name, _("截止日期"), round_.deadline.isoformat()),
    ]
    for offset, (label_a, value_a, label_b, value_b) in enumerate(header_block):
        row = 2 + offset
        sheet.cell(row, 1, safe_cell(label_a)).font = Font(bold=True)
        sheet.cell(row, 2, safe_cell(value_a))
        sheet.cell(row, 5, safe_cell(label_b)).font = Font(bold=True)
        sheet.cell(row, 6, safe_cell(value_b))
    sheet["A5"] = _(
        "只能填写白色单元格；比率指标可填写分子和分母，由系统计算数值；数据性质选“快报”或“年报”。"
        "请勿插入或删除行列、合并单元格或使用公式。上传时与网页填报按同样的规则检查。"
    )
    sheet["A5"].font = Font(color="555555")

    for index, column in enumerate(TEMPLATE_COLUMNS, start=1):
        cell = sheet.cell(TEMPLATE_HEADER_ROW, index, column.header)
        cell.font = Font(bold=True)
        cell.fill = _HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="center")

    positions = {column.key: index for index, column in enumerate(TEMPLATE_COLUMNS, start=1)}
    validations: dict[tuple[str, ...], DataValidation] = {}

    def validate(kind: tuple[str, ...], cell_ref: str) -> None:
        if kind not in validations:
            validations[kind] = _validation(kind)
        validations[kind].add(cell_ref)

    for offset, row in enumerate(rows):
        r = TEMPLATE_HEADER_ROW + 1 + offset
        indicator, value = row.indicator, row.value
        state = value.state if value else ""
        editable = state in (State.DRAFT, State.RETURNED) or (round_.is_open() and not state)
        cells = {
            "code": indicator.code,
            "name": indicator.name,
            "measure_unit": indicator.measure_unit,
            "previous": row.previous,
            "target": row.target,
            "state": str(WorkflowState(state).label) if state else _("未填报"),
            "revision": value.revision if value else None,
        }
        if value is not None:
            cells |= {
                "value": value.value,
                "numerator": value.numerator,
                "denominator": value.denominator,
                "source": value.source,
                "caliber": value.caliber,
                "is_final": _final_label(value.is_final),
                "note": value.note,
                "explanation": value.explanation,
            }
        is_ratio = indicator.measure_type == Indicator.MeasureType.RATIO
        for column in TEMPLATE_COLUMNS:
            cell = sheet.cell(r, positions[column.key], safe_cell(cells.get(column.key)))
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            unlocked = editable and column.editable
            if column.key in ("numerator", "denominator") and not is_ratio:
                unlocked = False
            if unlocked:
                cell.protection = _UNLOCKED
                if column.key == "value":
                    share = indicator.measure_unit.strip() in ("%", "\uff05")
                    validate(("value", str(indicator.decimals), str(share)), cell.coordinate)
                elif column.kind == "number":
                    validate(("part",), cell.coordinate)
                elif column.kind == "final":
                    validate(("final",), cell.coordinate)
            else:
                cell.fill = _LOCKED_FILL

    for validation in validations.values():
        sheet.add_data_validation(validation)
    widths = [10, 36, 12, 10, 10, 8, 12, 12, 12, 20, 24, 10, 24, 24, 8]
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    # The revision is bookkeeping for the conflict check, not something to read.
    sheet.column_dimensions[get_column_letter(positions["revision"])].hidden = True
    sheet.freeze_panes = sheet.cell(TEMPLATE_HEADER_ROW + 1, 3)
    sheet.protection.sheet = True
    sheet.protection.formatColumns = False
    sheet.protection.formatRows = False
    workbook.security = WorkbookProtection(lockStructure=True)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _validation(kind: tuple[str, ...]) -> DataValidation:
    if kind[0] == "final":
        validation = DataValidation(type="list", formula1='"快报,年报"', allow_blank=True)
        validation.error = _("请选择“快报”或“年报”")
        return _messages(validation)
    if kind[0] == "value" and kind[2] == "True":
        validation = DataValidation(
            type="decimal", operator="between", formula1="0", formula2="100", allow_blank=True
        )
        validation.error = _("请填写 0 到 100 之间的数字")
    else:
        validation = DataValidation(
            type="decimal", operator="greaterThanOrEqual", formula1="0", allow_blank=True
        )
        validation.error = _("请填写不小于 0 的数字")
    if kind[0] == "value":
        validation.promptTitle = _("数值")
        validation.prompt = _("最多保留 %(decimals)s 位小数") % {"decimals": kind[1]}
        validation.showInputMessage = True
    return _messages(validation)


def _messages(validation: DataValidation) -> DataValidation:
    validation.errorTitle = _("输入有误")
    validation.showErrorMessage = True
    return validation


# --- full export ----------------------------------------------------------------------------


class ValuesExporter(BaseExporter):
    """Every version of every value (of one plan, or of all), one row each."""

    identifier = "values"
    verbose_name = EXPORT_SHEET
    number_columns = tuple(
        index for index, column in enumerate(EXPORT_COLUMNS, start=1) if column.kind == "number"
    )
    widths = (18, 10, 36, 10, 6, 8, 12, 12, 12, 20, 20, 8, 20, 20, 16, 19, 19, 19, 8)
    frozen_columns = 2
    # No wrapping: 10,000 rows of styled cells would make the file slow to write and read.
    wrap = False

    def __init__(self, plan: Plan | None = None, user: Any = None) -> None:
        self.plan = plan
        self.user = user
        self.office = office_name(plan) if plan is not None else ""

    def headers(self) -> Sequence[str]:
        return [_(column.header) for column in EXPORT_COLUMNS]

    def queryset(self) -> Any:
        values = Value.objects.all()
        if self.plan is not None:
            values = values.filter(indicator__plan=self.plan)
        if self.user is not None:
            values = access.values_visible_to(self.user, values)
        return values.order_by("indicator__plan__key", "indicator__position", "period", "version")

    def rows(self) -> Iterable[Sequence[Any]]:
        for value in _values_with_relations(self.queryset()):
            cells = row_cells(value)
            yield [cells[column.key] for column in EXPORT_COLUMNS]


def _values_with_relations(values: Any) -> list[Value]:
    """The values with indicator, plan, unit and round attached from a handful of rows each;
    joining them in SQL makes thousands of duplicate model objects."""
    values = list(values)
    indicators = Indicator.objects.in_bulk({v.indicator_id for v in values})
    plans = Plan.objects.in_bulk({i.plan_id for i in indicators.values()})
    for indicator in indicators.values():
        indicator.plan = plans[indicator.plan_id]
    units = Unit.objects.in_bulk({v.unit_id for v in values if v.unit_id})
    rounds = Round.objects.in_bulk({v.round_id for v in values if v.round_id})
    for round_ in rounds.values():
        round_.plan = plans.get(round_.plan_id) or round_.plan
    for value in values:
        value.indicator = indicators[value.indicator_id]
        value.unit = units.get(value.unit_id) if value.unit_id else None
        value.round = rounds.get(value.round_id) if value.round_id else None
    return values


def row_cells(value: Value) -> dict[str, Any]:
    """One value as export cells, by column key; the import compares with exactly these."""
    return {
        "plan": value.indicator.plan.key,
        "code": value.indicator.code,
        "name": value.indicator.name,
        "period": value.period,
        "version": value.version,
        "state": str(WorkflowState(value.state).label),
        "value": value.value,
        "numerator": value.numerator,
        "denominator": value.denominator,
        "source": value.source,
        "caliber": value.caliber,
        "is_final": _final_label(value.is_final),
        "note": value.note,
        "explanation": value.explanation,
        "unit": value.unit.name if value.unit else "",
        "submitted_at": _time(value.submitted_at),
        "reviewed_at": _time(value.reviewed_at),
        "updated": _time(value.updated),
        "revision": value.revision,
    }


def export_values(*, plan: Plan | None = None, fmt: str = "xlsx", user: Any = None) -> bytes:
    """The full export as xlsx (importable back) or CSV (UTF-8 with BOM, for Excel); with
    `user`, only the versions that person may see (`access.values_visible_to`)."""
    exporter = ValuesExporter(plan, user)
    if fmt == "csv":
        return write_csv(exporter)
    if fmt != "xlsx":
        raise ValueError(f"unknown format {fmt!r}")
    # Not write-only: that mode writes inline strings and no dimension, which make reading the
    # file back three times slower; 10,000 rows fit in memory comfortably.
    workbook = build_workbook(exporter, title=EXPORT_SHEET)
    _set_marker(workbook, EXPORT_FORMAT, plan=plan.key if plan else "")
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def write_csv(exporter: BaseExporter) -> bytes:
    return _write_csv(exporter, cell=lambda c: _plain(c) if isinstance(c, Decimal) else c)


# --- import: the file -----------------------------------------------------------------------


OLE2_MAGIC = b"\xd0\xcf\x11\xe0"


def convert_legacy(data: bytes, name: str, *, timeout: int = 120) -> bytes:
    """An old Excel (.xls) or WPS (.et) workbook converted to xlsx with LibreOffice (as the
    bulletin's PDF is made), in its own profile and folder; the result is then checked like
    any upload. `ExcelImportError` with a clear message when LibreOffice is missing or fails."""
    import shutil
    import subprocess
    import tempfile
    from pathlib import Path

    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        raise ExcelImportError([LEGACY_NO_SOFFICE.format(name=name)])
    with tempfile.TemporaryDirectory(prefix="innocounty-xls-") as tmp:
        folder = Path(tmp)
        suffix = ".et" if name.lower().endswith(".et") else ".xls"
        source = folder / f"upload{suffix}"
        source.write_bytes(data)
        command = [
            soffice,
            f"-env:UserInstallation={(folder / 'profile').as_uri()}",
            "--headless",
            "--norestore",
            "--convert-to",
            "xlsx:Calc MS Excel 2007 XML",
            "--outdir",
            str(folder / "out"),
            str(source),
        ]
        try:
            result = subprocess.run(command, capture_output=True, text=True, timeout=timeout)
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise ExcelImportError([LEGACY_FAILED.format(name=name, reason=exc)]) from None
        target = folder / "out" / "upload.xlsx"
        if result.returncode != 0 or not target.exists():
            reason = (result.stderr or result.stdout).strip()[:200] or f"code {result.returncode}"
            raise ExcelImportError([LEGACY_FAILED.format(name=name, reason=reason)])
        return target.read_bytes()


def _open(data: bytes, name: str) -> Any:
    """Open the workbook after the checks that need no parsing; raise with one message."""
    limit = max_bytes()
    if not data:
        raise ExcelImportError([FILE_EMPTY.format(name=name)])
    if len(data) > limit:
        raise ExcelImportError([FILE_TOO_LARGE.format(name=name, limit=limit // (1024 * 1024))])
    if data.startswith(OLE2_MAGIC):
        data = convert_legacy(data, name)
    if not data.startswith(b"PK\x03\x04"):
        raise ExcelImportError([FILE_NOT_XLSX.format(name=name)])
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, OSError):
        raise ExcelImportError([FILE_NOT_XLSX.format(name=name)]) from None
    unpacked = max_unpacked_bytes()
    # Declared sizes are enforced by zipfile while reading, so they bound what openpyxl unpacks.
    if sum(info.file_size for info in infos) > unpacked or len(infos) > 10_000:
        raise ExcelImportError([FILE_ZIP_BOMB.format(name=name, limit=unpacked // (1024 * 1024))])
    names = {info.filename for info in infos}
    if "[Content_Types].xml" not in names or "xl/workbook.xml" not in names:
        raise ExcelImportError([FILE_NOT_XLSX.format(name=name)])
    _check_xml_parts(archive, name)
    try:
        return load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except Exception as exc:  # openpyxl raises many kinds on damaged files
        raise ExcelImportError([FILE_UNREADABLE.format(name=name, reason=exc)]) from None


class _Forbidden(Exception):
    pass


def _xml_problem(data: bytes) -> tuple[int, int, str] | None:
    """Where and why `data` is not plain, well-formed XML: (line, column, reason) or None.

    As defusedxml does, any DTD or entity declaration is refused before it is expanded (no
    billion laughs, no external entities); parsing is expat's, with no handlers, so it is fast.
    """
    parser = expat.ParserCreate()

    def forbid(*_args: Any) -> None:
        raise _Forbidden

    parser.StartDoctypeDeclHandler = forbid
    parser.EntityDeclHandler = forbid
    parser.ExternalEntityRefHandler = forbid  # type: ignore[assignment]
    try:
        parser.Parse(data, True)
    except _Forbidden:
        return parser.CurrentLineNumber, parser.CurrentColumnNumber + 1, XML_REASONS["dtd"]
    except expat.ExpatError as exc:
        reason = XML_REASONS.get(expat.errors.messages.get(exc.code, ""), XML_REASON)
        return exc.lineno, exc.offset + 1, reason
    return None


def _sheet_names(archive: zipfile.ZipFile) -> dict[str, str]:
    """Part name → sheet title, for messages (empty when the workbook part is unreadable)."""
    try:
        ns = {
            "m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
            "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
        }
        rels = ET.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
        targets = {
            rel.get("Id"): "xl/" + str(rel.get("Target", "")).lstrip("/").removeprefix("xl/")
            for rel in rels
        }
        book = ET.fromstring(archive.read("xl/workbook.xml"))
        return {
            targets.get(sheet.get(f"{{{ns['r']}}}id"), ""): str(sheet.get("name"))
            for sheet in book.iterfind("m:sheets/m:sheet", ns)
        }
    except (KeyError, ET.ParseError, zipfile.BadZipFile, OSError):
        return {}


def _check_xml_parts(archive: zipfile.ZipFile, name: str) -> None:
    """Refuse a workbook any of whose XML parts is malformed or declares entities, naming the
    part (and its sheet) with line and column, before openpyxl parses anything."""
    problems = []
    parts = [i.filename for i in archive.infolist() if i.filename.endswith((".xml", ".rels"))]
    for part in parts:
        found = _xml_problem(archive.read(part))
        if found is not None:
            problems.append((part, *found))
    if not problems:
        return
    sheets = _sheet_names(archive)
    messages = []
    for part, line, column, reason in problems:
        label = f"“{part}”"
        if part in sheets:
            label = f"工作表“{sheets[part]}”（{part}）"
        messages.append(
            BAD_XML.format(name=name, part=label, line=line, column=column, reason=reason)
        )
    raise ExcelImportError(messages)


def _marker(workbook: Any) -> dict[str, str]:
    props = getattr(workbook, "custom_doc_props", None)
    return {p.name: str(p.value) for p in (props.props if props else []) if p.value is not None}


_MERGE = re.compile(rb'<(?:\w+:)?mergeCell\s+ref="([A-Z]+[0-9]+(?::[A-Z]+[0-9]+)?)"')
_FORMULA = re.compile(rb"<(?:\w+:)?f[\s>/]")


def _sheet_xml(workbook: Any, sheet: Any) -> bytes:
    """The sheet's XML, for what openpyxl's read-only mode does not tell: merged ranges, and
    whether any cell holds a formula (so that the fast value-only reading can be used)."""
    path = getattr(sheet, "_worksheet_path", None)
    archive = getattr(workbook, "_archive", None)
    if not path or archive is None:
        return b"<f>"  # unknown: read cell by cell
    with archive.open(path) as source:
        return source.read()


def _where(sheet: str, row: int | None = None, column: Column | None = None, index: int = 0) -> str:
    if row is None:
        return f"工作表“{sheet}”"
    if column is None:
        return f"工作表“{sheet}” 第 {row} 行"
    return f"工作表“{sheet}” 第 {row} 行 {get_column_letter(index)} 列（{column.header}）"


@dataclass
class Row:
    number: int
    cells: dict[str, Any]
    positions: dict[str, int]

    def at(self, sheet: str, key: str | None = None) -> str:
        if key is None:
            return _where(sheet, self.number)
        column = next(c for c in _columns_by_key() if c.key == key)
        return _where(sheet, self.number, column, self.positions[key])


def _columns_by_key() -> tuple[Column, ...]:
    return EXPORT_COLUMNS + TEMPLATE_COLUMNS


def _read_rows(
    workbook: Any, sheet_name: str, header_row: int, columns: Sequence[Column], problems: list[str]
) -> list[Row]:
    """Read the data rows under the header; report wrong headers, merges and formulas."""
    if sheet_name not in workbook.sheetnames:
        problems.append(MISSING_SHEET.format(sheet=sheet_name))
        return []
    sheet = workbook[sheet_name]
    xml = _sheet_xml(workbook, sheet)
    for ref in (m.decode() for m in _MERGE.findall(xml)):
        first_row = int(re.sub(r"[A-Z]+", "", ref.split(":")[-1]))
        if first_row >= header_row:
            problems.append(f"{_where(sheet_name)} {MERGED.format(ref=ref)}")
    positions = {column.key: index for index, column in enumerate(columns, start=1)}
    rows: list[Row] = []
    width = len(columns)
    cells_needed = _FORMULA.search(xml) is not None
    # The sheet's declared dimension (<dimension ref="A1:S9"/>) may be wrong or forged; read
    # every row there is, never stop where it says.
    if hasattr(sheet, "reset_dimensions"):
        sheet.reset_dimensions()
    header_seen = False
    for number, cells in enumerate(
        sheet.iter_rows(min_row=header_row, max_col=width, values_only=not cells_needed),
        start=header_row,
    ):
        values = [getattr(c, "value", None) for c in cells] if cells_needed else list(cells)
        values += [None] * (width - len(values))
        if number == header_row:
            header_seen = True
            wrong = [
                (index, column, _text(values[index - 1]))
                for index, column in enumerate(columns, start=1)
                if _text(values[index - 1]) != column.header
            ]
            for index, column, found in wrong:
                where = _where(sheet_name, number, column, index)
                problems.append(
                    f"{where}：{BAD_HEADER.format(expected=column.header, found=found)}"
                )
            if wrong:
                return []
            continue
        formulas = False
        for index, cell in enumerate(cells if cells_needed else (), start=1):
            if getattr(cell, "data_type", None) == "f":
                formulas = True
                where = _where(sheet_name, number, columns[index - 1], index)
                problems.append(f"{where}：{FORMULA.format(formula=cell.value)}")
        if formulas or all(_text(v) == "" for v in values):
            continue
        rows.append(Row(number, dict(zip(positions, values, strict=True)), positions))
    if not header_seen:
        problems.append(
            f"{_where(sheet_name, header_row)}：{BAD_HEADER.format(expected=columns[0].header, found='')}"
        )
    elif not rows and columns is EXPORT_COLUMNS and not problems:
        problems.append(f"{_where(sheet_name)}：{NO_ROWS}")
    return rows


# --- import: the rows -----------------------------------------------------------------------


@dataclass
class Change:
    row: Row
    value: Value | None
    round_: Round
    indicator: Indicator
    unit: Unit | None
    data: dict[str, Any]


def _entry(row: Row, sheet: str, stored: Value | None, problems: list[str]) -> dict | None:
    """The row's entry fields as `value_save` data, or None when they equal `stored`.
    Numbers equal to the stored ones are passed as stored, so nothing changes by rounding."""
    data: dict[str, Any] = {}
    same = stored is not None
    for column in ENTRY_COLUMNS:
        cell = row.cells.get(column.key)
        before = getattr(stored, column.key) if stored is not None else None
        if column.kind == "number":
            if stored is not None and _same_number(cell, before):
                data[column.key] = before
                continue
            same = False
            data[column.key] = cell if not isinstance(cell, str) else cell.strip()
        elif column.kind == "final":
            text = _cell_text(cell)
            if text not in FINAL_LABELS:
                problems.append(f"{row.at(sheet, column.key)}：{BAD_FINAL.format(text=text)}")
            data[column.key] = FINAL_LABELS.get(text, text)
            same = same and data[column.key] == before
        else:
            data[column.key] = _cell_text(cell)
            same = same and data[column.key] == (before or "")
    return None if same else data


def _check(change: Change, sheet: str, period: str, problems: list[str]) -> None:
    checked = services.value_check(indicator=change.indicator, period=period, data=change.data)
    for name, messages in checked.errors.items():
        for message in messages:
            if name in change.row.positions:
                problems.append(f"{change.row.at(sheet, name)}：{message}")
            else:
                problems.append(f"{change.row.at(sheet)}：{message}")


def _editable_problem(value: Value | None, latest: Value | None) -> str | None:
    if latest is not None and value is not None and latest.pk != value.pk:
        return NOT_LATEST.format(latest=latest.version)
    if value is not None and value.state not in (State.DRAFT, State.RETURNED):
        return VALUE_NOT_EDITABLE.format(state=WorkflowState(value.state).label)
    return None


def _template_changes(
    workbook: Any,
    marker: dict[str, str],
    by: Any,
    problems: list[str],
    expect: dict[str, Any],
    on_behalf: bool = False,
) -> tuple[list[Change], int]:
    plan = Plan.objects.filter(key=marker.get("innocounty.plan", "")).first()
    if plan is None:
        problems.append(UNKNOWN_PLAN.format(plan=marker.get("innocounty.plan", "")))
        return [], 0
    period = marker.get("innocounty.period", "")
    round_ = Round.objects.filter(plan=plan, period=period).select_related("plan").first()
    unit = Unit.objects.filter(plan=plan, name=marker.get("innocounty.unit", "")).first()
    if round_ is None:
        problems.append(UNKNOWN_ROUND.format(plan=plan.key, period=period))
    if unit is None:
        problems.append(UNKNOWN_UNIT.format(plan=plan.key, unit=marker.get("innocounty.unit")))
    if round_ is None or unit is None:
        return [], 0
    if expect.get("round") is not None and expect["round"].pk != round_.pk:
        problems.append(WRONG_ROUND.format(found=round_.title, expected=expect["round"].title))
    if expect.get("unit") is not None and expect["unit"].pk != unit.pk:
        problems.append(WRONG_UNIT.format(found=unit.name, expected=expect["unit"].name))
    if problems:
        return [], 0

    rows = _read_rows(workbook, TEMPLATE_SHEET, TEMPLATE_HEADER_ROW, TEMPLATE_COLUMNS, problems)
    entries = {e.indicator.code: e for e in selectors.unit_entries(round_=round_, unit=unit)}
    known = set(Indicator.objects.filter(plan=plan).values_list("code", flat=True))
    seen: dict[str, int] = {}
    changes: list[Change] = []
    unchanged = 0
    may_report = access.may_enter_for(by, unit, on_behalf=on_behalf)
    for row in rows:
        code = _text(row.cells["code"])
        if code in seen:
            problems.append(
                f"{row.at(TEMPLATE_SHEET, 'code')}："
                f"{DUPLICATE_CODE.format(code=code, first=seen[code])}"
            )
            continue
        seen[code] = row.number
        if code not in known:
            problems.append(f"{row.at(TEMPLATE_SHEET, 'code')}：{UNKNOWN_CODE.format(code=code)}")
            continue
        entry = entries.get(code)
        if entry is None:
            message = NOT_IN_ROUND.format(code=code, unit=unit.name)
            problems.append(f"{row.at(TEMPLATE_SHEET, 'code')}：{message}")
            continue
        data = _entry(row, TEMPLATE_SHEET, entry.value, problems)
        if data is None:
            unchanged += entry.value is not None
            continue
        if entry.value is None and not any(
            data.get(k) not in (None, "") for k in ("value", "numerator", "denominator")
        ):
            continue  # nothing entered where nothing is stored: skipped, as on the web
        problem = _editable_problem(entry.value, entry.value)
        if problem is None and not may_report:
            problem = NOT_A_REPORTER
        if problem is None and entry.value is None and not round_.is_open():
            problem = services.ROUND_CLOSED.format(title=round_.title)
        if problem is not None:
            problems.append(f"{row.at(TEMPLATE_SHEET)}：{problem}")
            continue
        revision = _integer(row, TEMPLATE_SHEET, "revision", problems)
        if entry.value is not None:
            data["revision"] = revision
        change = Change(row, entry.value, round_, entry.indicator, unit, data)
        changes.append(change)
    return changes, unchanged


def _integer(row: Row, sheet: str, key: str, problems: list[str]) -> int | None:
    cell = row.cells.get(key)
    text = _text(cell)
    if text == "":
        return None
    try:
        return int(text)
    except ValueError:
        problems.append(f"{row.at(sheet, key)}：{BAD_INTEGER.format(text=text)}")
        return None


def _export_header_row(workbook: Any) -> int:
    """The export's header row: the first of its first rows that starts with the first header
    (row 2 under the title row; row 1 in files exported before it); else where it should be."""
    if EXPORT_SHEET in workbook.sheetnames:
        sheet = workbook[EXPORT_SHEET]
        for number, (first,) in enumerate(
            sheet.iter_rows(max_row=EXPORT_HEADER_SEARCH, max_col=1, values_only=True), start=1
        ):
            if _text(first) == EXPORT_COLUMNS[0].header:
                return number
    return EXPORT_HEADER_ROW


def _export_changes(workbook: Any, by: Any, problems: list[str]) -> tuple[list[Change], int]:
    rows = _read_rows(
        workbook, EXPORT_SHEET, _export_header_row(workbook), EXPORT_COLUMNS, problems
    )
    keys = {_text(row.cells["plan"]) for row in rows}
    stored = _values_with_relations(Value.objects.filter(indicator__plan__key__in=keys))
    by_key = {(v.indicator.plan.key, v.indicator.code, v.period, v.version): v for v in stored}
    latest = selectors.latest_by_key(stored, lambda v: (v.indicator_id, v.period))
    report_units: dict[int, list[Unit]] = {}
    seen: dict[tuple, int] = {}
    changes: list[Change] = []
    unchanged = 0
    for row in rows:
        version = _integer(row, EXPORT_SHEET, "version", problems)
        ident = (_text(row.cells["plan"]), _text(row.cells["code"]), _text(row.cells["period"]))
        key = (*ident, version)
        if key in seen:
            message = DUPLICATE_CODE.format(code=" ".join(map(str, key)), first=seen[key])
            problems.append(f"{row.at(EXPORT_SHEET)}：{message}")
            continue
        seen[key] = row.number
        value = by_key.get(key)
        if value is None:
            if version is not None:
                plan_, code, period = ident
                message = NO_SUCH_VALUE.format(
                    plan=plan_, code=code, period=period, version=version
                )
                problems.append(f"{row.at(EXPORT_SHEET)}：{message}")
            continue
        expected = row_cells(value)
        for column in EXPORT_COLUMNS:
            if column.kind not in ("info", "int") or column.key == "version":
                continue
            found, wanted = _cell_text(row.cells[column.key]), _text(expected[column.key])
            if found != wanted:
                message = READ_ONLY_COLUMN.format(found=found, expected=wanted)
                problems.append(f"{row.at(EXPORT_SHEET, column.key)}：{message}")
        data = _entry(row, EXPORT_SHEET, value, problems)
        if data is None:
            unchanged += 1
            continue
        problem = _editable_problem(value, latest[(value.indicator_id, value.period)])
        if problem is None and value.round is None:
            problem = NO_ROUND
        units = report_units.get(value.indicator_id)
        if units is None:
            units = report_units[value.indicator_id] = (
                list(access.user_units(by).filter(indicator_units__indicator=value.indicator))
                if access.may_edit_indicator(by, value.indicator)
                else []
            )
        if problem is None and not units:
            problem = NOT_A_REPORTER
        if problem is not None:
            problems.append(f"{row.at(EXPORT_SHEET)}：{problem}")
            continue
        unit = value.unit if value.unit in units else units[0]
        data["revision"] = value.revision
        change = Change(row, value, value.round, value.indicator, unit, data)
        changes.append(change)
    return changes, unchanged


def import_workbook(
    *,
    data: bytes,
    by: Any,
    filename: str = "",
    round_: Round | None = None,
    unit: Unit | None = None,
    on_behalf: bool = False,
) -> ImportResult:
    """Import a filled template or a full export, all or nothing (see the module docstring).

    `round_` and `unit`, when given (the web upload), must be the ones the template was made
    for. Raises ExcelImportError with every located problem; nothing is written then.
    """
    name = filename or "上传文件"
    workbook = _open(data, name)
    try:
        problems: list[str] = []
        for sheet in workbook.worksheets:
            if sheet.sheet_state != "visible":
                problems.append(HIDDEN_SHEET.format(sheet=sheet.title))
        marker = _marker(workbook)
        fmt = marker.get(FORMAT_PROPERTY)
        if fmt not in (TEMPLATE_FORMAT, EXPORT_FORMAT):
            problems.append(NOT_OUR_FILE.format(name=name))
        elif marker.get(VERSION_PROPERTY) != FORMAT_VERSION:
            problems.append(
                WRONG_VERSION.format(
                    name=name, found=marker.get(VERSION_PROPERTY, "?"), expected=FORMAT_VERSION
                )
            )
        if problems:
            raise ExcelImportError(problems)
        if fmt == TEMPLATE_FORMAT:
            changes, unchanged = _template_changes(
                workbook, marker, by, problems, {"round": round_, "unit": unit}, on_behalf
            )
        elif round_ is not None:
            # The web page of one unit takes that unit's template only.
            raise ExcelImportError([NOT_OUR_FILE.format(name=name)])
        else:
            changes, unchanged = _export_changes(workbook, by, problems)
    finally:
        workbook.close()
    sheet_name = TEMPLATE_SHEET if fmt == TEMPLATE_FORMAT else EXPORT_SHEET
    if problems:
        # The saves below would check the changed rows; they are not reached, so check here
        # to list every problem at once.
        for change in changes:
            _check(change, sheet_name, change.round_.period, problems)
        problems.sort(key=_row_order)
        raise ExcelImportError(problems)
    result = ImportResult(format=fmt or "", unchanged=unchanged)
    _save(changes, by, sheet_name, result, name, on_behalf=on_behalf)
    return result


_ROW = re.compile(r"第 (\d+) 行")


def _row_order(message: str) -> int:
    """Sort key keeping file-level messages first and rows in file order (stable)."""
    match = _ROW.search(message)
    return int(match.group(1)) if match else 0


def _fault_delay() -> float:
    """Test-only: seconds to wait after each saved row, so that tests/ops/test_faults.py can
    kill the worker in the middle of an import. Never set in production: unset means no wait."""
    return float(os.environ.get("INNOCOUNTY_FAULT_IMPORT_DELAY") or 0)


def _save(
    changes: list[Change],
    by: Any,
    sheet: str,
    result: ImportResult,
    name: str,
    *,
    on_behalf: bool = False,
) -> None:
    problems: list[str] = []
    delay = _fault_delay()
    with transaction.atomic():
        touched: dict[int, Round] = {}
        for change in changes:
            assert change.unit is not None
            data = dict(change.data)
            revision = data.pop("revision", None)
            try:
                saved = services.value_save(
                    round_=change.round_,
                    indicator=change.indicator,
                    unit=change.unit,
                    data=data,
                    by=by,
                    revision=revision,
                    on_behalf=on_behalf,
                )
            except services.ReportingError as exc:
                for field_name, messages in exc.errors.items():
                    where = (
                        change.row.at(sheet, field_name)
                        if field_name in change.row.positions
                        else change.row.at(sheet)
                    )
                    problems += [f"{where}：{m}" for m in messages]
            except PermissionDenied as exc:
                problems.append(f"{change.row.at(sheet)}：{exc or NOT_A_REPORTER}")
            except ValidationError as exc:
                problems += [f"{change.row.at(sheet)}：{m}" for m in exc.messages]
            else:
                if saved.created:
                    result.created += 1
                elif saved.changes:
                    result.changed += 1
                else:
                    result.unchanged += 1
                if saved.created or saved.changes:
                    touched[change.round_.pk] = change.round_
                result.warnings += [f"{change.row.at(sheet)}：{w}" for w in saved.warnings]
            if delay:
                time.sleep(delay)
        if problems:
            transaction.set_rollback(True)
        else:
            for round_ in touched.values():
                round_.log_action(
                    "reporting.values.imported",
                    user=by,
                    data={
                        "file": name,
                        "created": result.created,
                        "changed": result.changed,
                        "unchanged": result.unchanged,
                    },
                )
    if problems:
        raise ExcelImportError(problems)
