"""Turn a plan document (.txt in any common Chinese encoding, or .docx) into clean lines.

Every refusal is a `ParseError` with a one-line Chinese reason; nothing here lets a low-level
exception (zip, XML, codec) escape.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from innocounty.core.parser.errors import ParseError

DEFAULT_MAX_BYTES = 20 * 1024 * 1024

TOO_LARGE = "文件过大（{size:.1f} MB），超过上限 {limit:.1f} MB"
EMPTY = "文件为空"
NOT_FOUND = "找不到文件"
UNREADABLE = "无法读取文件：{reason}"
BINARY = "不是文本文件（含二进制内容）"
SPREADSHEET = "这是 Excel 表格，不是方案文档（请提供 .txt 或 .docx）"
OLD_OFFICE = "这是旧版 Office 文件（.doc/.xls），请另存为 .docx 后再导入"
PDF = "这是 PDF 文件，请先转换为 .docx 或 .txt"
ZIP = "这是压缩包，不是方案文档"
BAD_DOCX = "Word 文件已损坏，无法打开"
UNKNOWN_ENCODING = "无法识别文本编码（支持 UTF-8、GB18030/GBK）"

# Spaces of every width become one plain space; full-width ASCII becomes ASCII, so that
# "\uff08牵头单位\uff1a" and "(牵头单位:" read alike. Circled numbers (①) and CJK punctuation stay.
_TRANSLATE: dict[int, int | str] = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)}
_TRANSLATE.update(
    {
        0x00A0: " ",
        **dict.fromkeys(range(0x2000, 0x200B), " "),  # en quad … hair space
        0x202F: " ",  # narrow no-break space
        0x205F: " ",  # medium mathematical space
        0x3000: " ",
        0x200B: "",
        0xFEFF: "",
        0x000B: " ",
        0x000C: " ",
    }
)


def normalise(text: str) -> str:
    """Map full-width ASCII to ASCII and every odd space to a plain one."""
    return text.translate(_TRANSLATE)


def read_bytes(path: Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> bytes:
    """Read a file after checking its size, so a huge file is refused before it is loaded."""
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise ParseError(NOT_FOUND, source=str(path)) from None
    except OSError as exc:
        raise ParseError(UNREADABLE.format(reason=exc.strerror), source=str(path)) from None
    if path.is_dir():
        raise ParseError(UNREADABLE.format(reason="这是一个目录"), source=str(path))
    if size > max_bytes:
        raise ParseError(
            TOO_LARGE.format(size=size / 1048576, limit=max_bytes / 1048576), source=str(path)
        )
    try:
        return path.read_bytes()
    except OSError as exc:
        raise ParseError(UNREADABLE.format(reason=exc.strerror), source=str(path)) from None


def decode_text(data: bytes, *, source: str = "") -> str:
    """Decode text: UTF-8 (with or without BOM), UTF-16 with BOM, else GB18030, else a guess.

    GB18030 is tried strictly before charset-normalizer because it decodes nearly any byte
    string; a text that is neither valid UTF-8 nor valid GB18030 is handed to the detector.
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise ParseError(UNKNOWN_ENCODING, source=source) from None
    if b"\x00" in data[:8192]:
        raise ParseError(BINARY, source=source)
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if _looks_textual(text):
            return text
        raise ParseError(BINARY, source=source)
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise ParseError(UNKNOWN_ENCODING, source=source)
    text = str(best)
    if not _looks_textual(text):
        raise ParseError(BINARY, source=source)
    return text


def _looks_textual(text: str) -> bool:
    """Tell text from binary junk that happens to decode: few control characters allowed."""
    sample = text[:20000]
    if not sample:
        return True
    controls = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\t\n\r\f\v")
    return controls / len(sample) < 0.01


def docx_lines(data: bytes, *, source: str = "") -> list[str]:
    """Paragraphs and tables of a .docx in body order; each table row becomes a tab-separated line.

    Cells merged across columns are emitted once; cells merged down a column repeat their text
    in each row, which the table reader treats like a carried-forward category.
    """
    import docx
    from docx.oxml.ns import qn
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception:  # python-docx raises many kinds (KeyError, XMLSyntaxError, ...)
        raise ParseError(BAD_DOCX, source=source) from None
    lines: list[str] = []
    body = document.element.body
    paragraph_tag, table_tag = qn("w:p"), qn("w:tbl")
    for child in body.iterchildren():
        tag = child.tag  # a comment or processing instruction has no name: neither of these
        if tag == paragraph_tag:
            lines.extend(Paragraph(child, document).text.split("\n"))
        elif tag == table_tag:
            table = Table(child, document)
            lines.append("")
            for row in table.rows:
                cells: list[str] = []
                seen: set[int] = set()
                for cell in row.cells:
                    # A cell merged across columns repeats; keep its column, empty.
                    cells.append("" if id(cell._tc) in seen else _cell_text(cell))
                    seen.add(id(cell._tc))
                lines.append("\t".join(cells))
            lines.append("")
    return lines


def _cell_text(cell: object) -> str:
    """Join a cell's paragraphs: unit names with "、", a bracketed continuation directly."""
    parts = [p.text.strip() for p in cell.paragraphs if p.text.strip()]  # type: ignore[attr-defined]
    text = ""
    for part in parts:
        # "(牵头)" or "（牵头）" (written as an escape: ruff takes the full-width bracket for a typo).
        if text and not part.startswith(("(", "\uff08", "%")):
            text += "、"
        text += part
    return text.replace("\t", " ")


def read_document(path: str | Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> list[str]:
    """Return the document's lines as written (the parser normalises them), or raise ParseError."""
    path = Path(path)
    source = str(path)
    data = read_bytes(path, max_bytes=max_bytes)
    if not data.strip():
        raise ParseError(EMPTY, source=source)
    if data.startswith(b"PK\x03\x04"):
        lines = _zip_lines(data, source=source)
    elif data.startswith(b"\xd0\xcf\x11\xe0"):
        lines = _ole_lines(data, source=source)
    elif data[:1024].lstrip().startswith(b"%PDF"):
        from innocounty.core.parser.formats import pdf_lines

        lines = pdf_lines(data, source=source)
    else:
        lines = decode_text(data, source=source).splitlines()
    return lines


def _ole_lines(data: bytes, *, source: str) -> list[str]:
    """A .doc or WPS .wps file (OLE): through LibreOffice to .docx; a .xls is refused."""
    if b"W\x00o\x00r\x00k\x00b\x00o\x00o\x00k" in data or b"Book\x00" in data[:4096]:
        raise ParseError(SPREADSHEET, source=source)
    from innocounty.core.parser.formats import office_to_docx

    return docx_lines(office_to_docx(data, source=source), source=source)


def _zip_lines(data: bytes, *, source: str) -> list[str]:
    """Open a zip container by what it holds, not by its file name."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        raise ParseError(BAD_DOCX, source=source) from None
    if "word/document.xml" in names:
        return docx_lines(data, source=source)
    if "xl/workbook.xml" in names:
        raise ParseError(SPREADSHEET, source=source)
    raise ParseError(ZIP, source=source)
