"""Reporting exports: which rows (an exporter) apart from which file format (a writer).

Every spreadsheet the product writes (xlsx or CSV) passes its cells through `safe_cell`, the
one rule against spreadsheet formula injection (OWASP "CSV injection"): text that begins with
``=``, ``+``, ``-``, ``@``, a tab or a carriage return is written with a leading ``'`` so that
Excel, WPS and LibreOffice show it as text and never run it. `unescape_cell` undoes it when a
workbook is imported, so an exported file imports back unchanged.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from typing import Any

from django.http import HttpResponse
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from innocounty.reporting.selectors import RoundStatus

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
ESCAPE = "'"


def _needs_escape(text: str) -> bool:
    # Text already starting with quotes before a formula character gets one more quote, so
    # that unescaping restores it exactly.
    return text.lstrip(ESCAPE).startswith(FORMULA_STARTS)


def safe_cell(value: Any) -> Any:
    """A cell value as written to a spreadsheet: formula-like text escaped, the rest as is."""
    if isinstance(value, str) and _needs_escape(value):
        return ESCAPE + value
    return value


def safe_row(row: Iterable[Any]) -> list[Any]:
    return [safe_cell(value) for value in row]


def unescape_cell(text: str) -> str:
    """Text read back from a spreadsheet cell, with the escape of `safe_cell` removed."""
    if text.startswith(ESCAPE) and _needs_escape(text[1:]):
        return text[1:]
    return text


class BaseExporter:
    identifier = ""
    verbose_name = ""

    def headers(self) -> Sequence[str]:
        raise NotImplementedError

    def rows(self) -> Iterable[Sequence[Any]]:
        raise NotImplementedError


class ChaseListExporter(BaseExporter):
    """The 催办 list: units late or incomplete, with what is missing."""

    identifier = "chase"
    verbose_name = "催办清单"

    def __init__(self, status: RoundStatus) -> None:
        self.status = status

    def headers(self) -> Sequence[str]:
        return [_("单位"), _("状态"), _("是否逾期"), _("完成率"), _("未报送事项")]

    def rows(self) -> Iterable[Sequence[Any]]:
        for row in self.status.chase:
            progress = row.progress
            yield [
                row.unit.name,
                progress.label,
                _("逾期") if progress.overdue else "",
                f"{progress.completeness:.0%}" if progress.completeness is not None else "",
                "\n".join(item.label for item in progress.missing),
            ]


def write_xlsx(exporter: BaseExporter, *, title: str = "") -> bytes:
    """Write an exporter's rows to an xlsx workbook with a bold, frozen header row."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = (title or exporter.verbose_name or "Sheet")[:31]
    sheet.append(safe_row(exporter.headers()))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDE6F3")
    widths: dict[int, int] = {}
    for row in exporter.rows():
        sheet.append(safe_row(row))
        for index, value in enumerate(row, start=1):
            longest = max((len(str(line)) for line in str(value).splitlines()), default=0)
            widths[index] = max(widths.get(index, 8), min(60, longest * 2 + 2))
    for index, width in widths.items():
        sheet.column_dimensions[get_column_letter(index)].width = width
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def write_csv(exporter: BaseExporter, *, cell: Any = None) -> bytes:
    """Write an exporter's rows as CSV (UTF-8 with BOM, for Excel), escaped as xlsx cells;
    `cell` turns a value into its text first (e.g. decimals without trailing zeros)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(safe_row(exporter.headers()))
    for row in exporter.rows():
        writer.writerow(safe_row(cell(c) if cell else c for c in row))
    return buffer.getvalue().encode("utf-8-sig")


def xlsx_response(exporter: BaseExporter, filename: str) -> HttpResponse:
    response = HttpResponse(write_xlsx(exporter), content_type=XLSX_TYPE)
    from django.utils.http import content_disposition_header

    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response
