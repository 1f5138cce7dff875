"""What both workbook formats share: their markers, columns, cell text and located problems."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.packaging.custom import StringProperty
from openpyxl.utils import get_column_letter

from innocounty.core.validation import parse_number
from innocounty.reporting.exporters import HEADER_ROW, unescape_cell

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

FINAL_LABELS = {"年报": True, "年报（正式数）": True, "快报": False, "": False}
FINAL_LABELS["年报(正式数)"] = True  # fullwidth: keep


@dataclass(frozen=True)
class Problem:
    """A refusal located in the file: the whole file (no sheet), a sheet, a row or a cell.
    `column` is 1-based; `header` names it in the message."""

    message: str
    sheet: str = ""
    row: int | None = None
    column: int | None = None
    header: str = ""

    def __str__(self) -> str:
        if not self.sheet:
            return self.message
        # The sheet's name and the column's header are the file's own (Chinese) text.
        if self.row is None:
            return _("工作表“{sheet}” {message}").format(sheet=self.sheet, message=self.message)
        if self.column is None:
            return _("工作表“{sheet}” 第 {row} 行：{message}").format(
                sheet=self.sheet, row=self.row, message=self.message
            )
        return _("工作表“{sheet}” 第 {row} 行 {letter} 列（{header}）：{message}").format(
            sheet=self.sheet,
            row=self.row,
            letter=get_column_letter(self.column),
            header=self.header,
            message=self.message,
        )


class ExcelImportError(ValueError):
    """An upload refused; `located` lists every problem, `problems` their messages (file-level
    first, then in row order). Nothing was written."""

    def __init__(self, problems: list[Problem]) -> None:
        self.located = sorted(problems, key=lambda p: p.row or 0)
        self.problems = [str(p) for p in self.located]
        super().__init__("\n".join(self.problems))


def refuse(message: str) -> ExcelImportError:
    """The error for a file refused as a whole, with one message."""
    return ExcelImportError([Problem(message)])


def set_marker(workbook: Workbook, fmt: str, **extra: str) -> None:
    workbook.custom_doc_props.append(StringProperty(name=FORMAT_PROPERTY, value=fmt))
    workbook.custom_doc_props.append(StringProperty(name=VERSION_PROPERTY, value=FORMAT_VERSION))
    for name, value in extra.items():
        workbook.custom_doc_props.append(StringProperty(name=f"innocounty.{name}", value=value))


def marker(workbook: Any) -> dict[str, str]:
    props = getattr(workbook, "custom_doc_props", None)
    return {p.name: str(p.value) for p in (props.props if props else []) if p.value is not None}


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


def plain(number: Decimal | None) -> str:
    if number is None:
        return ""
    normal = number.normalize()
    return str(normal.quantize(1)) if normal == normal.to_integral_value() else format(normal, "f")


def text(cell: Any) -> str:
    """A cell as the text a person sees: whole floats without “.0”, dates as ISO text."""
    if cell is None:
        return ""
    if isinstance(cell, bool):
        return "TRUE" if cell else "FALSE"
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    if isinstance(cell, Decimal):
        return plain(cell)
    if isinstance(cell, dt.datetime):
        return cell.strftime("%Y-%m-%d %H:%M:%S")
    return str(cell).strip()


def cell_text(cell: Any) -> str:
    """A cell of an imported file as text, without the formula escape of `safe_cell`."""
    return unescape_cell(text(cell))


def local_time(moment: dt.datetime | None) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M:%S") if moment else ""


def final_label(is_final: bool) -> str:
    return "年报" if is_final else "快报"


def entry_cells(value: Any) -> dict[str, Any]:
    """The cells a reporter fills in, from a stored value (the template and the export)."""
    return {
        "value": value.value,
        "numerator": value.numerator,
        "denominator": value.denominator,
        "source": value.source,
        "caliber": value.caliber,
        "is_final": final_label(value.is_final),
        "note": value.note,
        "explanation": value.explanation,
    }


def same_number(cell: Any, stored: Decimal | None) -> bool:
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
