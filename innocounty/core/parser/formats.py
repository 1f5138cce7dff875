"""PDF, .doc and WPS .wps plan documents: turn them into lines (or a .docx) for the parser.

PDF text comes from poppler's `pdftotext -layout` when it is installed, else from pypdf. The
layout is read back into paragraphs (a paragraph's wrapped lines are joined) and table rows
(cells placed by their column, one tab-separated line per row, as a .docx table gives them).
.doc and .wps (Kingsoft WPS Writer, an OLE file like .doc) go through LibreOffice, converted
to .docx in a private profile so that conversions may run side by side.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

from innocounty.core.parser.errors import ParseError

PDF_NO_TEXT = "PDF 中没有可读取的文字（可能是扫描件），请提供文字版 PDF、.docx 或 .txt"
PDF_BROKEN = "PDF 文件已损坏或加密，无法读取文字"
NO_PDF_READER = "读取 PDF 需要 poppler 的 pdftotext 或 Python 库 pypdf，本机都没有安装"
NO_SOFFICE = "读取 .doc/.wps 需要 LibreOffice（soffice），本机未安装；请另存为 .docx 后再导入"
CONVERT_FAILED = "LibreOffice 无法转换此文件（不是 Word/WPS 文字文档，或文件已损坏）"
HAN = "\u4e00-\u9fff"
GAP_RE = re.compile(r"\S(\s{3,})\S")
# pdftotext puts a space between Chinese and Latin/digit glyphs: "到 2025 年", "45 家".
SPACED_RE = re.compile(
    rf"(?<=[{HAN}%,。;:、)(“”])\x20(?=[\d.A-Za-z(])|(?<=[\d.%A-Za-z)])\x20(?=[{HAN}%,。;:、)])"
)
STARTS_RE = re.compile(
    r"^\s*(?:[一二三四五六七八九十]{1,3}、|\([一二三四五六七八九十]{1,3}\)|（[一二三四五六七八九十]{1,3}）"
    r"|\d{1,2}\s*[.、．]|[(（]\d{1,2}[)）]|[①-⑳]|——|附件|组\s*长|副组长|成\s*员)"
)


def pdf_lines(data: bytes, *, source: str = "") -> list[str]:
    """The text of a PDF as paragraph lines and tab-separated table rows."""
    text = _pdftotext(data, source=source) if shutil.which("pdftotext") else None
    if text is not None:
        if not re.search(f"[{HAN}]", text):
            raise ParseError(PDF_NO_TEXT, source=source)
        return layout_lines(text)
    pages = _pypdf_pages(data, source=source)
    if not any(re.search(f"[{HAN}]", page) for page in pages):
        raise ParseError(PDF_NO_TEXT, source=source)
    # pypdf's plain text has no layout: paragraphs only (a table comes out one cell a line).
    lines: list[str] = []
    for page in pages:
        block = [" ".join(line.split()) for line in page.splitlines() if line.strip()]
        if block:
            lines.extend(_paragraphs(block))
    return [SPACED_RE.sub("", line) for line in lines]


def _pdftotext(data: bytes, *, source: str) -> str | None:
    try:
        result = subprocess.run(
            ["pdftotext", "-layout", "-enc", "UTF-8", "-nopgbrk", "-", "-"],
            input=data,
            capture_output=True,
            timeout=60,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    if result.returncode != 0:
        raise ParseError(PDF_BROKEN, source=source)
    return result.stdout.decode("utf-8", errors="replace")


def _pypdf_pages(data: bytes, *, source: str) -> list[str]:
    try:
        from pypdf import PdfReader
    except ImportError:
        raise ParseError(NO_PDF_READER, source=source) from None
    try:
        reader = PdfReader(io.BytesIO(data))
        return [page.extract_text() or "" for page in reader.pages]
    except Exception:  # pypdf raises many kinds on damaged or encrypted files
        raise ParseError(PDF_BROKEN, source=source) from None


def _blocks(lines: list[str]) -> list[list[str]]:
    blocks: list[list[str]] = [[]]
    for line in lines:
        if line.strip():
            blocks[-1].append(line.rstrip())
        elif blocks[-1]:
            blocks.append([])
    return [b for b in blocks if b]


def _is_table(block: list[str]) -> bool:
    return any(GAP_RE.search(line.strip()) for line in block)


def _fragments(line: str) -> list[tuple[int, str]]:
    """(column, text) for each run of text separated by three or more spaces."""
    return [(m.start(), m.group(0)) for m in re.finditer(r"\S+(?:\s{1,2}\S+)*", line)]


def _paragraphs(block: list[str]) -> list[str]:
    """Join a paragraph's wrapped lines; a numbered start or a short line ends a paragraph."""
    width = max(len(line.strip()) for line in block)
    out: list[str] = []
    previous_full = False
    for line in block:
        text = line.strip()
        if out and previous_full and not STARTS_RE.match(text):
            out[-1] += text
        else:
            out.append(text)
        previous_full = len(text) >= 0.8 * width and width >= 20
    return out


def _table_rows(blocks: list[list[str]]) -> list[str]:
    """Place every fragment under its column; each block (or row start) becomes one row."""
    anchors: list[int] = []
    for block in blocks:
        for line in block:
            for start, _ in _fragments(line):
                if not any(abs(start - a) <= 2 for a in anchors):
                    anchors.append(start)
    anchors.sort()

    def column(start: int) -> int:
        return min(range(len(anchors)), key=lambda i: abs(anchors[i] - start))

    rows: list[str] = []
    for block in blocks:
        cells = [""] * len(anchors)
        for line in block:
            for start, text in _fragments(line):
                i = column(start)
                joiner = "、" if cells[i].endswith(("局", "委", "会", "室", "办", "院")) else ""
                cells[i] = cells[i] + joiner + text if cells[i] else text
        rows.append("\t".join(cells))
    return rows


def layout_lines(text: str) -> list[str]:
    """Lines of `pdftotext -layout` text: paragraphs joined, table blocks as tab-separated rows."""
    lines: list[str] = []
    blocks = _blocks(text.splitlines())
    i = 0
    while i < len(blocks):
        if _is_table(blocks[i]):
            run = []
            while i < len(blocks) and _is_table(blocks[i]):
                run.append(blocks[i])
                i += 1
            lines.append("")
            lines.extend(_table_rows(run))
            lines.append("")
            continue
        lines.extend(_paragraphs(blocks[i]))
        i += 1
    return [SPACED_RE.sub("", line) for line in lines]


def soffice_path() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def office_to_docx(data: bytes, *, source: str = "", timeout: int = 120) -> bytes:
    """Convert a .doc or .wps (OLE) document to .docx bytes with LibreOffice."""
    soffice = soffice_path()
    if soffice is None:
        raise ParseError(NO_SOFFICE, source=source)
    with tempfile.TemporaryDirectory(prefix="innocounty-parse-") as tmp:
        folder = Path(tmp)
        document = folder / "plan.doc"
        document.write_bytes(data)
        try:
            subprocess.run(
                [
                    soffice,
                    f"-env:UserInstallation={(folder / 'profile').as_uri()}",
                    "--headless",
                    "--norestore",
                    "--convert-to",
                    "docx:MS Word 2007 XML",
                    "--outdir",
                    str(folder / "out"),
                    str(document),
                ],
                capture_output=True,
                timeout=timeout,
            )
        except (OSError, subprocess.SubprocessError):
            raise ParseError(CONVERT_FAILED, source=source) from None
        converted = folder / "out" / "plan.docx"
        if not converted.exists():
            raise ParseError(CONVERT_FAILED, source=source)
        return converted.read_bytes()
