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
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.http import HttpResponse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from innocounty.reporting.selectors import RoundStatus

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

# The title row is row 1, the header row 2; data start at row 3.
HEADER_ROW = 2

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

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
    """Which rows an export holds: `headers()` and `rows()`, with hints for the renderers.

    Renderers (`write_xlsx`, `write_csv`, `table_rows` for Word tables) turn any exporter into a file format;
    an exporter's `style` hook adds its own formatting to the written sheet."""

    identifier = ""
    verbose_name: StrOrPromise = ""
    # Issuing office and date (ISO) for the title row; the date defaults to today.
    office = ""
    date = ""
    # Whether the sheet starts with that title row (the header is then row 2, else row 1).
    title_row = True
    # Columns (1-based) whose cells are numbers; text that shows a number is stored as one.
    number_columns: Sequence[int] = ()
    # Fixed column widths (else from the content), columns frozen left of the data, wrapping.
    widths: Sequence[int] = ()
    frozen_columns = 0
    wrap = True

    def style(self, sheet: Any, first_row: int, last_row: int) -> None:
        """A hook for an exporter's own formatting of the written sheet (data rows given)."""

    def highlighted(self, index: int) -> bool:
        """Whether the row at `index` (0-based) is marked, e.g. shaded in a Word table."""
        return False

    def headers(self) -> Sequence[str]:
        raise NotImplementedError

    def rows(self) -> Iterable[Sequence[Any]]:
        raise NotImplementedError


@dataclass(frozen=True)
class ChaseRow:
    """A unit on the 催办 list: its status label, whether it is late, its completeness (0–1)
    and the labels of the items it still owes."""

    unit: str
    label: str
    overdue: bool
    completeness: float | None
    missing: list[str]


def chase_rows(status: RoundStatus) -> list[ChaseRow]:
    """The round's 催办 list (`RoundStatus.chase`: late or incomplete units, most missing first)."""
    return [
        ChaseRow(
            unit=row.unit.name,
            label=row.progress.label,
            overdue=row.progress.overdue,
            completeness=row.progress.completeness,
            missing=[item.label for item in row.progress.missing],
        )
        for row in status.chase
    ]


class ChaseListExporter(BaseExporter):
    """The 催办 list: units late or incomplete, with what is missing."""

    identifier = "chase"
    verbose_name = gettext_lazy("催办清单")
    number_columns = (4,)

    def __init__(
        self, status: RoundStatus | Sequence[ChaseRow], *, office: str = "", date: str = ""
    ) -> None:
        self.chase = chase_rows(status) if isinstance(status, RoundStatus) else list(status)
        self.office = office
        self.date = date

    def headers(self) -> Sequence[str]:
        return [_("单位"), _("状态"), _("是否逾期"), _("完成率"), _("未报送事项")]

    def style(self, sheet: Any, first_row: int, last_row: int) -> None:
        for (cell,) in sheet.iter_rows(min_row=first_row, max_row=last_row, min_col=4, max_col=4):
            cell.number_format = "0%"

    def rows(self) -> Iterable[Sequence[Any]]:
        for row in self.chase:
            yield [
                row.unit,
                _(row.label),
                _("逾期") if row.overdue else "",
                row.completeness,
                "\n".join(row.missing),
            ]


# The one registry of exporters: code → dotted path of the exporter class, imported when
# asked for (`exporter_class`); the code's first part names the app whose pages offer it.
EXPORTERS: dict[str, str] = {
    "reporting.values": "innocounty.reporting.excel.export.ValuesExporter",
    "reporting.chase": "innocounty.reporting.exporters.ChaseListExporter",
    "bulletins.indicators": "innocounty.bulletins.exporters.IndicatorTableExporter",
    "bulletins.scorecards": "innocounty.bulletins.exporters.ScorecardExporter",
    "bulletins.chase": "innocounty.bulletins.exporters.FrozenChaseList",
    "supervision.ledger": "innocounty.supervision.exporters.LedgerExporter",
    "acceptance.indicators": "innocounty.acceptance.exporters.IndicatorTableExporter",
    "province.comparison": "innocounty.province.exporters.ComparisonExporter",
}


def exporter_class(code: str) -> type[BaseExporter]:
    """The exporter registered under `code`; KeyError for an unknown code."""
    return import_string(EXPORTERS[code])


def exporters_of(app: str) -> dict[str, type[BaseExporter]]:
    """An app's exporters by the rest of their code (``bulletins.chase`` → ``chase``)."""
    prefix = f"{app}."
    return {
        code.removeprefix(prefix): exporter_class(code)
        for code in EXPORTERS
        if code.startswith(prefix)
    }


NUMBER_TEXT = re.compile(r"^[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?(%?)$")


def number_cell(value: Any) -> tuple[Any, str | None]:
    """A number column's cell as (value, number_format): numbers stay numbers, text such as
    ``3.10``, ``1,234.5`` or ``101.6%`` becomes the number it shows with a format that shows it
    the same way (``0.00``, ``#,##0.0``, ``0.0%``); other text (``—``) is left as text."""
    if isinstance(value, bool) or value is None:
        return value, None
    if isinstance(value, int):
        return value, "0"
    if isinstance(value, float | Decimal):
        return value, None
    if not isinstance(value, str):
        return value, None
    text = value.strip()
    match = NUMBER_TEXT.match(text)
    if match is None:
        return value, None
    places, percent = match.group(1) or "", match.group(2)
    number = Decimal(text.rstrip("%").replace(",", ""))
    digits = "#,##0" if "," in text else "0"
    fmt = digits + ("." + "0" * len(places) if places else "")
    if percent:
        return number / 100, fmt + "%"
    return number, fmt


def office_name(plan: Any) -> str:
    """The issuing office of a plan's exports (as the bulletin and notices name it)."""
    region = plan.region or plan.title.split("国家")[0]
    return f"{region}创新型县（市）建设工作领导小组办公室"


def heading(exporter: BaseExporter) -> str:
    """The title row: issuing office, export name and date (ISO)."""
    day = exporter.date or timezone.localdate().isoformat()
    name = str(exporter.verbose_name)
    if exporter.office:
        return _("%(office)s%(name)s（%(date)s）") % {
            "office": exporter.office,
            "name": name,
            "date": day,
        }
    return _("%(name)s（%(date)s）") % {"name": name, "date": day}


def header_row_of(exporter: BaseExporter) -> int:
    """The sheet row of an exporter's header: under the title row, or the first."""
    return HEADER_ROW if exporter.title_row else 1


def build_workbook(exporter: BaseExporter, *, title: str = "") -> Workbook:
    """An exporter's rows as a workbook people can work with: a title row (office, name and
    date) unless the exporter has none, a bold header row frozen under it, numbers stored as numbers with number formats
    (the exporter's `number_columns`), widths from the content (or the exporter's `widths`), and
    a print setup (A4 landscape, fit to width, title and header repeated on every page). Text
    passes through `safe_cell`. The exporter's `style` hook runs last."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = (title or str(exporter.verbose_name) or "Sheet")[:31]
    headers = list(exporter.headers())
    if exporter.title_row:
        sheet.cell(1, 1, safe_cell(heading(exporter))).font = Font(bold=True, size=14)
        sheet.row_dimensions[1].height = 24
    header_row = header_row_of(exporter)
    for index, header in enumerate(headers, start=1):
        sheet.cell(header_row, index, safe_cell(header))
    for cell in sheet[header_row]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDE6F3")
        cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
    numbers = set(exporter.number_columns)
    widths: dict[int, int] = {
        index: max(8, min(60, _text_width(header) + 2))
        for index, header in enumerate(headers, start=1)
    }
    wrap = Alignment(wrap_text=True, vertical="top")
    for r, row in enumerate(exporter.rows(), start=header_row + 1):
        for index, value in enumerate(row, start=1):
            fmt = None
            if index in numbers:
                value, fmt = number_cell(value)
            cell = sheet.cell(r, index, safe_cell(value))
            if fmt:
                cell.number_format = fmt
            if exporter.wrap and isinstance(value, str):
                cell.alignment = wrap
            if not exporter.widths:
                longest = max((_text_width(line) for line in str(value).splitlines()), default=0)
                widths[index] = max(widths[index], min(60, longest + 2))
    for index, width in enumerate(exporter.widths or (), start=1):
        widths[index] = width
    for index, width in widths.items():
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = sheet.cell(header_row + 1, exporter.frozen_columns + 1)
    sheet.print_title_rows = f"1:{header_row}"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_options.horizontalCentered = True
    sheet.page_margins.left = sheet.page_margins.right = 0.4
    exporter.style(sheet, header_row + 1, sheet.max_row)
    return workbook


def _text_width(text: Any) -> int:
    """Display width in Excel character units: CJK and full-width characters count two."""
    return sum(2 if ord(ch) > 0x2E7F else 1 for ch in str(text))


def write_xlsx(exporter: BaseExporter, *, title: str = "") -> bytes:
    """Write an exporter's rows to an xlsx workbook (see `build_workbook`)."""
    buffer = io.BytesIO()
    build_workbook(exporter, title=title).save(buffer)
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


def table_rows(
    exporter: BaseExporter, columns: Sequence[int] | None = None
) -> list[tuple[list[str], bool]]:
    """An exporter's rows for a Word table: the `columns` asked for (1-based; all by default)
    as text (None as empty), each with the exporter's `highlighted` mark."""
    result = []
    for index, row in enumerate(exporter.rows()):
        picked = [row[c - 1] for c in columns] if columns is not None else list(row)
        result.append((["" if v is None else str(v) for v in picked], exporter.highlighted(index)))
    return result


def file_response(content: bytes, content_type: str, filename: str) -> HttpResponse:
    """A download: `content` as an attachment named `filename` (any characters)."""
    response = HttpResponse(content, content_type=content_type)
    # Never None for an attachment; the stub returns Optional for the inline case.
    response["Content-Disposition"] = content_disposition_header(True, filename)  # type: ignore[assignment]
    return response


def xlsx_response(exporter: BaseExporter, filename: str) -> HttpResponse:
    return file_response(write_xlsx(exporter), XLSX_TYPE, filename)
