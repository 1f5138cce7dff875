"""Reporting exports: which rows (an exporter) apart from which file format (a writer)."""

from __future__ import annotations

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
    sheet.append(list(exporter.headers()))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDE6F3")
    widths: dict[int, int] = {}
    for row in exporter.rows():
        sheet.append(list(row))
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


def xlsx_response(exporter: BaseExporter, filename: str) -> HttpResponse:
    response = HttpResponse(write_xlsx(exporter), content_type=XLSX_TYPE)
    from django.utils.http import content_disposition_header

    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response
