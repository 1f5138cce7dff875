"""Write a self-evaluation report (自评报告) as a Word document in the official style.

The bulletin's helpers (`innocounty.bulletins.document`) give the page (A4, GB/T 9704
margins), fonts (title 方正小标宋简体, body 仿宋_GB2312 三号 at 28 pt, headings 黑体 and
楷体_GB2312), tables and the ``— N —`` page numbers. The document is written from the stored
snapshot and paragraphs only, and is byte-identical for the same report.
"""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt

from innocounty.acceptance.selectors import SCORE_METHOD, SECTIONS
from innocounty.core.officedoc import (
    FONT_H1,
    FONT_TITLE,
    TITLE_SIZE,
    add_body,
    add_para,
    add_table,
    fixed_zip,
    setup_page,
)


def _met(i: dict[str, Any]) -> str:
    if i["final_exact"] is None:
        return "数据未审核"
    a, e = i["against_assessment"]["met"], i["against_expected"]["met"]
    if a is None:
        return "无考核值"
    if e:
        return "达到完成值"
    return "达到考核值" if a else "未达考核值"


def indicator_rows(snapshot: dict[str, Any]) -> list[tuple[list[str], bool]]:
    rows = []
    for n, i in enumerate(snapshot["indicators"], start=1):
        rows.append(
            (
                [
                    str(n),
                    f"{i['name']}（{i['unit']}）" if i["unit"] else i["name"],
                    *i["values"],
                    i["assessment"],
                    i["expected"],
                    _met(i),
                ],
                i["readiness"] == "at_risk",
            )
        )
    return rows


def _files(items: list[dict[str, Any]]) -> str:
    if not items:
        return "（无）"
    return "；".join(f"{e['name']}（{e['period']}）" for e in items)


def evidence_rows(snapshot: dict[str, Any]) -> list[tuple[list[str], bool]]:
    rows = []
    for n, i in enumerate(snapshot["indicators"], start=1):
        rows.append(([f"指标{n}", i["name"], _files(i["evidence"])], not i["evidence"]))
    for program in snapshot["programs"]:
        for t in program["tasks"]:
            rows.append(
                ([f"任务{t['number']}", t["title"], _files(t["evidence"])], not t["evidence"])
            )
    return rows


def write_docx(*, title: str, snapshot: dict[str, Any], paragraphs: dict[str, str]) -> bytes:
    doc = Document()
    setup_page(doc)
    plan = snapshot["plan"]
    center = WD_ALIGN_PARAGRAPH.CENTER
    heading = add_para(doc, title, font=FONT_TITLE, size=TITLE_SIZE, indent=False, align=center)
    heading.paragraph_format.line_spacing = Pt(35)
    add_para(doc, f"（{plan['office']}）", indent=False, align=center)
    add_para(doc, indent=False)

    years = snapshot["years"]
    for key, head in SECTIONS:
        add_para(doc, head, font=FONT_H1)
        add_body(doc, paragraphs.get(key, ""))
        if key == "indicators":
            head_row = [
                "序号",
                "指标（单位）",
                *[f"{y}年{'（基期）' if y == plan['base_year'] else ''}" for y in years],
                "考核值",
                "完成值",
                "完成情况",
            ]
            fixed = [9, 31, 16, 16, 22]
            year_width = (156 - sum(fixed)) / len(years)
            widths = [9, 31, *[year_width] * len(years), 16, 16, 22]
            add_table(
                doc,
                f"表1 各项指标{years[0]}—{years[-1]}年完成情况",
                head_row,
                indicator_rows(snapshot),
                widths,
            )
            add_para(
                doc,
                f"注：“—”表示无经审核数据；考核值、完成值为{plan['final_year']}年目标；"
                "底色标出的为有风险的指标。",
                size=Pt(12),
            )
        if key == "overall":
            add_para(doc, "注：" + SCORE_METHOD, size=Pt(12))

    add_para(doc, indent=False)
    signature = add_para(doc, plan["office"], indent=False, align=WD_ALIGN_PARAGRAPH.RIGHT)
    signature.paragraph_format.right_indent = Pt(16)
    date_line = add_para(doc, snapshot["date"], indent=False, align=WD_ALIGN_PARAGRAPH.RIGHT)
    date_line.paragraph_format.right_indent = Pt(64)

    doc.add_page_break()
    add_para(doc, "附件", font=FONT_H1, indent=False)
    add_para(doc, indent=False)
    add_table(
        doc,
        "佐证材料目录",
        ["编号", "指标或任务", "佐证材料（报告期）"],
        evidence_rows(snapshot),
        [18, 58, 80],
    )
    add_para(doc, "注：仅列经审核数据和报告所附材料；底色标出的为缺少佐证材料的项目。", size=Pt(12))

    moment = dt.datetime.fromisoformat(snapshot["as_of"]).astimezone(dt.UTC).replace(tzinfo=None)
    props = doc.core_properties
    props.title = title
    props.subject = "自评报告"
    props.author = plan["office"]
    props.last_modified_by = plan["office"]
    props.created = props.modified = props.last_printed = moment.replace(microsecond=0)
    props.revision = 1
    buffer = io.BytesIO()
    doc.save(buffer)
    return fixed_zip(buffer.getvalue())


def report_docx(report: Any) -> bytes:
    """A stored self-evaluation report as .docx bytes."""
    return write_docx(title=report.title, snapshot=report.snapshot, paragraphs=report.paragraphs)
