"""Word documents in the official style (GB/T 9704 党政机关公文格式): page set-up, fonts,
body paragraphs, headings, captioned tables, page numbers and reproducible .docx bytes.

Shared by the bulletin (`bulletins/document.py`, where the style is described), the
self-evaluation report (`acceptance/document.py`) and supervision notices
(`supervision/notices.py`). python-docx only, no Django.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Sequence
from typing import Any

from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

FONT_TITLE = "方正小标宋简体"
FONT_BODY = "仿宋_GB2312"
FONT_H1 = "黑体"
FONT_H2 = "楷体_GB2312"
FONT_PAGE = "宋体"
FONT_LATIN = "Times New Roman"
BODY_SIZE = Pt(16)  # 三号
TITLE_SIZE = Pt(22)  # 二号
TABLE_SIZE = Pt(10.5)  # 五号
LINE = Pt(28)
INDENT = Pt(32)  # two characters of 三号
RED = RGBColor(0xC0, 0x00, 0x00)
LAGGING_FILL = "F8D7D3"
HEADER_FILL = "E7ECF3"
ZIP_DATE = (2000, 1, 1, 0, 0, 0)
H2 = re.compile(r"^([(（][一二三四五六七八九十]+[)）][^。]*。)(.*)$")


def set_fonts(element: Any, east_asia: str, latin: str = FONT_LATIN) -> None:
    """Set the run or style fonts: Latin text in `latin`, Chinese in `east_asia`."""
    rpr = element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:cs"):
        fonts.set(qn(attr), latin)
    fonts.set(qn("w:eastAsia"), east_asia)


def add_run(
    paragraph: Any, text: str, font: str = FONT_BODY, size: Any = BODY_SIZE, **kw: Any
) -> Any:
    run = paragraph.add_run(text)
    set_fonts(run._r, font)
    run.font.size = size
    if kw.get("bold"):
        run.font.bold = True
    if kw.get("colour") is not None:
        run.font.color.rgb = kw["colour"]
    return run


def format_paragraph(
    paragraph: Any, *, indent: bool = True, align: Any = None, line: Any = LINE
) -> Any:
    pf = paragraph.paragraph_format
    pf.space_before = Pt(0)
    pf.space_after = Pt(0)
    if line is None:
        pf.line_spacing = 1.0
    else:
        pf.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        pf.line_spacing = line
    pf.first_line_indent = INDENT if indent else Pt(0)
    if align is not None:
        pf.alignment = align
    return paragraph


def add_para(doc: Any, text: str = "", **kw: Any) -> Any:
    indent = kw.pop("indent", True)
    align = kw.pop("align", None)
    paragraph = format_paragraph(doc.add_paragraph(), indent=indent, align=align)
    if text:
        add_run(paragraph, text, **kw)
    return paragraph


def add_body(doc: Any, text: str) -> None:
    """Paragraphs of body text, one per line; a leading ``(一)…。`` is a second-level heading."""
    for line in (line.strip() for line in text.splitlines()):
        if not line:
            continue
        paragraph = add_para(doc)
        match = H2.match(line)
        if match:
            add_run(paragraph, match.group(1), FONT_H2)
            line = match.group(2)
        if line:
            add_run(paragraph, line)


def add_border(paragraph: Any, *, colour: str = "C00000", size: int = 12) -> None:
    """A line under the paragraph (the red separator under the 文号)."""
    ppr = paragraph._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("val", "single"), ("sz", str(size)), ("space", "1"), ("color", colour)):
        bottom.set(qn(f"w:{key}"), value)
    borders.append(bottom)
    ppr.append(borders)


def shade_cell(cell: Any, fill: str) -> None:
    tcpr = cell._tc.get_or_add_tcPr()
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill)
    tcpr.append(shd)


def fill_cell(cell: Any, text: str, *, bold: bool = False, align: Any = None) -> None:
    paragraph = cell.paragraphs[0]
    format_paragraph(paragraph, indent=False, align=align, line=None)
    add_run(paragraph, text, FONT_H1 if bold else FONT_BODY, TABLE_SIZE)


def add_table(
    doc: Any,
    caption: str,
    head: list[str],
    rows: list[tuple[list[str], bool]],
    widths_mm: Sequence[float],
) -> Any:
    """A captioned table; rows are (cells, shaded), the header repeats on every page."""
    add_para(doc, caption, font=FONT_H1, size=Pt(14), indent=False, align=WD_ALIGN_PARAGRAPH.CENTER)
    table = doc.add_table(rows=1, cols=len(head))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    header = table.rows[0]
    trpr = header._tr.get_or_add_trPr()
    trpr.append(OxmlElement("w:tblHeader"))
    for cell, text in zip(header.cells, head, strict=True):
        fill_cell(cell, text, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
        shade_cell(cell, HEADER_FILL)
    for cells, shaded in rows:
        row = table.add_row()
        row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
        for index, (cell, text) in enumerate(zip(row.cells, cells, strict=True)):
            align = WD_ALIGN_PARAGRAPH.LEFT if index in (1,) else WD_ALIGN_PARAGRAPH.CENTER
            fill_cell(cell, text, align=align)
            if shaded:
                shade_cell(cell, LAGGING_FILL)
    # Word reads the cell widths, LibreOffice the grid: set both, with a fixed layout.
    table.autofit = False
    for column, width in zip(table.columns, widths_mm, strict=True):
        column.width = Mm(width)
    for row in table.rows:
        for cell, width in zip(row.cells, widths_mm, strict=True):
            cell.width = Mm(width)
    return table


def _page_number(footer: Any, *, odd: bool) -> None:
    """``— N —`` in 宋体 四号: right (odd pages) or left (even), one character from the edge."""
    paragraph = footer.paragraphs[0]
    pf = paragraph.paragraph_format
    pf.alignment = WD_ALIGN_PARAGRAPH.RIGHT if odd else WD_ALIGN_PARAGRAPH.LEFT
    if odd:
        pf.right_indent = Pt(14)
    else:
        pf.left_indent = Pt(14)
    add_run(paragraph, "— ", FONT_PAGE, Pt(14))
    for kind, text in (("begin", None), (None, " PAGE "), ("separate", None)):
        run = add_run(paragraph, "", FONT_PAGE, Pt(14))
        if kind:
            char = OxmlElement("w:fldChar")
            char.set(qn("w:fldCharType"), kind)
            run._r.append(char)
        else:
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = text
            run._r.append(instr)
    add_run(paragraph, "1", FONT_PAGE, Pt(14))
    end = add_run(paragraph, "", FONT_PAGE, Pt(14))
    char = OxmlElement("w:fldChar")
    char.set(qn("w:fldCharType"), "end")
    end._r.append(char)
    add_run(paragraph, " —", FONT_PAGE, Pt(14))


def setup_page(doc: Any) -> None:
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    section.footer_distance = Mm(28) - Pt(14)  # page number 7 mm below the text block
    section.header_distance = Mm(15)
    normal = doc.styles["Normal"]
    normal.font.size = BODY_SIZE
    set_fonts(normal.element, FONT_BODY)
    _format_style(normal)
    table_style = doc.styles["Table Grid"]
    set_fonts(table_style.element, FONT_BODY)
    doc.settings.odd_and_even_pages_header_footer = True
    _page_number(section.footer, odd=True)
    _page_number(section.even_page_footer, odd=False)


def _format_style(style: Any) -> None:
    pf = style.paragraph_format
    pf.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    pf.line_spacing = LINE
    pf.space_before = Pt(0)
    pf.space_after = Pt(0)


def fixed_zip(data: bytes) -> bytes:
    """The same zip with a fixed date on every entry, so equal content gives equal bytes."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=ZIP_DATE)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            target.writestr(entry, source.read(info.filename))
    return out.getvalue()
