"""Excel in and out for indicator values: the per-unit template, its upload, the full export.

Two workbook formats, each named by custom document properties (`innocounty.format`,
`innocounty.format_version`) that Excel, WPS and LibreOffice keep when they save:

- the **template** (`values-template`, `template.py`): one sheet “填报” for one unit in one
  round, with a protected header block and one row per indicator the unit reports in the round.
  Only the entry cells of values that may still be edited (`workflow.is_editable`) are
  unlocked; number cells carry data validation.
- the **export** (`values-export`, `export.py`): one sheet “指标值” with every version of every
  value (of one plan or of all), for the office, under a title row (the reader finds the header
  in the first rows, so older files without the title row import too). The CSV export has the
  same columns.

`import_workbook` (`importer.py`) accepts both, with the same rules as the web form (the
services decide):

- The file is opened by `reader.py`: an old Excel (.xls) or WPS (.et) workbook is first
  converted to xlsx with LibreOffice; the file is refused before anything is parsed when it is
  empty, too big (`IMPORT_MAX_BYTES`, default 10 MB), not an xlsx (a CSV renamed), unpacks to
  too much (`IMPORT_MAX_UNPACKED_BYTES`, default 100 MB: a zip bomb) or has a malformed XML
  part; then when it has hidden sheets, lacks the format marker or names an unknown format
  version, plan, round or unit.
- Every row is then read and every problem listed with its sheet, row and column (`Problem`):
  merged cells, formulas, text in number cells, unknown or repeated indicator codes, indicators
  the unit does not report, every check of `services.value_check`, read-only columns that
  differ from the database, changes to values that are submitted, approved or not the latest
  version, changes by someone who is not a reporter of a responsible unit (the office reviews;
  it does not enter).
- A row equal to what is stored is unchanged and needs no permission; a template row that is
  empty where nothing is stored is skipped, as the web form skips it.
- Any problem: `ExcelImportError` with all messages; nothing is written. Otherwise the changed
  rows go through `services.round_unit_values_save` (the web form's batch save) in one
  transaction, with the revision the file was made from (the template's hidden “修订号”
  column, the export's “修订号”), so a change made since the download is reported as a
  conflict at its row. Each save writes its audit entry.
- Export rows are matched by (plan, indicator code, period, version); the export can change
  existing drafts only, never create values (the template is for new data). Rows of the
  database missing from the file are left alone, so a filtered export imports back too.
An exported workbook therefore imports back unchanged.
"""

from innocounty.reporting.excel.export import ValuesExporter, export_values, row_cells
from innocounty.reporting.excel.formats import (
    EXPORT_COLUMNS,
    EXPORT_SHEET,
    FORMAT_PROPERTY,
    TEMPLATE_COLUMNS,
    TEMPLATE_HEADER_ROW,
    TEMPLATE_SHEET,
    VERSION_PROPERTY,
    ExcelImportError,
    Problem,
)
from innocounty.reporting.excel.importer import NOT_OUR_FILE, ImportResult, import_workbook
from innocounty.reporting.excel.reader import FILE_TOO_LARGE, convert_legacy, max_bytes
from innocounty.reporting.excel.template import template_workbook

__all__ = [
    "EXPORT_COLUMNS",
    "EXPORT_SHEET",
    "FILE_TOO_LARGE",
    "FORMAT_PROPERTY",
    "NOT_OUR_FILE",
    "TEMPLATE_COLUMNS",
    "TEMPLATE_HEADER_ROW",
    "TEMPLATE_SHEET",
    "VERSION_PROPERTY",
    "ExcelImportError",
    "ImportResult",
    "Problem",
    "ValuesExporter",
    "convert_legacy",
    "export_values",
    "import_workbook",
    "max_bytes",
    "row_cells",
    "template_workbook",
]
