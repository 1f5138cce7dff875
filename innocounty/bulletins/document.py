"""Write a bulletin as a Word document in the official style (GB/T 9704 党政机关公文格式).

As far as Word allows: A4; margins top 37 mm, bottom 35 mm, left 28 mm, right 26 mm; the
title in 方正小标宋简体 二号 (Word falls back to another 小标宋 or to 宋体 where it is not
installed); body 仿宋_GB2312 三号 (16 pt) at an exact 28 pt line spacing with a two-character
first-line indent; first-level headings (一、) in 黑体, second-level headings ((一)) in
楷体_GB2312; page numbers in the footer as ``— 1 —`` in 宋体 四号, right on odd pages and left
on even ones; the 文号 line and the date line in Chinese. East Asian fonts are set through
``w:eastAsia`` on every run and style, Latin text stays in Times New Roman.

The document is written from the stored snapshot and paragraphs only, and is byte-identical
for the same bulletin: the core properties take the snapshot's time and every zip entry a
fixed date (python-docx stamps them with the current time otherwise).
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

from innocounty.bulletins import charts
from innocounty.bulletins.selectors import sections_for
from innocounty.bulletins.snapshot import BulletinSnapshot

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
AUTO = "auto"
H2 = re.compile(r"^([(（][一二三四五六七八九十]+[)）][^。]*。)(.*)$")


def _fonts(element: Any, east_asia: str, latin: str = FONT_LATIN) -> None:
    """Set the run or style fonts: Latin text in `latin`, Chinese in `east_asia`."""
    rpr = element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:cs"):
        fonts.set(qn(attr), latin)
    fonts.set(qn("w:eastAsia"), east_asia)


def _run(paragraph: Any, text: str, font: str = FONT_BODY, size: Any = BODY_SIZE, **kw: Any) -> Any:
    run = paragraph.add_run(text)
    _fonts(run._r, font)
    run.font.size = size
    if kw.get("bold"):
        run.font.bold = True
    if kw.get("colour") is not None:
        run.font.color.rgb = kw["colour"]
    return run


def _format(paragraph: Any, *, indent: bool = True, align: Any = None, line: Any = LINE) -> Any:
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


def _para(doc: Any, text: str = "", **kw: Any) -> Any:
    indent = kw.pop("indent", True)
    align = kw.pop("align", None)
    paragraph = _format(doc.add_paragraph(), indent=indent, align=align)
    if text:
        _run(paragraph, text, **kw)
    return paragraph


def _body(doc: Any, text: str) -> None:
    """Paragraphs of body text, one per line; a leading ``(一)…。`` is a second-level heading."""
    for line in (line.strip() for line in text.splitlines()):
        if not line:
            continue
        paragraph = _para(doc)
        match = H2.match(line)
        if match:
            _run(paragraph, match.group(1), FONT_H2)
            line = match.group(2)
        if line:
            _run(paragraph, line)


def _border(paragraph: Any, *, colour: str = "C00000", size: int = 12) -> None:
    """A line under the paragraph (the red separator under the 文号)."""
    ppr = paragraph._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("val", "single"), ("sz", str(size)), ("space", "1"), ("color", colour)):
        bottom.set(qn(f"w:{key}"), value)
    borders.append(bottom)
    ppr.append(borders)


def _shade(cell: Any, fill: str) -> None:
    tcpr = cell._tc.get_or_add_tcPr()
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill)
    tcpr.append(shd)


def _cell(cell: Any, text: str, *, bold: bool = False, align: Any = None) -> None:
    paragraph = cell.paragraphs[0]
    _format(paragraph, indent=False, align=align, line=None)
    _run(paragraph, text, FONT_H1 if bold else FONT_BODY, TABLE_SIZE)


def _table(
    doc: Any,
    caption: str,
    head: list[str],
    rows: list[tuple[list[str], bool]],
    widths_mm: Sequence[float],
) -> Any:
    """A captioned table; rows are (cells, shaded), the header repeats on every page."""
    _para(doc, caption, font=FONT_H1, size=Pt(14), indent=False, align=WD_ALIGN_PARAGRAPH.CENTER)
    table = doc.add_table(rows=1, cols=len(head))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    header = table.rows[0]
    trpr = header._tr.get_or_add_trPr()
    trpr.append(OxmlElement("w:tblHeader"))
    for cell, text in zip(header.cells, head, strict=True):
        _cell(cell, text, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
        _shade(cell, HEADER_FILL)
    for cells, shaded in rows:
        row = table.add_row()
        row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
        for index, (cell, text) in enumerate(zip(row.cells, cells, strict=True)):
            align = WD_ALIGN_PARAGRAPH.LEFT if index in (1,) else WD_ALIGN_PARAGRAPH.CENTER
            _cell(cell, text, align=align)
            if shaded:
                _shade(cell, LAGGING_FILL)
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
    _run(paragraph, "— ", FONT_PAGE, Pt(14))
    for kind, text in (("begin", None), (None, " PAGE "), ("separate", None)):
        run = _run(paragraph, "", FONT_PAGE, Pt(14))
        if kind:
            char = OxmlElement("w:fldChar")
            char.set(qn("w:fldCharType"), kind)
            run._r.append(char)
        else:
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = text
            run._r.append(instr)
    _run(paragraph, "1", FONT_PAGE, Pt(14))
    end = _run(paragraph, "", FONT_PAGE, Pt(14))
    char = OxmlElement("w:fldChar")
    char.set(qn("w:fldCharType"), "end")
    end._r.append(char)
    _run(paragraph, " —", FONT_PAGE, Pt(14))


def _setup(doc: Any) -> None:
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    section.footer_distance = Mm(28) - Pt(14)  # page number 7 mm below the text block
    section.header_distance = Mm(15)
    normal = doc.styles["Normal"]
    normal.font.size = BODY_SIZE
    _fonts(normal.element, FONT_BODY)
    _format_style(normal)
    table_style = doc.styles["Table Grid"]
    _fonts(table_style.element, FONT_BODY)
    doc.settings.odd_and_even_pages_header_footer = True
    _page_number(section.footer, odd=True)
    _page_number(section.even_page_footer, odd=False)


def _format_style(style: Any) -> None:
    pf = style.paragraph_format
    pf.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    pf.line_spacing = LINE
    pf.space_before = Pt(0)
    pf.space_after = Pt(0)


def _indicator_rows(snapshot: BulletinSnapshot) -> list[tuple[list[str], bool]]:
    rows = []
    for number, i in enumerate(snapshot["indicators"], start=1):
        rows.append(
            (
                [
                    str(number),
                    i["name"],
                    i["unit"],
                    i["target"],
                    i["value"],
                    i["achievement"],
                    i["label"],
                    "、".join(i["units"]),
                ],
                bool(i["lagging"]),
            )
        )
    return rows


def _reporting_rows(snapshot: BulletinSnapshot) -> list[tuple[list[str], bool]]:
    r = snapshot["reporting"]
    if r is None:
        return []
    return [
        (
            [
                u["name"],
                u["label"],
                str(u["items"]),
                u["completeness"],
                u["timeliness"],
                "逾期" if u["overdue"] else "",
            ],
            bool(u["overdue"]),
        )
        for u in r["units"]
    ]


@dataclass(frozen=True)
class DocTable:
    """A table of the bulletin: caption, header, rows (cells, highlighted) and column widths
    in mm; the Word document and the page preview draw the same tables."""

    caption: str
    head: list[str]
    rows: list[tuple[list[str], bool]]
    widths: list[int]
    note: str = ""


def section_tables(snapshot: BulletinSnapshot) -> dict[str, list[DocTable]]:
    """The tables each section of the bulletin carries, keyed by section."""
    period = snapshot["period_label"]
    tables: dict[str, list[DocTable]] = {
        "indicators": [
            DocTable(
                f"表1 {period}各项指标完成情况",
                ["序号", "指标", "单位", "目标值", "完成值", "完成率", "状态", "责任单位"],
                _indicator_rows(snapshot),
                [8, 42, 14, 15, 15, 17, 18, 27],
                "注：完成率为完成值与当年目标值之比；底色标出的为滞后指标。",
            )
        ]
    }
    if snapshot["reporting"] is not None:
        tables["reporting"] = [
            DocTable(
                "表2 各单位填报情况",
                ["单位", "状态", "事项", "完整率", "及时率", "逾期"],
                _reporting_rows(snapshot),
                [50, 22, 14, 24, 24, 22],
            )
        ]
    rect = snapshot.get("rectification")
    if rect is not None and rect["units"]:
        number = 3 if snapshot["reporting"] is not None else 2
        tables["rectification"] = [
            DocTable(
                f"表{number} 各单位整改情况",
                ["牵头单位", "交办事项", "已销号", "逾期未办结"],
                [
                    (
                        [u["name"], str(u["opened"]), str(u["closed"]), str(u["overdue"])],
                        bool(u["overdue"]),
                    )
                    for u in rect["units"]
                ],
                [62, 32, 32, 30],
                "注：底色标出的为有逾期未办结事项的单位。",
            )
        ]
    return tables


def write_docx(
    *,
    title: str,
    doc_number: str,
    snapshot: BulletinSnapshot,
    paragraphs: dict[str, str],
    font: str | None,
) -> bytes:
    """The bulletin as .docx bytes; `font` is the charts' CJK font (None: no charts)."""
    doc = Document()
    _setup(doc)
    plan = snapshot["plan"]
    center = WD_ALIGN_PARAGRAPH.CENTER

    _para(doc, plan["office"], font=FONT_TITLE, size=Pt(22), colour=RED, indent=False, align=center)
    number = _para(doc, doc_number, indent=False, align=center)
    _border(number)
    _para(doc, indent=False)
    heading = _para(doc, title, font=FONT_TITLE, size=TITLE_SIZE, indent=False, align=center)
    heading.paragraph_format.line_spacing = Pt(35)
    _para(doc, indent=False)
    _para(doc, "各成员单位：", indent=False)

    images = charts.chart_images(snapshot, font=font)
    tables = section_tables(snapshot)
    for key, head in sections_for(snapshot):
        if head:
            _para(doc, head, font=FONT_H1)
        _body(doc, paragraphs.get(key, ""))
        if key == "overview":
            if font is None:
                _para(doc, charts.NO_FONT_SENTENCE)
            for caption, png in images:
                picture = _para(doc, indent=False, align=center, line=None)
                picture.paragraph_format.line_spacing = 1.0
                picture.add_run().add_picture(io.BytesIO(png), width=Mm(150))
                _para(doc, caption, size=Pt(14), indent=False, align=center)
        for table in tables.get(key, []):
            _table(doc, table.caption, table.head, table.rows, table.widths)
            if table.note:
                _para(doc, table.note, size=Pt(12))

    # The signature block (落款) never stands alone on the last page: the last paragraph of
    # text, the blank lines and the signature keep with the date line that follows them.
    last = doc.paragraphs[-1]
    last.paragraph_format.keep_with_next = True
    for _ in range(2):
        _para(doc, indent=False).paragraph_format.keep_with_next = True
    signature = _para(doc, plan["office"], indent=False, align=WD_ALIGN_PARAGRAPH.RIGHT)
    signature.paragraph_format.right_indent = Pt(16)
    signature.paragraph_format.keep_with_next = True
    date_line = _para(doc, snapshot["date"], indent=False, align=WD_ALIGN_PARAGRAPH.RIGHT)
    date_line.paragraph_format.right_indent = Pt(64)

    moment = dt.datetime.fromisoformat(snapshot["as_of"]).astimezone(dt.UTC).replace(tzinfo=None)
    props = doc.core_properties
    props.title = title
    props.subject = snapshot["period_label"]
    props.author = plan["office"]
    props.last_modified_by = plan["office"]
    props.created = props.modified = props.last_printed = moment.replace(microsecond=0)
    props.revision = 1
    buffer = io.BytesIO()
    doc.save(buffer)
    return fixed_zip(buffer.getvalue())


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


def bulletin_docx(bulletin: Any, *, font: str | None = AUTO) -> tuple[bytes, list[str]]:
    """A stored bulletin as .docx bytes, with warnings (no CJK font → no charts)."""
    if font == AUTO:
        font = charts.find_cjk_font()
    warnings = [] if font is not None else [charts.NO_FONT_WARNING]
    content = write_docx(
        title=bulletin.title,
        doc_number=bulletin.doc_number,
        snapshot=bulletin.snapshot,
        paragraphs=bulletin.paragraphs,
        font=font,
    )
    return content, warnings
