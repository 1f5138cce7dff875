"""Opening an uploaded workbook safely and reading its rows.

An old Excel (.xls) or WPS (.et) workbook is first converted to xlsx with LibreOffice
(`convert_legacy`). A file is refused before openpyxl parses anything when it is empty, too
big (`IMPORT_MAX_BYTES`), not an xlsx, unpacks to too much (`IMPORT_MAX_UNPACKED_BYTES`: a zip
bomb) or has an XML part that is malformed or declares entities (checked with expat).
"""

from __future__ import annotations

import io
import re
import xml.etree.ElementTree as ET
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any
from xml.parsers import expat

from django.conf import settings
from django.utils.translation import gettext, gettext_noop
from openpyxl import load_workbook

from innocounty.reporting.excel.formats import (
    Column,
    ExcelImportError,
    Problem,
    refuse,
    text,
)

FILE_EMPTY = gettext_noop("文件“{name}”是空文件")
FILE_TOO_LARGE = gettext_noop("文件“{name}”超过 {limit} MB，请删去多余内容后再上传")
FILE_NOT_XLSX = gettext_noop(
    "文件“{name}”不是 Excel 工作簿（.xlsx）；请用本系统下载的模板填写后上传"
)
LEGACY_NO_SOFFICE = gettext_noop(
    "文件“{name}”是旧版 Excel（.xls）或 WPS（.et）工作簿；服务器未安装 LibreOffice，无法转换。"
    "请在 Excel 或 WPS 中另存为 .xlsx 后再上传"
)
LEGACY_FAILED = gettext_noop(
    "文件“{name}”是旧版 Excel（.xls）或 WPS（.et）工作簿，但无法转换为 .xlsx（{reason}）。"
    "请在 Excel 或 WPS 中另存为 .xlsx 后再上传"
)
FILE_ZIP_BOMB = gettext_noop("文件“{name}”解压后超过 {limit} MB，已拒绝")
FILE_UNREADABLE = gettext_noop("文件“{name}”无法作为 Excel 工作簿读取：{reason}")
MISSING_SHEET = gettext_noop("找不到工作表“{sheet}”；请使用本系统下载的模板")
BAD_HEADER = gettext_noop("表头与模板不符：应为“{expected}”，实际为“{found}”")
MERGED = gettext_noop("有合并单元格 {ref}；请取消合并后再上传")
FORMULA = gettext_noop("是公式“{formula}”；请填写数值而不是公式")
NO_ROWS = gettext_noop("没有找到数据行")
BAD_XML = gettext_noop(
    "文件“{name}”已损坏或被改动，未导入任何数据：{part} 第 {line} 行第 {column} 列{reason}。"
    "请用 Excel 或 WPS 打开后另存为 .xlsx，或重新下载模板填写"
)
XML_REASONS = {
    "dtd": gettext_noop("含有文档类型定义或实体声明（Excel 工作簿不会有，已拒绝）"),
    expat.errors.XML_ERROR_UNDEFINED_ENTITY: gettext_noop("使用了未定义的实体"),
    expat.errors.XML_ERROR_TAG_MISMATCH: gettext_noop("的标签不匹配"),
    expat.errors.XML_ERROR_INVALID_TOKEN: gettext_noop("有无效的字符"),
    expat.errors.XML_ERROR_UNCLOSED_TOKEN: gettext_noop("的内容不完整"),
    expat.errors.XML_ERROR_NO_ELEMENTS: gettext_noop("没有内容"),
}
XML_REASON = gettext_noop("的 XML 格式错误")


def max_bytes() -> int:
    return getattr(settings, "IMPORT_MAX_BYTES", 10 * 1024 * 1024)


def max_unpacked_bytes() -> int:
    return getattr(settings, "IMPORT_MAX_UNPACKED_BYTES", 100 * 1024 * 1024)


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
        raise refuse(gettext(LEGACY_NO_SOFFICE).format(name=name))
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
            raise refuse(gettext(LEGACY_FAILED).format(name=name, reason=exc)) from None
        target = folder / "out" / "upload.xlsx"
        if result.returncode != 0 or not target.exists():
            reason = (result.stderr or result.stdout).strip()[:200] or f"code {result.returncode}"
            raise refuse(gettext(LEGACY_FAILED).format(name=name, reason=reason))
        return target.read_bytes()


def open_workbook(data: bytes, name: str) -> Any:
    """Open the workbook after the checks that need no parsing; raise with one message."""
    limit = max_bytes()
    if not data:
        raise refuse(gettext(FILE_EMPTY).format(name=name))
    if len(data) > limit:
        raise refuse(gettext(FILE_TOO_LARGE).format(name=name, limit=limit // (1024 * 1024)))
    if data.startswith(OLE2_MAGIC):
        data = convert_legacy(data, name)
    if not data.startswith(b"PK\x03\x04"):
        raise refuse(gettext(FILE_NOT_XLSX).format(name=name))
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, OSError):
        raise refuse(gettext(FILE_NOT_XLSX).format(name=name)) from None
    unpacked = max_unpacked_bytes()
    # Declared sizes are enforced by zipfile while reading, so they bound what openpyxl unpacks.
    if sum(info.file_size for info in infos) > unpacked or len(infos) > 10_000:
        raise refuse(gettext(FILE_ZIP_BOMB).format(name=name, limit=unpacked // (1024 * 1024)))
    names = {info.filename for info in infos}
    if "[Content_Types].xml" not in names or "xl/workbook.xml" not in names:
        raise refuse(gettext(FILE_NOT_XLSX).format(name=name))
    _check_xml_parts(archive, name)
    try:
        return load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except Exception as exc:  # openpyxl raises many kinds on damaged files
        raise refuse(gettext(FILE_UNREADABLE).format(name=name, reason=exc)) from None


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
        return parser.CurrentLineNumber, parser.CurrentColumnNumber + 1, gettext(XML_REASONS["dtd"])
    except expat.ExpatError as exc:
        reason = gettext(XML_REASONS.get(expat.errors.messages.get(exc.code, ""), XML_REASON))
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
            label = gettext("工作表“{sheet}”（{part}）").format(sheet=sheets[part], part=part)
        messages.append(
            gettext(BAD_XML).format(name=name, part=label, line=line, column=column, reason=reason)
        )
    raise ExcelImportError([Problem(m) for m in messages])


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


@dataclass
class Row:
    """A data row as read: its number in the sheet and its cells by column key."""

    sheet: str
    number: int
    cells: dict[str, Any]
    columns: Sequence[Column]

    def problem(self, message: str, key: str | None = None) -> Problem:
        """`message` located at this row, or at its cell of column `key`."""
        if key is None:
            return Problem(message, self.sheet, self.number)
        index, column = next((i, c) for i, c in enumerate(self.columns, 1) if c.key == key)
        return Problem(message, self.sheet, self.number, index, column.header)

    def has(self, key: str) -> bool:
        return any(c.key == key for c in self.columns)


def read_rows(
    workbook: Any,
    sheet_name: str,
    header_row: int,
    columns: Sequence[Column],
    problems: list[Problem],
    *,
    require_rows: bool = False,
) -> list[Row]:
    """Read the data rows under the header; report wrong headers, merges and formulas (and,
    with `require_rows`, a sheet without data rows)."""
    if sheet_name not in workbook.sheetnames:
        problems.append(Problem(gettext(MISSING_SHEET).format(sheet=sheet_name)))
        return []
    sheet = workbook[sheet_name]
    xml = _sheet_xml(workbook, sheet)
    for ref in (m.decode() for m in _MERGE.findall(xml)):
        first_row = int(re.sub(r"[A-Z]+", "", ref.split(":")[-1]))
        if first_row >= header_row:
            problems.append(Problem(gettext(MERGED).format(ref=ref), sheet_name))
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
        row = Row(
            sheet_name, number, dict(zip((c.key for c in columns), values, strict=True)), columns
        )
        if number == header_row:
            header_seen = True
            wrong = [
                (column, text(values[index - 1]))
                for index, column in enumerate(columns, start=1)
                if text(values[index - 1]) != column.header
            ]
            for column, found in wrong:
                message = gettext(BAD_HEADER).format(expected=column.header, found=found)
                problems.append(row.problem(message, column.key))
            if wrong:
                return []
            continue
        formulas = False
        for index, cell in enumerate(cells if cells_needed else (), start=1):
            if getattr(cell, "data_type", None) == "f":
                formulas = True
                message = gettext(FORMULA).format(formula=cell.value)
                problems.append(row.problem(message, columns[index - 1].key))
        if formulas or all(text(v) == "" for v in values):
            continue
        rows.append(row)
    if not header_seen:
        message = gettext(BAD_HEADER).format(expected=columns[0].header, found="")
        problems.append(Problem(message, sheet_name, header_row))
    elif not rows and require_rows and not problems:
        problems.append(Problem(gettext(NO_ROWS), sheet_name))
    return rows
