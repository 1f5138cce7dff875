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
from dataclasses import dataclass
from typing import Any

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Mm, Pt

from innocounty.bulletins import charts
from innocounty.bulletins.exporters import IndicatorTableExporter
from innocounty.bulletins.selectors import sections_for
from innocounty.bulletins.snapshot import BulletinSnapshot
from innocounty.core.officedoc import (
    FONT_H1,
    FONT_TITLE,
    RED,
    TITLE_SIZE,
    add_body,
    add_border,
    add_para,
    add_table,
    fixed_zip,
    setup_page,
)
from innocounty.reporting.exporters import table_rows

AUTO = "auto"


# The bulletin's table 1 shows these columns of the Excel indicator table (序号, 二级指标,
# 计量单位, 目标值, 完成值, 完成率, 状态, 责任单位), from the same rows.
INDICATOR_COLUMNS = (1, 4, 5, 6, 7, 8, 9, 10)


def _indicator_rows(snapshot: BulletinSnapshot) -> list[tuple[list[str], bool]]:
    return table_rows(IndicatorTableExporter(snapshot), INDICATOR_COLUMNS)


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
    setup_page(doc)
    plan = snapshot["plan"]
    center = WD_ALIGN_PARAGRAPH.CENTER

    add_para(
        doc, plan["office"], font=FONT_TITLE, size=Pt(22), colour=RED, indent=False, align=center
    )
    number = add_para(doc, doc_number, indent=False, align=center)
    add_border(number)
    add_para(doc, indent=False)
    heading = add_para(doc, title, font=FONT_TITLE, size=TITLE_SIZE, indent=False, align=center)
    heading.paragraph_format.line_spacing = Pt(35)
    add_para(doc, indent=False)
    add_para(doc, "各成员单位：", indent=False)

    images = charts.chart_images(snapshot, font=font)
    tables = section_tables(snapshot)
    for key, head in sections_for(snapshot):
        if head:
            add_para(doc, head, font=FONT_H1)
        add_body(doc, paragraphs.get(key, ""))
        if key == "overview":
            if font is None:
                add_para(doc, charts.NO_FONT_SENTENCE)
            for caption, png in images:
                picture = add_para(doc, indent=False, align=center, line=None)
                picture.paragraph_format.line_spacing = 1.0
                picture.add_run().add_picture(io.BytesIO(png), width=Mm(150))
                add_para(doc, caption, size=Pt(14), indent=False, align=center)
        for table in tables.get(key, []):
            add_table(doc, table.caption, table.head, table.rows, table.widths)
            if table.note:
                add_para(doc, table.note, size=Pt(12))

    # The signature block (落款) never stands alone on the last page: the last paragraph of
    # text, the blank lines and the signature keep with the date line that follows them.
    last = doc.paragraphs[-1]
    last.paragraph_format.keep_with_next = True
    for _ in range(2):
        add_para(doc, indent=False).paragraph_format.keep_with_next = True
    signature = add_para(doc, plan["office"], indent=False, align=WD_ALIGN_PARAGRAPH.RIGHT)
    signature.paragraph_format.right_indent = Pt(16)
    signature.paragraph_format.keep_with_next = True
    date_line = add_para(doc, snapshot["date"], indent=False, align=WD_ALIGN_PARAGRAPH.RIGHT)
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
